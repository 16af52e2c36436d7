/// Gradient clipping applied after backward and before the optimizer step.
public enum Clipping: Equatable, Sendable {
    /// torch.nn.utils.clip_grad_norm_: with N = √Σ‖g‖² over all gradients,
    /// every gradient is multiplied by min(1, maxNorm / (N + 1e-6)).
    case norm(Double)
    /// torch.nn.utils.clip_grad_value_: each element clamped to [−c, c].
    case value(Double)

    /// What is wrong with this setting, or nil: the threshold must be a finite number > 0.
    public var problem: SettingProblem? {
        switch self {
        case .norm(let c): SettingProblem.check("clip_norm", c, "> 0") { $0 > 0 }
        case .value(let c): SettingProblem.check("clip_value", c, "> 0") { $0 > 0 }
        }
    }
}

/// √Σ‖g‖² over the gradients of `parameters` (the pre-clip global norm).
public func globalGradientNorm<S>(_ parameters: [Parameter<S>]) -> Double {
    guard ComputeThreads.current > 1 else {
        var total: Double = 0
        for p in parameters { total += p.grad.sumOfSquares() }
        return total.squareRoot()
    }
    // Each parameter's sum on one compute thread, added up in parameter order:
    // the same number as on one thread.
    var sums = [Double](repeating: 0, count: parameters.count)
    sums.withUnsafeMutableBufferPointer { slots in
        let out = UncheckedSendable(slots)
        ComputeThreads.forEachItem(sizes: parameters.map(\.grad.count)) { i in
            out.value[i] = parameters[i].grad.sumOfSquares()
        }
    }
    var total: Double = 0
    for s in sums { total += s }
    return total.squareRoot()
}

/// Scales all gradients so their global L2 norm is at most `maxNorm`, as
/// torch's clip_grad_norm_ does. `norm` is the pre-clip global norm; returns
/// whether the gradients were scaled down.
@discardableResult
public func clipGlobalNorm<S>(_ parameters: [Parameter<S>], maxNorm: Double, norm: Double) -> Bool {
    let coefficient = min(maxNorm / (norm + 1e-6), 1)
    // torch multiplies even when the coefficient is 1; multiplying by 1 is exact.
    guard coefficient < 1 else { return false }
    guard ComputeThreads.current > 1 else {
        for p in parameters { p.grad.scale(by: S(coefficient)) }
        return true
    }
    ComputeThreads.forEachItem(sizes: parameters.map(\.grad.count)) { i in
        parameters[i].grad.scale(by: S(coefficient))
    }
    return true
}

/// Clamps every gradient element to [−limit, limit]; returns whether any changed.
@discardableResult
public func clipByValue<S>(_ parameters: [Parameter<S>], limit: Double) -> Bool {
    var changed = false
    for p in parameters where p.grad.clamp(to: S(limit)) { changed = true }
    return changed
}
