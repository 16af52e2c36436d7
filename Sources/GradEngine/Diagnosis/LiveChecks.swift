/// The diagnosis of a run while it trains: when to check, and which findings
/// have been announced already.
///
/// A check runs after 32 steps, then whenever the steps since the last check
/// reach an eighth of the run so far (at least 16): about 8 + 8·ln(steps/64)
/// checks in all. Each reads only the recent window of the history, so the
/// cost per step stays flat. Each kind of finding is reported once. The checks
/// before training are not among them: `train` announces those before its
/// first step; nor is `divergence_risk`, which `DivergenceCheck` announces on
/// a schedule of its own.
public struct LiveChecks: Sendable {
    public let thresholds: DiagnosisThresholds
    private var announced = Set<Finding.Kind>()
    private var lastCheck = 0

    public init(thresholds: DiagnosisThresholds) { self.thresholds = thresholds }

    /// The findings that are new since the last check, with the step they were
    /// first seen at; empty between checks.
    public mutating func newFindings<S>(in history: History, network: Network<S>) -> [Finding] {
        let steps = history.steps
        guard steps >= 32, steps - lastCheck >= max(16, steps / 8) else { return [] }
        lastCheck = steps
        var fresh: [Finding] = []
        for var f in Diagnosis.run(history, network: network, thresholds: thresholds).findings
        where f.kind != .healthy && !f.kind.isProgramCheck && f.kind != .divergenceRisk
            && announced.insert(f.kind).inserted
        {
            f.step = steps
            fresh.append(f)
        }
        return fresh
    }
}
