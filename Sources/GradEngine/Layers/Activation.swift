/// A nonlinearity, with PyTorch's definitions and defaults (Keras's where
/// PyTorch has none: `exponential`, `hardSigmoid`).
///
/// Each case's maths lives in one small struct below (`value` and `derivative`
/// side by side); the tensor kernels are generic over those structs, so each
/// activation gets its own vectorized loop. All are element-wise except
/// `softmax`, which normalizes each row (`SoftmaxMath`).
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
    /// eˣ (Keras's `exponential`; torch has no module for it).
    case exponential
    /// x / (1 + |x|) (torch's Softsign).
    case softsign
    /// clip(0.2·x + 0.5, 0, 1), Keras 2's `hard_sigmoid`. Not torch's
    /// Hardsigmoid, relu6(x + 3)/6, whose slope is 1/6 (Keras 3 adopted that one).
    case hardSigmoid
    /// x·σ(x) (torch's SiLU, also called swish).
    case silu
    /// Each row (one sample's outputs) as probabilities: e^(xᵢ − m) / Σⱼ e^(xⱼ − m),
    /// m the row's largest value (torch's Softmax(dim=1)). Not element-wise:
    /// every output of a row depends on every input of that row.
    case softmax

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
        case .exponential: "exponential"
        case .softsign: "softsign"
        case .hardSigmoid: "hard_sigmoid"
        case .silu: "silu"
        case .softmax: "softmax"
        }
    }

    /// The activation with this name and default parameters, if any.
    public static func named(_ name: String) -> Activation? {
        allDefaults.first { $0.name == name }
    }

    /// Every activation with its default parameters.
    public static let allDefaults: [Activation] = [
        .identity, .relu, .leakyReLU(slope: 0.01), .elu(alpha: 1), .gelu, .selu,
        .sigmoid, .tanh, .softplus, .exponential, .softsign, .hardSigmoid, .silu, .softmax,
    ]

    /// The parameters, by the names the language and model files give them,
    /// in order: `[("slope", 0.01)]` for leaky_relu, none for relu.
    public var parameters: [(name: String, value: Double)] {
        switch self {
        case .identity, .relu, .gelu, .selu, .sigmoid, .tanh, .softplus, .exponential, .softsign,
            .hardSigmoid, .silu, .softmax:
            []
        case .leakyReLU(let slope): [("slope", slope)]
        case .elu(let alpha): [("alpha", alpha)]
        }
    }

    /// The same activation with the parameters named in `values` replaced;
    /// names it does not have are ignored.
    public func with(parameters values: [String: Double]) -> Activation {
        switch self {
        case .identity, .relu, .gelu, .selu, .sigmoid, .tanh, .softplus, .exponential, .softsign,
            .hardSigmoid, .silu, .softmax:
            self
        case .leakyReLU(let slope): .leakyReLU(slope: values["slope"] ?? slope)
        case .elu(let alpha): .elu(alpha: values["alpha"] ?? alpha)
        }
    }

    /// The range of the output where it is bounded: (0, 1) for sigmoid,
    /// hard_sigmoid and softmax, (−1, 1) for tanh and softsign; nil for
    /// unbounded activations (exponential is bounded below only).
    public var outputBounds: (low: Double, high: Double)? {
        switch self {
        case .sigmoid, .hardSigmoid, .softmax: (0, 1)
        case .tanh, .softsign: (-1, 1)
        case .identity, .relu, .leakyReLU, .elu, .gelu, .selu, .softplus, .exponential, .silu: nil
        }
    }

    /// The derivative where the output is `y`, for a saturating activation
    /// whose derivative its output gives (y(1 − y) as in `SigmoidMath`, 1 − y²
    /// as in `TanhMath`, softsign's (1 − |y|)²); nil otherwise. hard_sigmoid's
    /// is 0.2 up to its bounds and 0 at them, so no output near a bound tells
    /// how small it has become.
    func slope(atOutput y: Double) -> Double? {
        switch self {
        case .sigmoid: y * (1 - y)
        case .tanh: 1 - y * y
        case .softsign: (1 - abs(y)) * (1 - abs(y))
        case .identity, .relu, .leakyReLU, .elu, .gelu, .selu, .softplus, .exponential,
            .hardSigmoid, .silu, .softmax:
            nil
        }
    }

    /// The output limits of the saturation statistic: outputs beyond them, within
    /// `DiagnosisThresholds.saturationMargin` of a bound, count as saturated.
    /// `nil` for unbounded activations, and for softmax: an output near 0 or 1
    /// there is a confident prediction, and the units of a row share one sum,
    /// so none saturates on its own.
    public var saturationLimits: (low: Double, high: Double)? {
        switch self {
        case .sigmoid, .tanh, .softsign, .hardSigmoid:
            outputBounds.map {
                (
                    $0.low + DiagnosisThresholds.saturationMargin,
                    $0.high - DiagnosisThresholds.saturationMargin
                )
            }
        case .identity, .relu, .leakyReLU, .elu, .gelu, .selu, .softplus, .exponential, .silu,
            .softmax:
            nil
        }
    }

    /// Whether units can die (output exactly 0 for every input, so no gradient
    /// flows back): ReLU's. Leaky ReLU, ELU and the rest keep a gradient for
    /// negative inputs. A hard_sigmoid unit can also stop passing gradients, at
    /// 0 or at 1; both lie within its saturation limits, so the saturation
    /// statistic counts it (at either end), not the dead-unit one.
    public var canDie: Bool {
        switch self {
        case .relu: true
        case .identity, .leakyReLU, .elu, .gelu, .selu, .sigmoid, .tanh, .softplus, .exponential,
            .softsign, .hardSigmoid, .silu, .softmax:
            false
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

struct ExponentialMath<Scalar: EngineScalar>: ActivationMath {
    // As (e^(x/2))²: it overflows to +inf past ln(greatest finite) as libm's exp
    // does, where Float's fast exp stops at e^88 (it clamps its argument).
    @inline(__always) func value(_ x: Scalar) -> Scalar {
        let half = Scalar.exp(x / 2)
        return half * half
    }
    @inline(__always) func derivative(x: Scalar, y: Scalar) -> Scalar { y }
}

struct SoftsignMath<Scalar: EngineScalar>: ActivationMath {
    @inline(__always) func value(_ x: Scalar) -> Scalar { x / (1 + abs(x)) }
    // 1/(1 + |x|)², from x: from y it would be (1 − |y|)², which loses digits near ±1.
    @inline(__always) func derivative(x: Scalar, y: Scalar) -> Scalar {
        let d = 1 + abs(x)
        return 1 / (d * d)
    }
}

struct HardSigmoidMath<Scalar: EngineScalar>: ActivationMath {
    // u = 0.2·x + 0.5 rounded as Keras and torch compute it (multiply, then add).
    @inline(__always) func value(_ x: Scalar) -> Scalar {
        let u = 0.2 * x + 0.5
        return u < 0 ? 0 : (u > 1 ? 1 : u)
    }
    // torch's clamp passes the gradient at the bounds themselves (0 ≤ u ≤ 1).
    @inline(__always) func derivative(x: Scalar, y: Scalar) -> Scalar {
        let u = 0.2 * x + 0.5
        return u >= 0 && u <= 1 ? 0.2 : 0
    }
}

struct SiLUMath<Scalar: EngineScalar>: ActivationMath {
    // x / (1 + e^(−x)) as torch writes it; σ(x)·(1 + x·(1 − σ(x))) its derivative.
    @inline(__always) func value(_ x: Scalar) -> Scalar { x / (1 + Scalar.exp(-x)) }
    @inline(__always) func derivative(x: Scalar, y: Scalar) -> Scalar {
        let s = 1 / (1 + Scalar.exp(-x))
        return s * (1 + x * (1 - s))
    }
}

/// Softmax over one row, the one activation that is not element-wise: each
/// step's per-element maths, which the row kernel in `Tensor+Activation`
/// (`softmaxRows`, `softmaxBackwardRows`) applies around the row's reductions.
///
/// Forward: m = max(x), eᵢ = e^(xᵢ − m), yᵢ = eᵢ / Σe. Backward (the Jacobian
/// diag(y) − y·yᵀ applied to g): dxᵢ = yᵢ·(gᵢ − Σⱼ gⱼ·yⱼ).
struct SoftmaxMath<Scalar: EngineScalar> {
    /// e^(x − m): at most 1, so the row sum cannot overflow.
    @inline(__always) func shifted(_ x: Scalar, rowMax m: Scalar) -> Scalar { Scalar.exp(x - m) }
    /// yᵢ from eᵢ and the row's Σe.
    @inline(__always) func value(shifted e: Scalar, rowSum s: Scalar) -> Scalar { e / s }
    /// dxᵢ from yᵢ, gᵢ and the row's Σⱼ gⱼ·yⱼ.
    @inline(__always) func derivative(y: Scalar, g: Scalar, rowDot d: Scalar) -> Scalar {
        y * (g - d)
    }
}
