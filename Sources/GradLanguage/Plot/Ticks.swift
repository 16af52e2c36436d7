#if canImport(Glibc)
    import Glibc
#endif

/// Tick values and labels for plot axes: 1-2-5 steps on a linear axis, powers
/// of ten (with 2 and 5 between them over short spans) on a log axis.
enum Ticks {
    /// Linear ticks over [lo, hi] at a 1-2-5 step, at most about `maxCount` of them.
    /// With `snap` the axis widens to the outer ticks (a y axis); without, the
    /// axis is [lo, hi] and only ticks inside it are kept (an x axis).
    /// `integers` keeps the step a whole number (epochs, steps).
    static func linear(
        _ lo: Double, _ hi: Double, maxCount: Int, snap: Bool, integers: Bool = false
    )
        -> (lo: Double, hi: Double, ticks: [Double], labels: [String])
    {
        var lo = lo.isFinite ? lo : 0
        var hi = hi.isFinite ? hi : 1
        if lo > hi { swap(&lo, &hi) }
        if lo == hi {
            let pad = integers ? 1 : (lo == 0 ? 1 : abs(lo) / 2)
            lo -= pad
            hi += pad
        }
        let count = max(2, maxCount)
        var raw = hi / Double(count - 1) - lo / Double(count - 1)
        if integers { raw = max(raw, 1) }
        var (m, e) = niceStep(raw, integers: integers)
        var result: (lo: Double, hi: Double, ks: [Double]) = (lo, hi, [])
        for _ in 0..<8 {
            let step = value(m, e)
            let kLo = snap ? (lo / step).rounded(.down) : (lo / step).rounded(.up)
            let kHi = snap ? (hi / step).rounded(.up) : (hi / step).rounded(.down)
            result = snap ? (kLo * step, kHi * step, []) : (lo, hi, [])
            if kHi - kLo <= Double(count) || !(kHi - kLo).isFinite {
                var k = kLo
                while k <= kHi && result.ks.count <= count + 1 {
                    result.ks.append(k)
                    k += 1
                }
                break
            }
            (m, e) = bigger(m, e)
        }
        let ticks = result.ks.map { tick($0, m, e) }.filter(\.isFinite)
        if snap, let first = ticks.first, let last = ticks.last, first < last {
            result.lo = first
            result.hi = last
        }
        // Fixed-point or scientific labels, whichever set is narrower (fixed on a tie).
        let fixedLabels = ticks.map { fixed($0, decimals: max(0, -e)) }
        let scientificLabels = ticks.map {
            $0 == 0 ? "0" : scientific($0, decimals: max(0, exponent($0) - e))
        }
        let fixedWidth = fixedLabels.map { $0?.count ?? Int.max }.max() ?? 0
        let scientificWidth = scientificLabels.map(\.count).max() ?? 0
        let labels =
            fixedWidth <= scientificWidth ? fixedLabels.compactMap { $0 } : scientificLabels
        return (result.lo, result.hi, ticks, labels)
    }

    /// Log ticks over [lo, hi] (both > 0): the axis widens to the nearest ticks.
    static func logarithmic(_ lo: Double, _ hi: Double, maxCount: Int)
        -> (lo: Double, hi: Double, ticks: [Double], labels: [String])
    {
        let lo = lo > 0 && lo.isFinite ? lo : 1
        let hi = max(lo, hi.isFinite ? hi : lo)
        var eLo = exponent(lo)
        var eHi = exponent(hi)
        if value(1, eHi) < hi { eHi += 1 }
        if eLo == eHi {
            eLo -= 1
            eHi += 1
        }
        let count = max(2, maxCount)
        var marks: [(m: Int, e: Int)] = []
        if eHi - eLo <= 2 && 3 * (eHi - eLo) + 1 <= count + 1 {
            // Short spans: 1, 2 and 5 of each decade, trimmed to the data.
            var all: [(m: Int, e: Int)] = []
            for e in eLo...eHi {
                for m in [1, 2, 5] where !(e == eHi && m > 1) { all.append((m, e)) }
            }
            var below = all.lastIndex { value($0.m, $0.e) <= lo } ?? 0
            var above = all.firstIndex { value($0.m, $0.e) >= hi } ?? all.count - 1
            if above <= below {
                below = max(0, below - 1)
                above = min(all.count - 1, above + 1)
            }
            marks = Array(all[below...max(below, above)])
        } else {
            let stride = max(1, Int((Double(eHi - eLo) / Double(count - 1)).rounded(.up)))
            let first = Int((Double(eLo) / Double(stride)).rounded(.down)) * stride
            let last = Int((Double(eHi) / Double(stride)).rounded(.up)) * stride
            marks = Swift.stride(from: first, through: last, by: stride).map { (1, $0) }
        }
        let ticks = marks.map { value($0.m, $0.e) }
        let plainRange = ticks.allSatisfy { $0 >= 0.01 && $0 <= 1000 }
        let labels = marks.map { plainRange ? plain(value($0.m, $0.e)) : "\($0.m)e\($0.e)" }
        return (ticks.first ?? lo, ticks.last ?? hi, ticks, labels)
    }

    // MARK: - Numbers

    /// The decimal exponent of |x|: 3 for 1234, -3 for 0.002 (0 for 0).
    static func exponent(_ x: Double) -> Int {
        let a = abs(x)
        guard a > 0, a.isFinite else { return 0 }
        var e = Int(log10(a).rounded(.down))
        // log10 can be off by one next to a power of ten.
        if value(1, e) > a { e -= 1 } else if value(1, e + 1) <= a { e += 1 }
        return e
    }

    /// m × 10^e as the nearest Double to that decimal.
    static func value(_ m: Int, _ e: Int) -> Double {
        Double("\(m)e\(e)") ?? Double(m) * pow(10, Double(e))
    }

    /// k × m × 10^e, exact as a decimal while k × m is a whole number that fits.
    private static func tick(_ k: Double, _ m: Int, _ e: Int) -> Double {
        let km = k * Double(m)
        if abs(km) < 1e15 { return Double("\(Int64(km))e\(e)") ?? km * pow(10, Double(e)) }
        return km * pow(10, Double(e))
    }

    /// The smallest 1-2-5 step ≥ raw, as mantissa and exponent.
    private static func niceStep(_ raw: Double, integers: Bool) -> (Int, Int) {
        guard raw > 0, raw.isFinite else { return (1, 0) }
        let e = exponent(raw)
        let f = raw / value(1, e)
        let m = f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10
        let step = m == 10 ? (1, e + 1) : (m, e)
        return integers && step.1 < 0 ? (1, 0) : step
    }

    private static func bigger(_ m: Int, _ e: Int) -> (Int, Int) {
        switch m {
        case 1: (2, e)
        case 2: (5, e)
        default: (1, e + 1)
        }
    }

    /// The shortest text of a tick value: 0.3, 12, 1500.
    static func plain(_ x: Double) -> String { formatNumber(x) }

    /// `x` with at most `decimals` decimals and no exponent (0.00012, 123456789.5);
    /// nil when it is too large for that.
    static func fixed(_ x: Double, decimals: Int) -> String? {
        let scaled = (x * value(1, decimals)).rounded()
        guard scaled.isFinite, abs(scaled) < 1e15 else { return nil }
        let digits = String(Int64(abs(scaled)))
        var whole = digits
        var fraction = ""
        if decimals > 0 {
            let padded = String(repeating: "0", count: max(0, decimals + 1 - digits.count)) + digits
            whole = String(padded.dropLast(decimals))
            fraction = String(padded.suffix(decimals))
            while fraction.hasSuffix("0") { fraction.removeLast() }
        }
        let sign = scaled < 0 ? "-" : ""
        return sign + whole + (fraction.isEmpty ? "" : "." + fraction)
    }

    /// Mantissa and exponent: 2.5e-4, 1e6, -3e-5.
    static func scientific(_ x: Double, decimals: Int) -> String {
        guard x.isFinite else { return formatNumber(x) }
        if x == 0 { return "0" }
        var e = exponent(x)
        let scale = value(1, min(decimals, 15))
        var m = (x / value(1, e) * scale).rounded() / scale
        if abs(m) >= 10 {
            m /= 10
            e += 1
        }
        return "\(formatNumber(m))e\(e)"
    }

    /// Three significant digits, in the same style as the tables: 0.456, 12.3, 1.23e-3.
    static func compact(_ x: Double) -> String {
        guard x.isFinite else { return formatNumber(x) }
        if x == 0 { return "0" }
        if abs(x) >= 0.01 && abs(x) < 1000 {
            let e = exponent(x)
            let scale = value(1, 2 - e)
            return formatNumber((x * scale).rounded() / scale)
        }
        return scientific(x, decimals: 2)
    }
}
