#if canImport(Glibc)
    import Glibc
#endif

/// Per-layer statistics of a network's parameters as a table: one row per
/// layer with a weight (a dense W, a batch norm γ), in depth order.
public struct GradientTable: Sendable {
    /// One layer's row.
    public struct Row: Sendable {
        public var layer: String
        /// "out×in" for a dense weight, "features" for a batch norm γ.
        public var shape: String
        /// The activation fused into a dense layer, if any.
        public var activation: Activation?
        public var statistics: LayerStatistics
    }

    public var rows: [Row]

    /// The least-squares fit of log₁₀‖∇W‖ against depth: the factor by which the
    /// gradient norm changes from one layer to the next (going deeper), and the
    /// ratio of the first layer's norm to the last one's. Nil with fewer than two
    /// layers with a non-zero gradient.
    public var depthTrend: (perLayer: Double, firstToLast: Double)? {
        fitDepthTrend(rows.map { $0.statistics.gradient?.norm ?? 0 })
    }

    /// The table for `network` from per-layer statistics aligned with `namedLayers`.
    public init<S>(network: Network<S>, statistics: [LayerStatistics]) {
        rows = zip(network.namedLayers, statistics).compactMap { named, s in
            guard let p = named.mainParameter else { return nil }
            let shape =
                p.role == .weight ? "\(p.value.rows)×\(p.value.columns)" : "\(p.value.columns)"
            return Row(
                layer: named.name, shape: shape, activation: named.activation,
                statistics: s)
        }
    }
}

extension Network {
    /// Statistics of the gradients, weights and outputs as the last backward
    /// pass left them (with `updates` from the last optimizer step, if known).
    public func currentStatistics(updates: StepRecord? = nil) -> [LayerStatistics] {
        var stats = layerStatistics()
        if let updates, updates.layers.count == stats.count {
            for i in stats.indices { stats[i].update = updates.layers[i].update }
        }
        return stats
    }

    /// One forward and backward pass over all of `data` as a single batch in
    /// training mode (batch norm on batch statistics, dropout active), without
    /// any update: the gradients a step would see. Batch norm's running
    /// statistics do not move.
    @_specialize(exported:true,where Scalar == Float)
    public func inspect(_ data: Dataset<Scalar>, loss: Loss? = nil, rng: inout RandomGenerator)
        throws(EngineError) -> [LayerStatistics]
    {
        let loss = loss ?? Loss.defaultFor(data)
        try loss.validate(outputs: outputs, targets: data.targets)
        guard data.count > 0 else { throw .invalidData("no samples to compute gradients on") }
        guard data.features == inputs else {
            throw .shapeMismatch(
                "the model takes \(inputs) input\(inputs == 1 ? "" : "s") per sample, the data has \(data.features)"
            )
        }
        let targets = try BatchTargets<Scalar>(width: outputs)
        try targets.gather(data.targets, indices: Array(0..<data.count)[...], loss: loss)
        let gradient = try Tensor<Scalar>(rows: data.count, columns: outputs)
        let out = try forward(data.x, training: true, rng: &rng)
        _ = try loss.evaluate(out, targets, gradient: gradient)
        try backward(gradient)
        return layerStatistics()
    }
}

/// The least-squares fit of log₁₀(norm) against depth over the positive, finite
/// norms: the factor per layer going deeper, and first ÷ last. Nil with fewer
/// than two such norms.
func fitDepthTrend(_ norms: [Double]) -> (perLayer: Double, firstToLast: Double)? {
    let points = norms.enumerated().compactMap { (i, n) -> (Double, Double)? in
        n > 0 && n.isFinite ? (Double(i), log10(n)) : nil
    }
    guard points.count >= 2, let first = points.first, let last = points.last else { return nil }
    let mx = points.map(\.0).reduce(0, +) / Double(points.count)
    let my = points.map(\.1).reduce(0, +) / Double(points.count)
    let sxx = points.reduce(0) { $0 + ($1.0 - mx) * ($1.0 - mx) }
    let sxy = points.reduce(0) { $0 + ($1.0 - mx) * ($1.1 - my) }
    guard sxx > 0 else { return nil }
    // Going deeper is going forward; the backward signal flows the other
    // way, so also report how the norm changes toward the input: first vs last.
    return (pow(10, sxy / sxx), pow(10, first.1 - last.1))
}
