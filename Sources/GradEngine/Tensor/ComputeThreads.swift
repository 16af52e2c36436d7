import CBLAS

/// The BLAS library behind the matrix products: its kernels and thread count.
public enum ComputeThreads {
    /// The kernel set OpenBLAS uses, after `gradlab_tune_openblas` has corrected
    /// a generic fallback on CPUs newer than the library (see the shim header).
    /// Evaluated once, before the first matrix product.
    public static let kernels: String = String(cString: gradlab_tune_openblas())

    /// Sets the BLAS thread count (at least 1).
    public static func set(_ n: Int) {
        _ = kernels
        openblas_set_num_threads(Int32(max(1, n)))
    }

    /// The BLAS thread count in force.
    public static var current: Int { Int(openblas_get_num_threads()) }
}
