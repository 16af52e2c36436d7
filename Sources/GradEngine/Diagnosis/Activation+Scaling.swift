extension Activation {
    /// Whether f(a·x) = a·f(x) for every a > 0, so that a batch norm after it
    /// undoes any positive scaling of the units before it: the weights of a
    /// dense layer feeding a batch norm through such an activation are then
    /// scale-invariant, which the divergence check reads (`Network.scaleInvariantParameters`).
    public var isPositivelyHomogeneous: Bool {
        switch self {
        case .identity, .relu, .leakyReLU: true
        case .elu, .gelu, .selu, .sigmoid, .tanh, .softplus, .exponential, .softsign,
            .hardSigmoid, .silu, .softmax:
            false
        }
    }
}
