#if canImport(Glibc)
    import Glibc
#endif

/// Counts of values in equal-width bins, with the summary a histogram's legend shows.
public struct Histogram: Equatable, Sendable {
    /// Bin edges: `edges.count == counts.count + 1`, increasing.
    public var edges: [Double]
    public var counts: [Int]
    /// Values counted (finite ones), and values left out (NaN, ±Inf).
    public var total: Int
    public var skipped: Int
    public var mean: Double
    public var std: Double

    /// Bins `values` into `bins` equal bins from the smallest finite value to the largest.
    public init(_ values: [Double], bins: Int) {
        let finite = values.filter(\.isFinite)
        total = finite.count
        skipped = values.count - finite.count
        let n = max(1, bins)
        guard var lo = finite.min(), var hi = finite.max() else {
            edges = [0, 1]
            counts = [0]
            mean = .nan
            std = .nan
            return
        }
        if lo == hi {
            let pad = lo == 0 ? 0.5 : abs(lo) * 0.05
            lo -= pad
            hi += pad
        }
        // Half-span steps keep a ±1e308 range finite.
        let half = hi / 2 - lo / 2
        edges = (0...n).map { i in i == n ? hi : lo + half * (2 * Double(i) / Double(n)) }
        counts = Array(repeating: 0, count: n)
        var sum = 0.0
        for v in finite {
            let f = (v / 2 - lo / 2) / half
            let bin = f.isFinite ? min(n - 1, max(0, Int(f * Double(n)))) : 0
            counts[bin] += 1
            sum += v
        }
        mean = sum / Double(finite.count)
        let m = mean
        let squares = finite.reduce(0.0) { $0 + ($1 - m) * ($1 - m) }
        std = finite.count > 1 ? (squares / Double(finite.count)).squareRoot() : 0
    }
}
