#if canImport(Glibc)
    import Glibc
#endif

/// Measures elapsed wall time on the monotonic clock (`:time`, the kernel's
/// progress display), which no change of the system clock moves.
struct Stopwatch {
    private let start = Stopwatch.now()

    /// Seconds since the stopwatch was made.
    var seconds: Double { Stopwatch.now() - start }

    /// The monotonic clock, in seconds.
    static func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
    }
}
