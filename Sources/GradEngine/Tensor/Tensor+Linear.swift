/// Matrix products (through cblas) and the row/column helpers around them.
extension Tensor {
    /// c = alpha · op(a) · op(b) + beta · c, where op transposes when asked.
    /// Shapes are the caller's contract (layers check them when they are built).
    static func gemm(
        _ a: Tensor, _ b: Tensor, into c: Tensor,
        transposeA transA: Bool = false, transposeB transB: Bool = false,
        alpha: Scalar = 1, beta: Scalar = 0
    ) {
        let m = transA ? a.columns : a.rows
        let k = transA ? a.rows : a.columns
        let n = transB ? b.rows : b.columns
        precondition(
            c.rows == m && c.columns == n && (transB ? b.columns : b.rows) == k,
            "gemm: shape mismatch")
        if m == 0 || n == 0 { return }
        if k == 0 {
            c.scale(by: beta)
            return
        }
        // A dense layer's three products: x·Wᵀ, dZᵀ·x and dZ·W.
        let role = transB ? "forward" : (transA ? "weight gradient" : "input gradient")
        StepProfile.measure(
            "product \(role) \(m)×\(n)×\(k)", operations: 2 * Double(m) * Double(n) * Double(k)
        ) { product(transA, transB, m, n, k, alpha, a, b, beta, c) }
    }

    /// A dense layer's two backward products, dW = dZᵀ·x and dX = dZ·W (W is
    /// outputs × inputs), as `gemm` computes them.
    ///
    /// They are independent and of equal work (2·batch·inputs·outputs each),
    /// so on two compute threads each runs whole on a thread of its own: no
    /// operand is packed twice, one hand-off serves both, and each result is
    /// the one-thread result to the last bit. Otherwise (one thread, more than
    /// two, or products below half the split size) they run in turn, each
    /// split as `gemm` splits it.
    static func weightAndInputGradients(
        _ dZ: Tensor, _ x: Tensor, _ w: Tensor, weightGradient dW: Tensor,
        inputGradient dX: Tensor
    ) {
        let (batch, outputs, inputs) = (dZ.rows, dZ.columns, x.columns)
        guard ComputeThreads.current == 2, !ComputeThreads.openBLASThreadsProducts,
            batch &* outputs &* inputs >= splitThreshold / 2
        else {
            gemm(dZ, x, into: dW, transposeA: true)
            gemm(dZ, w, into: dX)
            return
        }
        precondition(
            x.rows == batch && w.rows == outputs && w.columns == inputs
                && dW.rows == outputs && dW.columns == inputs && dX.rows == batch
                && dX.columns == inputs, "weightAndInputGradients: shape mismatch")
        let (pz, px, pw) = (
            UncheckedSendable(dZ.base), UncheckedSendable(x.base), UncheckedSendable(w.base)
        )
        let (pdw, pdx) = (UncheckedSendable(dW.base), UncheckedSendable(dX.base))
        StepProfile.measure(
            "product dW ‖ dX \(outputs)×\(inputs)×\(batch) (side by side)",
            operations: 4 * Double(batch) * Double(inputs) * Double(outputs)
        ) {
            ComputeThreads.split(2) { part in
                if part == 0 {
                    Scalar.gemm(
                        transA: true, transB: false, m: outputs, n: inputs, k: batch, alpha: 1,
                        a: pz.value, lda: outputs, b: px.value, ldb: inputs, beta: 0,
                        c: pdw.value, ldc: inputs)
                } else {
                    Scalar.gemm(
                        transA: false, transB: false, m: batch, n: inputs, k: outputs, alpha: 1,
                        a: pz.value, lda: outputs, b: pw.value, ldb: inputs, beta: 0,
                        c: pdx.value, ldc: inputs)
                }
            }
        }
    }

    /// Products from this size (m·n·k) on are split over the compute threads:
    /// where OpenBLAS itself would start using its threads, so that smaller
    /// products run exactly as before.
    static var splitThreshold: Int { 1 << 18 }

    /// The product, cut into row blocks (weight gradients, `transA`) or column
    /// blocks (the others) of C when it is large enough and more than one
    /// compute thread is asked for. Each block is a product of its own, run by
    /// the BLAS on one thread; blocks differ from the whole product in the last
    /// bits only where the BLAS rounds a block's edge differently.
    private static func product(
        _ transA: Bool, _ transB: Bool, _ m: Int, _ n: Int, _ k: Int,
        _ alpha: Scalar, _ a: Tensor, _ b: Tensor, _ beta: Scalar, _ c: Tensor
    ) {
        let threads = ComputeThreads.openBLASThreadsProducts ? 1 : ComputeThreads.current
        let rowsSplit = transA ? m >= 32 : n < 32
        let extent = rowsSplit ? m : n
        // Blocks of whole 16-element runs: 64-byte lines of C stay in one block.
        let parts = min(threads, extent / 16)
        guard parts > 1, m &* n &* k >= splitThreshold, extent >= 32 else {
            Scalar.gemm(
                transA: transA, transB: transB, m: m, n: n, k: k,
                alpha: alpha, a: a.base, lda: a.columns, b: b.base, ldb: b.columns,
                beta: beta, c: c.base, ldc: c.columns)
            return
        }
        let step = ((extent + parts - 1) / parts + 15) / 16 * 16
        let pa = UncheckedSendable(a.base)
        let pb = UncheckedSendable(b.base)
        let pc = UncheckedSendable(c.base)
        let (lda, ldb, ldc) = (a.columns, b.columns, c.columns)
        ComputeThreads.split(parts) { part in
            let start = part &* step
            let end = Swift.min(extent, start &+ step)
            guard end > start else { return }
            if rowsSplit {
                // Rows start..<end of C: the same rows of op(A), all of op(B).
                Scalar.gemm(
                    transA: transA, transB: transB, m: end &- start, n: n, k: k,
                    alpha: alpha, a: pa.value + (transA ? start : start &* lda), lda: lda,
                    b: pb.value, ldb: ldb, beta: beta, c: pc.value + start &* ldc, ldc: ldc)
            } else {
                // Columns start..<end of C: all of op(A), the same columns of op(B).
                Scalar.gemm(
                    transA: transA, transB: transB, m: m, n: end &- start, k: k,
                    alpha: alpha, a: pa.value, lda: lda,
                    b: pb.value + (transB ? start &* ldb : start), ldb: ldb,
                    beta: beta, c: pc.value + start, ldc: ldc)
            }
        }
    }

    /// Writes the sum over rows (a 1 × columns row) into `out`.
    func sumRows(into out: Tensor) {
        let n = columns
        let o = out.base
        o.update(repeating: 0, count: n)
        for r in 0..<rows {
            let row = base + r &* n
            for c in 0..<n { o[c] += row[c] }
        }
    }

    /// Copies the rows at `indices` of `source` into the first rows of this tensor.
    /// A large batch is copied by the compute threads in row blocks: its rows
    /// are scattered over a data set too large for the cache, and two threads
    /// wait for memory side by side.
    func gatherRows(from source: Tensor, indices: ArraySlice<Int>) {
        let n = columns
        let out = UncheckedSendable(base)
        let from = UncheckedSendable(source.base)
        let first = indices.startIndex
        ComputeThreads.forEachRange(indices.count, elements: indices.count &* n, granule: 1) {
            rows in
            for r in rows {
                (out.value + r &* n).update(from: from.value + indices[first &+ r] &* n, count: n)
            }
        }
    }
}

extension Tensor {
    /// The matrix product self · other (rows × other.columns).
    public func matmul(_ other: Tensor) throws(EngineError) -> Tensor {
        guard columns == other.rows else {
            throw .shapeMismatch(
                "cannot multiply a \(rows)×\(columns) tensor by a \(other.rows)×\(other.columns) one"
            )
        }
        let out = try Tensor(rows: rows, columns: other.columns)
        Tensor.gemm(self, other, into: out)
        return out
    }

    /// For each row, the column of its largest element (the first on ties).
    public func rowArgmax() -> [Int] {
        (0..<rows).map { r in
            let z = base + r &* columns
            var best = 0
            for c in 1..<max(columns, 1) where z[c] > z[best] { best = c }
            return best
        }
    }
}
