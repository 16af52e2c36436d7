/// An element-wise nonlinearity, with PyTorch's definitions and defaults.
///
/// Each case's maths lives in one small struct below (`value` and `derivative`
/// side by side); the tensor kernels are generic over those structs, so each
/// activation gets its own vectorized loop.
public enum Activation: Equatable, Hashable, Sendable {
    case identity
    case relu
    /// x for x > 0, slope·x otherwise (torch default slope 0.01).
    case leakyReLU(slope: Double)
    /// x for x > 0, α(eˣ − 1) otherwise (torch default α = 1).
    case elu(alpha: Double)
    /// x·Φ(x) with the exact (erf) normal CDF.
    case gelu
    /// scale·elu(x, α) with the self-normalizing constants.
    case selu
    case sigmoid
    case tanh
    /// log(1 + eˣ), linear above x = 20 (torch's beta 1, threshold 20).
    case softplus

    /// The name used in the language, tables and model files.
    public var name: String {
        switch self {
        case .identity: "identity"
        case .relu: "relu"
        case .leakyReLU: "leaky_relu"
        case .elu: "elu"
        case .gelu: "gelu"
        case .selu: "selu"
        case .sigmoid: "sigmoid"
        case .tanh: "tanh"
        case .softplus: "softplus"
        }
    }

    /// The activation with this name and default parameters, if any.
    public static func named(_ name: String) -> Activation? {
        allDefaults.first { $0.name == name }
    }

    /// Every activation with its default parameters.
    public static let allDefaults: [Activation] = [
        .identity, .relu, .leakyReLU(slope: 0.01), .elu(alpha: 1), .gelu, .selu,
        .sigmoid, .tanh, .softplus,
    ]

    /// The parameters, by the names the language and model files give them,
    /// in order: `[("slope", 0.01)]` for leaky_relu, none for relu.
    public var parameters: [(name: String, value: Double)] {
        switch self {
        case .identity, .relu, .gelu, .selu, .sigmoid, .tanh, .softplus: []
        case .leakyReLU(let slope): [("slope", slope)]
        case .elu(let alpha): [("alpha", alpha)]
        }
    }

    /// The same activation with the parameters named in `values` replaced;
    /// names it does not have are ignored.
    public func with(parameters values: [String: Double]) -> Activation {
        switch self {
        case .identity, .relu, .gelu, .selu, .sigmoid, .tanh, .softplus: self
        case .leakyReLU(let slope): .leakyReLU(slope: values["slope"] ?? slope)
        case .elu(let alpha): .elu(alpha: values["alpha"] ?? alpha)
        }
    }

    /// The range of the output where it is bounded: (0, 1) for sigmoid, (−1, 1)
    /// for tanh; nil for unbounded activations.
    public var outputBounds: (low: Double, high: Double)? {
        switch self {
        case .sigmoid: (0, 1)
        case .tanh: (-1, 1)
        case .identity, .relu, .leakyReLU, .elu, .gelu, .selu, .softplus: nil
        }
    }

    /// The derivative where the output is `y`, for a bounded activation, whose
    /// derivative its output gives (as in `SigmoidMath` and `TanhMath`); nil
    /// for unbounded activations.
    func slope(atOutput y: Double) -> Double? {
        switch self {
        case .sigmoid: y * (1 - y)
        case .tanh: 1 - y * y
        case .identity, .relu, .leakyReLU, .elu, .gelu, .selu, .softplus: nil
        }
    }

    /// The output limits of the saturation statistic: outputs beyond them, within
    /// `DiagnosisThresholds.saturationMargin` of a bound, count as saturated.
    /// `nil` for unbounded activations.
    public var saturationLimits: (low: Double, high: Double)? {
        outputBounds.map {
            (
                $0.low + DiagnosisThresholds.saturationMargin,
                $0.high - DiagnosisThresholds.saturationMargin
            )
        }
    }

    /// Whether units can die (output exactly 0 for every input, so no gradient
    /// flows back): ReLU's. Leaky ReLU, ELU and the rest keep a gradient for
    /// negative inputs.
    public var canDie: Bool {
        switch self {
        case .relu: true
        case .identity, .leakyReLU, .elu, .gelu, .selu, .sigmoid, .tanh, .softplus: false
        }
    }
}

/// One activation's forward value and local derivative.
protocol ActivationMath {
    associatedtype Scalar: EngineScalar
    /// f(x).
    func value(_ x: Scalar) -> Scalar
    /// f'(x), given both the input x and the output y = f(x).
    func derivative(x: Scalar, y: Scalar) -> Scalar
}

struct IdentityMath<Scalar: EngineScalar>: ActivationMath {
    @inline(__always) func value(_ x: Scalar) -> Scalar { x }
    @inline(__always) func derivative(x: Scalar, y: Scalar) -> Scalar { 1 }
}

struct ReLUMath<Scalar: EngineScalar>: ActivationMath {
    // torch: the derivative at exactly 0 is 0.
    @inline(__always) func value(_ x: Scalar) -> Scalar { x > 0 ? x : 0 }
    @inline(__always) func derivative(x: Scalar, y: Scalar) -> Scalar { x > 0 ? 1 : 0 }
}

struct LeakyReLUMath<Scalar: EngineScalar>: ActivationMath {
    let slope: Scalar
    @inline(__always) func value(_ x: Scalar) -> Scalar { x > 0 ? x : slope * x }
    @inline(__always) func derivative(x: Scalar, y: Scalar) -> Scalar { x > 0 ? 1 : slope }
}

struct ELUMath<Scalar: EngineScalar>: ActivationMath {
    let alpha: Scalar
    @inline(__always) func value(_ x: Scalar) -> Scalar { x > 0 ? x : alpha * (Scalar.exp(x) - 1) }
    // For x ≤ 0: α·eˣ = y + α.
    @inline(__always) func derivative(x: Scalar, y: Scalar) -> Scalar { x > 0 ? 1 : y + alpha }
}

struct SELUMath<Scalar: EngineScalar>: ActivationMath {
    static var alpha: Scalar { 1.6732632423543772848170429916717 }
    static var scale: Scalar { 1.0507009873554804934193349852946 }
    @inline(__always) func value(_ x: Scalar) -> Scalar {
        x > 0 ? Self.scale * x : Self.scale * Self.alpha * (Scalar.exp(x) - 1)
    }
    // For x ≤ 0: scale·α·eˣ = y + scale·α.
    @inline(__always) func derivative(x: Scalar, y: Scalar) -> Scalar {
        x > 0 ? Self.scale : y + Self.scale * Self.alpha
    }
}

struct GELUMath<Scalar: EngineScalar>: ActivationMath {
    // Φ(x) = (1 + erf(x/√2))/2, φ(x) = e^(−x²/2)/√(2π).
    @inline(__always) func value(_ x: Scalar) -> Scalar {
        x * (1 + Scalar.erf(x * 0.70710678118654752440)) / 2
    }
    @inline(__always) func derivative(x: Scalar, y: Scalar) -> Scalar {
        let cdf = (1 + Scalar.erf(x * 0.70710678118654752440)) / 2
        let pdf = Scalar.exp(-x * x / 2) * 0.39894228040143267794
        return cdf + x * pdf
    }
}

struct SigmoidMath<Scalar: EngineScalar>: ActivationMath {
    @inline(__always) func value(_ x: Scalar) -> Scalar { 1 / (1 + Scalar.exp(-x)) }
    @inline(__always) func derivative(x: Scalar, y: Scalar) -> Scalar { y * (1 - y) }
}

struct TanhMath<Scalar: EngineScalar>: ActivationMath {
    @inline(__always) func value(_ x: Scalar) -> Scalar { Scalar.tanh(x) }
    @inline(__always) func derivative(x: Scalar, y: Scalar) -> Scalar { 1 - y * y }
}

struct SoftplusMath<Scalar: EngineScalar>: ActivationMath {
    // torch: linear above the threshold 20; below, log1p(eˣ) and σ(x) = z/(z+1).
    @inline(__always) func value(_ x: Scalar) -> Scalar { x > 20 ? x : Scalar.log1p(Scalar.exp(x)) }
    @inline(__always) func derivative(x: Scalar, y: Scalar) -> Scalar {
        let z = Scalar.exp(x)
        return x > 20 ? 1 : z / (z + 1)
    }
}
