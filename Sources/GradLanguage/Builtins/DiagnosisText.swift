import GradEngine

/// Diagnosis values worded in the language's own terms: remedies in `.grad`
/// syntax (`clip_norm: 1.0`, `adam(lr: 1e-3)`, `relu with he_normal`), clipping
/// telemetry, and the measurements under "also measured". The engine decides
/// what to suggest; this is the one place that says it.
enum DiagnosisText {
    /// A remedy as one sentence: what to change and why.
    static func remedy(_ r: Remedy) -> String {
        switch r {
        case .switchToReLU(let layers, let a, let s, let suggestedActivation, let suggestedInit):
            return
                "\(layers.phrase) use \(activationText(a)) with \(initSchemeText(s)): try \(activationText(suggestedActivation)) with \(initSchemeText(suggestedInit)) (the ReLU family passes gradients at full strength for positive inputs)"
        case .matchInit(let layers, let a, let s, let suggested):
            return
                "\(layers.phrase) use \(activationText(a)) with \(initSchemeText(s)): try \(initSchemeText(suggested)), matched to \(activationText(a)) so each layer keeps its signal's variance"
        case .addBatchNorm:
            return
                "add batchnorm() after each hidden dense layer, so every layer sees inputs of mean 0 and variance 1"
        case .addResidualBlocks:
            return
                "wrap pairs of hidden layers in residual { } blocks: the skip path carries the gradient past them unchanged"
        case .useFewerLayers(let hidden, let suggested):
            return
                "use fewer layers: \(hidden) hidden layers now; try \(suggested.lowerBound) or \(suggested.upperBound)"
        case .clipByNorm(let threshold):
            return
                "clip the gradients: clip_norm: \(decimal(threshold)) rescales any step whose global gradient norm exceeds \(formatNumber(threshold))"
        case .clipByNormInsteadOfValue(let threshold, let value):
            return
                "clip by norm instead of by value: clip_norm: \(decimal(threshold)) (clip_value \(formatNumber(value)) lets the norm grow with the layer size)"
        case .lowerLearningRate(let change):
            guard let from = change.from, let to = change.to else {
                return "lower the learning rate (by \(formatNumber(change.factor))x)"
            }
            return
                "lower the learning rate: lr \(NumberText.compact(from)) → \(NumberText.compact(to))"
        case .raiseLearningRate(let change):
            guard let from = change.from, let to = change.to else {
                return "raise the learning rate (by \(formatNumber(change.factor))x)"
            }
            return
                "raise the learning rate: lr \(NumberText.compact(from)) → \(NumberText.compact(to))"
        case .raiseLearningRateOrUseAdam(let change, let adam):
            let raise =
                change.from.flatMap { from in
                    change.to.map {
                        " (lr \(NumberText.compact(from)) → \(NumberText.compact($0)))"
                    }
                } ?? " (by \(formatNumber(change.factor))x)"
            return
                "if no other finding applies: raise the learning rate\(raise) or use adam(lr: \(NumberText.compact(adam)))"
        case .addL2(let strength):
            return
                "add L2 weight regularization: l2: \(NumberText.compact(strength)) pulls the weights toward 0 every step"
        case .restartBiases(let layers, let biasInit, let suggested):
            return
                "\(layers.phrase) start their biases at \(initSchemeText(biasInit)), which puts most inputs below 0: start them at \(initSchemeText(suggested))\(suggested == .zeros ? " (the default)" : "")"
        case .keepNegativeGradient(let layers, let a, let alternatives):
            return
                "\(layers.phrase) use \(activationText(a)): try \(alternatives.map(\.name).joined(separator: " or ")), which keep a gradient for negative inputs so units can recover"
        case .lookAtOtherFindings:
            return
                "look at the other findings for the cause; a network that learns nothing from its inputs keeps predicting the average"
        case .makeClippingASafetyNet:
            return
                "clipping now sets every step's size: lower the learning rate, or fix what makes the gradients large (init, normalization), so clipping is only a safety net"
        case .useLinearOutput(let layer, let a, let separate, let loss, let expected):
            let change =
                separate
                ? "remove \(layer) (\(activationText(a))) after the output layer"
                : "drop act: \(activationText(a)) from the output layer \(layer)"
            switch expected {
            case .logits(let squashing):
                return
                    "\(change), so the model outputs raw scores (logits): \(loss) applies \(squashing.rawValue) itself"
            case .probabilities(let squashing):
                let onLogits = loss.prefix { $0 != "(" }
                let make =
                    a == .identity && !separate
                    ? "give the output layer \(layer) act: \(squashing.rawValue)"
                    : "\(change) and end the model with \(squashing.rawValue)"
                return
                    "make the outputs probabilities the way \(loss) expects: \(make); or keep raw scores and use \(onLogits)(), which applies \(squashing.rawValue) itself"
            case .values:
                return
                    "\(change), so the outputs can reach the targets (or scale the targets into \(a.name)'s range)"
            }
        case .replaceOneUnitSoftmax(let layer, let separate):
            let change =
                separate
                ? "replace \(layer) (softmax) with sigmoid"
                : "use act: sigmoid in the output layer \(layer)"
            return
                "\(change): one output is one probability, of the positive class (or give the output layer one unit per class, and keep softmax)"
        case .independentOutputs(let layer, let separate):
            let change =
                separate
                ? "replace \(layer) (softmax) with sigmoid"
                : "use act: sigmoid in the output layer \(layer)"
            return
                "\(change), so each output is a probability of its own (several labels can be 1 at once), and train with bce(from_logits: false); or drop the activation for real-valued targets"
        case .oneOutputPerClass(let k):
            return
                "give the output layer one unit per class, dense(\(k)), and train on the targets as class labels with cross_entropy (csv(..., classes: \(k)) reads the target column as labels)"
        case .standardizeInputs(let columns):
            let named =
                columns.prefix(3).joined(separator: ", ") + (columns.count > 3 ? ", ..." : "")
            return
                "standardize the inputs (\(named)): start the model with batchnorm(), which rescales each column to mean 0 and std 1, or write each column as (x − mean) / std before loading the data"
        case .standardizeTargets(let mean, let std):
            let m = NumberText.compact(mean)
            let s = NumberText.compact(std)
            return
                "standardize the targets before loading them, (y − \(m)) / \(s), and read the predictions back as ŷ × \(s) + \(m)"
        case .rescaleTargets(let loss, let low, let high, let alternative):
            return
                "\(loss) needs targets in [\(formatNumber(low)), \(formatNumber(high))]: rescale them into it, or use \(alternative) for real-valued targets"
        case .useUsualLearningRate(let optimizer, let from, let to):
            return
                "use \(optimizer)'s usual rate: \(optimizer)(lr: \(NumberText.compact(to))) instead of lr \(NumberText.compact(from))"
        case .scaleRateToGradients(let optimizer, let from, let to, let layer):
            return
                "scale the rate to these gradients: \(optimizer)(lr: \(NumberText.compact(to))) instead of lr \(NumberText.compact(from)) makes the first steps change \(layer)'s weights by about a tenth of their size"
        case .breakSymmetry(let layers, let s, let suggested):
            return
                "\(layers.phrase) start with \(initSchemeText(s)): use a random init, \(initSchemeText(suggested)), so the units start different and can learn different features"
        }
    }

    /// A number as a decimal with a point, as the remedies write a clip norm: 1.0.
    private static func decimal(_ x: Double) -> String { "\(x)" }

    /// A finding's evidence: its sentences, then any clipping telemetry it carries.
    static func evidence(_ f: Finding) -> [String] {
        f.evidence + (f.clipping.map(clipping) ?? [])
    }

    /// Clipping telemetry in sentences.
    static func clipping(_ t: ClippingTelemetry) -> [String] {
        var setting = "clipping"
        switch t.clipping {
        case .norm(let c)?: setting = "clip_norm \(NumberText.plain(c))"
        case .value(let c)?: setting = "clip_value \(NumberText.plain(c))"
        case nil: break
        }
        let share = t.steps > 0 ? Double(t.fired) / Double(t.steps) : 0
        var out = [
            "\(setting) fired on \(t.fired) of \(t.steps) steps (\(NumberText.percent(share)))"
        ]
        if let m = t.medianNorm, let p = t.p90Norm, let x = t.maxNorm {
            out.append(
                "pre-clip global gradient norm: median \(NumberText.compact(m)), 90th percentile \(NumberText.compact(p)), largest \(NumberText.compact(x))"
            )
        }
        if let top = t.topLayer {
            out.append(
                "\(top.name) contributes most to the norm: \(NumberText.percent(top.share)) of Σ‖∇W‖² over the run"
            )
        }
        return out
    }

    /// A measurement under "also measured", in sentences.
    static func observation(_ o: Observation) -> [String] {
        switch o {
        case .clipping(let t):
            return clipping(t)
        case .residualFlow(let layer, let f):
            return [
                "\(layer): \(NumberText.percent(f.skipShare)) of the gradient reaching its input comes through the skip path (skip ‖g‖ \(NumberText.compact(f.skipNorm)), branch \(NumberText.compact(f.branchNorm)))"
            ]
        case .batchNormGap(let g):
            return [
                "\(g.layer ?? "the output"): train-mode and eval-mode outputs differ by \(NumberText.percent(g.relative)) on this data (‖y_train − y_eval‖ / ‖y_train‖)"
            ]
        case .learning(let l):
            return [learning(l)]
        case .finding(let f, let beforeTraining):
            let why: String
            switch (beforeTraining, f.kind) {
            case (false, _): why = "not a problem: the run learns"
            case (true, .deadReLU):
                why = "layers only partly dead, which training usually revives"
            case (true, _): why = "too mild to predict a problem"
            }
            let lines = evidence(f)
            guard let first = lines.first else { return ["\(f.kind.title) (\(why))"] }
            return ["\(f.kind.title) (\(why)): \(first)"] + lines.dropFirst().map { "  " + $0 }
        case .initialTrend(let trend):
            return initialTrend(trend)
        }
    }

    /// Why a run's gradient findings are measurements: how it learns.
    static func learning(_ l: LearningProgress) -> String {
        let c = NumberText.compact
        let span =
            l.pointsAreEpochs
            ? "\(l.window) epoch\(l.window == 1 ? "" : "s")"
            : "\(l.stepsPerWindow) step\(l.stepsPerWindow == 1 ? "" : "s")"
        var loss = ""
        if let recent = l.recentLoss, let baseline = l.baseline {
            loss =
                "the loss over the last \(span) is \(c(recent)), \(c(recent / baseline)) × the \(c(baseline)) of always predicting the training \(l.baselinePrediction)"
            if let previous = l.previousLoss, l.verdict == .learning {
                loss += ", down from \(c(previous)) over the \(span) before"
            }
        }
        let accuracy = l.recentAccuracy.map { "accuracy \(c($0))" }
        let numbers = [loss.isEmpty ? nil : loss, accuracy].compactMap { $0 }.joined(
            separator: "; ")
        switch l.verdict {
        case .learned:
            return "the run learned: \(numbers)"
        case .learning:
            return "the run is still learning at a good pace: \(numbers)"
        case .tooEarly:
            return "too early in the run to judge learning: \(numbers)"
        case .impaired, .unknown:
            return numbers
        }
    }

    /// Before training: the trend across depth that was too mild to predict
    /// exploding or vanishing gradients.
    static func initialTrend(_ trend: InitialTrend) -> [String] {
        let c = NumberText.compact
        var out = [
            "before training, the gradient norm changes ×\(c(trend.firstToLast)) from the last dense layer to the first (fitted across \(trend.denseLayers) dense layers, it \(DepthTrendText.perLayer(trend.perLayer)))"
        ]
        if let first = trend.activationFirst, let last = trend.activationLast, first.std > 0 {
            out.append(
                "the hidden activations' std goes from \(c(first.std)) at \(first.name) to \(c(last.std)) at \(last.name) (×\(c(last.std / first.std)))"
            )
        }
        out.append(
            "too mild to predict exploding or vanishing gradients, which take a gradient norm changing ×\(c(trend.gradientLimit)) or more from the last dense layer to the first across \(trend.compoundingLayers) or more dense layers, or the activations' std ×\(c(trend.activationLimit)) across \(trend.compoundingLayers) or more hidden layers: training absorbs less"
        )
        return out
    }

    /// Every observation of a report, in sentences.
    static func observations(_ report: DiagnosisReport) -> [String] {
        report.observations.flatMap(observation)
    }
}
