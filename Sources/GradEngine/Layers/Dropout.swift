/// Inverted dropout: while training, each element is zeroed with probability
/// `rate` and the rest scaled by 1/(1 − rate); in evaluation it is the identity.
/// rate 1 zeroes everything, as in PyTorch.
public final class Dropout<Scalar: EngineScalar> {
    public let rate: Double
    /// The width of its input and output.
    public let width: Int
    private let mask: Tensor<Scalar>
    private let output: Tensor<Scalar>
    private let gradInput: Tensor<Scalar>
    private var maskedLastPass = false

    init(rate: Double, width: Int) throws(EngineError) {
        self.rate = rate
        self.width = width
        mask = try Tensor(rows: 0, columns: width)
        output = try Tensor(rows: 0, columns: width)
        gradInput = try Tensor(rows: 0, columns: width)
    }

    func forward(_ x: Tensor<Scalar>, training: Bool, rng: inout RandomGenerator)
        throws(EngineError) -> Tensor<Scalar>
    {
        maskedLastPass = training && rate > 0
        guard maskedLastPass else { return x }
        try mask.resize(rows: x.rows)
        try output.resize(rows: x.rows)
        if rate >= 1 { mask.fill(0) } else { mask.fillDropoutMask(rate: rate, rng: &rng) }
        output.assign(x)
        output.multiply(by: mask)
        return output
    }

    /// The output of the last forward pass.
    var lastOutput: Tensor<Scalar>? { maskedLastPass ? output : nil }

    func backward(_ dy: Tensor<Scalar>) throws(EngineError) -> Tensor<Scalar> {
        guard maskedLastPass else { return dy }
        try gradInput.resize(rows: dy.rows)
        gradInput.assign(dy)
        gradInput.multiply(by: mask)
        return gradInput
    }
}

extension Dropout: LayerModule {
    var kind: LayerKind { .dropout }
    var outputWidth: Int { width }
    var ownParameters: [Parameter<Scalar>] { [] }
    var mainParameter: Parameter<Scalar>? { nil }
    var producedOutput: Tensor<Scalar>? { lastOutput }
    var outputActivation: Activation? { nil }
    var nested: Sequential<Scalar>? { nil }
}
