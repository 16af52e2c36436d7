/// Optimizer update kernels. Each reads the current weights `w`, gradient `g`
/// and state over an element range, writes the new weights into a separate
/// buffer (swapped in only if every value is finite) and the state in place (a
/// separate state buffer would cost memory traffic, as every store to a line
/// not in cache first reads it), and adds Δw = w_new − w to an update summary (whose
/// `finite` turns false when any new value is NaN or Inf). Ranges let the
/// optimizer split a large parameter across threads. The update loops have no reductions, so they vectorize;
/// (indices advance with `&+=`: a trapping range check would stop the compiler
/// from vectorizing); they run in blocks small enough for L1, and the SIMD summary pass reads each
/// block right after it is written.
extension Tensor {
    /// Elements per block: 4096 Floats of each of ~7 arrays stay in L1/L2.
    private static var blockSize: Int { 4096 }

    /// Runs `update(start, end)` block by block over `range`, adding each block
    /// to the update summary right after it is written.
    @inline(__always)
    private static func blockwise(
        _ range: Range<Int>, _ w: Tensor, _ out: Tensor,
        _ acc: inout UpdateAccumulator<Scalar>, _ update: (Int, Int) -> Void
    ) {
        var start = range.lowerBound
        while start < range.upperBound {
            let end = Swift.min(start &+ blockSize, range.upperBound)
            update(start, end)
            acc.add(new: out.base, old: w.base, start, end)
            start = end
        }
    }

    /// w_new = w − lr·g.
    static func sgdUpdate(
        _ w: Tensor, _ g: Tensor, into out: Tensor, lr: Scalar,
        range: Range<Int>, _ acc: inout UpdateAccumulator<Scalar>
    ) {
        let x = w.base
        let d = g.base
        let o = out.base
        blockwise(range, w, out, &acc) { start, end in
            var i = start
            while i < end {
                o[i] = x[i] - lr * d[i]
                i &+= 1
            }
        }
    }

    /// v_new = μ·v + g (g itself on the first step); w_new = w − lr·(nesterov ? g + μ·v_new : v_new).
    static func sgdMomentumUpdate(
        _ w: Tensor, _ g: Tensor, velocity: Tensor, into out: Tensor,
        lr: Scalar, momentum: Scalar, nesterov: Bool, first: Bool,
        range: Range<Int>, _ acc: inout UpdateAccumulator<Scalar>
    ) {
        let x = w.base
        let d = g.base
        let v = velocity.base
        let o = out.base
        let mu: Scalar = first ? 0 : momentum
        // nesterov steps by g + μ·v_new, plain momentum by v_new.
        let direct: Scalar = nesterov ? 1 : 0
        let look: Scalar = nesterov ? momentum : 1
        blockwise(range, w, out, &acc) { start, end in
            var i = start
            while i < end {
                let nv = mu * v[i] + d[i]
                v[i] = nv
                o[i] = x[i] - lr * (direct * d[i] + look * nv)
                i &+= 1
            }
        }
    }

    /// Adam (and AdamW through decayFactor = 1 − lr·λ, applied to w first), in
    /// torch's order: w_new = w·decay − stepSize · m_new / (√v_new · c₂ + ε).
    static func adamUpdate(
        _ w: Tensor, _ g: Tensor, mean: Tensor, square: Tensor, into out: Tensor,
        stepSize: Scalar, oneMinusBeta1: Scalar, beta2: Scalar,
        oneMinusBeta2: Scalar, inverseBiasCorrection2Sqrt: Scalar, eps: Scalar,
        decayFactor: Scalar, range: Range<Int>, _ acc: inout UpdateAccumulator<Scalar>
    ) {
        let x = w.base
        let d = g.base
        let m = mean.base
        let v = square.base
        let o = out.base
        // 1 − β arrive computed in Double, as torch does: 1 − Float(0.999) is 1.3e-5 off.
        let oneMinusB1 = oneMinusBeta1
        let oneMinusB2 = oneMinusBeta2
        blockwise(range, w, out, &acc) { start, end in
            var i = start
            while i < end {
                let gi = d[i]
                let nm = m[i] + oneMinusB1 * (gi - m[i])  // torch: exp_avg.lerp_(grad, 1 − β₁)
                let nv = beta2 * v[i] + oneMinusB2 * gi * gi
                m[i] = nm
                v[i] = nv
                let denom = Scalar.sqrt(nv) * inverseBiasCorrection2Sqrt + eps
                o[i] = x[i] * decayFactor - stepSize * (nm / denom)
                i &+= 1
            }
        }
    }

    /// RMSprop: v_new = α·v + (1−α)·g²; w_new = w − lr·g/(√v_new + ε).
    static func rmspropUpdate(
        _ w: Tensor, _ g: Tensor, square: Tensor, into out: Tensor,
        lr: Scalar, alpha: Scalar, oneMinusAlpha: Scalar, eps: Scalar,
        range: Range<Int>, _ acc: inout UpdateAccumulator<Scalar>
    ) {
        let x = w.base
        let d = g.base
        let v = square.base
        let o = out.base
        blockwise(range, w, out, &acc) { start, end in
            var i = start
            while i < end {
                let gi = d[i]
                let nv = alpha * v[i] + oneMinusAlpha * gi * gi
                v[i] = nv
                o[i] = x[i] - lr * (gi / (Scalar.sqrt(nv) + eps))
                i &+= 1
            }
        }
    }

    /// Adagrad: s_new = s + g²; w_new = w − lr·g/(√s_new + ε).
    static func adagradUpdate(
        _ w: Tensor, _ g: Tensor, sum: Tensor, into out: Tensor, lr: Scalar, eps: Scalar,
        range: Range<Int>, _ acc: inout UpdateAccumulator<Scalar>
    ) {
        let x = w.base
        let d = g.base
        let s = sum.base
        let o = out.base
        blockwise(range, w, out, &acc) { start, end in
            var i = start
            while i < end {
                let gi = d[i]
                let ns = s[i] + gi * gi
                s[i] = ns
                o[i] = x[i] - lr * (gi / (Scalar.sqrt(ns) + eps))
                i &+= 1
            }
        }
    }

    /// Adadelta: v_new = ρ·v + (1−ρ)·g²; Δ = √(u + ε)/√(v_new + ε)·g;
    /// u_new = ρ·u + (1−ρ)·Δ²; w_new = w − lr·Δ.
    static func adadeltaUpdate(
        _ w: Tensor, _ g: Tensor, square: Tensor, delta: Tensor, into out: Tensor,
        lr: Scalar, rho: Scalar, oneMinusRho: Scalar, eps: Scalar,
        range: Range<Int>, _ acc: inout UpdateAccumulator<Scalar>
    ) {
        let x = w.base
        let d = g.base
        let v = square.base
        let u = delta.base
        let o = out.base
        blockwise(range, w, out, &acc) { start, end in
            var i = start
            while i < end {
                let gi = d[i]
                let nv = rho * v[i] + oneMinusRho * gi * gi
                v[i] = nv
                let step = Scalar.sqrt(u[i] + eps) / Scalar.sqrt(nv + eps) * gi
                u[i] = rho * u[i] + oneMinusRho * step * step
                o[i] = x[i] - lr * step
                i &+= 1
            }
        }
    }

    /// Adamax: m_new = m + (1−β₁)(g − m); u_new = max(β₂·u, |g| + ε);
    /// w_new = w − stepSize·m_new/u_new, stepSize = lr/(1 − β₁ᵗ).
    static func adamaxUpdate(
        _ w: Tensor, _ g: Tensor, mean: Tensor, norm: Tensor, into out: Tensor,
        stepSize: Scalar, oneMinusBeta1: Scalar, beta2: Scalar, eps: Scalar,
        range: Range<Int>, _ acc: inout UpdateAccumulator<Scalar>
    ) {
        let x = w.base
        let d = g.base
        let m = mean.base
        let u = norm.base
        let o = out.base
        blockwise(range, w, out, &acc) { start, end in
            var i = start
            while i < end {
                let gi = d[i]
                let nm = m[i] + oneMinusBeta1 * (gi - m[i])  // torch: exp_avg.lerp_(grad, 1 − β₁)
                let decayed = beta2 * u[i]
                let fresh = gi.magnitude + eps
                let nu = decayed > fresh ? decayed : fresh
                m[i] = nm
                u[i] = nu
                o[i] = x[i] - stepSize * (nm / nu)
                i &+= 1
            }
        }
    }

    /// NAdam, in torch's order: m and v as Adam's, d = √(v_new/c₂) + ε with
    /// c₂ = 1 − β₂ᵗ, then w_new = (w + gradientStep·g/d) + momentumStep·m_new/d
    /// (both steps negative; the optimizer computes them from the momentum schedule).
    static func nadamUpdate(
        _ w: Tensor, _ g: Tensor, mean: Tensor, square: Tensor, into out: Tensor,
        gradientStep: Scalar, momentumStep: Scalar, oneMinusBeta1: Scalar, beta2: Scalar,
        oneMinusBeta2: Scalar, biasCorrection2: Scalar, eps: Scalar,
        range: Range<Int>, _ acc: inout UpdateAccumulator<Scalar>
    ) {
        let x = w.base
        let d = g.base
        let m = mean.base
        let v = square.base
        let o = out.base
        blockwise(range, w, out, &acc) { start, end in
            var i = start
            while i < end {
                let gi = d[i]
                let nm = m[i] + oneMinusBeta1 * (gi - m[i])
                let nv = beta2 * v[i] + oneMinusBeta2 * gi * gi
                m[i] = nm
                v[i] = nv
                let denom = Scalar.sqrt(nv / biasCorrection2) + eps
                o[i] = (x[i] + gradientStep * (gi / denom)) + momentumStep * (nm / denom)
                i &+= 1
            }
        }
    }
}
