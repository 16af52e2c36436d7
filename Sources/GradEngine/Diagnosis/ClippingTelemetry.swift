/// How clipping behaved over a run: how often it fired, the pre-clip global
/// norms, and which layer contributed most to them. The language words it.
public struct ClippingTelemetry: Sendable, Equatable {
    /// A layer and its share of Σ‖∇W‖² over the run.
    public struct LayerShare: Sendable, Equatable {
        public var name: String
        public var share: Double
    }

    public var clipping: Clipping?
    public var steps: Int
    public var fired: Int
    /// Pre-clip global gradient norms: median, 90th percentile, largest.
    public var medianNorm: Double?
    public var p90Norm: Double?
    public var maxNorm: Double?
    /// The layer with the largest share of Σ‖∇W‖² over the run (weights only), and that share.
    public var topLayer: LayerShare?

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
                topLayer = LayerShare(name: h.layerNames[top], share: sums[top] / total)
            }
        }
    }
}
