/// Fused bias-add and activation kernels, forward and backward.
extension Tensor {
    /// Adds `bias` (a 1 × columns row, if any) to every row of this pre-activation
    /// tensor in place, then writes f(self) into `output` (which may be `self` for
    /// the identity).
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
        }
    }

    /// gradInput = gradOutput ⊙ f'(input), where `output` = f(`input`).
    /// `gradInput` may be the same tensor as `gradOutput`.
    static func activationBackward(
        _ activation: Activation, input: Tensor, output: Tensor,
        gradOutput: Tensor, into gradInput: Tensor
    ) {
        switch activation {
        case .identity: if gradInput !== gradOutput { gradInput.assign(gradOutput) }
        case .relu: backwardKernel(ReLUMath<Scalar>(), input, output, gradOutput, gradInput)
        case .leakyReLU(let s):
            backwardKernel(
                LeakyReLUMath<Scalar>(slope: Scalar(s)), input, output, gradOutput, gradInput)
        case .elu(let a):
            backwardKernel(ELUMath<Scalar>(alpha: Scalar(a)), input, output, gradOutput, gradInput)
        case .gelu: backwardKernel(GELUMath<Scalar>(), input, output, gradOutput, gradInput)
        case .selu: backwardKernel(SELUMath<Scalar>(), input, output, gradOutput, gradInput)
        case .sigmoid: backwardKernel(SigmoidMath<Scalar>(), input, output, gradOutput, gradInput)
        case .tanh: backwardKernel(TanhMath<Scalar>(), input, output, gradOutput, gradInput)
        case .softplus: backwardKernel(SoftplusMath<Scalar>(), input, output, gradOutput, gradInput)
        }
    }

    @inline(__always)
    private func forwardKernel<M: ActivationMath>(_ math: M, _ bias: Tensor?, _ output: Tensor)
    where M.Scalar == Scalar {
        let z = base
        let y = output.base
        let n = columns
        if let b = bias?.base {
            for r in 0..<rows {
                let zr = z + r &* n
                let yr = y + r &* n
                for c in 0..<n {
                    let v = zr[c] + b[c]
                    zr[c] = v
                    yr[c] = math.value(v)
                }
            }
        } else {
            for i in 0..<count { y[i] = math.value(z[i]) }
        }
    }

    @inline(__always)
    private static func backwardKernel<M: ActivationMath>(
        _ math: M, _ input: Tensor, _ output: Tensor, _ gradOutput: Tensor, _ gradInput: Tensor
    ) where M.Scalar == Scalar {
        let x = input.base
        let y = output.base
        let g = gradOutput.base
        let d = gradInput.base
        for i in 0..<input.count { d[i] = g[i] * math.derivative(x: x[i], y: y[i]) }
    }
}

extension Tensor {
    /// Writes f(self) into `output`, leaving self unchanged.
    func applyActivation(_ activation: Activation, into output: Tensor) {
        addBiasAndActivate(nil, activation, into: output)
    }
}
