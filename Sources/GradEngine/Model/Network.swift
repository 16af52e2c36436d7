/// A trainable feed-forward network: an input width and a sequence of layers.
///
/// Layers are named Keras-style by kind and a running count over the whole
/// network in reading order (`dense_1`, `batchnorm_1`, `residual_1`, `dense_2`
/// inside it, ...). Float networks train; a Double copy (`converted(to:)`) serves
/// gradient checks.
public final class Network<Scalar: EngineScalar> {
    public let body: Sequential<Scalar>
    /// Every layer, depth first in reading order, with its name.
    public let namedLayers: [NamedLayer<Scalar>]
    /// Every trainable parameter, in layer order.
    public let parameters: [Parameter<Scalar>]

    public var inputs: Int { body.inputs }
    public var outputs: Int { body.outputs }
    public var specs: [LayerSpec] { body.specs }

    /// A network with fresh weights drawn from `rng` by each layer's init scheme.
    public init(inputs: Int, layers specs: [LayerSpec], rng: inout RandomGenerator)
        throws(EngineError)
    {
        _ = ComputeThreads.kernels  // BLAS set up before the first product
        guard inputs > 0 else {
            throw .invalidArgument("a model needs at least 1 input (got \(inputs))")
        }
        try MemoryBudget.check(specs, inputs: inputs, scalarSize: MemoryLayout<Scalar>.size)
        body = try Sequential(inputs: inputs, specs: specs, rng: &rng)
        var counts: [String: Int] = [:]
        var named: [NamedLayer<Scalar>] = []
        func walk(_ seq: Sequential<Scalar>, depth: Int) {
            for (layer, spec) in zip(seq.layers, seq.specs) {
                let kind = spec.kind
                let number = counts[kind, default: 0] + 1
                counts[kind] = number
                named.append(
                    NamedLayer(name: "\(kind)_\(number)", depth: depth, layer: layer, spec: spec))
                if let inner = layer.module.nested { walk(inner, depth: depth + 1) }
            }
        }
        walk(body, depth: 0)
        namedLayers = named
        parameters = body.layers.flatMap(\.parameters)
    }

    /// The number of trainable scalars.
    public var parameterCount: Int { parameters.reduce(0) { $0 + $1.value.count } }

    /// The output for a batch `x` (rows are samples). In training mode batch norm
    /// uses batch statistics and dropout is active.
    public func forward(_ x: Tensor<Scalar>, training: Bool, rng: inout RandomGenerator)
        throws(EngineError) -> Tensor<Scalar>
    {
        try forward(x, mode: training ? .training : .evaluation, rng: &rng)
    }

    /// The output for a batch `x` with batch norm and dropout each in the given mode.
    func forward(_ x: Tensor<Scalar>, mode: ForwardMode, rng: inout RandomGenerator)
        throws(EngineError) -> Tensor<Scalar>
    {
        guard x.columns == inputs else {
            throw .shapeMismatch(
                "the model takes \(inputs) input\(inputs == 1 ? "" : "s") per sample, the data has \(x.columns)"
            )
        }
        guard x.rows > 0 else { throw .invalidData("no samples to run the model on") }
        return try body.forward(x, mode: mode, rng: &rng)
    }

    /// Fills every parameter's gradient from the gradient of the loss with
    /// respect to the last forward pass's output.
    public func backward(_ gradOutput: Tensor<Scalar>) throws(EngineError) {
        _ = try body.backward(gradOutput, needsInputGradient: false)
    }

    /// Evaluation-mode outputs for `x`.
    public func predict(_ x: Tensor<Scalar>) throws(EngineError) -> Tensor<Scalar> {
        var rng = RandomGenerator(seed: 0)  // unused in evaluation mode
        return try forward(x, training: false, rng: &rng).copy()
    }

    /// Batch norm's running means back to 0 and variances to 1, as when built.
    public func resetRunningStatistics() {
        for named in namedLayers {
            if case .batchNorm(let b) = named.layer {
                b.runningMean.fill(0)
                b.runningVar.fill(1)
            }
        }
    }

    /// Applies the running-statistics updates of the last training forward pass.
    func commitRunningStatistics() {
        for named in namedLayers {
            if case .batchNorm(let b) = named.layer { b.commitRunningStatistics() }
        }
    }

    /// A network with the same architecture and a copy of every weight and
    /// running statistic, in another scalar type.
    public func converted<T: EngineScalar>(to: T.Type = T.self) throws(EngineError) -> Network<T> {
        var rng = RandomGenerator(seed: 0)
        let other = try Network<T>(inputs: inputs, layers: specs, rng: &rng)
        for (a, b) in zip(parameters, other.parameters) { b.value.assignConverted(a.value) }
        for (a, b) in zip(namedLayers, other.namedLayers) {
            if case .batchNorm(let x) = a.layer, case .batchNorm(let y) = b.layer {
                y.runningMean.assignConverted(x.runningMean)
                y.runningVar.assignConverted(x.runningVar)
            }
        }
        return other
    }

    /// An independent copy: same architecture, weights and running statistics.
    public func copy() throws(EngineError) -> Network<Scalar> { try converted(to: Scalar.self) }
}

/// A layer with its display name and nesting depth (0 at the top level).
public struct NamedLayer<Scalar: EngineScalar> {
    public let name: String
    public let depth: Int
    public let layer: Layer<Scalar>
    public let spec: LayerSpec

    /// The weight-like parameter whose statistics a gradient table shows
    /// (a dense layer's W, a batch norm's γ), if any.
    public var mainParameter: Parameter<Scalar>? { layer.module.mainParameter }

    /// The output of the last forward pass, if this layer made one of its own.
    public var lastOutput: Tensor<Scalar>? { layer.module.producedOutput }

    /// The activation applied to this layer's output, for saturation and dead-unit statistics.
    public var activation: Activation? { layer.module.outputActivation }
}

extension Tensor {
    /// Overwrites this tensor with `other`'s values converted to this scalar type.
    func assignConverted<T: EngineScalar>(_ other: Tensor<T>) {
        precondition(
            other.rows == rows && other.columns == columns, "assignConverted: shape mismatch")
        Tensor<T>.convertElements(other.base, into: base, count: count)
        touch()
    }
}
