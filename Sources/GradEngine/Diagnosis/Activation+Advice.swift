/// What diagnosis advises about an activation: the init that suits it, and
/// whether it belongs to the ReLU family.
extension Activation {
    /// The init that keeps a layer's signal variance with this activation
    /// (PyTorch's conventions): Xavier for sigmoid, tanh, identity and softplus,
    /// LeCun for SELU, He for the ReLU family.
    var matchedInit: InitScheme {
        switch self {
        case .sigmoid, .tanh, .identity, .softplus: .xavierUniform(gain: 1)
        case .selu: .lecunNormal
        case .relu, .leakyReLU, .elu, .gelu: .heNormal
        }
    }

    /// Whether it passes gradients at full strength for positive inputs, as
    /// ReLU does (He inits suit it, uniform or normal).
    var isReLUFamily: Bool {
        switch self {
        case .relu, .leakyReLU, .elu, .gelu, .selu: true
        case .identity, .sigmoid, .tanh, .softplus: false
        }
    }

    /// Whether its output is bounded, so that it saturates: sigmoid, tanh.
    var isSaturating: Bool { outputBounds != nil }
}
