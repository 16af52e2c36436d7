#if canImport(Glibc)
    import Glibc
#endif

/// The findings that name layers: vanishing, exploding, dead ReLUs, saturation.
extension Checks {
    /// `layers` are those the judgement calls vanishing. Evidence: how small
    /// their gradients are, the depth trend, and at initialization a forward
    /// signal that fades layer by layer (which starves every gradient).
    func vanishing(_ layers: [String], explainedByDead: Bool) -> Finding? {
        guard dense.count >= 2, let top = dense.max(by: { $0.norm < $1.norm }), top.norm > 0,
            top.norm.isFinite
        else { return nil }
        var evidence: [String] = []
        let small = dense.filter { layers.contains($0.name) }
        if let worst = small.min(by: { $0.norm < $1.norm }) {
            let which =
                small.count == 1
                ? "\(worst.name): ‖∇W‖ \(c(worst.norm))"
                : "\(LayerGroup(small.map(\.name), within: dense.map(\.name)).phrase): ‖∇W‖ down to \(c(worst.norm)) at \(worst.name)"
            evidence.append(
                "\(which), \(c(worst.norm / top.norm)) of \(top.name)'s \(c(top.norm)) (below \(NumberText.plain(t.vanishing)))"
            )
            if let trend = fitDepthTrend(dense.map(\.norm)) {
                evidence.append(
                    "gradient norm \(DepthTrendText.perLayer(trend.perLayer)): \(c(trend.firstToLast)) from the last layer to the first"
                )
            }
        }
        if !explainedByDead, let fade = fadingSignal() { evidence.append(fade) }
        if !evidence.isEmpty, let start = firstStepGrowth() { evidence.append(start) }
        guard !evidence.isEmpty else { return nil }
        return Finding(
            kind: .vanishing, layers: small.map(\.name), evidence: evidence,
            remedies: remedies.vanishing())
    }

    /// How many times the output layer's ‖∇W‖ the first dense layer's must be
    /// at a run's first step for the evidence to say the gradient grew toward
    /// the input then: one decade, a change no reader would call noise.
    static let firstStepGrowthShown = 10.0

    /// A run's first step, when the gradient grew toward the input by
    /// `firstStepGrowthShown`× or more from the output layer to the first
    /// (the mark of weights started too large), as a sentence. A vanishing or
    /// saturation finding judges the recent steps; this says how the run began,
    /// which those steps no longer show.
    func firstStepGrowth() -> String? {
        guard let h = history, h.steps > 0, let first = profile.dense.first?.name,
            let last = profile.dense.last?.name, first != last,
            let i = h.layerNames.firstIndex(of: first), let j = h.layerNames.firstIndex(of: last),
            i < h.layerGradientNorms.count, j < h.layerGradientNorms.count
        else { return nil }
        let a = Double(h.layerGradientNorms[i])
        let b = Double(h.layerGradientNorms[j])
        guard a.isFinite, b.isFinite, b > 0, a / b >= Self.firstStepGrowthShown else { return nil }
        return
            "at the first step the gradient grew toward the input: \(first)'s ‖∇W‖ was \(c(a / b))× the output layer \(last)'s (\(c(a)) against \(c(b)))"
    }

    /// At initialization: hidden activations whose std shrinks by
    /// `activationGrowth`× or more from the first hidden layer to the last.
    func fadingSignal() -> String? {
        guard atInitialization, let (first, last, _) = hiddenActivationSpread(), first.std > 0,
            last.std * t.activationGrowth <= first.std
        else { return nil }
        return
            "activation std shrinks from \(c(first.std)) at \(first.name) to \(c(last.std)) at \(last.name) (×\(c(last.std / first.std))): the signal fades before the output"
    }

    /// `layers` are those the judgement calls exploding (the non-finite layer
    /// first). Evidence: the non-finite step, the large grad:data ratios, and the
    /// signals of the whole network or run (`explodingSignals`).
    func exploding(_ layers: [String]) -> Finding? {
        var evidence: [String] = []
        if let report = nonFinite { evidence.append("the run went non-finite: \(report)") }
        let large = largeGradToData
        if let worst = large.max(by: { ($0.gradToData ?? 0) < ($1.gradToData ?? 0) }),
            let r = worst.gradToData
        {
            evidence.append(
                "\(LayerGroup(large.map(\.name), within: dense.map(\.name)).phrase): grad:data up to \(c(r)) at \(worst.name) (above \(NumberText.plain(t.exploding)): gradients larger than the weights)"
            )
        }
        evidence += explodingSignals()
        guard !evidence.isEmpty else { return nil }
        return Finding(
            kind: .exploding, layers: layers, evidence: evidence, remedies: remedies.exploding())
    }

    /// Exploding signals that no one layer's gradient shows: activations that
    /// grow through the network at initialization, gradients that grow toward
    /// the input, a loss or weight penalty that grows, a global norm that grows.
    func explodingSignals() -> [String] {
        var evidence: [String] = []
        if atInitialization, let (first, last, _) = hiddenActivationSpread(), first.std > 0,
            last.std / first.std >= t.activationGrowth
        {
            evidence.append(
                "activation std grows from \(c(first.std)) at \(first.name) to \(c(last.std)) at \(last.name) (×\(c(last.std / first.std)))"
            )
        }
        if dense.count >= 2, let trend = fitDepthTrend(dense.map(\.norm)),
            trend.firstToLast >= 1 / t.vanishing
        {
            evidence.append(
                "gradient norm grows toward the input: the first layer's is \(c(trend.firstToLast)) × the last layer's"
            )
        }
        if let h = history, h.steps >= 8, let baseline = profile.baselineLoss, baseline > 0 {
            let w = max(1, h.steps / 4)
            let penalties = zip(h.stepLoss, h.stepDataLoss).map { $0 - $1 }
            // A loss that grew to many times the baseline diverges; one that
            // started there (a loss that fights the output) does not.
            if let l = learning, l.diverging, let late = l.recentLoss, let first = l.initialLoss {
                evidence.append(
                    "the loss grew from \(c(first)) over the first steps to \(c(late)), \(c(late / baseline)) × the \(c(baseline)) of predicting the training \(l.baselinePrediction): the steps overshoot"
                )
            }
            // A weight penalty that grows by orders of magnitude from the first
            // step means weights that do (a large penalty that shrinks is only a
            // large init decaying).
            if let early = penalties.first, let late = mean(Array(penalties.suffix(w))),
                early > 0, late >= t.lossGrowth * early, late >= t.lossGrowth * baseline
            {
                evidence.append(
                    "the weight penalty grew from \(c(early)) to \(c(late)) (×\(c(late / early))): the weights themselves keep growing"
                )
            }
        }
        if let h = history, h.steps >= 8 {
            let w = max(1, h.steps / 8)
            let early = median(Array(h.stepGradientNorm.prefix(w)))
            let late = median(Array(h.stepGradientNorm.suffix(w)))
            if let early, let late, early > 0, late / early >= t.normGrowth {
                evidence.append(
                    "the global gradient norm grew from \(c(early)) to \(c(late)) (×\(c(late / early))) over \(h.steps) steps"
                )
            }
        }
        return evidence
    }

    /// `layers` are those the judgement calls dead.
    func deadReLUs(_ layers: [String]) -> Finding? {
        guard !layers.isEmpty else { return nil }
        let evidence = views.filter { layers.contains($0.name) }.map { v in
            "\(v.name): \(NumberText.percent(v.statistics.activation?.dead ?? 0)) of its units output 0 for every sample"
        }
        return Finding(
            kind: .deadReLU, layers: layers, evidence: evidence,
            remedies: remedies.deadReLUs(layers))
    }

    /// `layers` are those the judgement calls saturated.
    func saturation(_ layers: [String], tellingTheStart: Bool) -> Finding? {
        guard !layers.isEmpty else { return nil }
        var evidence = views.filter { layers.contains($0.name) }.map { v -> String in
            let share = NumberText.percent(v.statistics.activation?.saturated ?? 0)
            guard let a = v.activation, let limits = a.saturationLimits else {
                return "\(v.name): \(share) of outputs saturated"
            }
            let range =
                limits.low == -limits.high
                ? "|\(a.name)| > \(c(limits.high))"
                : "\(a.name) < \(c(limits.low)) or > \(c(limits.high))"
            // hard_sigmoid's derivative is not told by its output (`slope(atOutput:)`).
            guard let low = a.slope(atOutput: limits.low), let high = a.slope(atOutput: limits.high)
            else { return "\(v.name): \(share) of outputs saturated (\(range))" }
            let slope = max(low, high)
            return
                "\(v.name): \(share) of outputs saturated (\(range)), where the derivative is below \(NumberText.plain(roundedUp(slope)))"
        }
        if tellingTheStart, let start = firstStepGrowth() { evidence.append(start) }
        return Finding(
            kind: .saturation, layers: layers, evidence: evidence,
            remedies: remedies.saturation())
    }

    /// `x` > 0 rounded up to one significant digit: 0.0591 → 0.06.
    private func roundedUp(_ x: Double) -> Double {
        guard x > 0, x.isFinite else { return x }
        let scale = pow(10, -(log10(x).rounded(.down)))
        return (x * scale).rounded(.up) / scale
    }
}
