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
    /// Before training, growth or decay of the hidden activations predicts
    /// exploding or vanishing gradients only across at least this many hidden
    /// layers: a trend that compounds with depth, not one layer's scale.
    public var compounding = 3.0
    /// A global gradient norm that grows by this factor over a run is exploding.
    public var normGrowth = 100.0
    /// A run whose recent loss is this many times the baseline loss is diverging
    /// (when it also rose `lossRise`× from its first steps).
    public var lossGrowth = 10.0
    /// ... and rose at least this many times from the mean of its first steps:
    /// a loss that started that high (a loss fighting the output) does not diverge.
    public var lossRise = 2.0
    /// A ReLU layer with more than this share of units dead for the whole batch.
    public var dead = 0.5
    /// Before training, dead ReLUs predict a problem only when a layer has at
    /// least this share of its units dead for every sample (1: all of them,
    /// which no step can revive: no gradient reaches them or what is below).
    public var deadInitial = 1.0
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
    /// A run has learned once its recent window closed this share of the gap
    /// between knowing nothing and perfect: a loss at most (1 − learned) × the
    /// baseline, or an accuracy of at least m + learned × (1 − m), m the share
    /// of the most frequent class.
    public var learned = 0.5
    /// A window whose loss fell less than this share of the previous window's
    /// (and whose accuracy rose less than this share of what was left to 1)
    /// has stalled.
    public var stall = 0.1
    /// A run not yet learned is still learning when its recent pace would reach
    /// `learned` within this many more windows (a quarter of the run each: 4 is
    /// another run as long); slower, learning is impaired.
    public var pace = 4.0
    /// An accuracy (for regression, 1 − loss / baseline) that rises and falls
    /// by at least this much between neighbouring peaks and troughs swings.
    public var oscillation = 0.03
    /// Swings on more than this share of the run's epochs make an oscillation.
    public var oscillationShare = 0.2
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
    /// SGD's step is lr × the gradient, so its rate is judged, where one pass
    /// measures the gradients, by the first step's size against the weights:
    /// lr × std(∇W) / std(W) (× 1/(1 − momentum)) of the dense layer where it
    /// is largest. Above this, the first steps move a layer's weights by
    /// several times their size: they overshoot what they update. Runs that
    /// train measured up to 3.5 and runs that diverge from 4.3, so between 1 and
    /// 5 the step size does not decide (the curvature does); the outside cases'
    /// faulty rates measure 22 and more (docs/diagnosis.md).
    public var sgdStepHigh = 5.0
    /// ... below this, a million steps move them by about their own size.
    public var sgdStepLow = 1e-6
    /// The usual range of the learning rate of optimizers whose step is about
    /// lr per parameter (Adam, AdamW, RMSprop).
    public var adaptiveLearningRateLow = 1e-5
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
                "compounding", \.compounding,
                "hidden layers an activation growth or decay must span before training to count"
            ),
            (
                "norm_growth", \.normGrowth,
                "the global gradient norm growing this many times over a run"
            ),
            (
                "loss_growth", \.lossGrowth,
                "a recent loss this many times the baseline (predicting the mean) is diverging"
            ),
            (
                "loss_rise", \.lossRise,
                "... when it also rose this many times from the run's first steps"
            ),
            ("dead", \.dead, "share of a ReLU layer's units that are 0 for every sample"),
            (
                "dead_initial", \.deadInitial,
                "before training, the share of a ReLU layer's dead units that predicts a problem"
            ),
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
            (
                "learned", \.learned,
                "share of the gap from the baseline loss (or majority accuracy) to perfect that counts as learned"
            ),
            (
                "stall", \.stall,
                "a window whose loss fell less than this share of the previous one's has stalled"
            ),
            (
                "pace", \.pace,
                "windows (quarters of the run) the recent pace may need to reach learned before learning counts as impaired"
            ),
            (
                "oscillation", \.oscillation,
                "a rise and fall of the accuracy (or 1 − loss / baseline) at least this large is a swing"
            ),
            (
                "oscillation_share", \.oscillationShare,
                "swings on more than this share of the epochs are an oscillation"
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
                "sgd_step_low", \.sgdStepLow,
                "sgd's first step below this share of a layer's weights is too small (where gradients are measured)"
            ),
            (
                "sgd_step_high", \.sgdStepHigh,
                "sgd's first step above this many times a layer's weights is too large"
            ),
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
        ("sgd_step_low", "sgd_step_high"),
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
        case "dead", "dead_initial", "saturated", "plateau", "clipping", "vanishing", "learned",
            "stall",
            "oscillation", "oscillation_share":
            return value <= 1 ? nil : "must be in (0, 1]"
        case "activation_growth", "norm_growth", "loss_growth", "loss_rise", "pace", "unscaled",
            "unscaled_targets", "init_large", "init_small":
            return value >= 1 ? nil : "must be ≥ 1"
        case "compounding":
            return value >= 2 ? nil : "must be ≥ 2"
        default:
            return nil
        }
    }
}
