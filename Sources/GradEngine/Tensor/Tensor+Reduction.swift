/// Whole-tensor reductions.
extension Tensor {
    /// Σ x² (accumulated by cblas; NaN or Inf anywhere makes it non-finite).
    public func sumOfSquares() -> Scalar {
        count == 0 ? 0 : Scalar.dot(count, base, base)
    }

    /// Σ |x|.
    public func sumOfMagnitudes() -> Double {
        var s: Double = 0
        let p = base
        for i in 0..<count { s += Double(p[i].magnitude) }
        return s
    }

    /// Whether every element is finite.
    public var isFinite: Bool {
        // x − x is 0 for finite x and NaN otherwise; one NaN poisons the sum.
        var s: Scalar = 0
        let p = base
        for i in 0..<count { s += p[i] - p[i] }
        return s == 0
    }

    /// Count, sum, sum of squares, largest magnitude and exact zeros in one pass.
    public func summary() -> TensorSummary {
        var s: Double = 0, ss: Double = 0, zeros: Double = 0
        var mx: Scalar = 0
        let p = base
        for i in 0..<count {
            let v = p[i]
            let d = Double(v)
            s += d
            ss += d * d
            let a = v.magnitude
            mx = a > mx || a != a ? a : mx
            zeros += v == 0 ? 1 : 0
        }
        return TensorSummary(count: count, sum: s, sumOfSquares: ss,
                             maxMagnitude: Double(mx), zeros: Int(zeros))
    }

    /// Per-column statistics of an activation batch: mean, std, the fraction of
    /// elements outside (low, high) (saturation), and the fraction of columns
    /// that are exactly zero for every row (dead units).
    func activationSummary(limits: (low: Double, high: Double)?) -> (mean: Double, std: Double, saturated: Double, dead: Double) {
        let n = count
        guard n > 0 else { return (0, 0, 0, 0) }
        let t = summary()
        let mean = t.sum / Double(n)
        let variance = max(t.sumOfSquares / Double(n) - mean * mean, 0)
        var saturated: Double = 0
        if let (lo, hi) = limits {
            let l = Scalar(lo), h = Scalar(hi)
            let p = base
            var c: Scalar = 0
            for i in 0..<n { c += p[i] < l || p[i] > h ? 1 : 0 }
            saturated = Double(c) / Double(n)
        }
        var alive = [Scalar](repeating: 0, count: columns)
        alive.withUnsafeMutableBufferPointer { a in
            for r in 0..<rows {
                let row = base + r &* columns
                for c in 0..<columns { a[c] += row[c] != 0 ? 1 : 0 }
            }
        }
        let dead = alive.reduce(0) { $0 + ($1 == 0 ? 1 : 0) }
        return (mean, variance.squareRoot(), saturated, Double(dead) / Double(columns))
    }
}

/// One pass of simple statistics over a tensor's elements.
public struct TensorSummary: Sendable, Equatable {
    public var count: Int
    public var sum: Double
    public var sumOfSquares: Double
    public var maxMagnitude: Double
    public var zeros: Int

    public var mean: Double { count == 0 ? 0 : sum / Double(count) }
    /// The sample standard deviation (divisor n − 1, as torch's `std()`); 0 below two elements.
    public var std: Double {
        count < 2 ? 0 : (max(sumOfSquares - Double(count) * mean * mean, 0) / Double(count - 1)).squareRoot()
    }
    public var norm: Double { sumOfSquares.squareRoot() }
}
