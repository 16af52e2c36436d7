/// A training objective over a batch, averaged as PyTorch's default `reduction="mean"`.
///
/// The cross-entropies take logits by default, as PyTorch's do; with
/// `fromLogits: false` they take probabilities, as Keras's do by default, and
/// clip them to [ε, 1 − ε] with Keras's ε = 1e-7 (see `Loss.clipRange`).
public enum Loss: Equatable, Sendable {
    /// Mean squared error over every output element: mean((ŷ − y)²).
    case mse
    /// Mean absolute error over every output element: mean(|ŷ − y|) (torch.nn.L1Loss).
    case mae
    /// Cross-entropy against class labels. On logits: mean over samples of
    /// logΣⱼe^{zⱼ} − z_y (computed with the max subtracted). On probabilities
    /// (Keras 2's categorical_crossentropy): each row scaled to sum 1, clipped
    /// to [ε, 1 − ε], mean over samples of −log p̂_y.
    case crossEntropy(fromLogits: Bool = true)
    /// Binary cross-entropy against 0/1 targets, averaged over every element.
    /// On logits: the stable form max(z, 0) − z·y + log(1 + e^{−|z|}). On
    /// probabilities (Keras 2's binary_crossentropy): p clipped to [ε, 1 − ε],
    /// −(y·log p + (1 − y)·log(1 − p)).
    case binaryCrossEntropy(fromLogits: Bool = true)

    /// Every loss with its default settings: the names the language knows.
    public static let allDefaults: [Loss] = [
        .mse, .mae, .crossEntropy(), .binaryCrossEntropy(),
    ]

    /// [ε, 1 − ε] with Keras's fuzz factor ε = 1e-7 (`keras.backend.epsilon()`):
    /// the range probabilities are clipped to before their logarithm. Both
    /// bounds are float32 numbers, as Keras (computing in float32) has them, in
    /// the Double engine too: 1 − ε is then 1 − 1.19e-7, the second float below 1.
    public static let clipRange: ClosedRange<Float> = Float(1e-7)...(1 - Float(1e-7))

    /// The name the language and summaries use.
    public var name: String {
        switch self {
        case .mse: "mse"
        case .mae: "mae"
        case .crossEntropy: "cross_entropy"
        case .binaryCrossEntropy: "bce"
        }
    }

    /// Whether the loss reads logits (true) or probabilities (false); nil for
    /// the losses that compare values directly.
    public var fromLogits: Bool? {
        switch self {
        case .mse, .mae: nil
        case .crossEntropy(let l), .binaryCrossEntropy(let l): l
        }
    }

    /// The same loss reading logits or probabilities; the value losses are unchanged.
    public func with(fromLogits: Bool) -> Loss {
        switch self {
        case .mse, .mae: self
        case .crossEntropy: .crossEntropy(fromLogits: fromLogits)
        case .binaryCrossEntropy: .binaryCrossEntropy(fromLogits: fromLogits)
        }
    }

    /// Whether the loss scores classes, so a run has an accuracy.
    public var measuresAccuracy: Bool {
        switch self {
        case .mse, .mae: false
        case .crossEntropy, .binaryCrossEntropy: true
        }
    }

    /// The yes/no decisions one sample's outputs make, which accuracy averages
    /// over: one class for cross-entropy; one per output for bce (Keras's
    /// `binary_accuracy` averages over them too, so it stays within [0, 1]).
    public func decisionsPerSample(outputs: Int) -> Int {
        switch self {
        case .binaryCrossEntropy: max(outputs, 1)
        case .crossEntropy, .mse, .mae: 1
        }
    }

    /// The loss a dataset implies: cross-entropy (on logits) for classes, mse for values.
    public static func defaultFor<S>(_ data: Dataset<S>) -> Loss {
        data.isClassification ? .crossEntropy() : .mse
    }

    /// Throws unless this loss can compare `outputs`-wide predictions with these targets.
    public func validate<S>(outputs: Int, targets: Targets<S>) throws(EngineError) {
        switch (self, targets) {
        case (.crossEntropy, .classes(_, let k)):
            guard k == outputs else {
                throw .shapeMismatch(
                    "cross_entropy: the data has \(k) classes but the model has \(outputs) output\(outputs == 1 ? "" : "s"); the last layer needs \(k) units"
                )
            }
        case (.crossEntropy, .values):
            throw .invalidData(
                "cross_entropy needs class labels, but the data has real-valued targets; use mse")
        case (.mse, .values(let y)), (.mae, .values(let y)), (.binaryCrossEntropy, .values(let y)):
            guard y.columns == outputs else {
                throw .shapeMismatch(
                    "\(name): the data has \(y.columns) target column\(y.columns == 1 ? "" : "s") but the model has \(outputs) output\(outputs == 1 ? "" : "s")"
                )
            }
        case (.binaryCrossEntropy, .classes(_, let k)):
            guard k <= 2, outputs == 1 else {
                throw .shapeMismatch(
                    "bce needs a model with 1 output and 2 classes (got \(outputs) outputs, \(k) classes); use cross_entropy for more classes"
                )
            }
        case (.mse, .classes), (.mae, .classes):
            throw .invalidData(
                "\(name) needs real-valued targets, but the data has class labels; use cross_entropy"
            )
        }
    }
}

extension Loss {
    /// The mean loss of `output` against `targets`; writes ∂loss/∂output into `gradient`.
    func evaluate<S>(_ output: Tensor<S>, _ targets: BatchTargets<S>, gradient: Tensor<S>)
        throws(EngineError) -> Double
    {
        try gradient.resize(rows: output.rows)
        switch self {
        case .mse: return output.meanSquaredError(targets.values, gradient: gradient)
        case .mae: return output.meanAbsoluteError(targets.values, gradient: gradient)
        case .crossEntropy(fromLogits: true):
            return output.softmaxCrossEntropy(labels: targets.labels, gradient: gradient)
        case .crossEntropy(fromLogits: false):
            return output.clippedCrossEntropy(
                labels: targets.labels, low: S(Loss.clipRange.lowerBound),
                high: S(Loss.clipRange.upperBound), gradient: gradient)
        case .binaryCrossEntropy(fromLogits: true):
            return output.sigmoidBinaryCrossEntropy(targets.values, gradient: gradient)
        case .binaryCrossEntropy(fromLogits: false):
            return output.clippedBinaryCrossEntropy(
                targets.values, low: S(Loss.clipRange.lowerBound),
                high: S(Loss.clipRange.upperBound), gradient: gradient)
        }
    }

    /// The number of correct predictions in a batch (classification losses only):
    /// the largest output at the label, or a binary output on the label's side
    /// of logit 0 (probability 0.5).
    func correctCount<S>(_ output: Tensor<S>, _ targets: BatchTargets<S>) -> Int? {
        switch self {
        case .mse, .mae: nil
        case .crossEntropy: output.argmaxMatches(targets.labels)
        case .binaryCrossEntropy(let logits):
            output.thresholdMatches(targets.values, threshold: logits ? 0 : 0.5)
        }
    }
}
