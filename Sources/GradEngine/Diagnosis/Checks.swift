/// The checks over one set of inputs: the per-layer judgement and the findings
/// built from it.
struct Checks {
    let profile: RunProfile
    let views: [LayerView]
    let history: History?
    let t: DiagnosisThresholds
    let remedies: Remedies
    /// Per dense layer, in depth order: the recent median ‖∇W‖ and grad:data.
    let dense: [(name: String, norm: Double, gradToData: Double?)]

    /// Whether the run learns: from the history, or for one pass of a trained
    /// network, from the run that trained it (nil: not known).
    let learning: LearningProgress?

    init(
        profile: RunProfile, views: [LayerView], history: History?, thresholds: DiagnosisThresholds,
        learning: LearningProgress? = nil
    ) {
        self.profile = profile
        self.views = views
        self.history = history
        t = thresholds
        self.learning =
            history.map { LearningProgress($0, profile: profile, thresholds: thresholds) }
            ?? learning
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

    func report() -> DiagnosisReport {
        let judged = judge()
        var findings: [Finding] = []
        let dead = deadReLUs(judged.dead)
        if let f = dead { findings.append(f) }
        let exploding = self.exploding(judged.exploding)
        if let f = exploding { findings.append(f) }
        if let f = vanishing(judged.vanishing, explainedByDead: dead != nil) {
            findings.append(f)
        }
        // How the run began goes with the vanishing finding, or saturation's without one.
        if let f = saturation(
            judged.saturated, tellingTheStart: !findings.contains { $0.kind == .vanishing })
        {
            findings.append(f)
        }
        if exploding == nil, let f = plateau() { findings.append(f) }
        if let f = unstableUpdates(
            lowExplained: dead != nil || findings.contains { $0.kind == .vanishing })
        {
            findings.append(f)
        }
        if let f = oscillation() { findings.append(f) }
        if let f = clippingActive() { findings.append(f) }
        let (problems, measured, trend) = gate(findings)
        findings = problems
        let order = Finding.Kind.allCases
        findings.sort {
            (order.firstIndex(of: $0.kind) ?? 0) < (order.firstIndex(of: $1.kind) ?? 0)
        }
        if findings.isEmpty {
            findings = [Finding(kind: .healthy, evidence: healthyEvidence())]
        }
        func kinds(_ list: [Finding], naming layer: String) -> [Finding.Kind] {
            order.filter { kind in list.contains { $0.kind == kind && $0.layers.contains(layer) } }
        }
        // The clipping finding carries the telemetry itself.
        let clipping = findings.contains { $0.kind == .clippingActive }
        var observations: [Observation] = []
        if !measured.isEmpty {
            let before = atInitialization && !(learning.map { !$0.impaired } ?? false)
            if !before, let learning { observations.append(.learning(learning)) }
            if let trend { observations.append(.initialTrend(trend)) }
            observations += measured.map { .finding($0, beforeTraining: before) }
        }
        return DiagnosisReport(
            findings: findings,
            health: views.map {
                LayerHealth(
                    layer: $0.name, problems: kinds(findings, naming: $0.name),
                    observed: kinds(measured, naming: $0.name))
            },
            observations: observations + self.observations(includingClipping: !clipping))
    }

    /// Splits `findings` into problems and measurements that are not problems
    /// here: a run that learns keeps its gradient, update and swing findings as
    /// measurements; before training, growth or decay too mild to predict
    /// exploding or vanishing gradients is one (with the trend that shows it).
    func gate(_ findings: [Finding]) -> (
        problems: [Finding], measured: [Finding], trend: InitialTrend?
    ) {
        if let learning, !learning.impaired {
            return (
                findings.filter { !$0.kind.isGatedOnLearning },
                findings.filter { $0.kind.isGatedOnLearning }, nil
            )
        }
        guard atInitialization else { return (findings, [], nil) }
        var problems: [Finding] = []
        var measured: [Finding] = []
        for f in findings {
            switch f.kind {
            case .exploding where !explodingAtInitialization:
                measured.append(f)
            case .vanishing where !vanishingAtInitialization:
                measured.append(f)
            case .deadReLU where !deadAtInitialization:
                measured.append(f)
            default:
                problems.append(f)
            }
        }
        let mild = measured.contains { $0.kind == .exploding || $0.kind == .vanishing }
        return (problems, measured, mild ? initialTrend() : nil)
    }

    // MARK: the per-layer judgement

    /// Which layers are dead, saturated, exploding or vanishing: the one
    /// judgement both the per-layer findings and a table's health marks come from.
    ///
    /// - dead: a ReLU layer with more than `dead` of its units 0 for every sample;
    /// - saturated: a sigmoid, tanh, softsign or hard_sigmoid layer with more
    ///   than `saturated` of its outputs near its limits;
    /// - exploding: the layer where a run went non-finite, and every hidden dense
    ///   layer whose grad:data is above `exploding` (not the output layer's,
    ///   which is large at initialization whenever its inputs are);
    /// - vanishing: a dense layer whose ‖∇W‖ is below `vanishing` × the largest
    ///   dense layer's, when there are two or more; not a layer with no gradient
    ///   at all when dead units explain it, and beside exploding gradients only
    ///   below `absoluteVanishing` itself (1e12 against 1e19 is not vanishing).
    func judge() -> LayerJudgement {
        var j = LayerJudgement()
        j.dead = views.filter { v in
            v.activation?.canDie == true && (v.statistics.activation?.dead ?? 0) > t.dead
        }.map(\.name)
        // Not the output's activation: its outputs near 0 or 1 are confident
        // predictions (a sigmoid before bce passes p − y back, whatever its
        // slope), and targets it cannot reach are the target_range check's.
        let output = outputLayerIndex
        j.saturated = views.indices.filter { i in
            let v = views[i]
            return i < output && v.activation?.saturationLimits != nil
                && (v.statistics.activation?.saturated ?? 0) > t.saturated
        }.map { views[$0].name }
        var seen = Set<String>()
        j.exploding = ([nonFinite?.layer].compactMap { $0 } + largeGradToData.map(\.name))
            .filter { seen.insert($0).inserted }
        let explodingFound =
            nonFinite != nil || !largeGradToData.isEmpty || !explodingSignals().isEmpty
        j.vanishing =
            smallGradients(explainedByDead: !j.dead.isEmpty, exploding: explodingFound).map(\.name)
        return j
    }

    /// The index of the output layer in `views`: the last top-level dense
    /// layer; it and the activation layers after it make the output.
    var outputLayerIndex: Int {
        views.lastIndex { $0.isDense && $0.depth == 0 } ?? views.count
    }

    /// The report of a run that went non-finite.
    var nonFinite: NonFiniteReport? {
        if case .nonFinite(let report)? = history?.ending { return report }
        return nil
    }

    /// Hidden dense layers whose grad:data is above `exploding`.
    var largeGradToData: [(name: String, norm: Double, gradToData: Double?)] {
        let hiddenNames = Set(profile.hidden.map(\.name))
        return dense.filter {
            ($0.gradToData ?? 0) > t.exploding && hiddenNames.contains($0.name)
        }
    }

    /// Dense layers whose ‖∇W‖ is a tiny fraction of the largest dense layer's.
    func smallGradients(explainedByDead: Bool, exploding: Bool) -> [(
        name: String, norm: Double, gradToData: Double?
    )] {
        guard dense.count >= 2, let top = dense.max(by: { $0.norm < $1.norm }), top.norm > 0,
            top.norm.isFinite
        else { return [] }
        return dense.filter {
            $0.norm < t.vanishing * top.norm && (!explainedByDead || $0.norm > 0)
                && (!exploding || $0.norm < Checks.absoluteVanishing)
        }
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
    /// before batch norm is rescaled by it.) `layers` counts them.
    func hiddenActivationSpread() -> (
        first: (name: String, std: Double), last: (name: String, std: Double), layers: Int
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
        return (first, last, stds.count)
    }

    func c(_ x: Double) -> String { NumberText.compact(x) }

    /// Residual skip shares, and the clipping telemetry of a run that clipped.
    func observations(includingClipping: Bool) -> [Observation] {
        var out: [Observation] = []
        if includingClipping, let h = history, profile.clipping != nil, !h.stepClipped.isEmpty {
            out.append(.clipping(ClippingTelemetry(h, clipping: profile.clipping)))
        }
        for v in views {
            if let f = v.statistics.residualFlow, f.skipShare.isFinite {
                out.append(.residualFlow(layer: v.name, f))
            }
        }
        return out
    }
}
