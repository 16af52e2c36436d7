/// A residual block: y = x + block(x). The block must map its input width to
/// the same width. Backward: dx = dy + block′ᵀ·dy.
///
/// Each backward pass records ‖dy‖₂ and ‖block′ᵀ·dy‖₂ as `lastFlow` (two sums
/// of squares over batch × width elements).
public final class Residual<Scalar: EngineScalar> {
    public let block: Sequential<Scalar>
    private let output: Tensor<Scalar>
    private let gradInput: Tensor<Scalar>
    /// The skip-path and branch gradient norms of the last backward pass (nil before the first).
    public private(set) var lastFlow: ResidualFlow?

    init(block: Sequential<Scalar>) throws(EngineError) {
        guard block.outputs == block.inputs else {
            throw .shapeMismatch(
                "residual block maps width \(block.inputs) to width \(block.outputs): its output width must equal its input width \(block.inputs)"
            )
        }
        self.block = block
        output = try Tensor(rows: 0, columns: block.inputs)
        gradInput = try Tensor(rows: 0, columns: block.inputs)
    }

    func forward(_ x: Tensor<Scalar>, mode: ForwardMode, rng: inout RandomGenerator)
        throws(EngineError) -> Tensor<Scalar>
    {
        let fx = try block.forward(x, mode: mode, rng: &rng)
        try output.resize(rows: x.rows)
        output.assign(x)
        output.add(fx)
        return output
    }

    var lastOutput: Tensor<Scalar> { output }

    /// dx = dy + block′ᵀ·dy. The block's input gradient is always computed, even
    /// when the caller needs no dx (a residual first layer) or the block has no
    /// parameters (an activation alone): the parameters inside need the walk
    /// anyway, and the flow measurement needs the branch gradient.
    func backward(_ dy: Tensor<Scalar>) throws(EngineError) -> Tensor<Scalar> {
        try gradInput.resize(rows: dy.rows)
        gradInput.assign(dy)
        let skip = dy.sumOfSquares()
        // With needsInputGradient every inner layer returns a gradient, so nil cannot happen.
        guard let dBlock = try block.backward(dy, needsInputGradient: true) else {
            throw .invalidArgument("residual block returned no input gradient")
        }
        let branch = dBlock.sumOfSquares()
        gradInput.add(dBlock)
        lastFlow = ResidualFlow(skipNorm: skip.squareRoot(), branchNorm: branch.squareRoot())
        return gradInput
    }
}

extension Residual: LayerModule {
    var kind: LayerKind { .residual }
    var outputWidth: Int { block.outputs }
    var ownParameters: [Parameter<Scalar>] { [] }
    var mainParameter: Parameter<Scalar>? { nil }
    var producedOutput: Tensor<Scalar>? { lastOutput }
    var outputActivation: Activation? { nil }
    var nested: Sequential<Scalar>? { block }
}
