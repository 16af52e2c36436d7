#if canImport(Glibc)
    import Glibc
#endif

/// Numbers as diagnosis reports write them.
public enum NumberText {
    /// The shortest text that reads back as `x`, without a trailing ".0":
    /// 1, 0.1, 1e-05 (Swift's own shortest form otherwise).
    public static func plain(_ x: Double) -> String {
        if x.isNaN { return "nan" }
        if x.isInfinite { return x > 0 ? "inf" : "-inf" }
        if x == x.rounded(), abs(x) < 1e16 { return String(Int64(x)) }
        return "\(x)"
    }

    /// Three significant digits, in scientific form outside [0.01, 1000):
    /// 1.23e-3, 0.456, 12.3.
    public static func compact(_ x: Double) -> String {
        guard x.isFinite else { return plain(x) }
        if x == 0 { return "0" }
        if abs(x) >= 0.01 && abs(x) < 1000 {
            let e = Int(log10(abs(x)).rounded(.down))
            let scale = pow(10, Double(2 - e))
            return plain((x * scale).rounded() / scale)
        }
        var e = Int(log10(abs(x)).rounded(.down))
        var m = (x / pow(10, Double(e)) * 100).rounded() / 100
        if abs(m) >= 10 {
            m /= 10
            e += 1
        }
        return "\(plain(m))e\(e)"
    }

    /// A percentage with no decimals below 100: "87%".
    public static func percent(_ share: Double) -> String {
        "\(Int((share * 100).rounded()))%"
    }
}
