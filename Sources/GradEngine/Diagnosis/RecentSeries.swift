/// The recent window of a run's per-step series: the last quarter of its
/// steps, at least 1 and at most 100.
struct RecentSeries {
    let history: History
    let layers: Int
    let rows: Range<Int>

    init?(_ h: History) {
        guard h.steps > 0 else { return nil }
        history = h
        layers = h.layerNames.count
        let w = min(100, max(1, h.steps / 4))
        rows = (h.steps - w)..<h.steps
    }

    /// One step's values of a per-layer series (empty when statistics were off).
    func row(_ series: KeyPath<History, [Float]>, _ step: Int) -> [Double] {
        let values = history[keyPath: series]
        guard layers > 0, values.count >= (step + 1) * layers else { return [] }
        return values[(step * layers)..<((step + 1) * layers)].map(Double.init)
    }

    /// The median over the window of one layer's finite values.
    func median(_ series: KeyPath<History, [Float]>, layer: Int) -> Double? {
        let values = history[keyPath: series]
        guard layers > 0, values.count >= rows.upperBound * layers else { return nil }
        return GradEngine.median(
            rows.map { Double(values[$0 * layers + layer]) }.filter(\.isFinite))
    }
}

func median(_ xs: [Double]) -> Double? {
    guard !xs.isEmpty else { return nil }
    let s = xs.sorted()
    return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
}

func mean(_ xs: [Double]) -> Double? {
    xs.isEmpty ? nil : xs.reduce(0, +) / Double(xs.count)
}
