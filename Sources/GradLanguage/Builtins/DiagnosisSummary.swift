import GradEngine

/// What `diagnose` shows, as parts (`Interpreter.diagnosisSummary`): the
/// text form lays them out as lines, notebooks as HTML with the marks coloured.
public struct DiagnosisSummary: Equatable, Sendable {
    /// One finding as shown.
    public struct Entry: Equatable, Sendable {
        /// Its mark: ✓ healthy, ↓ vanishing, ↑ exploding, ∅ dead, ✗ a check
        /// before training...
        public let mark: String
        /// "Vanishing gradients".
        public let title: String
        /// The step it was first seen at, when a run's history found it.
        public let step: Int?
        /// The measurements that found it, one line each.
        public let evidence: [String]
        /// What to try, each as `.grad` code or words.
        public let remedies: [String]
        /// Whether it says all is well (the `healthy` finding) rather than a problem.
        public let isHealthy: Bool
    }

    /// "Diagnosis: " and the findings' titles.
    public let heading: String
    public let entries: [Entry]
    /// What was measured that is not a finding (batch-norm gaps, clipping), one line each.
    public let observations: [String]
}

extension Interpreter {
    /// The marks of the findings; the checks before training share ✗ (the
    /// program is wrong), any other finding •.
    static let findingMarks: [Finding.Kind: String] = [
        .divergenceRisk: "»", .vanishing: "↓", .exploding: "↑", .deadReLU: "∅",
        .saturation: "≈", .plateau: "→",
        .unstableUpdates: "±", .oscillation: "∿", .clippingActive: "✂", .healthy: "✓",
    ]

    /// `report` as the parts `diagnose` shows.
    public func diagnosisSummary(_ report: DiagnosisReport) -> DiagnosisSummary {
        DiagnosisSummary(
            heading: "Diagnosis: " + report.findings.map(\.kind.title).joined(separator: ", "),
            entries: report.findings.map { f in
                DiagnosisSummary.Entry(
                    mark: Interpreter.findingMarks[f.kind] ?? (f.kind.isProgramCheck ? "✗" : "•"),
                    title: f.kind.title, step: f.step, evidence: DiagnosisText.evidence(f),
                    remedies: f.remedies.map(DiagnosisText.remedy), isHealthy: f.kind == .healthy)
            },
            observations: DiagnosisText.observations(report))
    }
}
