import GradEngine

/// A health mark of the `grads` and `acts` tables, drawn from the health
/// diagnosis decides (`DiagnosisReport.health`): the tables judge nothing
/// themselves, so a table and `diagnose` of the same pass agree.
enum HealthMark: Sendable, Equatable {
    case healthy, exploding, vanishing, dead, saturated
    /// A measurement that names the layer but is not a problem here (the run
    /// learns, or before training the change is too mild to predict one): the
    /// mark of that kind in parentheses, as `diagnose` lists it under "also
    /// measured".
    indirect case observed(HealthMark)

    /// The gradient table's mark: the gravest of the gradient problems that
    /// findings name the layer by (exploding before vanishing before dead);
    /// without one, the gravest measurement, in parentheses.
    static func gradient(_ health: LayerHealth?) -> HealthMark {
        if let mark = gradientMark(health?.problems ?? []) { return mark }
        return gradientMark(health?.observed ?? []).map { .observed($0) } ?? .healthy
    }

    private static func gradientMark(_ kinds: [Finding.Kind]) -> HealthMark? {
        if kinds.contains(.exploding) { return .exploding }
        if kinds.contains(.vanishing) { return .vanishing }
        if kinds.contains(.deadReLU) { return .dead }
        return nil
    }

    /// The activation table's mark: saturated, or dead, or healthy; without a
    /// problem, the gravest measurement, in parentheses.
    static func activation(_ health: LayerHealth?) -> HealthMark {
        if let mark = activationMark(health?.problems ?? []) { return mark }
        return activationMark(health?.observed ?? []).map { .observed($0) } ?? .healthy
    }

    private static func activationMark(_ kinds: [Finding.Kind]) -> HealthMark? {
        if kinds.contains(.saturation) { return .saturated }
        if kinds.contains(.deadReLU) { return .dead }
        return nil
    }

    /// The mark as the table shows it.
    var text: String {
        switch self {
        case .healthy: "✓"
        case .exploding: "↑ exploding"
        case .vanishing: "↓ vanishing"
        case .dead: "∅ dead"
        case .saturated: "saturated"
        case .observed(let mark): "(\(mark.text))"
        }
    }

    /// Healthy, or only a measurement: not a problem.
    var isHealthy: Bool {
        switch self {
        case .healthy, .observed: true
        default: false
        }
    }

    var isObserved: Bool {
        if case .observed = self { return true }
        return false
    }

    /// The legend line for marks in parentheses, shown when a table has one.
    static let observedLegend =
        "(…): measured, but not a problem here (the run learns, or before training the change is too mild to predict one); diagnose lists it under \"also measured\""

    /// The line under the gradient table that says what its marks mean.
    static func gradientLegend(_ t: DiagnosisThresholds) -> String {
        "health: ✓ healthy, ↓ vanishing (‖∇W‖ < \(formatNumber(t.vanishing)) × the largest layer's), ↑ exploding (a hidden layer's grad:data > \(formatNumber(t.exploding))), ∅ dead (> \(Int(t.dead * 100))% of the layer's units 0 for every sample)"
    }

    /// The line under the activation table: what saturated and dead mean.
    /// Sigmoid's and tanh's limits always; those of the other saturating
    /// activations (softsign, hard_sigmoid) when the table shows one.
    static func activationLegend(shown: [Activation] = []) -> String {
        var parts: [String] = []
        if let (low, high) = Activation.sigmoid.saturationLimits {
            parts.append("sigmoid outputs < \(formatNumber(low)) or > \(formatNumber(high))")
        }
        if let (_, high) = Activation.tanh.saturationLimits {
            parts.append("|tanh| > \(formatNumber(high))")
        }
        for a in Activation.allDefaults where a != .sigmoid && a != .tanh {
            guard shown.contains(where: { $0.name == a.name }),
                let (low, high) = a.saturationLimits
            else { continue }
            parts.append(
                low == -high
                    ? "|\(a.name)| > \(formatNumber(high))"
                    : "\(a.name) outputs < \(formatNumber(low)) or > \(formatNumber(high))")
        }
        return
            "saturated: \(parts.joined(separator: ", ")); dead: ReLU units that are 0 for every sample"
    }
}
