/// What an activation's outputs can be, as the checks before training read it.
extension Activation {
    /// The smallest interval that holds every output: (−∞, ∞) for identity and
    /// leaky ReLU, [0, ∞) for ReLU, (0, 1) for sigmoid. The checks compare
    /// targets and the logits a loss needs with it.
    public var outputRange: (low: Double, high: Double) {
        switch self {
        case .identity: (-.infinity, .infinity)
        case .relu: (0, .infinity)
        case .leakyReLU(let slope): (slope > 0 ? -.infinity : 0, .infinity)
        case .elu(let alpha): (-max(alpha, 0), .infinity)
        // GELU's minimum, x·Φ(x) at x ≈ −0.7518.
        case .gelu: (-0.16997, .infinity)
        // SELU's limit for x → −∞: −scale·α.
        case .selu: (-1.0507009873554805 * 1.6732632423543772, .infinity)
        case .sigmoid: (0, 1)
        case .tanh: (-1, 1)
        case .softplus, .exponential: (0, .infinity)
        case .softsign: (-1, 1)
        case .hardSigmoid, .softmax: (0, 1)
        // SiLU's minimum, x·σ(x) at x ≈ −1.2785.
        case .silu: (-0.2784645427610738, .infinity)
        }
    }

    /// How its outputs are probabilities, if they are: sigmoid's (and
    /// hard_sigmoid's) each on its own, softmax's across the outputs of a sample. A loss that squashes logits into probabilities squashes these a
    /// second time; a loss that takes probabilities needs them made its way.
    public var probabilities: LossInput.Squashing? {
        switch self {
        case .sigmoid, .hardSigmoid: .sigmoid
        case .softmax: .softmax
        case .identity, .relu, .leakyReLU, .elu, .gelu, .selu, .tanh, .softplus, .exponential,
            .softsign, .silu:
            nil
        }
    }

    /// Whether its outputs can take any real value (what a loss on logits needs).
    var coversTheRealLine: Bool {
        outputRange.low == -.infinity && outputRange.high == .infinity
    }
}
