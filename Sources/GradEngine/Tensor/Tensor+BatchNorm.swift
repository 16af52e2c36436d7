/// Column-wise kernels for batch normalization (rows are samples, columns features).
extension Tensor {
    /// Per-column mean and biased variance (divisor N), two passes for accuracy.
    func columnMeanAndVariance(mean: Tensor, variance: Tensor) {
        let n = columns
        let m = mean.base
        let v = variance.base
        let inv = 1 / Scalar(rows)
        sumRows(into: mean)
        for c in 0..<n { m[c] *= inv }
        v.update(repeating: 0, count: n)
        for r in 0..<rows {
            let row = base + r &* n
            for c in 0..<n {
                let d = row[c] - m[c]
                v[c] += d * d
            }
        }
        for c in 0..<n { v[c] *= inv }
    }

    /// out = 1/√(variance + eps), per column.
    static func inverseStandardDeviation(variance: Tensor, eps: Scalar, into out: Tensor) {
        let v = variance.base
        let o = out.base
        for c in 0..<variance.columns { o[c] = 1 / Scalar.sqrt(v[c] + eps) }
    }

    /// normalized = (x − mean)·inverseStd; output = gamma·normalized + beta.
    func batchNormalize(
        mean: Tensor, inverseStd: Tensor, gamma: Tensor, beta: Tensor,
        normalized: Tensor, output: Tensor
    ) {
        let n = columns
        let m = mean.base
        let s = inverseStd.base
        let g = gamma.base
        let b = beta.base
        for r in 0..<rows {
            let x = base + r &* n
            let h = normalized.base + r &* n
            let y = output.base + r &* n
            for c in 0..<n {
                let v = (x[c] - m[c]) * s[c]
                h[c] = v
                y[c] = g[c] * v + b[c]
            }
        }
    }

    /// running ← (1 − momentum)·running + momentum·batch, with the variance unbiased.
    static func updateRunningStatistics(
        runningMean: Tensor, runningVar: Tensor, batchMean: Tensor,
        batchVar: Tensor, momentum: Scalar, unbiasing: Scalar
    ) {
        let rm = runningMean.base
        let rv = runningVar.base
        let bm = batchMean.base
        let bv = batchVar.base
        for c in 0..<runningMean.columns {
            rm[c] = (1 - momentum) * rm[c] + momentum * bm[c]
            rv[c] = (1 - momentum) * rv[c] + momentum * bv[c] * unbiasing
        }
    }

    /// gradGamma = Σ_rows dy·x̂, gradBeta = Σ_rows dy (self is dy).
    func batchNormParameterGradients(normalized: Tensor, gradGamma: Tensor, gradBeta: Tensor) {
        let n = columns
        let gg = gradGamma.base
        let gb = gradBeta.base
        gg.update(repeating: 0, count: n)
        gb.update(repeating: 0, count: n)
        for r in 0..<rows {
            let dy = base + r &* n
            let h = normalized.base + r &* n
            for c in 0..<n {
                gg[c] += dy[c] * h[c]
                gb[c] += dy[c]
            }
        }
    }

    /// dx = γ·s/N · (N·dy − Σdy − x̂·Σ(dy·x̂)) with s = 1/√(σ²+ε) (self is dy).
    func batchNormInputGradient(
        normalized: Tensor, inverseStd: Tensor, gamma: Tensor,
        gradGamma: Tensor, gradBeta: Tensor, into out: Tensor
    ) {
        let n = columns
        let count = Scalar(rows)
        let inv = 1 / Scalar(rows)
        let s = inverseStd.base
        let g = gamma.base
        let gg = gradGamma.base
        let gb = gradBeta.base
        for r in 0..<rows {
            let dy = base + r &* n
            let h = normalized.base + r &* n
            let dx = out.base + r &* n
            for c in 0..<n {
                dx[c] = g[c] * s[c] * inv * (count * dy[c] - gb[c] - h[c] * gg[c])
            }
        }
    }

    /// dx = dy·γ·s per column (evaluation mode, where μ and σ² are constants).
    func scaleColumns(inverseStd: Tensor, gamma: Tensor, into out: Tensor) {
        let n = columns
        let s = inverseStd.base
        let g = gamma.base
        for r in 0..<rows {
            let dy = base + r &* n
            let dx = out.base + r &* n
            for c in 0..<n { dx[c] = dy[c] * g[c] * s[c] }
        }
    }
}
