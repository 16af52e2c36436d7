/// torch.optim's default hyper-parameters: the one place they are written.
/// `Optimizer.Kind`'s cases take them as default arguments, and the language's
/// `adam()`, `adamw()`, `rmsprop()` and `sgd()` offer them as their defaults.
public enum OptimizerDefaults {
    /// SGD's momentum and Nesterov flag (torch.optim.SGD).
    public static let sgd = (momentum: 0.0, nesterov: false)
    /// torch.optim.Adam's learning rate, betas and ε.
    public static let adam = (lr: 1e-3, beta1: 0.9, beta2: 0.999, eps: 1e-8)
    /// torch.optim.AdamW's: Adam's, with a decoupled weight decay of 0.01.
    public static let adamW = (lr: 1e-3, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0.01)
    /// torch.optim.RMSprop's learning rate, smoothing constant α and ε.
    public static let rmsprop = (lr: 0.01, alpha: 0.99, eps: 1e-8)
}
