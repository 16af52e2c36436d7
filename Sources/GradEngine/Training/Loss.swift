/// A training objective over a batch, averaged as PyTorch's default `reduction="mean"`.
public enum Loss: String, Sendable, CaseIterable {
    /// Mean squared error over every output element: mean((ŷ − y)²).
    case mse
    /// Softmax cross-entropy on logits against class labels:
    /// mean over samples of logΣⱼe^{zⱼ} − z_y (computed with the max subtracted).
    case crossEntropy = "cross_entropy"
    /// Sigmoid binary cross-entropy on logits against 0/1 targets, the stable form
    /// max(z, 0) − z·y + log(1 + e^{−|z|}), averaged over every element.
    case binaryCrossEntropy = "bce"

    /// The loss a dataset implies: cross-entropy for classes, mse for values.
    public static func defaultFor<S>(_ data: Dataset<S>) -> Loss {
        data.isClassification ? .crossEntropy : .mse
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
        case (.mse, .values(let y)), (.binaryCrossEntropy, .values(let y)):
            guard y.columns == outputs else {
                throw .shapeMismatch(
                    "\(rawValue): the data has \(y.columns) target column\(y.columns == 1 ? "" : "s") but the model has \(outputs) output\(outputs == 1 ? "" : "s")"
                )
            }
        case (.binaryCrossEntropy, .classes(_, let k)):
            guard k <= 2, outputs == 1 else {
                throw .shapeMismatch(
                    "bce needs a model with 1 output and 2 classes (got \(outputs) outputs, \(k) classes); use cross_entropy for more classes"
                )
            }
        case (.mse, .classes):
            throw .invalidData(
                "mse needs real-valued targets, but the data has class labels; use cross_entropy")
        }
    }
}

/// The targets of one mini-batch, in the form the loss kernels read.
final class BatchTargets<Scalar: EngineScalar> {
    var labels: [Int] = []
    let values: Tensor<Scalar>

    init(width: Int) throws(EngineError) { values = try Tensor(rows: 0, columns: width) }

    /// Fills this batch with the targets of `indices` from `targets`.
    func gather(_ targets: Targets<Scalar>, indices: ArraySlice<Int>, loss: Loss)
        throws(EngineError)
    {
        switch targets {
        case .classes(let all, _):
            labels.removeAll(keepingCapacity: true)
            for i in indices { labels.append(all[i]) }
            if loss == .binaryCrossEntropy {
                try values.resize(rows: indices.count)
                values.fillLabels(labels)
            }
        case .values(let y):
            try values.resize(rows: indices.count)
            values.gatherRows(from: y, indices: indices)
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
        case .crossEntropy:
            return output.softmaxCrossEntropy(labels: targets.labels, gradient: gradient)
        case .binaryCrossEntropy:
            return output.sigmoidBinaryCrossEntropy(targets.values, gradient: gradient)
        }
    }

    /// The number of correct predictions in a batch (classification losses only).
    func correctCount<S>(_ output: Tensor<S>, _ targets: BatchTargets<S>) -> Int? {
        switch self {
        case .mse: nil
        case .crossEntropy: output.argmaxMatches(targets.labels)
        case .binaryCrossEntropy: output.thresholdMatches(targets.values)
        }
    }
}
