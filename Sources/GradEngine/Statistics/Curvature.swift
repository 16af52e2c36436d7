/// An estimate of the sharpest curvature of a loss at some weights: the
/// largest-magnitude eigenvalue of its Hessian, found by power iteration
/// (`CurvatureProbe`).
public struct Curvature: Sendable, Equatable {
    /// The eigenvalue, with its sign: negative when the sharpest direction
    /// curves down (a saddle), where no learning rate is too large for it.
    public var lambdaMax: Double
    /// Hessian-vector products made (power iterations).
    public var iterations: Int
    /// |λₖ − λₖ₋₁| / |λₖ| between the last two iterations: how settled the
    /// estimate is (0 when λ is 0).
    public var relativeChange: Double
    /// The samples the loss was taken over.
    public var samples: Int

    public init(lambdaMax: Double, iterations: Int, relativeChange: Double, samples: Int) {
        self.lambdaMax = lambdaMax
        self.iterations = iterations
        self.relativeChange = relativeChange
        self.samples = samples
    }
}
