import GradEngine

extension DiagnosisText {
    /// The largest |value| per layer over a non-finite run's last steps, as an
    /// indented table: one column per step, the failed one last; "—" where a
    /// step did not get that far.
    static func trail(_ t: MagnitudeTrail) -> [String] {
        guard let failed = t.steps.last else { return [] }
        let finished = t.steps.dropLast()
        let span =
            finished.count == 1
            ? "step \(finished[finished.startIndex])"
            : "steps \(finished.first ?? 0)–\(finished.last ?? 0)"
        var lines = [
            "  largest |value| per layer over \(span) and the failed step \(failed) (weights after each step's update):"
        ]
        let nameWidth = max(5, t.rows.map(\.layer.count).max() ?? 0) + 2
        let valueWidth = 11
        let cellWidth = max(9, t.steps.map { "step \($0)".count }.max() ?? 0) + 1
        func pad(_ s: String, _ width: Int) -> String {
            s.count >= width ? s + " " : s + String(repeating: " ", count: width - s.count)
        }
        var header = "    " + pad("layer", nameWidth) + pad("value", valueWidth)
        header += t.steps.map { pad("step \($0)", cellWidth) }.joined()
        lines.append(trimmed(header))
        var previous = ""
        for row in t.rows {
            let name = row.layer == previous ? "" : row.layer
            previous = row.layer
            var line = "    " + pad(name, nameWidth) + pad(row.quantity.rawValue, valueWidth)
            line += row.values.map { pad($0.map(NumberText.compact) ?? "—", cellWidth) }.joined()
            lines.append(trimmed(line))
        }
        return lines
    }

    private static func trimmed(_ s: String) -> String {
        var s = s
        while s.hasSuffix(" ") { s.removeLast() }
        return s
    }
}
