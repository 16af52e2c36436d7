#if canImport(Glibc)
    import Glibc
#endif

/// One axis of a drawn plot: its range, scale and labelled ticks.
struct PlotAxis: Equatable {
    var lo: Double
    var hi: Double
    var log: Bool
    var ticks: [Double]
    var labels: [String]

    /// A y axis over the data range, widened to its outer ticks (whole-number ticks for counts).
    static func vertical(
        _ lo: Double, _ hi: Double, log: Bool, maxTicks: Int, integers: Bool = false
    ) -> PlotAxis {
        let t =
            log
            ? Ticks.logarithmic(lo, hi, maxCount: maxTicks)
            : Ticks.linear(lo, hi, maxCount: maxTicks, snap: true, integers: integers)
        return PlotAxis(lo: t.lo, hi: t.hi, log: log, ticks: t.ticks, labels: t.labels)
    }

    /// An x axis exactly over [lo, hi] with the ticks inside it.
    static func horizontal(_ lo: Double, _ hi: Double, integers: Bool, maxTicks: Int) -> PlotAxis {
        var lo = lo
        var hi = hi
        if lo == hi {
            lo -= integers ? 1 : max(abs(lo) / 2, 1)
            hi += integers ? 1 : max(abs(hi) / 2, 1)
        }
        let t = Ticks.linear(lo, hi, maxCount: maxTicks, snap: false, integers: integers)
        return PlotAxis(lo: t.lo, hi: t.hi, log: false, ticks: t.ticks, labels: t.labels)
    }

    /// Where `v` falls, from 0 at `lo` to 1 at `hi`; nil when it cannot be drawn
    /// (not finite, or not positive on a log axis).
    /// Values far outside the axis are held just beyond it, so positions stay small.
    func fraction(_ v: Double) -> Double? {
        guard v.isFinite else { return nil }
        let f: Double
        if log {
            guard v > 0, lo > 0, hi > lo else { return nil }
            f = (log10(v) - log10(lo)) / (log10(hi) - log10(lo))
        } else {
            guard hi > lo else { return 0.5 }
            // In halves, so a span near the largest Double stays finite.
            f = (v / 2 - lo / 2) / (hi / 2 - lo / 2)
        }
        return f.isFinite ? min(max(f, -1), 2) : nil
    }
}
