/// The largest-magnitude eigenvalue of a loss's Hessian at a network's
/// weights, by power iteration on Hessian-vector products.
///
/// Each product is a finite difference of two gradients, in Double:
/// Hv ≈ (∇L(w̃ + εv) − ∇L(w̃)) / ε for a unit vector v. The engine's backward
/// pass is a hand-written walk with no graph to differentiate again, so an
/// exact product (Pearlmutter's R-operator) would need a second derivative
/// pass written and checked for every layer kind, activation and loss; the
/// difference reuses the one backward pass that the gradient checks already
/// verify. With s = max(1, ‖w‖), ε = 1e-9·s: in Double the rounding error is
/// about 1e-16·‖∇L‖/ε and the truncation error about ε·‖∇³L‖, both far below
/// the 1% a learning-rate bound needs (`CurvatureTests` and the PyTorch
/// fixtures check it against the exact Hessian).
///
/// Kinks. ReLU, leaky ReLU, hard sigmoid and mae are piecewise linear; the
/// exact Hessian, as torch computes it, gives their kinks curvature 0, while a
/// difference whose step crosses a kink sees the jump in the gradient divided
/// by ε, an enormous spurious value. Generic weights put a pre-activation
/// within ε of a kink with probability about ε, but some sit exactly on one:
/// an input row of zeros before zero biases (the spiral's first point), or an
/// all-zero init. So the products are taken at w̃ = w + δu, a fixed random
/// unit direction u at δ = 1e-4·s: a unit exactly on a kink at w is then
/// δ·|Δz| away from it, and the step ε·|Δz′| crosses back only when the ratio
/// of two random projections exceeds δ/ε = 1e5 (probability about 6e-6 per
/// such unit). The Hessian at w̃ differs from the one at w by about δ·‖∇³L‖,
/// again far below 1%.
///
/// The loss is the one training follows, on one batch of the given samples:
/// batch norm normalizes with the batch's statistics (as in training, as
/// torch's `hvp` on a model in `train()` mode does) and its running statistics
/// do not move; dropout is off, since a fresh mask per product would make each
/// product one of a different matrix (torch users switch dropout modules to
/// `eval()` for the same reason). The L1 penalty adds nothing (its second
/// derivative is 0 away from 0); L2 adds 2·λ₂ along each dense weight.
///
/// With `excludingScaleInvariant`, the iteration stays among the parameters
/// that are not scale-invariant (`Network.scaleInvariantParameters`): it
/// finds the largest eigenvalue of the Hessian restricted to them, what the
/// divergence check needs.
///
/// The start vector is random (a fixed seed); a later `estimate` starts from
/// the direction the last one found, so a probe kept across training converges
/// in a few products.
public final class CurvatureProbe {
    /// The Double copy whose weights the products move.
    private let network: Network<Double>
    private let x: Tensor<Double>
    private let targets: BatchTargets<Double>
    private let loss: Loss
    private let lossGradient: Tensor<Double>
    private let l2: Double
    /// The weights the curvature is taken at, the gradient there, the current
    /// direction and its product.
    private let base: [Tensor<Double>]
    private let baseGradient: [Tensor<Double>]
    private let direction: [Tensor<Double>]
    private let product: [Tensor<Double>]
    /// u: the fixed unit direction of the offset off the weights.
    private let offset: [Tensor<Double>]
    /// For each parameter, whether the iteration leaves it out.
    private let excluded: [Bool]
    /// Whether `direction` holds a direction found before (else it is drawn).
    private var warm = false

    /// The samples the loss is taken over.
    public var samples: Int { x.rows }

    /// A probe of `network`'s loss on `data` (all of it, as one batch), with the
    /// L2 penalty `l2` on dense weights. It holds a Double copy of the network;
    /// `estimate` reads the weights `network` has when it is called.
    public init<S: EngineScalar>(
        network source: Network<S>, data: Dataset<S>, loss: Loss, l2: Double = 0,
        excludingScaleInvariant: Bool = false
    ) throws(EngineError) {
        try loss.validate(outputs: source.outputs, targets: data.targets)
        guard data.count > 0 else { throw .invalidData("curvature needs at least 1 sample") }
        guard data.features == source.inputs else {
            throw .shapeMismatch(
                "the model takes \(source.inputs) input\(source.inputs == 1 ? "" : "s") per sample, the data has \(data.features)"
            )
        }
        if source.hasBatchNorm && data.count < 2 {
            throw .invalidData(
                "curvature of a model with batchnorm needs at least 2 samples: it normalizes with the batch's statistics, as in training"
            )
        }
        network = try source.converted(to: Double.self)
        let sample = data.converted(to: Double.self)
        x = sample.x
        targets = try BatchTargets<Double>(width: network.outputs)
        try targets.gather(sample.targets, indices: Array(0..<sample.count)[...], loss: loss)
        self.loss = loss
        self.l2 = l2
        lossGradient = try Tensor<Double>(rows: sample.count, columns: network.outputs)
        let shapes = network.parameters.map(\.value)
        base = shapes.map { Tensor(zerosLike: $0) }
        baseGradient = shapes.map { Tensor(zerosLike: $0) }
        direction = shapes.map { Tensor(zerosLike: $0) }
        product = shapes.map { Tensor(zerosLike: $0) }
        offset = shapes.map { Tensor(zerosLike: $0) }
        excluded =
            excludingScaleInvariant
            ? network.scaleInvariantParameters : network.parameters.map { _ in false }
        Self.draw(offset, seed: 0x0FF5E7)
    }

    /// Evenly spaced samples of `data`, at most `limit` of them (all when it
    /// has no more): what the live check and `curvature` take the loss over.
    public static func sample<S>(_ data: Dataset<S>, atMost limit: Int) throws(EngineError)
        -> Dataset<S>
    {
        let n = min(data.count, max(limit, 1))
        guard n < data.count else { return data }
        return try data.subset((0..<n).map { $0 * data.count / n })
    }

    /// How far apart the two gradients of a product are taken.
    public enum Reach: Sendable, Equatable {
        /// As close as Double allows (ε above): the Hessian itself.
        case infinitesimal
        /// One SGD step's length, lr × ‖∇L‖ (‖∇L‖ capped at `clipNorm` when
        /// clipping by norm), at most a tenth of ‖w‖: the curvature a step
        /// meets along its way, which decides whether it overshoots.
        case step(learningRate: Double, clipNorm: Double?)
    }

    /// Estimates λ_max at `source`'s current weights (the network this probe
    /// was made from, or one of the same architecture): at most `iterations`
    /// products, fewer when λ changes by less than `tolerance` (relative)
    /// from one to the next, each product over `reach`.
    public func estimate<S: EngineScalar>(
        at source: Network<S>, iterations: Int, tolerance: Double = 0,
        reach: Reach = .infinitesimal
    ) throws(EngineError) -> Curvature {
        guard iterations >= 2 else {
            throw .invalidArgument(
                "curvature needs at least 2 iterations to tell how settled λ is (got \(iterations))"
            )
        }
        guard source.parameters.count == network.parameters.count else {
            throw .shapeMismatch("curvature: the network is not the one the probe was made for")
        }
        for (p, q) in zip(source.parameters, network.parameters) {
            guard p.value.count == q.value.count else {
                throw .shapeMismatch("curvature: the network is not the one the probe was made for")
            }
            q.value.assignConverted(p.value)
        }
        let parameters = network.parameters
        let scale = max(1, parameters.reduce(0) { $0 + $1.value.sumOfSquares() }.squareRoot())
        for (b, (p, u)) in zip(base, zip(parameters, offset)) {
            b.assign(p.value, plus: 1e-4 * scale, times: u)
            p.value.assign(b)
        }
        try gradient(into: baseGradient)
        var epsilon = 1e-9 * scale
        if case .step(let lr, let clipNorm) = reach {
            var norm = baseGradient.reduce(0) { $0 + $1.sumOfSquares() }.squareRoot()
            if let clipNorm { norm = min(norm, clipNorm) }
            epsilon = max(epsilon, min(lr * norm, 0.1 * scale))
        }
        if !warm {
            Self.draw(direction, seed: 0xC0FFEE)
            project(direction)
            let size = direction.reduce(0) { $0 + $1.sumOfSquares() }.squareRoot()
            guard size > 0 else {
                throw .invalidArgument("curvature: every parameter is left out")
            }
            for v in direction { v.scale(by: 1 / size) }
        }

        var lambda = 0.0
        var previous: Double?
        var change = Double.infinity
        var done = 0
        while done < iterations {
            for (p, (b, v)) in zip(parameters, zip(base, direction)) {
                p.value.assign(b, plus: epsilon, times: v)
            }
            try gradient(into: product)
            for (hv, g0) in zip(product, baseGradient) {
                hv.add(g0, times: -1)
                hv.scale(by: 1 / epsilon)
            }
            project(product)
            done += 1
            // The Rayleigh quotient vᵀHv of a unit v: the eigenvalue with its sign.
            lambda = zip(direction, product).reduce(0) { $0 + $1.0.dot($1.1) }
            let size = product.reduce(0) { $0 + $1.sumOfSquares() }.squareRoot()
            guard size > 0, size.isFinite else {
                if !size.isFinite { throw nonFinite() }
                // Hv = 0: v lies in the null space; λ = 0 is exact along it.
                change = 0
                break
            }
            for (v, hv) in zip(direction, product) {
                v.assign(hv)
                v.scale(by: 1 / size)
            }
            if let previous {
                change = lambda == 0 ? 0 : abs(lambda - previous) / abs(lambda)
                if change < tolerance { break }
            }
            previous = lambda
        }
        warm = true
        return Curvature(
            lambdaMax: lambda, iterations: done, relativeChange: change, samples: samples)
    }

    /// Fills `out` with the gradient of the loss (and L2 penalty) at the
    /// network's current weights.
    private func gradient(into out: [Tensor<Double>]) throws(EngineError) {
        var rng = RandomGenerator(seed: 0)  // unused: dropout is off
        let y = try network.forward(x, mode: .batchStatisticsOnly, rng: &rng)
        let value = try loss.evaluate(y, targets, gradient: lossGradient)
        guard value.isFinite, lossGradient.isFinite else { throw nonFinite() }
        try network.backward(lossGradient)
        for (o, p) in zip(out, network.parameters) {
            o.assign(p.grad)
            if l2 > 0, p.isPenalized { o.add(p.value, times: 2 * l2) }
        }
    }

    private func nonFinite() -> EngineError {
        .invalidData(
            "the loss or its gradient is not finite at these weights or a small step from them: there is no curvature to measure"
        )
    }

    /// Zeroes the excluded parameters' part of `vector`: the projection that
    /// keeps the iteration among the others.
    private func project(_ vector: [Tensor<Double>]) {
        for (v, out) in zip(vector, excluded) where out { v.fill(0) }
    }

    /// Fills `vector` with a random unit direction, the same for every probe
    /// with the same `seed`. Uniform entries: any direction not orthogonal to
    /// the top eigenvector will do, and they cost a fraction of normal draws.
    private static func draw(_ vector: [Tensor<Double>], seed: UInt64) {
        var rng = RandomGenerator(seed: seed)
        for v in vector { v.fill(with: { rng.uniform(-1, 1) }) }
        let size = vector.reduce(0) { $0 + $1.sumOfSquares() }.squareRoot()
        guard size > 0, size.isFinite else { return }
        for v in vector { v.scale(by: 1 / size) }
    }
}
