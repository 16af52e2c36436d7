#if canImport(Glibc)
    import Glibc
#endif

/// An optimizer and its state (momenta, step counts), with torch.optim's update
/// formulas. One optimizer value can serve many `train`/`step` calls; its state
/// is kept per parameter.
///
/// New weights are computed into each parameter's `next` buffer and swapped in
/// by `commit()` only when every new value is finite. The moment estimates are
/// updated in place: with finite gradients (checked before the update) they
/// stay finite, and only an overflowing update (a huge learning rate) is
/// dropped after they have moved.
public final class Optimizer<Scalar: EngineScalar> {
    /// The algorithm and its hyper-parameters.
    public enum Kind: Equatable, Sendable {
        /// v ← μ·v + g (v = g on the first step); w ← w − lr·(nesterov ? g + μ·v : v).
        case sgd(
            lr: Double, momentum: Double = OptimizerDefaults.sgd.momentum,
            nesterov: Bool = OptimizerDefaults.sgd.nesterov)
        /// m ← β₁m + (1−β₁)g; v ← β₂v + (1−β₂)g²;
        /// w ← w − lr/(1−β₁ᵗ) · m / (√v/√(1−β₂ᵗ) + ε).
        case adam(
            lr: Double = OptimizerDefaults.adam.lr, beta1: Double = OptimizerDefaults.adam.beta1,
            beta2: Double = OptimizerDefaults.adam.beta2, eps: Double = OptimizerDefaults.adam.eps)
        /// w ← w·(1 − lr·λ), then the Adam step (decoupled decay on every parameter).
        case adamW(
            lr: Double = OptimizerDefaults.adamW.lr, beta1: Double = OptimizerDefaults.adamW.beta1,
            beta2: Double = OptimizerDefaults.adamW.beta2,
            eps: Double = OptimizerDefaults.adamW.eps,
            weightDecay: Double = OptimizerDefaults.adamW.weightDecay)
        /// v ← αv + (1−α)g²; w ← w − lr·g/(√v + ε).
        case rmsprop(
            lr: Double = OptimizerDefaults.rmsprop.lr,
            alpha: Double = OptimizerDefaults.rmsprop.alpha,
            eps: Double = OptimizerDefaults.rmsprop.eps)
        /// s ← s + g² (s starting at `initialAccumulator`); w ← w − lr·g/(√s + ε).
        case adagrad(
            lr: Double = OptimizerDefaults.adagrad.lr, eps: Double = OptimizerDefaults.adagrad.eps,
            initialAccumulator: Double = OptimizerDefaults.adagrad.initialAccumulator)
        /// v ← ρv + (1−ρ)g²; Δ ← √(u + ε)/√(v + ε)·g; u ← ρu + (1−ρ)Δ²; w ← w − lr·Δ.
        case adadelta(
            lr: Double = OptimizerDefaults.adadelta.lr,
            rho: Double = OptimizerDefaults.adadelta.rho,
            eps: Double = OptimizerDefaults.adadelta.eps)
        /// m ← β₁m + (1−β₁)g; u ← max(β₂u, |g| + ε); w ← w − lr/(1−β₁ᵗ) · m/u.
        case adamax(
            lr: Double = OptimizerDefaults.adamax.lr,
            beta1: Double = OptimizerDefaults.adamax.beta1,
            beta2: Double = OptimizerDefaults.adamax.beta2,
            eps: Double = OptimizerDefaults.adamax.eps)
        /// Adam with Nesterov momentum (torch.optim.NAdam): μₜ = β₁(1 − ½·0.96^{tψ});
        /// m, v as Adam's; d = √(v/(1−β₂ᵗ)) + ε;
        /// w ← w − lr(1−μₜ)/(1−Πμ₁..ₜ)·g/d − lr·μₜ₊₁/(1−Πμ₁..ₜ₊₁)·m/d.
        case nadam(
            lr: Double = OptimizerDefaults.nadam.lr, beta1: Double = OptimizerDefaults.nadam.beta1,
            beta2: Double = OptimizerDefaults.nadam.beta2,
            eps: Double = OptimizerDefaults.nadam.eps,
            momentumDecay: Double = OptimizerDefaults.nadam.momentumDecay)

        public var name: String {
            switch self {
            case .sgd: "sgd"
            case .adam: "adam"
            case .adamW: "adamw"
            case .rmsprop: "rmsprop"
            case .adagrad: "adagrad"
            case .adadelta: "adadelta"
            case .adamax: "adamax"
            case .nadam: "nadam"
            }
        }

        public var learningRate: Double {
            switch self {
            case .sgd(let lr, _, _), .adam(let lr, _, _, _), .adamW(let lr, _, _, _, _),
                .rmsprop(let lr, _, _), .adagrad(let lr, _, _), .adadelta(let lr, _, _),
                .adamax(let lr, _, _, _), .nadam(let lr, _, _, _, _):
                lr
            }
        }

        /// The first hyper-parameter this optimizer cannot run with, or nil: the
        /// one check of them (`Optimizer.init` throws it; the language words it).
        public var problem: SettingProblem? {
            func atLeastZero(_ setting: String, _ x: Double) -> SettingProblem? {
                SettingProblem.check(setting, x, "≥ 0") { $0 >= 0 }
            }
            func betas(_ b1: Double, _ b2: Double) -> SettingProblem? {
                for (setting, beta) in [("beta1", b1), ("beta2", b2)] {
                    if let p = SettingProblem.check(
                        setting, beta, "in [0, 1)", admits: { $0 >= 0 && $0 < 1 })
                    {
                        return p
                    }
                }
                return nil
            }
            if let p = atLeastZero("lr", learningRate) { return p }
            switch self {
            case .sgd(_, let momentum, let nesterov):
                if let p = atLeastZero("momentum", momentum) { return p }
                if nesterov && momentum <= 0 {
                    return .needs(setting: "nesterov", what: "a momentum > 0")
                }
            case .adam(_, let b1, let b2, let eps), .adamW(_, let b1, let b2, let eps, _),
                .adamax(_, let b1, let b2, let eps), .nadam(_, let b1, let b2, let eps, _):
                if let p = betas(b1, b2) { return p }
                if let p = atLeastZero("eps", eps) { return p }
                if case .nadam(_, _, _, _, let decay) = self {
                    return atLeastZero("momentum_decay", decay)
                }
                if case .adamW(_, _, _, _, let decay) = self {
                    return atLeastZero("weight_decay", decay)
                }
            case .rmsprop(_, let alpha, let eps):
                if let p = SettingProblem.check(
                    "alpha", alpha, "in [0, 1]", admits: { $0 >= 0 && $0 <= 1 })
                {
                    return p
                }
                return atLeastZero("eps", eps)
            case .adagrad(_, let eps, let initial):
                if let p = atLeastZero("eps", eps) { return p }
                return atLeastZero("initial_accumulator", initial)
            case .adadelta(_, let rho, let eps):
                if let p = SettingProblem.check(
                    "rho", rho, "in [0, 1]", admits: { $0 >= 0 && $0 <= 1 })
                {
                    return p
                }
                return atLeastZero("eps", eps)
            }
            return nil
        }
    }

    public let kind: Kind
    /// Steps taken (committed) so far.
    public private(set) var steps = 0

    /// One parameter's state: its buffers (momenta), its own step count and,
    /// for NAdam, the product of its momentum coefficients μ₁…μₜ so far.
    ///
    /// Slots are found by the parameter's ObjectIdentifier, which a freed
    /// parameter's successor can reuse (an optimizer value used for one model,
    /// then another): `lifetime` tells a slot's own parameter from a newcomer
    /// at the same address, and is nil once its parameter is gone. (It refers
    /// to the parameter's `Lifetime` token, not to the parameter: see there.)
    private final class Slot {
        var buffers: [Tensor<Scalar>]
        var steps = 0
        var momentumProduct = 1.0
        var lastNewValues: Moments?
        weak var lifetime: Parameter<Scalar>.Lifetime?
        init(buffers: [Tensor<Scalar>], owner: Parameter<Scalar>) {
            self.buffers = buffers
            self.lifetime = owner.lifetime
        }
    }
    private var slots: [ObjectIdentifier: Slot] = [:]
    private var pending: [(Parameter<Scalar>, Slot)] = []

    public init(_ kind: Kind) throws(EngineError) {
        if let p = kind.problem { throw .invalidArgument("\(kind.name): \(p)") }
        self.kind = kind
    }

    /// Computes the update of every parameter from its gradient into the write
    /// buffers. Returns the per-parameter update summaries (Δw = w_new − w), and
    /// whether every new value is finite. Nothing changes until `commit()`.
    /// With `summaries` false, only finiteness is checked: the summaries' sums
    /// are zero and their moments are not kept for the next step's statistics.
    ///
    /// Large updates are cut into pieces that run on the compute threads: the
    /// update is memory-bound, and for a 1024×1024 Adam layer it is a visible
    /// share of a step.
    func prepare(
        _ parameters: [Parameter<Scalar>], summaries: Bool = true
    ) -> (finite: Bool, updates: [UpdateSummary]) {
        pending.removeAll(keepingCapacity: true)
        var plan = self.plan(for: parameters)
        self.plan = nil  // keep `plan.partials` uniquely referenced while it is written
        let states = plan.states
        let pieces = plan.pieces
        let threads =
            plan.total >= Self.parallelThreshold ? min(ComputeThreads.current, pieces.count) : 1
        plan.partials.withUnsafeMutableBufferPointer { results in
            // Thread t takes pieces t, t + threads, ...; each writes its own
            // element range and its own result slot.
            ComputeThreads.split(threads) { t in
                var i = t
                while i < pieces.count {
                    let piece = pieces[i]
                    results[i] = UpdateAccumulator(sums: summaries)
                    update(
                        parameters[piece.parameter], states[piece.parameter], range: piece.range,
                        into: &results[i])
                    i += threads
                }
            }
        }
        var finite = true
        var updates: [UpdateSummary] = []
        updates.reserveCapacity(parameters.count)
        var i = 0
        for (k, p) in parameters.enumerated() {
            var merged = UpdateAccumulator<Scalar>(sums: summaries)
            while i < pieces.count && pieces[i].parameter == k {
                merged.merge(plan.partials[i])
                i += 1
            }
            let u = merged.summary(count: p.value.count)
            finite = finite && u.finite
            states[k].lastNewValues = summaries ? u.newValues : nil
            updates.append(u)
            pending.append((p, states[k]))
        }
        self.plan = plan
        return (finite, updates)
    }

    /// How an update of a given parameter list is cut up, kept between steps.
    private struct Plan {
        /// The lifetime tokens of the parameters it was made for. Held
        /// strongly, so that no token's address is reused while the plan
        /// stands: comparing them tells the same parameters with no weak load
        /// per step, and the parameters themselves are not kept alive.
        var lifetimes: [Parameter<Scalar>.Lifetime]
        var states: [Slot]
        /// Element ranges of at most `pieceSize`, in parameter order.
        var pieces: [(parameter: Int, range: Range<Int>)]
        var total: Int
        /// One accumulator per piece, reused every step.
        var partials: [UpdateAccumulator<Scalar>]
    }
    private var plan: Plan?

    private func plan(for parameters: [Parameter<Scalar>]) -> Plan {
        if let plan, plan.lifetimes.count == parameters.count,
            zip(plan.lifetimes, parameters).allSatisfy({ $0 === $1.lifetime })
        {
            return plan
        }
        var pieces: [(parameter: Int, range: Range<Int>)] = []
        var total = 0
        for (k, p) in parameters.enumerated() {
            let n = p.value.count
            total += n
            var start = 0
            repeat {
                let end = min(start + Self.pieceSize, n)
                pieces.append((k, start..<end))
                start = end
            } while start < n
        }
        return Plan(
            lifetimes: parameters.map(\.lifetime),
            states: parameters.map { slot(for: $0) },
            pieces: pieces, total: total,
            partials: Array(repeating: UpdateAccumulator(), count: pieces.count))
    }

    /// Elements per piece of update work.
    private static var pieceSize: Int { 1 << 16 }
    /// Total elements from which the update runs on several threads.
    private static var parallelThreshold: Int { 1 << 18 }

    /// Updates elements `range` of one parameter into its write buffers.
    private func update(
        _ p: Parameter<Scalar>, _ slot: Slot, range: Range<Int>,
        into acc: inout UpdateAccumulator<Scalar>
    ) {
        let t = slot.steps + 1
        switch kind {
        case .sgd(let lr, let momentum, let nesterov):
            if momentum == 0 {
                Tensor.sgdUpdate(p.value, p.grad, into: p.next, lr: Scalar(lr), range: range, &acc)
            } else {
                Tensor.sgdMomentumUpdate(
                    p.value, p.grad, velocity: slot.buffers[0], into: p.next,
                    lr: Scalar(lr), momentum: Scalar(momentum), nesterov: nesterov, first: t == 1,
                    range: range, &acc)
            }
        case .adam(let lr, let b1, let b2, let eps):
            adam(p, slot, t: t, lr: lr, b1: b1, b2: b2, eps: eps, decay: 0, range: range, &acc)
        case .adamW(let lr, let b1, let b2, let eps, let wd):
            adam(
                p, slot, t: t, lr: lr, b1: b1, b2: b2, eps: eps, decay: lr * wd, range: range, &acc)
        case .rmsprop(let lr, let alpha, let eps):
            Tensor.rmspropUpdate(
                p.value, p.grad, square: slot.buffers[0], into: p.next,
                lr: Scalar(lr), alpha: Scalar(alpha),
                oneMinusAlpha: Scalar(1 - alpha), eps: Scalar(eps), range: range, &acc)
        case .adagrad(let lr, let eps, _):
            Tensor.adagradUpdate(
                p.value, p.grad, sum: slot.buffers[0], into: p.next, lr: Scalar(lr),
                eps: Scalar(eps), range: range, &acc)
        case .adadelta(let lr, let rho, let eps):
            Tensor.adadeltaUpdate(
                p.value, p.grad, square: slot.buffers[0], delta: slot.buffers[1], into: p.next,
                lr: Scalar(lr), rho: Scalar(rho), oneMinusRho: Scalar(1 - rho), eps: Scalar(eps),
                range: range, &acc)
        case .adamax(let lr, let b1, let b2, let eps):
            Tensor.adamaxUpdate(
                p.value, p.grad, mean: slot.buffers[0], norm: slot.buffers[1], into: p.next,
                stepSize: Scalar(lr / (1 - Glibc.pow(b1, Double(t)))),
                oneMinusBeta1: Scalar(1 - b1), beta2: Scalar(b2), eps: Scalar(eps),
                range: range, &acc)
        case .nadam(let lr, let b1, let b2, let eps, let psi):
            let mu = Self.nadamMomentum(beta1: b1, decay: psi, step: t)
            let next = Self.nadamMomentum(beta1: b1, decay: psi, step: t + 1)
            let product = slot.momentumProduct * mu
            Tensor.nadamUpdate(
                p.value, p.grad, mean: slot.buffers[0], square: slot.buffers[1], into: p.next,
                gradientStep: Scalar(-lr * (1 - mu) / (1 - product)),
                momentumStep: Scalar(-lr * next / (1 - product * next)),
                oneMinusBeta1: Scalar(1 - b1), beta2: Scalar(b2), oneMinusBeta2: Scalar(1 - b2),
                biasCorrection2: Scalar(1 - Glibc.pow(b2, Double(t))), eps: Scalar(eps),
                range: range, &acc)
        }
    }

    /// NAdam's momentum coefficient of step t: β₁(1 − ½·0.96^{t·ψ}) (Dozat's schedule, torch's formula).
    private static func nadamMomentum(beta1: Double, decay: Double, step t: Int) -> Double {
        beta1 * (1 - 0.5 * Glibc.pow(0.96, Double(t) * decay))
    }

    private func adam(
        _ p: Parameter<Scalar>, _ slot: Slot, t: Int, lr: Double, b1: Double, b2: Double,
        eps: Double, decay: Double, range: Range<Int>, _ acc: inout UpdateAccumulator<Scalar>
    ) {
        let bc1 = 1 - Glibc.pow(b1, Double(t))
        let bc2 = 1 - Glibc.pow(b2, Double(t))
        Tensor.adamUpdate(
            p.value, p.grad, mean: slot.buffers[0], square: slot.buffers[1], into: p.next,
            stepSize: Scalar(lr / bc1), oneMinusBeta1: Scalar(1 - b1), beta2: Scalar(b2),
            oneMinusBeta2: Scalar(1 - b2), inverseBiasCorrection2Sqrt: Scalar(1 / bc2.squareRoot()),
            eps: Scalar(eps),
            decayFactor: Scalar(1 - decay), range: range, &acc)
    }

    /// Swaps the prepared weights in and counts the step.
    func commit() {
        for (p, slot) in pending {
            p.value.swapContents(with: p.next)
            if let m = slot.lastNewValues { p.setCurrentMoments(m) }
            if case .nadam(_, let b1, _, _, let psi) = kind {
                slot.momentumProduct *= Self.nadamMomentum(
                    beta1: b1, decay: psi, step: slot.steps + 1)
            }
            slot.steps += 1
        }
        if !pending.isEmpty { steps += 1 }
        pending.removeAll(keepingCapacity: true)
    }

    /// Drops a prepared update (the weights stay as they were).
    func discard() { pending.removeAll(keepingCapacity: true) }

    private func slot(for p: Parameter<Scalar>) -> Slot {
        let id = ObjectIdentifier(p)
        if let s = slots[id], s.lifetime === p.lifetime { return s }
        // Forget the state of parameters that no longer exist.
        slots = slots.filter { $0.value.lifetime != nil }
        let n: Int
        switch kind {
        case .sgd(_, let m, _): n = m == 0 ? 0 : 1
        case .adam, .adamW, .adadelta, .adamax, .nadam: n = 2
        case .rmsprop, .adagrad: n = 1
        }
        let s = Slot(buffers: (0..<n).map { _ in Tensor(zerosLike: p.value) }, owner: p)
        if case .adagrad(_, _, let initial) = kind, initial != 0 {
            s.buffers[0].fill(Scalar(initial))
        }
        slots[id] = s
        return s
    }
}

/// What one parameter's update did: Σ Δw and Σ Δw² (for update:data ratios),
/// whether every new value is finite, and the moments and largest magnitude
/// of the new values.
public struct UpdateSummary: Sendable {
    public var count: Int
    public var sum: Double
    public var sumOfSquares: Double
    public var finite: Bool
    public var newValues: Moments
    /// The largest |value| among the new values (0 for an empty parameter).
    public var newLargest: Double

    /// The sample standard deviation of the update.
    public var std: Double { Moments(count: count, sum: sum, sumOfSquares: sumOfSquares).std }
}
