/// The named thresholds behind health marks, findings and live checks.
///
/// Each has a language name (`thresholds(vanishing: 1e-5)` sets one); their
/// rationale and sources are in docs/diagnosis.md.
public struct DiagnosisThresholds: Sendable, Equatable {
    /// A layer whose ‖∇W‖ is below this fraction of the largest layer's is vanishing.
    public var vanishing = 1e-3
    /// grad:data = std(∇W)/std(W) above this is exploding: one plain SGD step at
    /// lr 1 would move the weights by more than their own spread.
    public var exploding = 1.0
    /// Hidden activations whose std grows by this factor or more from the first
    /// hidden layer to the last are exploding in the forward pass.
    public var activationGrowth = 10.0
    /// A global gradient norm that grows by this factor over a run is exploding.
    public var normGrowth = 100.0
    /// A run whose recent loss is this many times the baseline loss is diverging.
    public var lossGrowth = 10.0
    /// A ReLU layer with more than this share of units dead for the whole batch.
    public var dead = 0.5
    /// A sigmoid, tanh, softsign or hard_sigmoid layer with more than this share
    /// of its outputs saturated (within `saturationMargin` of its limits).
    public var saturated = 0.5
    /// The healthy band of update:data (std ΔW / std W); the rule of thumb is ~1e-3.
    public var updateLow = 1e-5
    public var updateHigh = 1e-1
    /// A loss still above this fraction of the baseline loss (always predicting
    /// the training targets' mean or class frequencies) is high.
    public var plateau = 0.8
    /// Clipping that fires on more than this share of the recent steps is always active.
    public var clipping = 0.9
    /// An input column whose |mean| or std is above this is far from the unit
    /// scale inits and learning rates assume.
    public var unscaled = 10.0
    /// Regression targets whose |mean| or std is above this are far from the
    /// outputs a network starts with (a scale of 10 to 100 trains; thousands do not).
    public var unscaledTargets = 100.0
    /// A dense layer whose weights' mean square is more than this many times
    /// above the range its activation needs (He/Xavier) is poorly initialized.
    public var initLarge = 10.0
    /// ... or more than this many times below it (too small mostly slows
    /// learning, which adaptive optimizers and biases make up for).
    public var initSmall = 100.0
    /// The usual range of SGD's learning rate (Bengio 2012: from 1e-6 to 1).
    public var sgdLearningRateLow = 1e-5
    public var sgdLearningRateHigh = 1.0
    /// The usual range of the learning rate of optimizers whose step is about
    /// lr per parameter (Adam, AdamW, RMSprop).
    public var adaptiveLearningRateLow = 1e-6
    public var adaptiveLearningRateHigh = 0.1
    /// The usual range of Adadelta's rate, a multiplier of a step already in
    /// the weights' units (1 in torch and Keras 2; TF 2's 0.001 barely moves).
    public var adadeltaLearningRateLow = 0.01
    public var adadeltaLearningRateHigh = 10.0

    /// How near a bounded activation's limit an output counts as saturated: sigmoid
    /// and hard_sigmoid outputs below 0.03 or above 0.97, tanh and softsign
    /// outputs beyond ±0.97. Fixed, not a setting: every training step gathers
    /// the statistic before any threshold is read.
    public static let saturationMargin = 0.03

    public init() {}

    /// Every threshold with its language name, in documentation order.
    public static var names:
        [(name: String, keyPath: WritableKeyPath<DiagnosisThresholds, Double>, meaning: String)]
    {
        [
            ("vanishing", \.vanishing, "a layer's ‖∇W‖ below this fraction of the largest layer's"),
            ("exploding", \.exploding, "grad:data (std ∇W / std W) above this"),
            (
                "activation_growth", \.activationGrowth,
                "hidden activation std growing this many times through the network"
            ),
            (
                "norm_growth", \.normGrowth,
                "the global gradient norm growing this many times over a run"
            ),
            (
                "loss_growth", \.lossGrowth,
                "a recent loss this many times the baseline (predicting the mean) is diverging"
            ),
            ("dead", \.dead, "share of a ReLU layer's units that are 0 for every sample"),
            (
                "saturated", \.saturated,
                "share of a sigmoid, tanh, softsign or hard_sigmoid layer's outputs within \(NumberText.plain(saturationMargin)) of its limits"
            ),
            (
                "update_low", \.updateLow,
                "the largest layer update:data below this is too small to learn"
            ),
            (
                "update_high", \.updateHigh,
                "a layer's update:data above this rewrites its weights each step"
            ),
            (
                "plateau", \.plateau,
                "loss above this fraction of the baseline (predicting the mean) is high"
            ),
            (
                "clipping", \.clipping,
                "clipping on more than this share of recent steps is always active"
            ),
            ("unscaled", \.unscaled, "an input column's |mean| or std above this is unscaled"),
            (
                "unscaled_targets", \.unscaledTargets,
                "regression targets' |mean| or std above this are unscaled"
            ),
            (
                "init_large", \.initLarge,
                "a layer's weight mean square this many times above what its activation needs"
            ),
            (
                "init_small", \.initSmall,
                "a layer's weight mean square this many times below what its activation needs"
            ),
            ("sgd_lr_low", \.sgdLearningRateLow, "sgd's learning rate below this is too small"),
            ("sgd_lr_high", \.sgdLearningRateHigh, "sgd's learning rate above this is too large"),
            (
                "adaptive_lr_low", \.adaptiveLearningRateLow,
                "an adaptive optimizer's (adam, adamw, rmsprop, adagrad, adamax, nadam) learning rate below this is too small"
            ),
            (
                "adaptive_lr_high", \.adaptiveLearningRateHigh,
                "an adaptive optimizer's (adam, adamw, rmsprop, adagrad, adamax, nadam) learning rate above this is too large"
            ),
            (
                "adadelta_lr_low", \.adadeltaLearningRateLow,
                "adadelta's learning rate below this is too small"
            ),
            (
                "adadelta_lr_high", \.adadeltaLearningRateHigh,
                "adadelta's learning rate above this is too large"
            ),
        ]
    }

    /// The thresholds that bound a band, by language name: each low one must
    /// be below its high one.
    public static let bands: [(low: String, high: String)] = [
        ("update_low", "update_high"), ("sgd_lr_low", "sgd_lr_high"),
        ("adaptive_lr_low", "adaptive_lr_high"), ("adadelta_lr_low", "adadelta_lr_high"),
    ]

    /// The first band whose low threshold is not below its high one, or nil.
    public var invertedBand: (low: String, high: String, lowValue: Double, highValue: Double)? {
        for band in Self.bands {
            guard let low = Self.names.first(where: { $0.name == band.low }),
                let high = Self.names.first(where: { $0.name == band.high })
            else { continue }
            let (l, h) = (self[keyPath: low.keyPath], self[keyPath: high.keyPath])
            if l >= h { return (band.low, band.high, l, h) }
        }
        return nil
    }

    /// Why `value` cannot be the threshold `name`, or nil.
    public static func invalidReason(_ name: String, _ value: Double) -> String? {
        guard value.isFinite, value > 0 else { return "must be a finite number > 0" }
        switch name {
        case "dead", "saturated", "plateau", "clipping", "vanishing":
            return value <= 1 ? nil : "must be in (0, 1]"
        case "activation_growth", "norm_growth", "loss_growth", "unscaled", "unscaled_targets",
            "init_large", "init_small":
            return value >= 1 ? nil : "must be ≥ 1"
        default:
            return nil
        }
    }
}
