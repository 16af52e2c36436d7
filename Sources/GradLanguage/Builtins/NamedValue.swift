import GradEngine

/// A name that stands for a value rather than a function: an activation, an
/// init scheme or a loss, with its aliases and the parameters a call can set
/// (`leaky_relu(slope: 0.2)`, `normal(mean: 0, std: 0.1)`,
/// `cross_entropy(from_logits: false)`). Lookup, `help`,
/// completion, the `help()` overview and value calls all read `NamedValue.all`.
struct NamedValue: Sendable {
    enum Kind: Sendable {
        case activation(Activation)
        case initScheme(InitScheme)
        case loss(Loss)
    }

    /// What the name stands for, with its default parameters.
    let kind: Kind
    /// Other names for it (`he` for `he_normal`).
    var aliases: [String] = []

    /// Every value name, aliases included: activations with the engine's
    /// (PyTorch's) default parameters, init schemes, losses.
    static let all: [NamedValue] =
        Activation.allDefaults.map {
            NamedValue(kind: .activation($0), aliases: activationAliases[$0] ?? [])
        }
        + [
            // PyTorch's kaiming_* with its defaults (mode fan_in, a = 0: gain √2)
            // and Keras's glorot_* are the same schemes under other names.
            NamedValue(kind: .initScheme(.heNormal), aliases: ["he", "kaiming", "kaiming_normal"]),
            NamedValue(kind: .initScheme(.heUniform), aliases: ["kaiming_uniform"]),
            NamedValue(kind: .initScheme(.xavierNormal(gain: 1)), aliases: ["glorot_normal"]),
            NamedValue(
                kind: .initScheme(.xavierUniform(gain: 1)),
                aliases: ["xavier", "glorot", "glorot_uniform"]),
            NamedValue(kind: .initScheme(.lecunNormal)),
            NamedValue(kind: .initScheme(.lecunUniform)),
            NamedValue(kind: .initScheme(.orthogonal(gain: 1))),
            NamedValue(kind: .initScheme(.normal(mean: 0, std: 1))),
            NamedValue(kind: .initScheme(.uniform(low: -1, high: 1))),
            NamedValue(kind: .initScheme(.zeros)),
        ]
        + Loss.allDefaults.map { NamedValue(kind: .loss($0)) }

    /// Other names of activations, as Keras programs write them: `swish` is
    /// `silu`. The engine and model files know only the canonical name.
    static let activationAliases: [Activation: [String]] = [.silu: ["swish"]]

    /// The entry a name or alias stands for.
    static func named(_ name: String) -> NamedValue? {
        all.first { $0.name == name || $0.aliases.contains(name) }
    }

    /// The name the language, model files and summaries use.
    var name: String {
        switch kind {
        case .activation(let a): a.name
        case .initScheme(let s): s.name
        case .loss(let l): l.name
        }
    }

    var isActivation: Bool { if case .activation = kind { true } else { false } }
    var isInitScheme: Bool { if case .initScheme = kind { true } else { false } }
    var isLoss: Bool { if case .loss = kind { true } else { false } }

    /// The name and its aliases.
    var names: [String] { [name] + aliases }

    var value: Value {
        switch kind {
        case .activation(let a): .activation(a)
        case .initScheme(let s): .initScheme(s)
        case .loss(let l): .loss(l)
        }
    }

    /// The parameters a call can set, each with its default: a number, or
    /// true/false for a switch such as `from_logits`.
    var parameters: [(name: String, default: Value)] { parametrization.parameters }

    /// The value with the parameters `given` set and the others at their defaults.
    func value(with given: ParameterValues) -> Value { parametrization.make(given) }

    /// Each kind's parameters and how to build the value from them, side by
    /// side: no `default:`, so a new init scheme in the engine must be placed
    /// here (activations state their parameters themselves).
    private var parametrization:
        (parameters: [(name: String, default: Value)], make: (ParameterValues) -> Value)
    {
        switch kind {
        case .activation(let a):
            // The engine states each activation's parameters (Activation.parameters).
            return (
                a.parameters.map { (name: $0.name, default: .number($0.value)) },
                { .activation(a.with(parameters: $0.numbers)) }
            )
        case .initScheme(let s):
            switch s {
            case .xavierNormal(let gain):
                return (
                    [("gain", .number(gain))],
                    { .initScheme(.xavierNormal(gain: $0["gain"] ?? gain)) }
                )
            case .xavierUniform(let gain):
                return (
                    [("gain", .number(gain))],
                    { .initScheme(.xavierUniform(gain: $0["gain"] ?? gain)) }
                )
            case .orthogonal(let gain):
                return (
                    [("gain", .number(gain))],
                    { .initScheme(.orthogonal(gain: $0["gain"] ?? gain)) }
                )
            case .normal(let mean, let std):
                return (
                    [("mean", .number(mean)), ("std", .number(std))],
                    { .initScheme(.normal(mean: $0["mean"] ?? mean, std: $0["std"] ?? std)) }
                )
            case .uniform(let low, let high):
                return (
                    [("low", .number(low)), ("high", .number(high))],
                    { .initScheme(.uniform(low: $0["low"] ?? low, high: $0["high"] ?? high)) }
                )
            case .heNormal, .heUniform, .lecunNormal, .lecunUniform, .zeros, .constant:
                return ([], { _ in .initScheme(s) })
            }
        case .loss(let l):
            // The cross-entropies read logits or probabilities; the value losses take nothing.
            guard let logits = l.fromLogits else { return ([], { _ in .loss(l) }) }
            return (
                [("from_logits", .bool(logits))],
                { .loss(l.with(fromLogits: $0.flag("from_logits") ?? logits)) }
            )
        }
    }
}

extension Interpreter {
    /// The value a builtin name stands for when it is a value, not a function.
    func builtinValue(_ name: String) -> Value? { NamedValue.named(name)?.value }
}
