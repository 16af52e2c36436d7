/// A residual block: y = x + block(x). The block must map its input width to
/// the same width. Backward: dx = dy + block′ᵀ·dy.
public final class Residual<Scalar: EngineScalar> {
    public let block: Sequential<Scalar>
    private let output: Tensor<Scalar>
    private let gradInput: Tensor<Scalar>

    init(block: Sequential<Scalar>) throws(EngineError) {
        guard block.outputs == block.inputs else {
            throw .shapeMismatch("residual block maps width \(block.inputs) to width \(block.outputs): its output width must equal its input width \(block.inputs)")
        }
        self.block = block
        output = try Tensor(rows: 0, columns: block.inputs)
        gradInput = try Tensor(rows: 0, columns: block.inputs)
    }

    func forward(_ x: Tensor<Scalar>, training: Bool, rng: inout RandomGenerator) throws(EngineError) -> Tensor<Scalar> {
        let fx = try block.forward(x, training: training, rng: &rng)
        try output.resize(rows: x.rows)
        output.assign(x)
        output.add(fx)
        return output
    }

    var lastOutput: Tensor<Scalar> { output }

    func backward(_ dy: Tensor<Scalar>) throws(EngineError) -> Tensor<Scalar> {
        try gradInput.resize(rows: dy.rows)
        gradInput.assign(dy)
        if let dBlock = try block.backward(dy, needsInputGradient: true) { gradInput.add(dBlock) }
        return gradInput
    }
}
