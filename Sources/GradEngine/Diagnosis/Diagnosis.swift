/// Finds vanishing and exploding gradients and their companions in a training
/// run or in one forward/backward pass, with evidence and remedies.
///
/// The checks and their thresholds are described in docs/diagnosis.md. Each
/// check reads per-layer numbers: from the recent steps of a run when there is
/// one (medians, so one noisy batch does not decide), else from the one pass.
public enum Diagnosis {
    /// The findings of a training run. `network` is the network it trained
    /// (for the last step's per-layer statistics and the layer layout).
    public static func run<S>(
        _ history: History, network: Network<S>,
        thresholds: DiagnosisThresholds = .init()
    ) -> DiagnosisReport {
        let profile = history.profile ?? RunProfile(network: network)
        let views = LayerView.of(network, history.lastStep?.layers ?? [])
        var checks = Checks(
            profile: profile, views: views, history: history, thresholds: thresholds)
        return checks.report()
    }

    /// The findings of one pass: `statistics` aligned with `network.namedLayers`
    /// (from `Network.inspect`).
    public static func pass<S>(
        _ statistics: [LayerStatistics], network: Network<S>, profile: RunProfile? = nil,
        thresholds: DiagnosisThresholds = .init()
    ) -> DiagnosisReport {
        var checks = Checks(
            profile: profile ?? RunProfile(network: network),
            views: LayerView.of(network, statistics),
            history: nil, thresholds: thresholds)
        return checks.report()
    }
}

/// The checks over one set of inputs.
struct Checks {
    let profile: RunProfile
    let views: [LayerView]
    let history: History?
    let t: DiagnosisThresholds
    let remedies: Remedies
    /// Per dense layer, in depth order: the recent median ‖∇W‖ and grad:data.
    let dense: [(name: String, norm: Double, gradToData: Double?)]

    init(
        profile: RunProfile, views: [LayerView], history: History?, thresholds: DiagnosisThresholds
    ) {
        self.profile = profile
        self.views = views
        self.history = history
        t = thresholds
        remedies = Remedies(profile: profile)
        let denseNames = Set(profile.dense.map(\.name))
        if let h = history, let series = RecentSeries(h) {
            dense = h.layerNames.enumerated().compactMap { i, name in
                denseNames.contains(name)
                    ? (
                        name, series.median(\.layerGradientNorms, layer: i) ?? 0,
                        series.median(\.layerGradToData, layer: i)
                    ) : nil
            }
        } else {
            dense = views.compactMap { v in
                guard v.isDense, let g = v.statistics.gradient else { return nil }
                return (v.name, g.norm, v.statistics.gradToData)
            }
        }
    }

    mutating func report() -> DiagnosisReport {
        var findings: [Finding] = []
        let dead = deadReLUs()
        if let f = dead { findings.append(f) }
        let exploding = self.exploding()
        if let f = exploding { findings.append(f) }
        if let f = vanishing(explainedByDead: dead != nil, exploding: exploding != nil) {
            findings.append(f)
        }
        if let f = saturation() { findings.append(f) }
        if exploding == nil, let f = plateau() { findings.append(f) }
        if let f = unstableUpdates(
            lowExplained: dead != nil || findings.contains { $0.kind == .vanishing })
        {
            findings.append(f)
        }
        if let f = clippingActive() { findings.append(f) }
        let order = Finding.Kind.allCases
        findings.sort {
            (order.firstIndex(of: $0.kind) ?? 0) < (order.firstIndex(of: $1.kind) ?? 0)
        }
        if findings.isEmpty {
            findings = [Finding(kind: .healthy, evidence: healthyEvidence())]
        }
        // The clipping finding carries the telemetry itself.
        let clipping = findings.contains { $0.kind == .clippingActive }
        return DiagnosisReport(findings: findings, observations: clipping ? [] : observations())
    }

    private func c(_ x: Double) -> String { NumberText.compact(x) }

    // MARK: vanishing

    /// Layers whose gradient is a tiny fraction of the largest layer's. Next to
    /// exploding gradients that fraction can be small while the gradient itself
    /// is huge (1e12 against 1e19): there a layer must also be small in
    /// absolute terms, ‖∇W‖ < `Checks.absoluteVanishing`, to count.
    func vanishing(explainedByDead: Bool, exploding: Bool) -> Finding? {
        guard dense.count >= 2, let top = dense.max(by: { $0.norm < $1.norm }), top.norm > 0,
            top.norm.isFinite
        else { return nil }
        var evidence: [String] = []
        var layers: [String] = []
        let small = dense.filter {
            $0.norm < t.vanishing * top.norm && (!explainedByDead || $0.norm > 0)
                && (!exploding || $0.norm < Checks.absoluteVanishing)
        }
        if let worst = small.min(by: { $0.norm < $1.norm }) {
            let which =
                small.count == 1
                ? "\(worst.name): ‖∇W‖ \(c(worst.norm))"
                : "\(layerRange(small.map(\.name), within: dense.map(\.name))): ‖∇W‖ down to \(c(worst.norm)) at \(worst.name)"
            evidence.append(
                "\(which), \(c(worst.norm / top.norm)) of \(top.name)'s \(c(top.norm)) (below \(NumberText.plain(t.vanishing)))"
            )
            if let trend = fitDepthTrend(dense.map(\.norm)) {
                evidence.append(
                    "gradient norm ×\(c(trend.perLayer)) per layer going deeper: \(c(trend.firstToLast)) from the last layer to the first"
                )
            }
            layers = small.map(\.name)
        }
        // The forward mirror image: a signal that fades layer by layer starves every gradient.
        if !explainedByDead, atInitialization, let (first, last) = hiddenActivationSpread(),
            first.std > 0, last.std * t.activationGrowth <= first.std
        {
            evidence.append(
                "activation std shrinks from \(c(first.std)) at \(first.name) to \(c(last.std)) at \(last.name) (×\(c(last.std / first.std))): the signal fades before the output"
            )
            if layers.isEmpty { layers = [first.name, last.name] }
        }
        guard !evidence.isEmpty else { return nil }
        return Finding(
            kind: .vanishing, layers: layers, evidence: evidence, remedies: remedies.vanishing())
    }

    /// Beside exploding gradients, a layer is vanishing only below this ‖∇W‖.
    static let absoluteVanishing = 1e-3

    /// Whether these statistics come from a network no optimizer has touched:
    /// the forward-signal checks apply there (a trained network may scale its
    /// activations on purpose).
    var atInitialization: Bool { history == nil && profile.optimizer == nil }

    /// The output std of the first and last hidden dense layers that feed the
    /// next layer directly, when there are two or more: top-level layers with
    /// an activation. (A residual sum's std grows by design, and a linear layer
    /// before batch norm is rescaled by it.)
    func hiddenActivationSpread() -> (
        first: (name: String, std: Double), last: (name: String, std: Double)
    )? {
        let hidden = Set(profile.hidden.map(\.name))
        let stds = views.compactMap { v -> (name: String, std: Double)? in
            guard v.isDense, v.depth == 0, v.activation != nil, v.activation != .identity,
                hidden.contains(v.name),
                let a = v.statistics.activation
            else { return nil }
            return (v.name, a.std)
        }
        guard stds.count >= 2, let first = stds.first, let last = stds.last else { return nil }
        return (first, last)
    }

    // MARK: exploding

    func exploding() -> Finding? {
        var evidence: [String] = []
        var layers: [String] = []
        if case .nonFinite(let report)? = history?.ending {
            evidence.append("the run went non-finite: \(report)")
            if let l = report.layer { layers.append(l) }
        }
        // Hidden layers: the output layer's ratio is large at init whenever its
        // inputs are large (sigmoid outputs near 0.5), without anything exploding.
        let hiddenNames = Set(profile.hidden.map(\.name))
        let large = dense.filter {
            ($0.gradToData ?? 0) > t.exploding && hiddenNames.contains($0.name)
        }
        if let worst = large.max(by: { ($0.gradToData ?? 0) < ($1.gradToData ?? 0) }),
            let r = worst.gradToData
        {
            evidence.append(
                "\(layerRange(large.map(\.name), within: dense.map(\.name))): grad:data up to \(c(r)) at \(worst.name) (above \(NumberText.plain(t.exploding)): gradients larger than the weights)"
            )
            layers += large.map(\.name)
        }
        if atInitialization, let (first, last) = hiddenActivationSpread(), first.std > 0,
            last.std / first.std >= t.activationGrowth
        {
            evidence.append(
                "activation std grows from \(c(first.std)) at \(first.name) to \(c(last.std)) at \(last.name) (×\(c(last.std / first.std)))"
            )
            layers += [first.name, last.name]
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
            if let late = mean(Array(h.stepDataLoss.suffix(w))), late >= t.lossGrowth * baseline {
                evidence.append(
                    "the loss ends at \(c(late)), \(c(late / baseline)) × the \(c(baseline)) of predicting the training \(profile.loss == "mse" ? "mean" : "class frequencies"): the steps overshoot"
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
        guard !evidence.isEmpty else { return nil }
        var seen = Set<String>()
        return Finding(
            kind: .exploding, layers: layers.filter { seen.insert($0).inserted },
            evidence: evidence,
            remedies: remedies.exploding())
    }

    // MARK: activations

    func deadReLUs() -> Finding? {
        let dead = views.filter { v in
            v.activation?.canDie == true && (v.statistics.activation?.dead ?? 0) > t.dead
        }
        guard !dead.isEmpty else { return nil }
        let evidence = dead.map { v in
            "\(v.name): \(NumberText.percent(v.statistics.activation?.dead ?? 0)) of its units output 0 for every sample"
        }
        return Finding(
            kind: .deadReLU, layers: dead.map(\.name), evidence: evidence,
            remedies: remedies.deadReLUs(dead.map(\.name)))
    }

    func saturation() -> Finding? {
        let saturated = views.filter { v in
            v.activation?.saturationLimits != nil
                && (v.statistics.activation?.saturated ?? 0) > t.saturated
        }
        guard !saturated.isEmpty else { return nil }
        let evidence = saturated.map { v -> String in
            let (limit, slope) =
                v.activation == .tanh
                ? ("|tanh| > 0.97", "0.06") : ("sigmoid < 0.03 or > 0.97", "0.03")
            return
                "\(v.name): \(NumberText.percent(v.statistics.activation?.saturated ?? 0)) of outputs saturated (\(limit)), where the derivative is below \(slope)"
        }
        return Finding(
            kind: .saturation, layers: saturated.map(\.name), evidence: evidence,
            remedies: remedies.saturation(saturated.map(\.name)))
    }

    // MARK: run-level checks

    func plateau() -> Finding? {
        guard let h = history, h.steps >= 50, let baseline = profile.baselineLoss, baseline > 0
        else { return nil }
        if case .nonFinite = h.ending { return nil }
        let w = max(1, h.steps / 4)
        let losses = h.stepDataLoss
        guard let late = mean(Array(losses.suffix(w))),
            let middle = mean(Array(losses[(h.steps / 2 - w / 2)..<(h.steps / 2 - w / 2 + w)])),
            late.isFinite, middle.isFinite
        else { return nil }
        guard late >= t.plateau * baseline, middle - late < 0.1 * middle else { return nil }
        let evidence = [
            "the loss stayed at \(c(late)) over the last \(w) steps, \(c(late / baseline)) × the \(c(baseline)) of always predicting the training \(profile.loss == "mse" ? "mean" : "class frequencies") (above \(NumberText.plain(t.plateau)))",
            "it fell \(NumberText.percent(max(0, (middle - late) / middle))) over the second half of the run",
        ]
        return Finding(kind: .plateau, evidence: evidence, remedies: remedies.plateau())
    }

    /// Updates far from ~1e-3 of the weights over most recent steps. Too-small
    /// updates that dead units or vanishing gradients explain are left to those findings.
    func unstableUpdates(lowExplained: Bool) -> Finding? {
        guard let h = history, h.steps >= 8, let series = RecentSeries(h),
            !h.layerUpdateToData.isEmpty
        else { return nil }
        // Dense weights only: a batch norm γ starts with every value 1, so its
        // spread, the ratio's denominator, is near 0 and the ratio meaningless.
        let denseNames = Set(profile.dense.map(\.name))
        let denseColumns = h.layerNames.indices.filter { denseNames.contains(h.layerNames[$0]) }
        var high = 0
        var low = 0
        var largest: [Double] = []
        for s in series.rows {
            let row = series.row(\.layerUpdateToData, s)
            let ratios = denseColumns.compactMap { $0 < row.count ? row[$0] : nil }.filter(
                \.isFinite)
            guard let m = ratios.max() else { continue }
            largest.append(m)
            if m > t.updateHigh { high += 1 } else if m < t.updateLow { low += 1 }
        }
        let n = series.rows.count
        guard let med = median(largest) else { return nil }
        if high * 2 > n {
            return Finding(
                kind: .unstableUpdates,
                evidence: [
                    "the largest layer update:data was above \(NumberText.plain(t.updateHigh)) in \(high) of the last \(n) steps (median \(c(med)); ~1e-3 is healthy)"
                ], remedies: remedies.lowerLearningRate())
        }
        if low * 2 > n && !lowExplained {
            return Finding(
                kind: .unstableUpdates,
                evidence: [
                    "even the largest layer update:data was below \(NumberText.plain(t.updateLow)) in \(low) of the last \(n) steps (median \(c(med)); ~1e-3 is healthy)"
                ], remedies: remedies.raiseLearningRate())
        }
        return nil
    }

    func clippingActive() -> Finding? {
        // The second half of the run: early steps often clip while the loss is large.
        guard let h = history, profile.clipping != nil, h.steps >= 64 else { return nil }
        let recent = h.stepClipped[(h.steps / 2)...]
        let fired = recent.filter { $0 }.count
        guard Double(fired) > t.clipping * Double(recent.count) else { return nil }
        return Finding(
            kind: .clippingActive,
            evidence: [
                "clipping fired on \(fired) of the last \(recent.count) steps (above \(NumberText.percent(t.clipping)))"
            ] + ClippingTelemetry(h, clipping: profile.clipping).lines,
            remedies: remedies.clippingActive())
    }

    func healthyEvidence() -> [String] {
        var lines: [String] = []
        if let top = dense.max(by: { $0.norm < $1.norm }),
            let low = dense.min(by: { $0.norm < $1.norm }), top.norm > 0
        {
            lines.append(
                "‖∇W‖ from \(c(low.norm)) (\(low.name)) to \(c(top.norm)) (\(top.name)): within ×\(c(top.norm / max(low.norm, .leastNonzeroMagnitude))) across \(dense.count) layers"
            )
        }
        if let h = history, let first = h.stepDataLoss.first, let last = h.stepDataLoss.last {
            lines.append("the loss went from \(c(first)) to \(c(last)) in \(h.steps) steps")
        }
        return lines
    }

    func observations() -> [String] {
        var out: [String] = []
        if let h = history, profile.clipping != nil, !h.stepClipped.isEmpty {
            out += ClippingTelemetry(h, clipping: profile.clipping).lines
        }
        return out
    }
}

/// The recent window of a run's per-step series: the last quarter of its
/// steps, at least 1 and at most 100.
struct RecentSeries {
    let history: History
    let layers: Int
    let rows: Range<Int>

    init?(_ h: History) {
        guard h.steps > 0 else { return nil }
        history = h
        layers = h.layerNames.count
        let w = min(100, max(1, h.steps / 4))
        rows = (h.steps - w)..<h.steps
    }

    /// One step's values of a per-layer series (empty when statistics were off).
    func row(_ series: KeyPath<History, [Float]>, _ step: Int) -> [Double] {
        let values = history[keyPath: series]
        guard layers > 0, values.count >= (step + 1) * layers else { return [] }
        return values[(step * layers)..<((step + 1) * layers)].map(Double.init)
    }

    /// The median over the window of one layer's finite values.
    func median(_ series: KeyPath<History, [Float]>, layer: Int) -> Double? {
        let values = history[keyPath: series]
        guard layers > 0, values.count >= rows.upperBound * layers else { return nil }
        return GradEngine.median(
            rows.map { Double(values[$0 * layers + layer]) }.filter(\.isFinite))
    }
}

func median(_ xs: [Double]) -> Double? {
    guard !xs.isEmpty else { return nil }
    let s = xs.sorted()
    return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
}

func mean(_ xs: [Double]) -> Double? {
    xs.isEmpty ? nil : xs.reduce(0, +) / Double(xs.count)
}
