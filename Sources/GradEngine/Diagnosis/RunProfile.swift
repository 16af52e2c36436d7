#if canImport(Glibc)
    import Glibc
#endif

/// What a network is and how it was trained: what remedies are worded from and
/// what `compare` lines up between runs.
public struct RunProfile: Sendable, Equatable {
    /// One dense layer's configuration.
    public struct DenseLayer: Sendable, Equatable {
        public var name: String
        public var units: Int
        public var activation: Activation
        public var weightInit: InitScheme
        public var biasInit: InitScheme
    }

    /// Dense layers in depth order; the last is the output layer.
    public var dense: [DenseLayer]
    public var batchNorms: Int
    public var residualBlocks: Int
    /// Activations used as layers of their own (`dense(32); batchnorm(); relu`).
    public var activationLayers: [Activation] = []
    /// The optimizer's name and learning rate, once one has trained the network.
    public var optimizer: String?
    public var learningRate: Double?
    public var clipping: Clipping?
    public var l1 = 0.0
    public var l2 = 0.0
    /// The loss the run was trained (or the pass scored) with.
    public var loss: Loss?
    /// The loss of the best constant prediction on the training data (the mean
    /// target, or the class frequencies): the loss a network that learned
    /// nothing from the inputs reaches.
    public var baselineLoss: Double?
    /// For classification: the share of the training data's most frequent
    /// class (per output for bce), the accuracy of always predicting it.
    public var majorityShare: Double?
    /// The steps the run was asked for (epochs × batches per epoch), when known:
    /// a live check compares the steps so far with it.
    public var plannedSteps: Int?

    /// The profile of `network`'s architecture (training settings unset).
    public init<S>(network: Network<S>) {
        var dense: [DenseLayer] = []
        var bn = 0
        var res = 0
        var activationLayers: [Activation] = []
        for named in network.namedLayers {
            switch named.spec {
            case .dense(let units, let activation, let weightInit, let biasInit, _):
                dense.append(
                    DenseLayer(
                        name: named.name, units: units, activation: activation,
                        weightInit: weightInit, biasInit: biasInit))
            case .batchNorm: bn += 1
            case .residual: res += 1
            case .dropout: break  // no check reads dropout
            case .activation(let a): if !activationLayers.contains(a) { activationLayers.append(a) }
            }
        }
        self.dense = dense
        batchNorms = bn
        residualBlocks = res
        self.activationLayers = activationLayers
    }

    /// Adds the settings of a training run.
    public mutating func record<S>(
        _ options: TrainingOptions<S>, optimizer: Optimizer<S>.Kind, loss: Loss,
        baselineLoss: Double?, majorityShare: Double? = nil, plannedSteps: Int? = nil
    ) {
        self.optimizer = optimizer.name
        learningRate = optimizer.learningRate
        clipping = options.clipping
        l1 = options.l1
        l2 = options.l2
        self.loss = loss
        self.baselineLoss = baselineLoss
        self.majorityShare = majorityShare
        self.plannedSteps = plannedSteps
    }

    /// The hidden dense layers (all but the output layer).
    public var hidden: [DenseLayer] { Array(dense.dropLast()) }
}

extension Loss {
    /// The best constant prediction that `baseline` scores, as the findings
    /// name it: "mean", "median" or "class frequencies".
    public var baselinePrediction: String {
        switch self {
        case .mse: "mean"
        case .mae: "median"
        case .crossEntropy, .binaryCrossEntropy: "class frequencies"
        }
    }

    /// The accuracy of always predicting the most frequent class of `data`:
    /// the largest class's share for class labels; for bce on 0/1 value
    /// columns, the mean over columns of the larger of the shares of 1s and 0s
    /// (targets at 0.5 or above count as 1). Nil when the loss measures no
    /// accuracy.
    public func majorityShare<S>(_ data: Dataset<S>) -> Double? {
        guard measuresAccuracy, data.count > 0 else { return nil }
        switch data.targets {
        case .classes(let labels, let count):
            var counts = [Int](repeating: 0, count: max(count, 2))
            for l in labels where l >= 0 && l < counts.count { counts[l] += 1 }
            return Double(counts.max() ?? 0) / Double(data.count)
        case .values(let y):
            let rows = y.rowArrays
            guard let width = rows.first?.count, width > 0 else { return nil }
            var total = 0.0
            for j in 0..<width {
                let ones = Double(rows.filter { Double($0[j]) >= 0.5 }.count) / Double(rows.count)
                total += max(ones, 1 - ones)
            }
            return total / Double(width)
        }
    }

    /// The loss of the best constant prediction on `data`: the class entropy
    /// for cross-entropy, the mean binary entropy for bce, the mean variance
    /// of the targets for mse, their mean absolute deviation from the median
    /// for mae. Nil when it does not apply.
    public func baseline<S>(_ data: Dataset<S>) -> Double? {
        guard data.count > 0 else { return nil }
        func entropy(_ counts: [Int]) -> Double {
            let n = Double(counts.reduce(0, +))
            return counts.reduce(0.0) { h, c in c == 0 ? h : h - Double(c) / n * log(Double(c) / n)
            }
        }
        switch (self, data.targets) {
        case (.crossEntropy, .classes(let labels, let count)),
            (.binaryCrossEntropy, .classes(let labels, let count)):
            var counts = [Int](repeating: 0, count: max(count, 2))
            for l in labels where l >= 0 && l < counts.count { counts[l] += 1 }
            return entropy(counts)
        case (.binaryCrossEntropy, .values(let y)), (.mse, .values(let y)), (.mae, .values(let y)):
            let rows = y.rowArrays
            guard let width = rows.first?.count, width > 0 else { return nil }
            var total = 0.0
            for j in 0..<width {
                let column = rows.map { Double($0[j]) }
                let n = Double(column.count)
                let mean = column.reduce(0, +) / n
                switch self {
                case .mse:
                    total += column.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / n
                case .mae:
                    // Any point between the middle values is a median; all give this deviation.
                    let median = column.sorted()[(column.count - 1) / 2]
                    total += column.reduce(0) { $0 + abs($1 - median) } / n
                case .crossEntropy, .binaryCrossEntropy:
                    let p = min(max(mean, 1e-12), 1 - 1e-12)
                    total += -(p * log(p) + (1 - p) * log(1 - p))
                }
            }
            return total / Double(width)
        default:
            return nil
        }
    }
}
