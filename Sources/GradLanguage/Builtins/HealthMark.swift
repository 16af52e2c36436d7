import GradEngine

/// A health mark of the `grads` and `acts` tables, drawn from the health
/// diagnosis decides (`DiagnosisReport.health`): the tables judge nothing
/// themselves, so a table and `diagnose` of the same pass agree.
enum HealthMark: Sendable {
    case healthy, exploding, vanishing, dead, saturated

    /// The gradient table's mark: the gravest of the gradient problems that
    /// findings name the layer by (exploding before vanishing before dead).
    static func gradient(_ health: LayerHealth?) -> HealthMark {
        let problems = health?.problems ?? []
        if problems.contains(.exploding) { return .exploding }
        if problems.contains(.vanishing) { return .vanishing }
        if problems.contains(.deadReLU) { return .dead }
        return .healthy
    }

    /// The activation table's mark: saturated, or dead, or healthy.
    static func activation(_ health: LayerHealth?) -> HealthMark {
        let problems = health?.problems ?? []
        if problems.contains(.saturation) { return .saturated }
        if problems.contains(.deadReLU) { return .dead }
        return .healthy
    }

    /// The mark as the table shows it.
    var text: String {
        switch self {
        case .healthy: "✓"
        case .exploding: "↑ exploding"
        case .vanishing: "↓ vanishing"
        case .dead: "∅ dead"
        case .saturated: "saturated"
        }
    }

    var isHealthy: Bool { self == .healthy }

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
