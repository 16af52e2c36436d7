/// torch.optim's default hyper-parameters: the one place they are written.
/// `Optimizer.Kind`'s cases take them as default arguments, and the language's
/// optimizer builtins (`adam()`, `adagrad()`, ...) offer them as their defaults.
public enum OptimizerDefaults {
    /// SGD's momentum and Nesterov flag (torch.optim.SGD).
    public static let sgd = (momentum: 0.0, nesterov: false)
    /// torch.optim.Adam's learning rate, betas and ε.
    public static let adam = (lr: 1e-3, beta1: 0.9, beta2: 0.999, eps: 1e-8)
    /// torch.optim.AdamW's: Adam's, with a decoupled weight decay of 0.01.
    public static let adamW = (lr: 1e-3, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0.01)
    /// torch.optim.RMSprop's learning rate, smoothing constant α and ε.
    public static let rmsprop = (lr: 0.01, alpha: 0.99, eps: 1e-8)
    /// torch.optim.Adagrad's learning rate, ε and initial accumulator value.
    public static let adagrad = (lr: 0.01, eps: 1e-10, initialAccumulator: 0.0)
    /// torch.optim.Adadelta's learning rate, decay ρ and ε.
    public static let adadelta = (lr: 1.0, rho: 0.9, eps: 1e-6)
    /// torch.optim.Adamax's learning rate, betas and ε.
    public static let adamax = (lr: 2e-3, beta1: 0.9, beta2: 0.999, eps: 1e-8)
    /// torch.optim.NAdam's learning rate, betas, ε and momentum decay ψ.
    public static let nadam = (lr: 2e-3, beta1: 0.9, beta2: 0.999, eps: 1e-8, momentumDecay: 4e-3)
}
