/// Optimizer update kernels. Each reads the current weights `w`, gradient `g`
/// and state, writes the new weights and state into separate buffers, and
/// returns the summary of Δw = w_new − w (whose `finite` is false when any new
/// value is NaN or Inf). The update loops have no reductions, so they vectorize;
/// the summary is a second, SIMD pass.
extension Tensor {

    /// w_new = w − lr·g.
    static func sgdUpdate(_ w: Tensor, _ g: Tensor, into out: Tensor, lr: Scalar) -> UpdateSummary {
        let n = w.count, x = w.base, d = g.base, o = out.base
        for i in 0..<n {
            let nw = x[i] - lr * d[i]
            o[i] = nw
        }
        return updateSummary(new: out, old: w)
    }

    /// v_new = μ·v + g (g itself on the first step); w_new = w − lr·(nesterov ? g + μ·v_new : v_new).
    static func sgdMomentumUpdate(_ w: Tensor, _ g: Tensor, velocity: Tensor, into out: Tensor, velocityOut: Tensor,
                                  lr: Scalar, momentum: Scalar, nesterov: Bool, first: Bool) -> UpdateSummary {
        let n = w.count, x = w.base, d = g.base, v = velocity.base, o = out.base, vo = velocityOut.base
        let mu: Scalar = first ? 0 : momentum
        let look: Scalar = nesterov ? momentum : 0
        let direct: Scalar = nesterov ? 1 : 0
        for i in 0..<n {
            let nv = mu * v[i] + d[i]
            vo[i] = nv
            // nesterov: g + μ·v_new; plain: v_new.
            let step = nesterov ? direct * d[i] + look * nv : nv
            let nw = x[i] - lr * step
            o[i] = nw
        }
        return updateSummary(new: out, old: w)
    }

    /// Adam (and AdamW through decayFactor = 1 − lr·λ, applied to w first), in
    /// torch's order: w_new = w·decay − stepSize · m_new / (√v_new · c₂ + ε).
    static func adamUpdate(_ w: Tensor, _ g: Tensor, mean: Tensor, square: Tensor, into out: Tensor,
                           meanOut: Tensor, squareOut: Tensor, stepSize: Scalar, oneMinusBeta1: Scalar, beta2: Scalar,
                           oneMinusBeta2: Scalar, inverseBiasCorrection2Sqrt: Scalar, eps: Scalar,
                           decayFactor: Scalar) -> UpdateSummary {
        let n = w.count, x = w.base, d = g.base, m = mean.base, v = square.base
        let o = out.base, mo = meanOut.base, vo = squareOut.base
        // 1 − β arrive computed in Double, as torch does: 1 − Float(0.999) is 1.3e-5 off.
        let oneMinusB1 = oneMinusBeta1, oneMinusB2 = oneMinusBeta2
        for i in 0..<n {
            let gi = d[i]
            let nm = m[i] + oneMinusB1 * (gi - m[i])  // torch: exp_avg.lerp_(grad, 1 − β₁)
            let nv = beta2 * v[i] + oneMinusB2 * gi * gi
            mo[i] = nm
            vo[i] = nv
            let denom = nv.squareRoot() * inverseBiasCorrection2Sqrt + eps
            let nw = x[i] * decayFactor - stepSize * (nm / denom)
            o[i] = nw
        }
        return updateSummary(new: out, old: w)
    }

    /// RMSprop: v_new = α·v + (1−α)·g²; w_new = w − lr·g/(√v_new + ε).
    static func rmspropUpdate(_ w: Tensor, _ g: Tensor, square: Tensor, into out: Tensor, squareOut: Tensor,
                              lr: Scalar, alpha: Scalar, oneMinusAlpha: Scalar, eps: Scalar) -> UpdateSummary {
        let n = w.count, x = w.base, d = g.base, v = square.base, o = out.base, vo = squareOut.base
        for i in 0..<n {
            let gi = d[i]
            let nv = alpha * v[i] + oneMinusAlpha * gi * gi
            vo[i] = nv
            let nw = x[i] - lr * (gi / (nv.squareRoot() + eps))
            o[i] = nw
        }
        return updateSummary(new: out, old: w)
    }
}
