/// Whole-tensor reductions.
///
/// Floating-point sums are not reassociated by the compiler, so reduction loops
/// do not vectorize by themselves; these walk the elements eight at a time in
/// SIMD lanes, with a scalar tail, and combine the lanes in Double at the end.
extension Tensor {
    @usableFromInline typealias Lanes = SIMD8<Scalar>

    /// The eight elements starting at `i`.
    @inline(__always)
    private func lanes(at i: Int) -> Lanes {
        UnsafeRawPointer(base).loadUnaligned(
            fromByteOffset: i &* MemoryLayout<Scalar>.stride, as: Lanes.self)
    }

    /// Where the scalar tail after the last full run of eight starts.
    private var laneEnd: Int { count & ~7 }

    private static func total(_ v: Lanes) -> Double {
        var s = 0.0
        for i in 0..<8 { s += Double(v[i]) }
        return s
    }

    /// The larger of two magnitudes, NaN once either is NaN.
    @inline(__always)
    static func largerMagnitude(_ a: Scalar, _ b: Scalar) -> Scalar {
        a.isNaN || b <= a ? a : b
    }

    /// Σ x², accumulated in Double by cblas (NaN or Inf anywhere makes it
    /// non-finite; finite values cannot overflow it).
    public func sumOfSquares() -> Double {
        count == 0 ? 0 : Scalar.sumOfSquaresInDouble(count, base)
    }

    /// Σ (x − y)² over the elements of two tensors of the same shape, accumulated
    /// in Double (non-finite if either holds NaN or Inf).
    public func squaredDistance(to other: Tensor) throws(EngineError) -> Double {
        guard other.rows == rows, other.columns == columns else {
            throw .shapeMismatch(
                "cannot compare a \(rows)×\(columns) tensor with a \(other.rows)×\(other.columns) one"
            )
        }
        // Only for diagnostics run once per call; a plain loop is fast enough.
        var s: Double = 0
        for j in 0..<count {
            let d = Double(base[j]) - Double(other.base[j])
            s += d * d
        }
        return s
    }

    /// Σ |x|.
    public func sumOfMagnitudes() -> Double {
        // Only for L1 penalties; a plain loop is fast enough there.
        var s: Double = 0
        for j in 0..<count { s += Double(base[j].magnitude) }
        return s
    }

    /// Whether every element is finite.
    public var isFinite: Bool {
        // x − x is 0 for finite x and NaN otherwise; one NaN poisons the sum.
        var s = Lanes()
        var t: Scalar = 0
        var i = 0
        while i < laneEnd {
            let v = lanes(at: i)
            s += v - v
            i &+= 8
        }
        for j in laneEnd..<count { t += base[j] - base[j] }
        return Tensor.total(s) == 0 && t == 0
    }

    /// Elements per block of `summary()`: 16 KiB of Float, so that the
    /// second pass over a block (largest magnitude and zeros) reads L1.
    static var summaryBlock: Int { 4096 }

    /// Count, sum, sum of squares, largest magnitude and exact zeros.
    ///
    /// Two passes per block of `summaryBlock` elements: the sums in SIMD lanes,
    /// then the bit-pattern maximum and zero count (integer loops vectorize
    /// where a floating-point compare beside the sums does not). The lanes run
    /// on across blocks, so the sums are those of one pass over the whole tensor.
    public func summary() -> TensorSummary {
        var s = Lanes()
        var ss = Lanes()
        var ts: Scalar = 0
        var tss: Scalar = 0
        var largest: Scalar = 0
        var zeros = 0
        var start = 0
        while start < count {
            let end = Swift.min(start &+ Self.summaryBlock, count)
            var i = start
            let laneStop = Swift.min(end, laneEnd)
            while i < laneStop {
                let v = lanes(at: i)
                s += v
                ss += v * v
                i &+= 8
            }
            let block = Scalar.magnitudeStatistics(base + start, end &- start)
            largest = Self.largerMagnitude(largest, block.maxMagnitude)
            zeros &+= block.zeros
            start = end
        }
        for j in laneEnd..<count {
            ts += base[j]
            tss += base[j] * base[j]
        }
        var sum = Tensor.total(s) + Double(ts)
        var sumOfSquares = Tensor.total(ss) + Double(tss)
        if !(sum.isFinite && sumOfSquares.isFinite) && Double(largest).isFinite {
            // Finite values whose squares (or sum) overflow Float: add them up again in Double.
            sum = 0
            sumOfSquares = 0
            for j in 0..<count {
                let x = Double(base[j])
                sum += x
                sumOfSquares += x * x
            }
        }
        return TensorSummary(
            count: count, sum: sum, sumOfSquares: sumOfSquares,
            maxMagnitude: Double(largest), zeros: zeros)
    }

    /// Per-column statistics of an activation batch: mean, std, the fraction of
    /// elements outside (low, high) (saturation), the fraction of columns
    /// that are exactly zero for every row (dead units; 0 unless `countDead`),
    /// and the largest |value|.
    func activationSummary(limits: (low: Double, high: Double)?, countDead: Bool) -> (
        mean: Double, std: Double, saturated: Double, dead: Double, largest: Double
    ) {
        let n = count
        guard n > 0 else { return (0, 0, 0, 0, 0) }
        let t = summary()
        var saturated: Double = 0
        if let (lo, hi) = limits {
            let l = Scalar(lo)
            let h = Scalar(hi)
            // Two comparisons added, not `||`: low < high, so at most one
            // holds, and without the branch the loop vectorizes (the
            // branching one was most of a sigmoid layer's statistics).
            var c = 0
            for j in 0..<n { c &+= (base[j] < l ? 1 : 0) &+ (base[j] > h ? 1 : 0) }
            saturated = Double(c) / Double(n)
        }
        guard countDead else { return (t.mean, t.std, saturated, 0, t.maxMagnitude) }
        var alive = [Int32](repeating: 0, count: columns)
        alive.withUnsafeMutableBufferPointer { a in
            for r in 0..<rows {
                let row = base + r &* columns
                for c in 0..<columns { a[c] |= row[c] != 0 ? 1 : 0 }
            }
        }
        let dead = alive.reduce(0) { $0 + ($1 == 0 ? 1 : 0) }
        return (t.mean, t.std, saturated, Double(dead) / Double(columns), t.maxMagnitude)
    }
}

/// Σ(new − old), Σ(new − old)², Σnew, Σnew², the largest |new value| and a
/// finiteness check over the blocks of an optimizer update: what the
/// update did to a parameter, and the moments and largest magnitude of its new
/// values (so the next step's statistics need no pass over them). A non-finite
/// new value makes `finite` false.
///
/// With `sums` false it keeps only the finiteness check: a run without
/// statistics needs nothing else, and the sums cost an update pass about a
/// fifth of its time where its data is in cache.
struct UpdateAccumulator<Scalar: EngineScalar> {
    typealias Lanes = SIMD8<Scalar>
    private var s = Lanes(), ss = Lanes(), bad = Lanes(), w = Lanes(), ww = Lanes()
    private var ts: Scalar = 0, tss: Scalar = 0, tbad: Scalar = 0, tw: Scalar = 0, tww: Scalar = 0
    /// The largest |new value| so far (NaN once one is NaN).
    private var largest: Scalar = 0
    /// Whether the sums and the largest magnitude are kept (else only finiteness).
    let sums: Bool

    init(sums: Bool = true) { self.sums = sums }

    mutating func add(
        new: UnsafeMutablePointer<Scalar>, old: UnsafeMutablePointer<Scalar>, _ start: Int,
        _ end: Int
    ) {
        guard sums else {
            addFinitenessOnly(new, start, end)
            return
        }
        let a = UnsafeRawPointer(new)
        let b = UnsafeRawPointer(old)
        let stride = MemoryLayout<Scalar>.stride
        var i = start
        while i &+ 8 <= end {
            let x = a.loadUnaligned(fromByteOffset: i &* stride, as: Lanes.self)
            let d = x - b.loadUnaligned(fromByteOffset: i &* stride, as: Lanes.self)
            s += d
            ss += d * d
            bad += x - x
            w += x
            ww += x * x
            i &+= 8
        }
        while i < end {
            let x = new[i]
            let d = x - old[i]
            ts += d
            tss += d * d
            tbad += x - x
            tw += x
            tww += x * x
            i &+= 1
        }
        // A second pass over the block just written, still in L1: the bit-pattern
        // maximum vectorizes, where a floating-point max or compare in the loop
        // above (generic SIMD) does not, and cost the update most of its speed.
        if end > start {
            let m = Scalar.magnitudeStatistics(new + start, end &- start).maxMagnitude
            largest = Tensor<Scalar>.largerMagnitude(largest, m)
        }
    }

    /// x − x is 0 for finite x and NaN otherwise; one NaN poisons the sum.
    /// Four sums, not one: with one, each add waited for the last (3 cycles
    /// per 8 elements), which made this pass a fifth of an SGD update. Only
    /// "zero or not" is read, so the order of the adds does not matter.
    private mutating func addFinitenessOnly(
        _ new: UnsafeMutablePointer<Scalar>, _ start: Int, _ end: Int
    ) {
        let a = UnsafeRawPointer(new)
        let stride = MemoryLayout<Scalar>.stride
        var b0 = Lanes()
        var b1 = Lanes()
        var b2 = Lanes()
        var b3 = Lanes()
        var i = start
        while i &+ 32 <= end {
            let x0 = a.loadUnaligned(fromByteOffset: i &* stride, as: Lanes.self)
            let x1 = a.loadUnaligned(fromByteOffset: (i &+ 8) &* stride, as: Lanes.self)
            let x2 = a.loadUnaligned(fromByteOffset: (i &+ 16) &* stride, as: Lanes.self)
            let x3 = a.loadUnaligned(fromByteOffset: (i &+ 24) &* stride, as: Lanes.self)
            b0 += x0 - x0
            b1 += x1 - x1
            b2 += x2 - x2
            b3 += x3 - x3
            i &+= 32
        }
        while i &+ 8 <= end {
            let x = a.loadUnaligned(fromByteOffset: i &* stride, as: Lanes.self)
            b0 += x - x
            i &+= 8
        }
        bad += (b0 + b1) + (b2 + b3)
        while i < end {
            tbad += new[i] - new[i]
            i &+= 1
        }
    }

    private static func total(_ v: Lanes) -> Double {
        var t = 0.0
        for i in 0..<8 { t += Double(v[i]) }
        return t
    }

    /// Adds another accumulator's sums (from a disjoint range of elements).
    mutating func merge(_ o: UpdateAccumulator) {
        s += o.s
        ss += o.ss
        bad += o.bad
        w += o.w
        ww += o.ww
        ts += o.ts
        tss += o.tss
        tbad += o.tbad
        tw += o.tw
        tww += o.tww
        largest = Tensor<Scalar>.largerMagnitude(largest, o.largest)
    }

    func summary(count n: Int) -> UpdateSummary {
        let finite = Self.total(bad) + Double(tbad) == 0
        return UpdateSummary(
            count: n, sum: Self.total(s) + Double(ts), sumOfSquares: Self.total(ss) + Double(tss),
            finite: finite,
            newValues: Moments(
                count: n, sum: Self.total(w) + Double(tw),
                sumOfSquares: Self.total(ww) + Double(tww)),
            newLargest: Double(largest))
    }
}

/// One pass of simple statistics over a tensor's elements.
public struct TensorSummary: Sendable, Equatable {
    public var count: Int
    public var sum: Double
    public var sumOfSquares: Double
    public var maxMagnitude: Double
    public var zeros: Int

    public var mean: Double { moments.mean }
    /// The sample standard deviation (divisor n − 1, as torch's `std()`); 0 below two elements.
    public var std: Double { moments.std }
    public var norm: Double { sumOfSquares.squareRoot() }
    public var moments: Moments { Moments(count: count, sum: sum, sumOfSquares: sumOfSquares) }
}

/// Count, sum and sum of squares: enough for a mean and a standard deviation.
public struct Moments: Sendable, Equatable {
    public var count: Int
    public var sum: Double
    public var sumOfSquares: Double

    public var mean: Double { count == 0 ? 0 : sum / Double(count) }
    /// The sample standard deviation (divisor n − 1, as torch's `std()`); 0 below two elements.
    public var std: Double {
        count < 2
            ? 0
            : (max(sumOfSquares - Double(count) * mean * mean, 0) / Double(count - 1)).squareRoot()
    }
}

extension Tensor {
    /// Σ xᵢ·yᵢ over two tensors of the same shape, accumulated in Double.
    func dot(_ other: Tensor) -> Double {
        precondition(other.count == count, "dot: size mismatch")
        // Used by the curvature probe once per Hessian-vector product.
        var s: Double = 0
        for j in 0..<count { s += Double(base[j]) * Double(other.base[j]) }
        return s
    }

    /// self = a + alpha · b (all of the same shape).
    func assign(_ a: Tensor, plus alpha: Scalar, times b: Tensor) {
        precondition(a.count == count && b.count == count, "assign: size mismatch")
        let p = base
        let q = a.base
        let r = b.base
        for i in 0..<count { p[i] = q[i] + alpha * r[i] }
        touch()
    }
}
