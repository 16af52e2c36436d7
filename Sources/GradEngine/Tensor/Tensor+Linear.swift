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
        Scalar.gemm(
            transA: transA, transB: transB, m: m, n: n, k: k,
            alpha: alpha, a: a.base, lda: a.columns, b: b.base, ldb: b.columns,
            beta: beta, c: c.base, ldc: c.columns)
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
    func gatherRows(from source: Tensor, indices: ArraySlice<Int>) {
        let n = columns
        for (r, i) in indices.enumerated() {
            (base + r &* n).update(from: source.base + i &* n, count: n)
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
