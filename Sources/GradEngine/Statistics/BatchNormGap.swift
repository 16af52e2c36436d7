/// How far a batch norm's (or the network's) output in training mode is from
/// its output in evaluation mode on the same batch:
/// `relative` = ‖y_train − y_eval‖₂ / ‖y_train‖₂.
///
/// Training mode normalizes with the batch's mean and variance, evaluation mode
/// with the running statistics; a large gap means the running statistics do not
/// describe the data (too few steps, a shifted input, a tiny batch).
public struct BatchNormGap: Sendable, Equatable {
    /// The batch norm's name (`batchnorm_2`), or nil for the network's final output.
    public var layer: String?
    /// ‖y_train‖₂.
    public var trainNorm: Double
    /// ‖y_train − y_eval‖₂.
    public var difference: Double

    public init(layer: String?, trainNorm: Double, difference: Double) {
        self.layer = layer
        self.trainNorm = trainNorm
        self.difference = difference
    }

    /// difference / trainNorm: 0 when both are 0, +∞ when only the training
    /// output is 0, NaN when either is NaN.
    public var relative: Double {
        if difference == 0 && trainNorm == 0 { return 0 }
        return difference / trainNorm
    }
}

extension Network {
    /// The train/eval gap of every batch norm, in forward order, then of the
    /// network's output (an empty list when there is no batch norm).
    ///
    /// Runs all of `data` as one batch twice: with batch norm on batch statistics
    /// and dropout off (so no mask adds noise and no random numbers are drawn),
    /// then in evaluation mode. Changes nothing a later step or prediction sees:
    /// no weight, gradient or running statistic moves (the training-mode pass is
    /// never committed, and the evaluation pass runs last). Only the buffers of
    /// the last forward pass are replaced, as by `predict`. Cost: two forward
    /// passes plus a copy of each batch norm's N × C output.
    @_specialize(exported:true,where Scalar == Float)
    public func batchNormGap(_ data: Dataset<Scalar>) throws(EngineError) -> [BatchNormGap] {
        guard data.count > 0 else {
            throw .invalidData("no samples to compare training and evaluation mode on")
        }
        guard data.features == inputs else {
            throw .shapeMismatch(
                "the model takes \(inputs) input\(inputs == 1 ? "" : "s") per sample, the data has \(data.features)"
            )
        }
        let norms = namedLayers.compactMap { named -> (name: String, layer: BatchNorm<Scalar>)? in
            if case .batchNorm(let b) = named.layer { return (named.name, b) } else { return nil }
        }
        guard !norms.isEmpty else { return [] }
        var rng = RandomGenerator(seed: 0)  // unused: dropout is off in both passes
        let trainOutput = try forward(data.x, mode: .batchStatisticsOnly, rng: &rng).copy()
        let trainLayers = norms.map { $0.layer.output.copy() }
        let evalOutput = try forward(data.x, mode: .evaluation, rng: &rng)
        var gaps: [BatchNormGap] = []
        for (norm, train) in zip(norms, trainLayers) {
            gaps.append(
                BatchNormGap(
                    layer: norm.name, trainNorm: train.sumOfSquares().squareRoot(),
                    difference: try train.squaredDistance(to: norm.layer.output).squareRoot()))
        }
        gaps.append(
            BatchNormGap(
                layer: nil, trainNorm: trainOutput.sumOfSquares().squareRoot(),
                difference: try trainOutput.squaredDistance(to: evalOutput).squareRoot()))
        return gaps
    }
}
