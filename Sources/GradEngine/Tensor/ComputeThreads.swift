import CBLAS
import Dispatch
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// The threads the engine computes on, sized by `set(_:)`: the calling thread
/// and the workers of `ComputeTeam`, which split large matrix products and
/// optimizer updates with it; and the BLAS kernels in use. OpenBLAS itself runs
/// single-threaded inside each part (its own threads lose to the team's
/// hand-off on every product shape measured; docs/performance.md).
public enum ComputeThreads {
    /// The kernel set OpenBLAS uses, after `gradlab_tune_openblas` has corrected
    /// a generic fallback on CPUs newer than the library (see the shim header).
    /// Evaluated once, before the first matrix product; it also takes over
    /// OpenBLAS's thread count (by default the number of cores, or
    /// OPENBLAS_NUM_THREADS) as the engine's.
    public static let kernels: String = {
        let name = String(cString: gradlab_tune_openblas())
        gradlab_openblas_spin(spinExponent)
        requested.store(max(1, Int(openblas_get_num_threads())), ordering: .relaxed)
        if !openBLASThreadsProducts { openblas_set_num_threads(1) }
        return name
    }()

    /// GRADLAB_OPENBLAS_THREADS=1: products run on OpenBLAS's own threads (the
    /// engine's thread count passed to it), as before the compute team, instead
    /// of being split by the team. For comparisons (docs/performance.md).
    static let openBLASThreadsProducts: Bool = {
        guard let value = getenv("GRADLAB_OPENBLAS_THREADS") else { return false }
        return String(cString: value) == "1"
    }()

    /// OpenBLAS's idle workers sleep after 2^20 cycles (about 0.4 ms) instead of
    /// 2^28 (they only run when a caller asks OpenBLAS for threads again).
    static var spinExponent: Int32 { 20 }

    private static let requested = Atomic<Int>(1)

    /// Sets the thread count (at least 1).
    public static func set(_ n: Int) {
        _ = kernels
        requested.store(max(1, n), ordering: .relaxed)
        if openBLASThreadsProducts { openblas_set_num_threads(Int32(max(1, n))) }
    }

    /// The thread count in force.
    public static var current: Int {
        _ = kernels
        return requested.load(ordering: .relaxed)
    }
}

extension ComputeThreads {
    /// Runs `body(0)`, …, `body(parts − 1)` on up to `parts` Dispatch threads
    /// and waits: for long pieces of work (whole training runs). The parts must
    /// touch disjoint memory.
    static func parallel(_ parts: Int, _ body: (Int) -> Void) {
        guard parts > 1 else {
            if parts == 1 { body(0) }
            return
        }
        withoutActuallyEscaping(body) { body in
            let shared = UncheckedSendable(body)
            DispatchQueue.concurrentPerform(iterations: parts) { shared.value($0) }
        }
    }

    /// Runs `body(0)`, …, `body(parts − 1)` on the calling thread and the
    /// compute team's workers, and waits: for short pieces of work within a
    /// step. The parts must touch disjoint memory.
    static func split(_ parts: Int, _ body: (Int) -> Void) {
        ComputeTeam.shared.run(parts, body)
    }
}

/// A value handed to worker threads that each use a disjoint part of it.
struct UncheckedSendable<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}

extension ComputeThreads {
    /// Element counts from which element-wise passes are split over the
    /// compute threads (below it, the hand-off costs more than it saves).
    static var elementwiseThreshold: Int { 1 << 16 }

    /// Runs `body(i)` for each item `i` of `sizes.indices`, spreading the items
    /// over the compute threads by size (largest first, each to the least
    /// loaded thread) when their total reaches `elementwiseThreshold`. Each item
    /// runs whole on one thread, so per-item results do not depend on the split.
    static func forEachItem(sizes: [Int], _ body: (Int) -> Void) {
        let total = sizes.reduce(0, +)
        let threads = min(current, sizes.count)
        guard threads > 1, total >= elementwiseThreshold else {
            for i in sizes.indices { body(i) }
            return
        }
        var owner = [Int](repeating: 0, count: sizes.count)
        var load = [Int](repeating: 0, count: threads)
        for i in sizes.indices.sorted(by: { sizes[$0] > sizes[$1] }) {
            let t = load.indices.min { load[$0] < load[$1] } ?? 0
            owner[i] = t
            load[t] += sizes[i]
        }
        split(threads) { t in
            for i in sizes.indices where owner[i] == t { body(i) }
        }
    }

    /// Runs `body(range)` over consecutive ranges that cover `0..<count` in
    /// whole runs of `granule`, one range per compute thread when
    /// `elements` reaches `elementwiseThreshold`, else once over all of it.
    static func forEachRange(
        _ count: Int, elements: Int, granule: Int = 16, _ body: (Range<Int>) -> Void
    ) {
        let parts = min(current, count / max(granule, 1))
        guard parts > 1, elements >= elementwiseThreshold else {
            body(0..<count)
            return
        }
        let step = ((count + parts - 1) / parts + granule - 1) / granule * granule
        split(parts) { part in
            let start = part * step
            let end = Swift.min(count, start + step)
            if end > start { body(start..<end) }
        }
    }
}
