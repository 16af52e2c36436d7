/// The checks of a program before any step: the output activation against the
/// loss, the targets against what the outputs can be, the inputs' scale, the
/// learning rate against its optimizer's usual range, and the init. They read
/// the network's layers and weights, the data and the settings, and for SGD,
/// whose step is the gradient's size times the rate, the gradients of one pass
/// without an update; they run when `train` starts and in `diagnose(net, data)`.
///
/// The rules and their thresholds are in docs/diagnosis.md.
struct ProgramChecks<Scalar: EngineScalar> {
    let network: Network<Scalar>
    let data: Dataset<Scalar>
    let loss: Loss
    let optimizer: Optimizer<Scalar>.Kind?
    let t: DiagnosisThresholds
    /// The dense layer whose step is largest against its weights: std(∇W) /
    /// std(W) from one pass without an update, after the run's clipping
    /// (clip_norm scales every gradient by min(1, c / the global norm);
    /// clip_value caps each element, so the std at c), when measured.
    let largestGradToData: (layer: String, ratio: Double)?
    /// The run's gradient clipping, if any.
    let clipping: Clipping?
    let sites: [DenseSite<Scalar>]
    /// The activation the outputs go through, where it is set.
    let output: OutputActivation?
    /// The targets, when they are values (regression, or bce on 0/1 values).
    let targets: ColumnStatistics?

    init(
        network: Network<Scalar>, data: Dataset<Scalar>, loss: Loss,
        optimizer: Optimizer<Scalar>.Kind?, thresholds: DiagnosisThresholds,
        gradients: [LayerStatistics]? = nil, clipping: Clipping? = nil
    ) {
        self.network = network
        self.data = data
        self.loss = loss
        self.optimizer = optimizer
        self.clipping = clipping
        t = thresholds
        sites = DenseSite.of(network)
        let dense = Set(sites.map(\.name))
        let measured = zip(network.namedLayers, gradients ?? []).filter {
            dense.contains($0.0.name)
        }
        let globalNorm = measured.reduce(0.0) { $0 + ($1.1.gradient?.sumOfSquares ?? 0) }
            .squareRoot()
        largestGradToData = measured.compactMap { layer, s -> (layer: String, ratio: Double)? in
            guard let g = s.gradient, let w = s.weight, w.std > 0 else { return nil }
            var std = g.std
            switch clipping {
            case .norm(let c)?: std *= min(1, c / (globalNorm + 1e-6))
            case .value(let c)?: std = min(std, c)
            case nil: break
            }
            let r = std / w.std
            return r.isFinite && r > 0 ? (layer.name, r) : nil
        }.max { $0.ratio < $1.ratio }
        output = OutputActivation.of(network)
        if case .values(let y) = data.targets, y.rows > 0 {
            targets = ColumnStatistics(y)
        } else {
            targets = nil
        }
    }

    /// Each check's finding, in the order of `Finding.Kind.allCases`.
    func findings() -> [Finding] {
        guard data.count > 0 else { return [] }
        let classes = classCodes
        return [
            outputActivation(classCodes: classes), targetRange(classCodes: classes),
            unscaledInputs(), learningRate(), poorInit(),
        ].compactMap { $0 }
    }

    func c(_ x: Double) -> String { NumberText.compact(x) }

    /// The loss as the language names it, with its setting when it takes probabilities.
    var lossName: String {
        loss.fromLogits == false ? "\(loss.name)(from_logits: false)" : loss.name
    }

    /// When the targets are one column of the integers 0, 1, ..., k − 1 with
    /// k ≥ 3 (class labels read as values), k.
    var classCodes: Int? {
        guard case .values(let y) = data.targets, y.columns == 1, let s = targets,
            s.minimum[0] == 0, s.maximum[0] >= 2, s.maximum[0] <= 1000
        else { return nil }
        var seen = Set<Int>()
        for i in 0..<y.rows {
            let v = Double(y.base[i])
            guard v == v.rounded() else { return nil }
            seen.insert(Int(v))
        }
        let k = Int(s.maximum[0]) + 1
        return seen.count == k ? k : nil
    }
}

/// Where a network's output activation is set.
struct OutputActivation {
    let activation: Activation
    /// The layer to change: the output dense layer, or the activation layer after it.
    let layer: String
    /// Whether it is an activation layer of its own (`dense(3); relu`).
    let separateLayer: Bool

    /// Where it is set, in words: "the output layer dense_3", "the layer relu_1".
    var place: String { separateLayer ? "the layer \(layer)" : "the output layer \(layer)" }

    /// The activation the outputs of `network` go through: the last top-level
    /// layer's (past dropout); nil when the network ends in a batch norm or a
    /// residual block, whose outputs are unbounded.
    static func of<S>(_ network: Network<S>) -> OutputActivation? {
        let top = network.namedLayers.filter { $0.depth == 0 }
        for named in top.reversed() {
            switch named.spec {
            case .dropout: continue
            case .activation(let a):
                return OutputActivation(activation: a, layer: named.name, separateLayer: true)
            case .dense(_, let a, _, _, _):
                return OutputActivation(activation: a, layer: named.name, separateLayer: false)
            case .batchNorm, .residual: return nil
            }
        }
        return nil
    }
}
