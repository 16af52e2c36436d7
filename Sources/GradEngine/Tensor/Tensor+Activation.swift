/// Fused bias-add and activation kernels, forward and backward.
extension Tensor {
    /// Adds `bias` (a 1 × columns row, if any) to every row of this pre-activation
    /// tensor in place, then writes f(self) into `output` (which may be `self` for
    /// the identity). Softmax normalizes each row; the others act element-wise.
    func addBiasAndActivate(_ bias: Tensor?, _ activation: Activation, into output: Tensor) {
        switch activation {
        case .identity: forwardKernel(IdentityMath<Scalar>(), bias, output)
        case .relu: forwardKernel(ReLUMath<Scalar>(), bias, output)
        case .leakyReLU(let s): forwardKernel(LeakyReLUMath<Scalar>(slope: Scalar(s)), bias, output)
        case .elu(let a): forwardKernel(ELUMath<Scalar>(alpha: Scalar(a)), bias, output)
        case .gelu: forwardKernel(GELUMath<Scalar>(), bias, output)
        case .selu: forwardKernel(SELUMath<Scalar>(), bias, output)
        case .sigmoid: forwardKernel(SigmoidMath<Scalar>(), bias, output)
        case .tanh: forwardKernel(TanhMath<Scalar>(), bias, output)
        case .softplus: forwardKernel(SoftplusMath<Scalar>(), bias, output)
        case .exponential: forwardKernel(ExponentialMath<Scalar>(), bias, output)
        case .softsign: forwardKernel(SoftsignMath<Scalar>(), bias, output)
        case .hardSigmoid: forwardKernel(HardSigmoidMath<Scalar>(), bias, output)
        case .silu: forwardKernel(SiLUMath<Scalar>(), bias, output)
        case .softmax:
            // The bias first (the identity kernel adds it in place); then each row as a whole.
            if bias != nil { forwardKernel(IdentityMath<Scalar>(), bias, self) }
            softmaxRows(SoftmaxMath<Scalar>(), into: output)
        }
    }

    /// gradInput = gradOutput ⊙ f'(input), where `output` = f(`input`); for
    /// softmax, each row's vector–Jacobian product. `gradInput` may be the same
    /// tensor as `gradOutput`. With `biasGradient` (a 1 × columns row), also
    /// writes gradInput's sum over rows into it (a dense layer's bias
    /// gradient), for the element-wise activations in the same pass.
    static func activationBackward(
        _ activation: Activation, input: Tensor, output: Tensor,
        gradOutput: Tensor, into gradInput: Tensor, biasGradient: Tensor? = nil
    ) {
        let bias = biasGradient
        switch activation {
        case .identity:
            if gradInput !== gradOutput { gradInput.assign(gradOutput) }
            bias.map { gradInput.sumRows(into: $0) }
        case .relu: backwardKernel(ReLUMath<Scalar>(), input, output, gradOutput, gradInput, bias)
        case .leakyReLU(let s):
            backwardKernel(
                LeakyReLUMath<Scalar>(slope: Scalar(s)), input, output, gradOutput, gradInput, bias)
        case .elu(let a):
            backwardKernel(
                ELUMath<Scalar>(alpha: Scalar(a)), input, output, gradOutput, gradInput, bias)
        case .gelu: backwardKernel(GELUMath<Scalar>(), input, output, gradOutput, gradInput, bias)
        case .selu: backwardKernel(SELUMath<Scalar>(), input, output, gradOutput, gradInput, bias)
        case .sigmoid:
            backwardKernel(SigmoidMath<Scalar>(), input, output, gradOutput, gradInput, bias)
        case .tanh: backwardKernel(TanhMath<Scalar>(), input, output, gradOutput, gradInput, bias)
        case .softplus:
            backwardKernel(SoftplusMath<Scalar>(), input, output, gradOutput, gradInput, bias)
        case .exponential:
            backwardKernel(ExponentialMath<Scalar>(), input, output, gradOutput, gradInput, bias)
        case .softsign:
            backwardKernel(SoftsignMath<Scalar>(), input, output, gradOutput, gradInput, bias)
        case .hardSigmoid:
            backwardKernel(HardSigmoidMath<Scalar>(), input, output, gradOutput, gradInput, bias)
        case .silu: backwardKernel(SiLUMath<Scalar>(), input, output, gradOutput, gradInput, bias)
        case .softmax:
            softmaxBackwardRows(SoftmaxMath<Scalar>(), output, gradOutput, gradInput)
            bias.map { gradInput.sumRows(into: $0) }
        }
    }

    /// Rows narrower than this take the bias and the activation in two loops
    /// (see `forwardKernel`; tiny preset, medians of 6 interleaved runs:
    /// "bias + activation" 0.0080 → 0.0068 ms a step).
    static var narrowRow: Int { 64 }

    /// Rows are independent: large batches are cut into row blocks, one per
    /// compute thread.
    @inline(__always)
    private func forwardKernel<M: ActivationMath>(_ math: M, _ bias: Tensor?, _ output: Tensor)
    where M.Scalar == Scalar {
        let z = base
        let y = output.base
        let n = columns
        let b = bias?.base
        // In place (the identity's output is self) the loop writes one array:
        // two stores to the same element would fail the vectorizer's overlap
        // check at run time and leave the pass scalar.
        let inPlace = output === self
        ComputeThreads.forEachRange(rows, elements: count, granule: 1) { rowRange in
            if let b, inPlace {
                for r in rowRange {
                    let zr = z + r &* n
                    for c in 0..<n { zr[c] = math.value(zr[c] + b[c]) }
                }
            } else if let b, n < Self.narrowRow {
                // Narrow rows: the bias row by row, then f over the whole block
                // in one loop (per row, the vector loop's set-up outweighed
                // its two iterations: on the tiny preset's 16-wide layers it
                // was most of the sigmoid's time).
                for r in rowRange {
                    let zr = z + r &* n
                    for c in 0..<n { zr[c] += b[c] }
                }
                for i in (rowRange.lowerBound &* n)..<(rowRange.upperBound &* n) {
                    y[i] = math.value(z[i])
                }
            } else if let b {
                for r in rowRange {
                    let zr = z + r &* n
                    let yr = y + r &* n
                    for c in 0..<n {
                        let v = zr[c] + b[c]
                        zr[c] = v
                        yr[c] = math.value(v)
                    }
                }
            } else {
                for i in (rowRange.lowerBound &* n)..<(rowRange.upperBound &* n) {
                    y[i] = math.value(z[i])
                }
            }
        }
    }

    /// With `biasGradient`, also writes the column sums of gradInput into it,
    /// in the same pass and in the order `sumRows` adds them (row by row), so
    /// the bias gradient is the same to the last bit.
    ///
    /// The pass with a bias gradient runs on one thread: cut into column
    /// blocks (the only cut that keeps each column's sum in row order), each
    /// thread reads half of every row, and on wide's 256×1024 layers two
    /// threads took 0.35–0.56 ms where one takes 0.27–0.30
    /// (docs/performance.md). Without one, large tensors are cut into runs of
    /// whole rows, one per compute thread.
    @inline(__always)
    private static func backwardKernel<M: ActivationMath>(
        _ math: M, _ input: Tensor, _ output: Tensor, _ gradOutput: Tensor, _ gradInput: Tensor,
        _ biasGradient: Tensor?
    ) where M.Scalar == Scalar {
        let x = input.base
        let y = output.base
        let g = gradOutput.base
        let d = gradInput.base
        let n = input.columns
        guard let o = biasGradient?.base else {
            ComputeThreads.forEachRange(input.rows, elements: input.count, granule: 1) { rows in
                var i = rows.lowerBound &* n
                let end = rows.upperBound &* n
                while i < end {
                    d[i] = g[i] * math.derivative(x: x[i], y: y[i])
                    i &+= 1
                }
            }
            return
        }
        for c in 0..<n { o[c] = 0 }
        for r in 0..<input.rows {
            var i = r &* n
            var c = 0
            while c < n {
                let v = g[i] * math.derivative(x: x[i], y: y[i])
                d[i] = v
                o[c] += v
                i &+= 1
                c &+= 1
            }
        }
    }
}

/// Softmax's row kernels, forward and backward side by side. The per-element
/// passes vectorize; the row reductions (max, Σ) run over one row, as wide as
/// the layer (a handful of classes, as a rule).
extension Tensor {
    /// Writes the softmax of each row of self into `output` (which may be self).
    @inline(__always)
    fileprivate func softmaxRows(_ math: SoftmaxMath<Scalar>, into output: Tensor) {
        let n = columns
        guard n > 0 else { return }
        let x = base
        let y = output.base
        for r in 0..<rows {
            let xr = x + r &* n
            let yr = y + r &* n
            var m = xr[0]
            for c in 1..<n where xr[c] > m { m = xr[c] }
            for c in 0..<n { yr[c] = math.shifted(xr[c], rowMax: m) }
            var s: Scalar = 0
            for c in 0..<n { s += yr[c] }
            for c in 0..<n { yr[c] = math.value(shifted: yr[c], rowSum: s) }
        }
    }

    /// gradInput = each row's y ⊙ (g − Σ g ⊙ y), y the softmax `output`.
    /// `gradInput` may be `gradOutput`: a row's Σ is taken before it is written.
    @inline(__always)
    fileprivate static func softmaxBackwardRows(
        _ math: SoftmaxMath<Scalar>, _ output: Tensor, _ gradOutput: Tensor, _ gradInput: Tensor
    ) {
        let n = output.columns
        let y = output.base
        let g = gradOutput.base
        let d = gradInput.base
        for r in 0..<output.rows {
            let o = r &* n
            var dot: Scalar = 0
            for c in 0..<n { dot += g[o &+ c] * y[o &+ c] }
            for c in 0..<n { d[o &+ c] = math.derivative(y: y[o &+ c], g: g[o &+ c], rowDot: dot) }
        }
    }
}

extension Tensor {
    /// Writes f(self) into `output`, leaving self unchanged.
    func applyActivation(_ activation: Activation, into output: Tensor) {
        addBiasAndActivate(nil, activation, into: output)
    }
}
