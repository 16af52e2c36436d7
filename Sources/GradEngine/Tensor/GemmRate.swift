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
        var draw = Draw()
        let a = try draw.tensor(size, size)
        let b = try draw.tensor(size, size)
        let c = try Tensor<Float>(rows: size, columns: size)
        let operations = 2 * Double(size) * Double(size) * Double(size)
        let seconds = best(trials: trials, seconds: seconds) { Tensor.gemm(a, b, into: c) }
        return operations / seconds / 1e9
    }

    /// Seconds that one training step's matrix products take with nothing
    /// else running: the step's ceiling on this machine and BLAS.
    ///
    /// For dense layers of `widths` (inputs first) and a batch of `batch`
    /// rows: each layer's forward product x·Wᵀ, then, last layer first, its
    /// weight gradient and (for every layer but the first) its input gradient,
    /// through the calls a dense layer makes, so split over `threads` as in a
    /// step. The same buffers serve every repeat, so the operands are as hot
    /// in cache as they can be. The best of `trials` trials, each repeating the
    /// whole set for at least `seconds` (after one set of warm-up).
    public static func stepProducts(
        widths: [Int], batch: Int, threads: Int, trials: Int = 3, seconds: Double = 0.25
    ) throws(EngineError) -> Double {
        guard widths.count >= 2, widths.allSatisfy({ $0 >= 1 }), batch >= 1, threads >= 1,
            trials >= 1
        else {
            throw .invalidArgument(
                "step products: at least two widths, and widths, batch, threads and trials of at least 1"
            )
        }
        ComputeThreads.set(threads)
        var draw = Draw()
        var layers: [DenseOperands] = []
        for (inputs, outputs) in zip(widths, widths.dropFirst()) {
            layers.append(
                DenseOperands(
                    x: try draw.tensor(batch, inputs), w: try draw.tensor(outputs, inputs),
                    z: try draw.tensor(batch, outputs),
                    dW: try Tensor(rows: outputs, columns: inputs),
                    dX: try Tensor(rows: batch, columns: inputs)))
        }
        return best(trials: trials, seconds: seconds) {
            for l in layers { Tensor.gemm(l.x, l.w, into: l.z, transposeB: true) }
            for (i, l) in layers.enumerated().reversed() {
                // The forward output stands in for dZ (same shape; only the
                // time is kept).
                if i == 0 {
                    Tensor.gemm(l.z, l.x, into: l.dW, transposeA: true)
                } else {
                    Tensor.weightAndInputGradients(
                        l.z, l.x, l.w, weightGradient: l.dW, inputGradient: l.dX)
                }
            }
        }
    }

    /// One dense layer's operands and results. (Not `Layer`: that is the
    /// engine's layer type.)
    struct DenseOperands {
        let x, w, z, dW, dX: Tensor<Float>
    }

    /// The fewest seconds one call of `work` took, as the best of `trials`
    /// trials that each repeat it for at least `seconds` (after one warm-up call).
    static func best(trials: Int, seconds: Double, _ work: () -> Void) -> Double {
        work()
        var fewest = Double.infinity
        for _ in 0..<trials {
            var calls = 0
            let started = monotonicSeconds()
            var elapsed = 0.0
            repeat {
                work()
                calls += 1
                elapsed = monotonicSeconds() - started
            } while elapsed < seconds
            fewest = min(fewest, elapsed / Double(calls))
        }
        return fewest
    }

    /// Deterministic values in [−0.5, 0.5) for the timed operands.
    struct Draw {
        var state: UInt32 = 12345

        mutating func tensor(_ rows: Int, _ columns: Int) throws(EngineError) -> Tensor<Float> {
            let t = try Tensor<Float>(rows: rows, columns: columns)
            t.fill(with: {
                state = state &* 1_664_525 &+ 1_013_904_223
                return Double(state >> 8) / Double(1 << 24) - 0.5
            })
            return t
        }
    }
}
