/// A stand-alone activation layer (an activation written where a layer goes).
public final class ActivationLayer<Scalar: EngineScalar> {
    public let activation: Activation
    /// The width of its input and output.
    public var width: Int { output.columns }
    private var input: Tensor<Scalar>?
    let output: Tensor<Scalar>
    private let gradInput: Tensor<Scalar>

    init(activation: Activation, width: Int) throws(EngineError) {
        self.activation = activation
        output = try Tensor(rows: 0, columns: width)
        gradInput = try Tensor(rows: 0, columns: width)
    }

    func forward(_ x: Tensor<Scalar>) throws(EngineError) -> Tensor<Scalar> {
        try output.resize(rows: x.rows)
        input = x
        x.applyActivation(activation, into: output)
        return output
    }

    func backward(_ dy: Tensor<Scalar>) throws(EngineError) -> Tensor<Scalar> {
        guard let x = input else { throw .invalidArgument("backward called before forward") }
        try gradInput.resize(rows: dy.rows)
        Tensor.activationBackward(
            activation, input: x, output: output, gradOutput: dy, into: gradInput)
        return gradInput
    }
}

extension ActivationLayer: LayerModule {
    var kind: LayerKind { .activation }
    var outputWidth: Int { width }
    var ownParameters: [Parameter<Scalar>] { [] }
    var mainParameter: Parameter<Scalar>? { nil }
    var producedOutput: Tensor<Scalar>? { output }
    var outputActivation: Activation? { activation }
    var nested: Sequential<Scalar>? { nil }
}
