/// The float32 matrix-product rate of the engine's BLAS on this machine: the
/// ceiling `gradlab bench --peak` compares a training step's arithmetic with.
public enum GemmRate {
    /// GFLOP/s of `size`×`size` by `size`×`size` Float products on `threads`
    /// compute threads: the best of `trials` trials, each repeating the product
    /// for at least `seconds` (after two products of warm-up). 2·n³ operations
    /// per product, as BLAS benchmarks count them.
    public static func measure(
        size: Int = 1024, threads: Int, trials: Int = 3, seconds: Double = 0.25
    ) throws(EngineError) -> Double {
        guard size >= 1, threads >= 1, trials >= 1 else {
            throw .invalidArgument("GEMM rate: size, threads and trials must be at least 1")
        }
        ComputeThreads.set(threads)
        let a = try Tensor<Float>(rows: size, columns: size)
        let b = try Tensor<Float>(rows: size, columns: size)
        let c = try Tensor<Float>(rows: size, columns: size)
        var state: UInt32 = 12345
        let draw = { () -> Double in
            state = state &* 1_664_525 &+ 1_013_904_223
            return Double(state >> 8) / Double(1 << 24) - 0.5
        }
        a.fill(with: draw)
        b.fill(with: draw)
        Tensor.gemm(a, b, into: c)
        Tensor.gemm(a, b, into: c)
        let operations = 2 * Double(size) * Double(size) * Double(size)
        var best = 0.0
        for _ in 0..<trials {
            var products = 0
            let started = monotonicSeconds()
            var elapsed = 0.0
            repeat {
                Tensor.gemm(a, b, into: c)
                products += 1
                elapsed = monotonicSeconds() - started
            } while elapsed < seconds
            best = max(best, operations * Double(products) / elapsed / 1e9)
        }
        return best
    }
}
