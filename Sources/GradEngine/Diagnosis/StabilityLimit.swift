/// The largest learning rate × curvature at which an optimizer's steps along
/// one direction of a quadratic shrink instead of growing: the bound the
/// `divergence_risk` check holds lr × λ_max against.
///
/// On L = λw²/2 the gradient is λw, and with α = lr·λ:
/// - plain SGD: w ← (1 − α)w, stable while |1 − α| < 1, so α < 2;
/// - heavy-ball momentum μ (torch's SGD: v ← μv + g, w ← w − lr·v): the
///   iteration's matrix has trace 1 − α + μ and determinant μ, stable while
///   α < 2(1 + μ) (Polyak, 1964);
/// - Nesterov momentum (w ← w − lr·(g + μv)): trace 1 + μ − α(1 + μ),
///   determinant μ(1 − α), stable while α < 2(1 + μ)/(1 + 2μ).
public struct StabilityLimit: Sendable, Equatable {
    /// The bound on lr × λ.
    public var product: Double
    /// The momentum it accounts for (0 for plain SGD).
    public var momentum: Double
    public var nesterov: Bool

    /// The largest stable learning rate for curvature `lambda` (> 0).
    public func stableRate(forCurvature lambda: Double) -> Double { product / lambda }
}

extension Optimizer.Kind {
    /// The stability bound of this optimizer's steps, or nil when its step is
    /// not lr × the gradient (the adaptive optimizers divide the gradient by
    /// its own running size, so curvature alone does not decide their
    /// stability), or when no rate is stable (momentum ≥ 1 keeps every
    /// step's size however small the rate).
    public var stabilityLimit: StabilityLimit? {
        switch self {
        case .sgd(_, let mu, let nesterov):
            guard mu >= 0, mu < 1 else { return nil }
            let product = nesterov ? 2 * (1 + mu) / (1 + 2 * mu) : 2 * (1 + mu)
            return StabilityLimit(product: product, momentum: mu, nesterov: nesterov)
        case .adam, .adamW, .rmsprop, .adagrad, .adadelta, .adamax, .nadam:
            return nil
        }
    }
}
