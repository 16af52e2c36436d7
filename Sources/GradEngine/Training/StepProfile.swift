#if canImport(Glibc)
    import Glibc
#endif

/// Where a training step's time goes: wall time per phase (each matrix product
/// by shape, the element-wise passes, loss, gradient norm, statistics, the
/// optimizer), summed while a profile is active. `gradlab bench --profile`
/// turns one on around its timed steps and prints it (docs/performance.md).
///
/// Off (the default) it costs one load and a branch per hooked call. It is
/// meant for one thread driving the steps: the hooks sit on the calling thread
/// (a product run by several BLAS threads counts once, as its wall time).
public final class StepProfile {
    /// One phase's totals.
    public struct Entry: Sendable {
        public var name: String
        public var seconds = 0.0
        public var calls = 0
        /// Floating-point operations done (matrix products only).
        public var operations = 0.0
    }

    /// The phases in the order they were first seen.
    public private(set) var entries: [Entry] = []
    private var index: [String: Int] = [:]

    public init() {}

    /// The profile the hooks record into, if any.
    nonisolated(unsafe) public static var active: StepProfile?

    /// For each phase under way, the time spent in the phases inside it (so
    /// that each phase counts only its own time).
    private var inner: [Double] = []

    /// Starts a phase; `end` closes it.
    func begin() { inner.append(0) }

    /// Ends the innermost phase, which took `seconds` in all, as `name`.
    func end(_ name: String, seconds: Double, operations: Double = 0) {
        let nested = inner.popLast() ?? 0
        if !inner.isEmpty { inner[inner.count - 1] += seconds }
        let i: Int
        if let k = index[name] {
            i = k
        } else {
            i = entries.count
            index[name] = i
            entries.append(Entry(name: name))
        }
        entries[i].seconds += seconds - nested
        entries[i].calls += 1
        entries[i].operations += operations
    }

    /// Runs `body`, adding its wall time (less that of the phases inside it) to
    /// phase `name` when a profile is active, with the floating-point
    /// operations it did (matrix products).
    @inline(__always)
    static func measure<T, E: Error>(
        _ name: @autoclosure () -> String, operations: Double = 0, _ body: () throws(E) -> T
    ) throws(E) -> T {
        guard let profile = active else { return try body() }
        profile.begin()
        let started = monotonicSeconds()
        let result = try body()
        profile.end(name(), seconds: monotonicSeconds() - started, operations: operations)
        return result
    }
}
