/// In-place element-wise kernels.
extension Tensor {
    /// Sets every element to `value`.
    public func fill(_ value: Scalar) {
        base.update(repeating: value, count: count)
        touch()
    }

    /// Multiplies every element by `factor`.
    public func scale(by factor: Scalar) {
        let p = base
        for i in 0..<count { p[i] *= factor }
        touch()
    }

    /// self += alpha · other (same shape).
    func add(_ other: Tensor, times alpha: Scalar = 1) {
        let p = base
        let q = other.base
        for i in 0..<count { p[i] += alpha * q[i] }
    }

    /// Clamps every element to [-limit, limit]; returns whether any element changed.
    /// NaN stays NaN.
    func clamp(to limit: Scalar) -> Bool {
        let p = base
        var changed: Scalar = 0
        for i in 0..<count {
            let v = p[i]
            let c = v > limit ? limit : (v < -limit ? -limit : v)
            changed += c != v && v == v ? 1 : 0
            p[i] = c
        }
        return changed > 0
    }

    /// self += l1 · sign(w) + 2 · l2 · w: the gradient of l1·Σ|w| + l2·Σw²
    /// (torch's sign(0) = 0).
    func addPenaltyGradient(weights w: Tensor, l1: Scalar, l2: Scalar) {
        let g = base
        let x = w.base
        let twoL2 = 2 * l2
        for i in 0..<count {
            let v = x[i]
            let sign: Scalar = v > 0 ? 1 : (v < 0 ? -1 : 0)
            g[i] += l1 * sign + twoL2 * v
        }
    }

    /// Multiplies each element by the matching element of `mask`.
    func multiply(by mask: Tensor) {
        let p = base
        let m = mask.base
        for i in 0..<count { p[i] *= m[i] }
    }

    /// Fills with a dropout mask: 0 with probability `rate`, else 1/(1 − rate).
    func fillDropoutMask(rate: Double, rng: inout RandomGenerator) {
        let keep = Scalar(1 / (1 - rate))
        let p = base
        for i in 0..<count { p[i] = rng.uniform() < rate ? 0 : keep }
    }

    /// Fills with draws from `draw`, in row-major order.
    public func fill(with draw: () -> Double) {
        let p = base
        for i in 0..<count { p[i] = Scalar(draw()) }
        touch()
    }
}
