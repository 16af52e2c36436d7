/// What diagnosis advises about an activation: the init that suits it, and
/// whether it belongs to the ReLU family.
extension Activation {
    /// The init that keeps a layer's signal variance with this activation
    /// (PyTorch's conventions): Xavier for the smooth and bounded ones
    /// (sigmoid, tanh, softsign, hard_sigmoid, softmax), for identity, softplus
    /// and exponential; LeCun for SELU; He for the ReLU family, SiLU included.
    var matchedInit: InitScheme {
        switch self {
        case .sigmoid, .tanh, .identity, .softplus, .exponential, .softsign, .hardSigmoid,
            .softmax:
            .xavierUniform(gain: 1)
        case .selu: .lecunNormal
        case .relu, .leakyReLU, .elu, .gelu, .silu: .heNormal
        }
    }

    /// Whether it passes gradients at full strength for positive inputs, as
    /// ReLU does (He inits suit it, uniform or normal): SiLU and GELU, smooth
    /// ReLUs, are.
    var isReLUFamily: Bool {
        switch self {
        case .relu, .leakyReLU, .elu, .gelu, .selu, .silu: true
        case .identity, .sigmoid, .tanh, .softplus, .exponential, .softsign, .hardSigmoid,
            .softmax:
            false
        }
    }

    /// Whether its output is bounded, so that it saturates: sigmoid, tanh,
    /// softsign, hard_sigmoid and softmax.
    var isSaturating: Bool { outputBounds != nil }
}
