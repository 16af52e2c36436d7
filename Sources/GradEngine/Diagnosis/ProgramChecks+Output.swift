#if canImport(Glibc)
    import Glibc
#endif

/// `output_activation` and `target_range`: what the outputs can be, against
/// what the loss expects and what the targets are.
extension ProgramChecks {
    /// The output activation fights the loss: it confines logits the loss
    /// needs free, gives no probabilities (or the wrong kind) to a loss that
    /// takes them, squeezes several classes into one sigmoid output, or cannot
    /// reach the regression targets.
    func outputActivation(classCodes: Int?) -> Finding? {
        guard let out = output else { return nil }
        let a = out.activation
        let remedy = Remedy.useLinearOutput(
            layer: out.layer, activation: a, separateLayer: out.separateLayer,
            loss: lossName, expected: loss.expectedInput)
        // Softmax over one output is e^z / e^z = 1 whatever z: constant, with
        // no gradient for anything below it.
        if a == .softmax, network.outputs == 1 {
            return Finding(
                kind: .outputActivation, layers: [out.layer],
                evidence: [
                    "\(out.place) puts its single output through softmax, which over one unit is always 1 (e^z / e^z): the output never changes and no gradient reaches the layers below"
                ],
                remedies: [
                    .replaceOneUnitSoftmax(layer: out.layer, separateLayer: out.separateLayer)
                ])
        }
        // A loss that scores each output on its own (bce) tells two classes apart.
        let scoredOneByOne: Bool
        switch loss.expectedInput {
        case .logits(.sigmoid), .probabilities(.sigmoid): scoredOneByOne = true
        case .logits(.softmax), .probabilities(.softmax), .values: scoredOneByOne = false
        }
        if let k = classCodes, a.probabilities == .sigmoid || scoredOneByOne {
            let through = scoredOneByOne ? "scored by \(lossName)" : "through \(a.name)"
            return Finding(
                kind: .outputActivation, layers: [out.layer],
                evidence: [
                    "the targets are the \(k) integers 0 to \(k - 1), class labels, but the model has one output \(through), which can tell only two classes apart"
                ], remedies: [.oneOutputPerClass(classes: k)])
        }
        var evidence: [String]
        switch loss.expectedInput {
        case .logits(let squashing):
            guard !a.coversTheRealLine else { return nil }
            evidence = logitsEvidence(out, squashing: squashing)
        case .probabilities(let squashing):
            guard a.probabilities != squashing else { return nil }
            let made =
                a == .identity
                ? "leaves the outputs as raw scores of any sign and size"
                : "puts the outputs through \(a.name), \(a.probabilities == nil ? "which does not make probabilities" : "which makes another kind")"
            evidence = [
                "\(lossName) takes probabilities made by \(squashing.rawValue), but \(out.place) \(made): the loss clips them into [1e-7, 1 − 1e-7], and those clipped get no gradient"
            ]
        case .values:
            if a == .softmax, let rows = targetRowsNotSummingToOne() {
                return Finding(
                    kind: .outputActivation, layers: [out.layer],
                    evidence: [
                        "\(out.place) puts the outputs through softmax, which makes each sample's \(network.outputs) outputs sum to 1, but \(NumberText.percent(rows.share)) of the target rows sum to something else (from \(c(rows.low)) to \(c(rows.high))): \(lossName) can never reach them"
                    ],
                    remedies: [
                        .independentOutputs(layer: out.layer, separateLayer: out.separateLayer)
                    ])
            }
            guard let outside = unreachableTargets(a) else { return nil }
            evidence = [
                "\(out.place) puts the outputs through \(a.name), which keeps them \(rangeText(a)), but \(NumberText.percent(outside.share)) of the targets lie outside it (they range from \(c(outside.low)) to \(c(outside.high))): \(lossName) can never reach them"
            ]
        }
        return Finding(
            kind: .outputActivation, layers: [out.layer], evidence: evidence, remedies: [remedy])
    }

    /// What confining logits does to a loss that squashes them itself.
    private func logitsEvidence(_ out: OutputActivation, squashing: LossInput.Squashing)
        -> [String]
    {
        let a = out.activation
        let (lo, hi) = a.outputRange
        var first =
            "\(lossName) takes logits, raw scores of any sign and size, and applies \(squashing.rawValue) itself, but \(out.place) puts the outputs through \(a.name) first, which keeps them \(rangeText(a))"
        if let made = a.probabilities {
            let how =
                made == squashing
                ? "\(made.rawValue) twice" : "\(made.rawValue), then \(squashing.rawValue)"
            first += ": the probabilities are squashed twice (\(how))"
        }
        var second: String
        switch squashing {
        case .softmax:
            let k = Double(max(network.outputs, 2))
            if hi.isFinite && lo.isFinite {
                // Logits at most hi − lo apart: the best a class gets is
                // e^hi / (e^hi + (k − 1)·e^lo).
                let best = 1 / (1 + (k - 1) * exp(-(hi - lo)))
                second =
                    "the logits can differ by at most \(c(hi - lo)), so no class can get a probability above \(c(best)): the loss cannot fall below \(c(-log(best)))"
                if let baseline = loss.baseline(data) {
                    second += " (predicting the class frequencies gives \(c(baseline)))"
                }
            } else if a.canDie {
                second =
                    "a logit pushed below 0 is cut to 0, where \(a.name) passes no gradient: an output stuck there stops learning"
            } else {
                second =
                    "no logit can go below \(c(lo)), so a class can be ruled out only by raising the others"
            }
        case .sigmoid:
            let low = 1 / (1 + exp(-lo))
            let high = 1 / (1 + exp(-hi))
            if low >= 0.5 {
                second =
                    "bce's sigmoid then gives class 1 a probability of at least \(c(low)): class 0 can never be predicted"
            } else {
                second =
                    "bce's sigmoid then gives class 1 a probability between \(c(low)) and \(c(high)): it can never be confident"
            }
        }
        return [first, second]
    }

    /// An activation's output range in words: "in (0, 1)", "at or above 0".
    func rangeText(_ a: Activation) -> String {
        let (lo, hi) = a.outputRange
        if lo.isFinite && hi.isFinite { return "in (\(c(lo)), \(c(hi)))" }
        if lo.isFinite { return lo == 0 && a.canDie ? "at or above 0" : "above \(c(lo))" }
        if hi.isFinite { return "below \(c(hi))" }
        return "anywhere"
    }

    /// The share of targets a bounded or one-sided activation cannot reach, and
    /// the targets' extremes, when it is at least 1%. A target counts as out of
    /// reach beyond a margin: a tenth of the range's width, or of the targets'
    /// std for a one-sided range (noise around a bound is not a mismatch).
    /// For targets of several columns: the share of rows whose sum is not 1
    /// (what softmax's outputs always sum to), and the range of those sums.
    func targetRowsNotSummingToOne() -> (share: Double, low: Double, high: Double)? {
        guard case .values(let y) = data.targets, y.columns >= 2, y.rows > 0 else { return nil }
        var off = 0
        var (low, high) = (Double.infinity, -Double.infinity)
        for r in 0..<y.rows {
            var sum = 0.0
            for c in 0..<y.columns { sum += Double(y.base[r * y.columns + c]) }
            low = min(low, sum)
            high = max(high, sum)
            if abs(sum - 1) > 0.01 { off += 1 }
        }
        let share = Double(off) / Double(y.rows)
        return share >= 0.01 ? (share, low, high) : nil
    }

    func unreachableTargets(_ a: Activation) -> (share: Double, low: Double, high: Double)? {
        guard !a.coversTheRealLine, case .values(let y) = data.targets, let s = targets,
            y.count > 0
        else { return nil }
        let (lo, hi) = a.outputRange
        var outside = 0
        for c in 0..<y.columns {
            let margin = 0.1 * (lo.isFinite && hi.isFinite ? hi - lo : s.std[c])
            for r in 0..<y.rows {
                let v = Double(y.base[r * y.columns + c])
                if v < lo - margin || v > hi + margin { outside += 1 }
            }
        }
        let share = Double(outside) / Double(y.count)
        guard share >= 0.01 else { return nil }
        return (share, s.minimum.min() ?? 0, s.maximum.max() ?? 0)
    }

    /// Targets the loss cannot use as they are: bce's outside [0, 1], or
    /// regression targets far from unit scale.
    func targetRange(classCodes: Int?) -> Finding? {
        guard let s = targets else { return nil }
        switch loss.expectedInput {
        case .logits(.sigmoid), .probabilities(.sigmoid):
            // Class labels read as values are output_activation's finding.
            guard classCodes == nil, let low = s.minimum.min(), let high = s.maximum.max(),
                low < 0 || high > 1
            else { return nil }
            return Finding(
                kind: .targetRange,
                evidence: [
                    "\(lossName) compares each output with a probability in [0, 1], but the targets range from \(c(low)) to \(c(high))"
                ], remedies: [.rescaleTargets(loss: lossName, low: 0, high: 1, alternative: "mse")])
        case .values:
            let unscaled = (0..<s.count).filter { s.isUnscaled($0, limit: t.unscaledTargets) }
            guard
                let worst = unscaled.max(by: {
                    max(abs(s.mean[$0]), s.std[$0]) < max(abs(s.mean[$1]), s.std[$1])
                })
            else { return nil }
            let which = s.count == 1 ? "the targets have" : "target column \(worst + 1) has"
            let (m, sd) = (s.mean[worst], s.std[worst])
            return Finding(
                kind: .targetRange,
                evidence: [
                    "\(which) mean \(c(m)) and std \(c(sd)) (above \(NumberText.plain(t.unscaledTargets))), while a network starts with outputs of about unit size: the first \(lossName) is about \(c(m * m + sd * sd)), and its gradients as large"
                ], remedies: [.standardizeTargets(mean: m, std: sd)])
        case .logits(.softmax), .probabilities(.softmax):
            // Class labels outside the outputs never get here: Loss.validate refuses them.
            return nil
        }
    }
}
