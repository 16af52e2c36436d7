/// The largest-magnitude eigenvalue of a loss's Hessian at a network's
/// weights, by power iteration on Hessian-vector products.
///
/// Each product is a finite difference of two gradients, in Double:
/// Hv ≈ (∇L(w + εv) − ∇L(w)) / ε for a unit vector v, with ε = 1e-7 ×
/// max(1, ‖w‖). The engine's backward pass is a hand-written walk with no
/// graph to differentiate again, so an exact product (Pearlmutter's R-operator)
/// would need a second derivative pass written and checked for every layer
/// kind, activation and loss; the difference reuses the one backward pass that
/// the gradient checks already verify. In Double its rounding error is about
/// 1e-16·‖∇L‖/ε and its truncation error about ε·‖∇³L‖, both far below the 1%
/// a learning-rate bound needs (`CurvatureTests` and the PyTorch fixtures check
/// it against the exact Hessian). A step that small rarely carries a ReLU
/// across its kink, where the difference would see the jump that the exact
/// product, like torch's, treats as curvature 0.
///
/// The loss is the one training follows, on one batch of the given samples:
/// batch norm normalizes with the batch's statistics (as in training, as
/// torch's `hvp` on a model in `train()` mode does) and its running statistics
/// do not move; dropout is off, since a fresh mask per product would make each
/// product one of a different matrix (torch users switch dropout modules to
/// `eval()` for the same reason). The L1 penalty adds nothing (its second
/// derivative is 0 away from 0); L2 adds 2·λ₂ along each dense weight.
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
    /// Whether `direction` holds a direction found before (else it is drawn).
    private var warm = false

    /// The samples the loss is taken over.
    public var samples: Int { x.rows }

    /// A probe of `network`'s loss on `data` (all of it, as one batch), with the
    /// L2 penalty `l2` on dense weights. It holds a Double copy of the network;
    /// `estimate` reads the weights `network` has when it is called.
    public init<S: EngineScalar>(
        network source: Network<S>, data: Dataset<S>, loss: Loss, l2: Double = 0
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

    /// Estimates λ_max at `source`'s current weights (the network this probe
    /// was made from, or one of the same architecture): at most `iterations`
    /// products, fewer when λ changes by less than `tolerance` (relative)
    /// from one to the next.
    public func estimate<S: EngineScalar>(
        at source: Network<S>, iterations: Int, tolerance: Double = 0
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
        for (b, p) in zip(base, parameters) { b.assign(p.value) }
        defer {
            for (b, p) in zip(base, parameters) { p.value.assign(b) }
        }
        try gradient(into: baseGradient)
        let weightNorm = base.reduce(0) { $0 + $1.sumOfSquares() }.squareRoot()
        let epsilon = 1e-7 * max(1, weightNorm)
        if !warm { drawDirection() }
        normalize(direction)

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
            "curvature: the loss or its gradient is not finite at these weights (or a small step from them)"
        )
    }

    /// A random unit direction, the same for every probe.
    private func drawDirection() {
        // Uniform entries: any direction not orthogonal to the top eigenvector
        // will do, and they cost a fraction of normal draws.
        var rng = RandomGenerator(seed: 0xC0FFEE)
        for v in direction { v.fill(with: { rng.uniform(-1, 1) }) }
    }

    private func normalize(_ vector: [Tensor<Double>]) {
        let size = vector.reduce(0) { $0 + $1.sumOfSquares() }.squareRoot()
        guard size > 0, size.isFinite else { return }
        for v in vector { v.scale(by: 1 / size) }
    }
}
