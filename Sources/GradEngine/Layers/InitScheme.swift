/// How a weight matrix (or bias) is filled before training, with PyTorch's
/// `torch.nn.init` formulas. For a dense weight of shape out × in, fan-in is
/// `in` and fan-out is `out`.
public enum InitScheme: Equatable, Hashable, Sendable {
    /// kaiming_normal_(mode="fan_in", nonlinearity="relu"): N(0, (√2/√fan_in)²).
    case heNormal
    /// kaiming_uniform_(mode="fan_in", nonlinearity="relu"): U(±√2·√(3/fan_in)).
    case heUniform
    /// xavier_normal_: N(0, (gain·√(2/(fan_in+fan_out)))²).
    case xavierNormal(gain: Double)
    /// xavier_uniform_: U(±gain·√(6/(fan_in+fan_out))).
    case xavierUniform(gain: Double)
    /// LeCun normal: N(0, 1/fan_in) (kaiming with the linear gain 1).
    case lecunNormal
    /// LeCun uniform: U(±√(3/fan_in)).
    case lecunUniform
    /// orthogonal_: Q of the QR decomposition of a standard normal matrix, signs
    /// fixed so that R has a positive diagonal, times `gain`.
    case orthogonal(gain: Double)
    case normal(mean: Double, std: Double)
    case uniform(low: Double, high: Double)
    case zeros
    case constant(Double)

    /// The default for dense weights (Keras' and this project's choice).
    public static let defaultWeight = InitScheme.xavierUniform(gain: 1)

    /// The name used in the language and model summaries.
    public var name: String {
        switch self {
        case .heNormal: "he_normal"
        case .heUniform: "he_uniform"
        case .xavierNormal: "xavier_normal"
        case .xavierUniform: "xavier_uniform"
        case .lecunNormal: "lecun_normal"
        case .lecunUniform: "lecun_uniform"
        case .orthogonal: "orthogonal"
        case .normal: "normal"
        case .uniform: "uniform"
        case .zeros: "zeros"
        case .constant: "constant"
        }
    }

    /// Fills `tensor` (shape out × in; a bias is 1 × out with fan-in given apart).
    func fill<S>(_ tensor: Tensor<S>, fanIn: Int, fanOut: Int, rng: inout RandomGenerator) {
        let fanIn = Double(max(fanIn, 1))
        let fanOut = Double(max(fanOut, 1))
        switch self {
        case .heNormal:
            let std = 2.0.squareRoot() / fanIn.squareRoot()
            tensor.fill { rng.normal(std: std) }
        case .heUniform:
            let bound = 2.0.squareRoot() * (3 / fanIn).squareRoot()
            tensor.fill { rng.uniform(-bound, bound) }
        case .xavierNormal(let gain):
            let std = gain * (2 / (fanIn + fanOut)).squareRoot()
            tensor.fill { rng.normal(std: std) }
        case .xavierUniform(let gain):
            let bound = gain * (6 / (fanIn + fanOut)).squareRoot()
            tensor.fill { rng.uniform(-bound, bound) }
        case .lecunNormal:
            let std = 1 / fanIn.squareRoot()
            tensor.fill { rng.normal(std: std) }
        case .lecunUniform:
            let bound = (3 / fanIn).squareRoot()
            tensor.fill { rng.uniform(-bound, bound) }
        case .orthogonal(let gain):
            let q = Orthogonal.matrix(rows: tensor.rows, columns: tensor.columns, rng: &rng)
            var i = 0
            tensor.fill {
                defer { i += 1 }
                return gain * q[i]
            }
        case .normal(let mean, let std):
            tensor.fill { rng.normal(mean: mean, std: std) }
        case .uniform(let low, let high):
            tensor.fill { rng.uniform(low, high) }
        case .zeros:
            tensor.fill(0)
        case .constant(let v):
            tensor.fill(S(v))
        }
    }

    /// A reason this scheme's parameters are unusable, or nil.
    public var invalidReason: String? {
        switch self {
        case .xavierNormal(let g), .xavierUniform(let g), .orthogonal(let g):
            return g.isFinite ? nil : "gain must be a finite number (got \(g))"
        case .normal(let m, let s):
            if !m.isFinite || !s.isFinite || s < 0 {
                return "normal init needs a finite mean and a std ≥ 0 (got mean \(m), std \(s))"
            }
            return nil
        case .uniform(let lo, let hi):
            if !lo.isFinite || !hi.isFinite || lo > hi {
                return "uniform init needs finite low ≤ high (got low \(lo), high \(hi))"
            }
            return nil
        case .constant(let v):
            return v.isFinite ? nil : "constant init needs a finite value (got \(v))"
        case .heNormal, .heUniform, .lecunNormal, .lecunUniform, .zeros:
            return nil
        }
    }
}

extension Activation {
    /// torch.nn.init.calculate_gain for this activation, or nil where PyTorch has
    /// none (elu, gelu, softplus, exponential, softsign, hard_sigmoid, silu,
    /// softmax).
    public var gain: Double? {
        switch self {
        case .identity, .sigmoid: 1
        case .tanh: 5.0 / 3
        case .relu: 2.0.squareRoot()
        case .leakyReLU(let s): (2 / (1 + s * s)).squareRoot()
        case .selu: 3.0 / 4
        case .elu, .gelu, .softplus, .exponential, .softsign, .hardSigmoid, .silu, .softmax: nil
        }
    }
}

/// Orthogonal matrices for `InitScheme.orthogonal`.
enum Orthogonal {
    /// A rows × columns matrix (row-major) with orthonormal rows or columns,
    /// whichever are fewer, as torch.nn.init.orthogonal_ builds it.
    static func matrix(rows: Int, columns: Int, rng: inout RandomGenerator) -> [Double] {
        // torch draws a rows × columns normal matrix and transposes it when it is
        // wide, so QR always runs on a tall matrix of m ≥ n.
        var a = [Double](repeating: 0, count: rows * columns)
        for i in a.indices { a[i] = rng.normal() }
        let wide = rows < columns
        let m = wide ? columns : rows
        let n = wide ? rows : columns
        // tall[i][j] (m × n) read from a with the transpose when wide.
        var tall = [Double](repeating: 0, count: m * n)
        for i in 0..<m {
            for j in 0..<n { tall[i * n + j] = wide ? a[j * columns + i] : a[i * columns + j] }
        }
        // Modified Gram–Schmidt on the columns: the Q of the QR with a positive
        // diagonal R, which is what torch's sign correction produces.
        for j in 0..<n {
            for k in 0..<j {
                var d = 0.0
                for i in 0..<m { d += tall[i * n + k] * tall[i * n + j] }
                for i in 0..<m { tall[i * n + j] -= d * tall[i * n + k] }
            }
            var norm = 0.0
            for i in 0..<m { norm += tall[i * n + j] * tall[i * n + j] }
            norm = norm.squareRoot()
            if norm > 0 { for i in 0..<m { tall[i * n + j] /= norm } }
        }
        var out = [Double](repeating: 0, count: rows * columns)
        for i in 0..<rows {
            for j in 0..<columns { out[i * columns + j] = wide ? tall[j * n + i] : tall[i * n + j] }
        }
        return out
    }
}
