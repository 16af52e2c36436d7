/// A description of a layer, before it has weights: what a user writes, what a
/// model file stores, and what `Network` instantiates.
public indirect enum LayerSpec: Equatable, Hashable, Sendable {
    case dense(
        units: Int, activation: Activation = .identity,
        weightInit: InitScheme = .defaultWeight, biasInit: InitScheme = .zeros, bias: Bool = true)
    case batchNorm(momentum: Double = 0.1, eps: Double = 1e-5)
    case dropout(rate: Double)
    case activation(Activation)
    case residual([LayerSpec])

    /// The short kind name used in layer names and model files.
    public var kind: String {
        switch self {
        case .dense: "dense"
        case .batchNorm: "batchnorm"
        case .dropout: "dropout"
        case .activation(let a): a.name
        case .residual: "residual"
        }
    }
}
