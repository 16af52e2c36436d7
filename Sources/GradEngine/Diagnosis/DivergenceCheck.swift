#if canImport(Glibc)
    import Glibc
#endif

/// The `divergence_risk` check during training: SGD's rate against the
/// loss's sharpest curvature, lr × λ_max above the optimizer's stability
/// bound (2 for plain SGD, `StabilityLimit`), which makes each step overshoot
/// along that direction by more than it corrects, so the loss grows there.
///
/// It runs before the first step and then every `interval` steps, on up to
/// `samples` evenly spaced training samples, until it finds the risk once.
/// λ_max comes from `CurvatureProbe`: a power iteration whose Rayleigh
/// quotient approaches λ_max from below, so stopping it early can miss a
/// borderline case but not invent one. The first estimate starts from a
/// random direction; each later one from the last direction found, so it
/// settles in a few products.
public struct DivergenceCheck {
    /// Steps between checks after the first.
    public static let interval = 512
    /// The most training samples the loss is taken over.
    public static let samples = 128
    /// Hessian-vector products at most, for the first estimate and the later ones.
    public static let firstIterations = 20
    public static let laterIterations = 2
    /// The relative change of λ at which an estimate stops early.
    public static let tolerance = 1e-3

    private let probe: CurvatureProbe
    private let limit: StabilityLimit
    private let learningRate: Double
    private let optimizer: String
    /// Products over one step's length (`CurvatureProbe.Reach.step`).
    private let reach: CurvatureProbe.Reach
    /// Whether the run clips its gradients (which bounds each step).
    private let clips: Bool
    /// Estimates made so far.
    public private(set) var estimates = 0

    /// A check of `network` trained on `data` with `loss`, `optimizer` and
    /// the L2 penalty `l2`; nil when the optimizer has no stability bound of
    /// this kind (it is not SGD) or the probe cannot be built.
    public init?<S: EngineScalar>(
        network: Network<S>, data: Dataset<S>, loss: Loss, optimizer: Optimizer<S>.Kind,
        l2: Double = 0, clipping: Clipping? = nil
    ) {
        guard let limit = optimizer.stabilityLimit, optimizer.learningRate > 0,
            let sample = try? CurvatureProbe.sample(data, atMost: Self.samples),
            let probe = try? CurvatureProbe(
                network: network, data: sample, loss: loss, l2: l2, excludingScaleInvariant: true)
        else { return nil }
        self.probe = probe
        self.limit = limit
        clips = clipping != nil
        if case .norm(let c)? = clipping {
            reach = .step(learningRate: optimizer.learningRate, clipNorm: c)
        } else {
            reach = .step(learningRate: optimizer.learningRate, clipNorm: nil)
        }
        learningRate = optimizer.learningRate
        self.optimizer = optimizer.name
    }

    /// Whether a check is due after `steps` finished steps (0: before the first).
    public func isDue(afterStep steps: Int) -> Bool { steps % Self.interval == 0 }

    /// The finding at `network`'s current weights, after `steps` steps, when
    /// lr × λ_max is above the bound; nil otherwise, and when the loss is not
    /// finite there (the run reports that itself).
    public mutating func finding<S: EngineScalar>(afterStep steps: Int, network: Network<S>)
        -> Finding?
    {
        let iterations = estimates == 0 ? Self.firstIterations : Self.laterIterations
        estimates += 1
        guard
            let c = try? probe.estimate(
                at: network, iterations: iterations, tolerance: Self.tolerance, reach: reach),
            c.lambdaMax > 0, learningRate * c.lambdaMax > limit.product
        else { return nil }
        return finding(c, step: steps == 0 ? nil : steps)
    }

    /// The finding for `estimate`, seen at `step` (nil: before training).
    func finding(_ estimate: Curvature, step: Int?) -> Finding {
        let lambda = estimate.lambdaMax
        let stable = limit.stableRate(forCurvature: lambda)
        let bound: String
        let rate: String
        if limit.momentum == 0 {
            bound = "2"
            rate = "2/λ_max"
        } else if limit.nesterov {
            bound =
                "2(1 + μ)/(1 + 2μ) = \(c(limit.product)) for Nesterov momentum \(c(limit.momentum))"
            rate = "2(1 + μ)/((1 + 2μ)·λ_max)"
        } else {
            bound = "2(1 + μ) = \(c(limit.product)) for momentum \(c(limit.momentum))"
            rate = "2(1 + μ)/λ_max"
        }
        // Half the bound: 1/λ_max for plain SGD, the rate that takes the
        // sharpest direction to its minimum in one step, with room for the
        // loss to sharpen as training goes on.
        let suggested = Self.roundedDown(stable / 2)
        return Finding(
            kind: .divergenceRisk, step: step,
            evidence: [
                "\(optimizer) at lr \(c(learningRate)) against the loss's sharpest curvature over one step, λ_max = \(c(lambda)): lr × λ_max = \(c(learningRate * lambda)) is above \(bound), so each step overshoots along that direction and the loss grows there; a rate below \(rate) = \(c(stable)) is stable",
                "λ_max is the loss's largest curvature along one direction, taken over one step's length from the weights \(step.map { "after step \($0)" } ?? "before training") (power iteration on differences of gradients a step apart: \(estimate.iterations) products over \(estimate.samples) samples); on a quadratic loss it is the Hessian's largest eigenvalue"
                    + (clips
                        ? "; clipping bounds each step's length, so the overshoot swings instead of growing without limit"
                        : ""),
            ],
            remedies: [
                .lowerLearningRate(
                    LearningRateChange(
                        from: learningRate, factor: learningRate / suggested, to: suggested))
            ])
    }

    private func c(_ x: Double) -> String { NumberText.compact(x) }

    /// `x` rounded down to two significant digits: 0.0815 → 0.081.
    static func roundedDown(_ x: Double) -> Double {
        guard x > 0, x.isFinite else { return x }
        let scale = pow(10, log10(x).rounded(.down) - 1)
        // Divided rather than multiplied by a power of ten below 1, which is
        // not exact in binary: 8.1 × 0.01 prints as 0.08100000000000002.
        return scale < 1
            ? (x / scale).rounded(.down) / (1 / scale).rounded()
            : (x / scale).rounded(.down) * scale
    }
}
