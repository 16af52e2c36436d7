/// What a loss expects the network's outputs to be: the fact the
/// `output_activation` check compares the output activation with.
public enum LossInput: Sendable, Equatable {
    /// How a loss turns outputs into probabilities, or how probabilities were made.
    public enum Squashing: String, Sendable {
        /// Across the outputs, into one distribution (cross-entropy).
        case softmax
        /// Each output on its own (binary cross-entropy).
        case sigmoid
    }

    /// Raw scores of any sign and size, which the loss squashes itself.
    case logits(squashedBy: Squashing)
    /// Probabilities, already squashed the given way.
    case probabilities(squashedBy: Squashing)
    /// Values compared with the targets directly (regression).
    case values
}

extension Loss {
    /// What this loss expects of the network's outputs.
    public var expectedInput: LossInput {
        switch self {
        case .mse, .mae: .values
        case .crossEntropy(fromLogits: true): .logits(squashedBy: .softmax)
        case .crossEntropy(fromLogits: false): .probabilities(squashedBy: .softmax)
        case .binaryCrossEntropy(fromLogits: true): .logits(squashedBy: .sigmoid)
        case .binaryCrossEntropy(fromLogits: false): .probabilities(squashedBy: .sigmoid)
        }
    }
}
