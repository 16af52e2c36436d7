/// A fully connected layer with a fused activation: y = f(x·Wᵀ + b).
///
/// W is `units × inputs` (PyTorch's layout), b is `1 × units`.
/// Backward, with dZ = dY ⊙ f'(Z): dW = dZᵀ·X, db = Σ_rows dZ, dX = dZ·W.
public final class Dense<Scalar: EngineScalar> {
    public let inputs: Int
    public let units: Int
    public var activation: Activation
    public let weight: Parameter<Scalar>
    public let bias: Parameter<Scalar>?

    // Buffers kept between forward and backward, resized to the batch.
    private var input: Tensor<Scalar>?
    let preActivation: Tensor<Scalar>
    let output: Tensor<Scalar>
    private let gradPreActivation: Tensor<Scalar>
    private let gradInput: Tensor<Scalar>

    init(inputs: Int, units: Int, activation: Activation, bias: Bool) throws(EngineError) {
        self.inputs = inputs
        self.units = units
        self.activation = activation
        weight = try Parameter(role: .weight, rows: units, columns: inputs)
        self.bias = bias ? try Parameter(role: .bias, rows: 1, columns: units) : nil
        preActivation = try Tensor(rows: 0, columns: units)
        output = try Tensor(rows: 0, columns: units)
        gradPreActivation = try Tensor(rows: 0, columns: units)
        gradInput = try Tensor(rows: 0, columns: inputs)
    }

    func forward(_ x: Tensor<Scalar>) throws(EngineError) -> Tensor<Scalar> {
        try preActivation.resize(rows: x.rows)
        try output.resize(rows: x.rows)
        input = x
        Tensor.gemm(x, weight.value, into: preActivation, transposeB: true)
        let out = activation == .identity ? preActivation : output
        StepProfile.measure("bias + activation") {
            preActivation.addBiasAndActivate(bias?.value, activation, into: out)
        }
        return out
    }

    /// The activation output of the last forward pass.
    var lastOutput: Tensor<Scalar> { activation == .identity ? preActivation : output }

    func backward(_ gradOutput: Tensor<Scalar>, needsInputGradient: Bool) throws(EngineError)
        -> Tensor<Scalar>?
    {
        guard let x = input else { throw .invalidArgument("backward called before forward") }
        let dZ: Tensor<Scalar>
        if activation == .identity {
            dZ = gradOutput
            if let bias { StepProfile.measure("bias gradient") { dZ.sumRows(into: bias.grad) } }
        } else {
            // dZ and the bias gradient (its column sums) in one pass.
            try gradPreActivation.resize(rows: gradOutput.rows)
            StepProfile.measure("activation derivative + bias gradient") {
                Tensor.activationBackward(
                    activation, input: preActivation, output: output,
                    gradOutput: gradOutput, into: gradPreActivation, biasGradient: bias?.grad)
            }
            dZ = gradPreActivation
        }
        guard needsInputGradient else {
            Tensor.gemm(dZ, x, into: weight.grad, transposeA: true)
            return nil
        }
        try gradInput.resize(rows: dZ.rows)
        Tensor.weightAndInputGradients(
            dZ, x, weight.value, weightGradient: weight.grad, inputGradient: gradInput)
        return gradInput
    }
}

extension Dense: LayerModule {
    var kind: LayerKind { .dense }
    var outputWidth: Int { units }
    var ownParameters: [Parameter<Scalar>] { [weight] + (bias.map { [$0] } ?? []) }
    var mainParameter: Parameter<Scalar>? { weight }
    var producedOutput: Tensor<Scalar>? { lastOutput }
    var outputActivation: Activation? { activation }
    var nested: Sequential<Scalar>? { nil }
}
