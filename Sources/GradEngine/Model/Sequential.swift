/// Layers applied in order; the body of a network and of a residual block.
public final class Sequential<Scalar: EngineScalar> {
    public let inputs: Int
    public let outputs: Int
    public let specs: [LayerSpec]
    public let layers: [Layer<Scalar>]

    init(inputs: Int, specs: [LayerSpec], rng: inout RandomGenerator) throws(EngineError) {
        guard inputs > 0 else {
            throw .invalidArgument("a model needs at least 1 input (got \(inputs))")
        }
        var width = inputs
        var layers: [Layer<Scalar>] = []
        for spec in specs {
            let layer = try Layer<Scalar>.make(spec, inputs: width, rng: &rng)
            width = layer.outputWidth
            layers.append(layer)
        }
        self.inputs = inputs
        self.outputs = width
        self.specs = specs
        self.layers = layers
    }

    func forward(_ x: Tensor<Scalar>, mode: ForwardMode, rng: inout RandomGenerator)
        throws(EngineError) -> Tensor<Scalar>
    {
        var h = x
        for layer in layers { h = try layer.forward(h, mode: mode, rng: &rng) }
        return h
    }

    /// The backward walk: each layer turns the gradient of its output into the
    /// gradient of its input and fills its parameters' gradients. The first
    /// layer skips its input gradient unless the caller needs it.
    func backward(_ dy: Tensor<Scalar>, needsInputGradient: Bool) throws(EngineError) -> Tensor<
        Scalar
    >? {
        var g = dy
        for i in layers.indices.reversed() {
            let needs = i > 0 || needsInputGradient
            guard let next = try layers[i].backward(g, needsInputGradient: needs) else {
                return nil
            }
            g = next
        }
        return g
    }
}
