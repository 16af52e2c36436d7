/// A description of a layer, before it has weights: what a user writes, what a
/// model file stores, and what `Network` instantiates.
public indirect enum LayerSpec: Equatable, Hashable, Sendable {
    case dense(
        units: Int, activation: Activation = .identity,
        weightInit: InitScheme = .defaultWeight, biasInit: InitScheme = .zeros, bias: Bool = true)
    case batchNorm(
        momentum: Double = LayerSpec.batchNormDefaults.momentum,
        eps: Double = LayerSpec.batchNormDefaults.eps)
    case dropout(rate: Double)
    case activation(Activation)
    case residual([LayerSpec])

    /// The kind of layer this spec builds.
    public var layerKind: LayerKind {
        switch self {
        case .dense: .dense
        case .batchNorm: .batchNorm
        case .dropout: .dropout
        case .activation: .activation
        case .residual: .residual
        }
    }

    /// The name layer names are counted by: the kind, or for an activation
    /// layer its activation's name (`relu_1`, `dense_2`).
    public var kind: String {
        if case .activation(let a) = self { return a.name }
        return layerKind.rawValue
    }
}

extension LayerSpec {
    /// The trainable scalars this layer creates on an input `inputs` wide, and
    /// the width it produces, known before it is built (for the memory budget);
    /// saturates at `Int.max` instead of overflowing.
    func parameterCount(inputs: Int) -> (parameters: Int, outputs: Int) {
        switch self {
        case .dense(let units, _, _, _, let bias):
            let (w, overflow) = units.multipliedReportingOverflow(by: inputs)
            return (overflow ? Int.max : w &+ (bias ? units : 0), units)
        case .batchNorm:
            return (2 * inputs, inputs)
        case .residual(let inner):
            return (MemoryBudget.parameterCount(inner, inputs: inputs).parameters, inputs)
        case .dropout, .activation:
            return (0, inputs)
        }
    }
}
