/// Statistics of one layer at one training step (or one forward/backward pass).
public struct LayerStatistics: Sendable {
    /// The layer's main parameter's gradient (a dense W, a batch norm γ), if it has one.
    public var gradient: TensorSummary?
    /// The mean and spread of that parameter's values before the update.
    public var weight: Moments?
    /// The update applied to that parameter (nil when no update was made).
    public var update: UpdateSummary?
    /// The layer's output, if it makes one of its own.
    public var activation: ActivationStatistics?
    /// For a residual block, the skip-path and branch gradient norms of the last backward pass.
    public var residualFlow: ResidualFlow?

    /// std(∇W) / std(W): how large gradients are relative to the weights.
    public var gradToData: Double? {
        guard let g = gradient, let w = weight, w.std > 0 else { return nil }
        return g.std / w.std
    }

    /// std(ΔW) / std(W): how much one step changes the weights (healthy near 1e-3).
    public var updateToData: Double? {
        guard let u = update, let w = weight, w.std > 0 else { return nil }
        return u.std / w.std
    }
}

/// Statistics of a layer's output over a batch.
public struct ActivationStatistics: Sendable, Equatable {
    public var mean: Double
    public var std: Double
    /// The fraction of outputs within 3% of the activation's limits (sigmoid, tanh).
    public var saturated: Double
    /// The fraction of units (columns) that output exactly 0 for every sample.
    public var dead: Double
    /// The largest |output| (NaN when an output is NaN).
    public var largest: Double
}

extension Network {
    /// Per-layer statistics of the last forward and backward pass, aligned with
    /// `namedLayers`. `updates` maps parameters to their last update summaries.
    /// Layers are independent: with several compute threads each layer's
    /// statistics are taken whole on one of them (the same values as on one).
    func layerStatistics(updates: [ObjectIdentifier: UpdateSummary] = [:]) -> [LayerStatistics] {
        let layers = namedLayers
        let sizes = layers.map { ($0.mainParameter?.grad.count ?? 0) + ($0.lastOutput?.count ?? 0) }
        var result = [LayerStatistics](repeating: LayerStatistics(), count: layers.count)
        result.withUnsafeMutableBufferPointer { buffer in
            let out = UncheckedSendable(buffer)
            ComputeThreads.forEachItem(sizes: sizes) { i in
                out.value[i] = Self.statistics(of: layers[i], updates: updates)
            }
        }
        return result
    }

    private static func statistics(
        of named: NamedLayer<Scalar>, updates: [ObjectIdentifier: UpdateSummary]
    ) -> LayerStatistics {
        var s = LayerStatistics()
        if let p = named.mainParameter {
            s.gradient = p.grad.summary()
            s.weight = p.currentMoments
            s.update = updates[ObjectIdentifier(p)]
        }
        if let out = named.lastOutput {
            let canDie = named.activation?.canDie == true
            let a = out.activationSummary(
                limits: named.activation?.saturationLimits, countDead: canDie)
            s.activation = ActivationStatistics(
                mean: a.mean, std: a.std, saturated: a.saturated, dead: a.dead,
                largest: a.largest)
        }
        if case .residual(let r) = named.layer { s.residualFlow = r.lastFlow }
        return s
    }
}
