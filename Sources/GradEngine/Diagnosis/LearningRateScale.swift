/// How an optimizer's learning rate sets the size of its steps, which decides
/// the range of rates in use for it (the `learning_rate` check's bounds).
public enum LearningRateScale: Sendable, Equatable {
    /// The step is lr × the gradient (SGD, with or without momentum).
    case gradient
    /// The step is about lr for every parameter whatever the gradient's size
    /// (Adam, AdamW, RMSprop, Adagrad, Adamax, NAdam: the gradient is divided by
    /// its running RMS, sum of squares or largest size).
    case perParameter
    /// The step is lr × a ratio of running RMS values that carries the
    /// weights' own units (Adadelta, whose rate is a multiplier, 1 by default).
    case multiplier

    /// The thresholds' usual range of rates for this kind of optimizer.
    public func usualRange(_ t: DiagnosisThresholds) -> (low: Double, high: Double) {
        switch self {
        case .gradient: (t.sgdLearningRateLow, t.sgdLearningRateHigh)
        case .perParameter: (t.adaptiveLearningRateLow, t.adaptiveLearningRateHigh)
        case .multiplier: (t.adadeltaLearningRateLow, t.adadeltaLearningRateHigh)
        }
    }
}

extension Optimizer.Kind {
    /// How this optimizer's learning rate sets its steps.
    public var learningRateScale: LearningRateScale {
        switch self {
        case .sgd: .gradient
        case .adam, .adamW, .rmsprop, .adagrad, .adamax, .nadam: .perParameter
        case .adadelta: .multiplier
        }
    }

    /// The rate suggested to a run whose rate is far outside the usual range:
    /// torch.optim's default where it has one; for SGD, which has none, 0.1
    /// (GradLab's default, and the rate of the classic SGD recipes).
    public var usualLearningRate: Double {
        switch self {
        case .sgd: 0.1
        case .adam: OptimizerDefaults.adam.lr
        case .adamW: OptimizerDefaults.adamW.lr
        case .rmsprop: OptimizerDefaults.rmsprop.lr
        case .adagrad: OptimizerDefaults.adagrad.lr
        case .adadelta: OptimizerDefaults.adadelta.lr
        case .adamax: OptimizerDefaults.adamax.lr
        case .nadam: OptimizerDefaults.nadam.lr
        }
    }
}
