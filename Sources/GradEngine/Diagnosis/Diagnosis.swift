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
        var report = Checks(
            profile: profile, views: views, history: history, thresholds: thresholds
        ).report().including(history.programFindings)
        guard let risk = history.divergenceRisk else { return report }
        // divergence_risk is a prediction: a run that then learned refutes it,
        // and it is kept as a measurement, as the gradient findings are.
        let learning = LearningProgress(history, profile: profile, thresholds: thresholds)
        if learning.impaired { return report.including([risk]) }
        let measuredAlready = report.observations.contains {
            if case .learning = $0 { return true }
            return false
        }
        let measured: [Observation] =
            (measuredAlready ? [] : [.learning(learning)]) + [.finding(risk, beforeTraining: false)]
        let at =
            report.observations.firstIndex {
                switch $0 {
                case .learning, .initialTrend, .finding: false
                default: true
                }
            } ?? report.observations.count
        report.observations.insert(contentsOf: measured, at: at)
        return report
    }

    /// The checks of a program before training (`output_activation`,
    /// `target_range`, `unscaled_inputs`, `learning_rate`, `poor_init`): what
    /// `network` would meet training on `data` with `loss` and `optimizer`
    /// (nil: not chosen yet, so the rate is not checked). They read the
    /// network's layers and weights, the data and the settings; `gradients`,
    /// one pass without an update aligned with `network.namedLayers`, lets an
    /// SGD rate be judged by the step it makes (`Diagnosis.probeGradients`),
    /// after `clipping`.
    public static func program<S>(
        network: Network<S>, data: Dataset<S>, loss: Loss, optimizer: Optimizer<S>.Kind?,
        thresholds: DiagnosisThresholds = .init(), gradients: [LayerStatistics]? = nil,
        clipping: Clipping? = nil
    ) -> [Finding] {
        ProgramChecks(
            network: network, data: data, loss: loss, optimizer: optimizer,
            thresholds: thresholds, gradients: gradients, clipping: clipping
        ).findings()
    }

    /// The gradients of one pass over `data` (at most `probeSamples` of it,
    /// evenly spaced) without an update, for the checks before training: nil
    /// unless `optimizer` steps by the gradient's size (SGD), or when the pass
    /// fails (the first step then reports why). Its own random generator, so
    /// that the run's dropout masks do not change; batch norm's running
    /// statistics do not move.
    public static func probeGradients<S>(
        network: Network<S>, data: Dataset<S>, loss: Loss, optimizer: Optimizer<S>.Kind
    ) -> [LayerStatistics]? {
        guard optimizer.learningRateScale == .gradient, data.count > 0 else { return nil }
        let n = min(data.count, probeSamples)
        let indices = (0..<n).map { $0 * data.count / n }
        var rng = RandomGenerator(seed: 0)
        guard let sample = try? (n == data.count ? data : data.subset(indices)),
            let stats = try? network.inspect(sample, loss: loss, rng: &rng)
        else { return nil }
        return stats
    }

    /// The samples `probeGradients` reads at most.
    static let probeSamples = 1024

    /// The findings of one pass: `statistics` aligned with `network.namedLayers`
    /// (from `Network.inspect` or `Network.currentStatistics`). `learning`, how
    /// the run that trained the network learned, decides (as for a run) which
    /// gradient findings are problems; without it they all are, except before
    /// training, where the predictions of `Checks+Initialization` apply.
    public static func pass<S>(
        _ statistics: [LayerStatistics], network: Network<S>, profile: RunProfile? = nil,
        thresholds: DiagnosisThresholds = .init(), learning: LearningProgress? = nil
    ) -> DiagnosisReport {
        Checks(
            profile: profile ?? RunProfile(network: network),
            views: LayerView.of(network, statistics),
            history: nil, thresholds: thresholds, learning: learning
        ).report()
    }
}
