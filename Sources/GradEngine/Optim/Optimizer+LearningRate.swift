extension Optimizer.Kind {
    /// The same optimizer and settings with another learning rate.
    public func withLearningRate(_ lr: Double) -> Self {
        switch self {
        case .sgd(_, let momentum, let nesterov):
            .sgd(lr: lr, momentum: momentum, nesterov: nesterov)
        case .adam(_, let b1, let b2, let eps): .adam(lr: lr, beta1: b1, beta2: b2, eps: eps)
        case .adamW(_, let b1, let b2, let eps, let decay):
            .adamW(lr: lr, beta1: b1, beta2: b2, eps: eps, weightDecay: decay)
        case .rmsprop(_, let alpha, let eps): .rmsprop(lr: lr, alpha: alpha, eps: eps)
        case .adagrad(_, let eps, let initial):
            .adagrad(lr: lr, eps: eps, initialAccumulator: initial)
        case .adadelta(_, let rho, let eps): .adadelta(lr: lr, rho: rho, eps: eps)
        case .adamax(_, let b1, let b2, let eps): .adamax(lr: lr, beta1: b1, beta2: b2, eps: eps)
        case .nadam(_, let b1, let b2, let eps, let decay):
            .nadam(lr: lr, beta1: b1, beta2: b2, eps: eps, momentumDecay: decay)
        }
    }
}
