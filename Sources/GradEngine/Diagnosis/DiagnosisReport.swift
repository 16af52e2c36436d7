/// What `diagnose` reports: the findings, each layer's health, and side
/// observations (clipping telemetry, residual skip shares, batch-norm
/// train/eval gaps).
public struct DiagnosisReport: Sendable {
    public var findings: [Finding]
    /// Every layer's health, aligned with `Network.namedLayers`: the per-layer
    /// findings that name it. Health marks in tables are drawn from it.
    public var health: [LayerHealth]
    /// Measurements worth reading that are not problems in themselves.
    public var observations: [Observation]

    /// The short names found, in the order of `Finding.Kind.allCases`.
    public var names: [String] { findings.map(\.kind.rawValue) }

    /// This report with the findings of the checks before training added: in
    /// the order of `Finding.Kind.allCases`, and no longer `healthy` when there
    /// are any.
    public func including(_ program: [Finding]) -> DiagnosisReport {
        guard !program.isEmpty else { return self }
        var out = self
        out.findings = findings.filter { $0.kind != .healthy } + program
        let order = Finding.Kind.allCases
        out.findings.sort {
            (order.firstIndex(of: $0.kind) ?? 0) < (order.firstIndex(of: $1.kind) ?? 0)
        }
        return out
    }
}
