/// What one optimizer step did.
public struct StepRecord: Sendable {
    /// 1-based count of committed steps of this trainer.
    public var step: Int
    /// 1-based epoch (0 for a stand-alone `step`).
    public var epoch: Int
    /// Data loss plus penalty.
    public var loss: Double { dataLoss + penaltyLoss }
    /// The loss the data alone gives.
    public var dataLoss: Double
    /// λ₁Σ|w| + λ₂Σw² over dense weights.
    public var penaltyLoss: Double
    /// The global gradient L2 norm before clipping.
    public var gradientNorm: Double
    /// Whether clipping changed the gradients.
    public var clipped: Bool
    /// Samples in the batch, and how many of their decisions were right
    /// (classification only): one per sample for cross-entropy, one per output
    /// for bce, whose every output is a yes/no decision.
    public var samples: Int
    public var correct: Int?
    /// The decisions each sample makes: 1, or the outputs' count for bce.
    public var decisionsPerSample = 1
    /// Per-layer statistics, aligned with `Network.namedLayers` (empty when statistics are off).
    public var layers: [LayerStatistics]

    /// The share of the batch's decisions that were right (classification only).
    public var accuracy: Double? {
        guard let correct, samples > 0 else { return nil }
        return Double(correct) / Double(samples * max(decisionsPerSample, 1))
    }
}

/// Where a value first went NaN or Inf in a step.
public struct NonFiniteReport: Sendable, Equatable, CustomStringConvertible {
    public enum Pass: String, Sendable { case input, forward, loss, backward, update }
    /// The step that failed (1-based, counting the failed one).
    public var step: Int
    public var pass: Pass
    /// The first layer (in that pass's order) whose values went non-finite, if any.
    public var layer: String?
    /// The largest |value| per layer over the last steps up to this one, when
    /// the run recorded statistics (`Trainer.train` fills it in).
    public var trail: MagnitudeTrail? = nil

    public var description: String {
        let what: String
        switch pass {
        case .input: what = "the input data contains NaN or Inf"
        case .forward: what = "the forward pass went non-finite at \(layer ?? "the output")"
        case .loss:
            what =
                "the loss went non-finite although the model's outputs are finite: they are too large for the loss (or the targets hold NaN or Inf)"
        case .backward: what = "the backward pass went non-finite at \(layer ?? "a layer")"
        case .update: what = "the optimizer update went non-finite at \(layer ?? "a layer")"
        }
        var text =
            "step \(step): \(what); training stopped and the weights of step \(step - 1) were kept"
        if pass == .forward {
            // The kept weights are the ones whose forward pass overflowed.
            text +=
                " (they are finite but too large for this forward pass: reinit the model, or load a saved one, before training on)"
        }
        return text
    }
}
