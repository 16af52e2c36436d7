/// How clipping behaved over a run: how often it fired, the pre-clip global
/// norms, and which layer contributed most to them.
public struct ClippingTelemetry: Sendable {
    public var clipping: Clipping?
    public var steps: Int
    public var fired: Int
    /// Pre-clip global gradient norms: median, 90th percentile, largest.
    public var medianNorm: Double?
    public var p90Norm: Double?
    public var maxNorm: Double?
    /// The layer with the largest share of Σ‖∇W‖² over the run (weights only), and that share.
    public var topLayer: (name: String, share: Double)?

    public init(_ h: History, clipping: Clipping?) {
        self.clipping = clipping
        steps = h.steps
        fired = h.stepClipped.filter { $0 }.count
        let norms = h.stepGradientNorm.filter(\.isFinite).sorted()
        medianNorm = median(norms)
        p90Norm =
            norms.isEmpty
            ? nil : norms[min(norms.count - 1, Int((Double(norms.count) * 0.9).rounded(.down)))]
        maxNorm = norms.last
        let layers = h.layerNames.count
        if layers > 0, !h.layerGradientNorms.isEmpty {
            var sums = [Double](repeating: 0, count: layers)
            for (i, n) in h.layerGradientNorms.enumerated() where n.isFinite {
                sums[i % layers] += Double(n) * Double(n)
            }
            let total = sums.reduce(0, +)
            if total > 0, let top = sums.indices.max(by: { sums[$0] < sums[$1] }) {
                topLayer = (h.layerNames[top], sums[top] / total)
            }
        }
    }

    /// The telemetry in sentences.
    public var lines: [String] {
        var setting = "clipping"
        switch clipping {
        case .norm(let c)?: setting = "clip_norm \(NumberText.plain(c))"
        case .value(let c)?: setting = "clip_value \(NumberText.plain(c))"
        case nil: break
        }
        var out = [
            "\(setting) fired on \(fired) of \(steps) steps (\(NumberText.percent(steps > 0 ? Double(fired) / Double(steps) : 0)))"
        ]
        if let m = medianNorm, let p = p90Norm, let x = maxNorm {
            out.append(
                "pre-clip global gradient norm: median \(NumberText.compact(m)), 90th percentile \(NumberText.compact(p)), largest \(NumberText.compact(x))"
            )
        }
        if let top = topLayer {
            out.append(
                "\(top.name) contributes most to the norm: \(NumberText.percent(top.share)) of Σ‖∇W‖² over the run"
            )
        }
        return out
    }
}
