import CBLAS
import Dispatch

/// The threads the engine computes on: OpenBLAS's for matrix products and
/// Dispatch's for large element-wise work (optimizer updates), both sized by
/// `set(_:)`; and the BLAS kernels in use.
public enum ComputeThreads {
    /// The kernel set OpenBLAS uses, after `gradlab_tune_openblas` has corrected
    /// a generic fallback on CPUs newer than the library (see the shim header).
    /// Evaluated once, before the first matrix product.
    public static let kernels: String = {
        let name = String(cString: gradlab_tune_openblas())
        gradlab_openblas_spin(spinExponent)
        return name
    }()

    /// OpenBLAS's idle workers sleep after 2^20 cycles (about 0.4 ms) instead of
    /// 2^28: long enough to stay awake between the products of one step, short
    /// enough to free the core for a large optimizer update (measured: wide
    /// preset on 2 threads 63 → 72 steps/s; mnist unchanged within noise).
    static var spinExponent: Int32 { 20 }

    /// Sets the thread count (at least 1).
    public static func set(_ n: Int) {
        _ = kernels
        openblas_set_num_threads(Int32(max(1, n)))
    }

    /// The thread count in force.
    public static var current: Int { Int(openblas_get_num_threads()) }
}

extension ComputeThreads {
    /// Runs `body(0)`, …, `body(parts − 1)` on up to `parts` threads and waits.
    /// The parts must touch disjoint memory.
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
}

/// A value handed to worker threads that each use a disjoint part of it.
struct UncheckedSendable<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
