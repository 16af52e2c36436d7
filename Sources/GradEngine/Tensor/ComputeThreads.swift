import CBLAS

/// The number of threads the matrix products (OpenBLAS) may use.
public enum ComputeThreads {
    /// Sets the BLAS thread count (at least 1).
    public static func set(_ n: Int) {
        openblas_set_num_threads(Int32(max(1, n)))
    }

    /// The BLAS thread count in force.
    public static var current: Int { Int(openblas_get_num_threads()) }
}
