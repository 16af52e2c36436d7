/// What diagnosis advises about an activation: the init that suits it, whether
/// it belongs to the ReLU family, and the weight variance it needs.
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

    /// The squared gains that keep a layer's signal variance with this
    /// activation: a dense layer's weights suit it when their mean square lies
    /// between gain²/max(fan_in, fan_out) and gain²/min(fan_in, fan_out) for a
    /// gain² in this range (He et al. 2015, §2.2: the forward or the backward
    /// condition alone is enough; Glorot & Bengio 2010 take their mean).
    ///
    /// ReLU's 2 and leaky ReLU's 2/(1 + slope²) are He's; SELU's 1 is LeCun's,
    /// which self-normalization needs; identity's 1 is Glorot's. The others
    /// span the conventions in use: tanh from Glorot's 1 to torch's
    /// calculate_gain (5/3)²; sigmoid from torch's 1 to the 4² of Glorot's
    /// uniform bound for sigmoid (its slope at 0 is 1/4, hard_sigmoid's 1/5);
    /// softsign as tanh; ELU, GELU, SiLU and softplus, linear near 0 and
    /// ReLU-like above it, from 1 to ReLU's 2.
    var initGainSquared: ClosedRange<Double> {
        switch self {
        case .identity, .selu: 1...1
        case .relu: 2...2
        case .leakyReLU(let slope):
            (2 / (1 + slope * slope))...(2 / (1 + slope * slope))
        case .elu, .gelu, .softplus, .silu: 1...2
        case .tanh, .softsign: 1...(25.0 / 9)
        case .sigmoid: 1...16
        // Keras 2's hard sigmoid, 0.2x + 0.5, has slope 1/5 at 0.
        case .hardSigmoid: 1...25
        // exp has slope 1 at 0; softmax, an output layer, is read as its logits.
        case .exponential, .softmax: 1...1
        }
    }
}
