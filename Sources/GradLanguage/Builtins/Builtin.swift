import GradEngine

/// A builtin function, declared once: its name, parameters with their
/// defaults, documentation, group in `help()`, whether it takes a block, the
/// kind of value it returns, and its body. `help`, argument binding, Tab
/// completion, the parser's block takers and the docs check all read this.
struct Builtin: Sendable {
    /// The sections of the `help()` overview, in the order they are shown.
    enum Group: String, CaseIterable, Sendable {
        case models = "Models and layers"
        case data = "Data"
        case training = "Training"
        case gradients = "Looking at gradients"
        case numbers = "Numbers"
        case files = "Files and the rest"
    }

    /// What an argument left out (or given as `none`) stands for.
    enum Default: Sendable {
        /// `none`: the body sees the argument as absent.
        case noValue
        case bool(Bool)
        case number(Double)
        case string(String)
        case activation(Activation)
        case initScheme(InitScheme)
        /// Decided by the body when the call runs ("by data", "auto"); the text is what `help` shows.
        case computed(String)

        /// The value binding supplies, or nil when the body decides (or there is none).
        ///
        /// Defaults are plain values, never models or optimizers: a default is
        /// shared by every call, and those carry state.
        var value: Value? {
            switch self {
            case .noValue, .computed: nil
            case .bool(let b): .bool(b)
            case .number(let x): .number(x)
            case .string(let s): .string(s)
            case .activation(let a): .activation(a)
            case .initScheme(let s): .initScheme(s)
            }
        }

        /// The default as `help` and the signature show it, written as in a program.
        var text: String {
            switch self {
            case .noValue: "none"
            case .bool(let b): b ? "true" : "false"
            case .number(let x): formatNumber(x)
            case .string(let s): "\"\(s)\""
            case .activation(let a): activationText(a)
            case .initScheme(let s): initSchemeText(s)
            case .computed(let text): text
            }
        }
    }

    struct Param: Sendable {
        var name: String
        /// What the argument is when left out, or nil when it is required.
        var defaultValue: Default?
        /// What the argument must be, for `help` and messages ("a whole number ≥ 1").
        var expects: String

        init(name: String, default defaultValue: Default? = nil, expects: String) {
            self.name = name
            self.defaultValue = defaultValue
            self.expects = expects
        }

        /// Whether it collects every positional argument (`print(values...)`).
        var isVariadic: Bool { name.hasSuffix("...") }
    }

    var name: String
    /// Where `help()` lists it.
    var group: Group
    var parameters: [Param]
    /// One line: what it does.
    var summary: String
    /// One example call.
    var example: String
    /// Whether it takes a trailing `{ ... }` block (model, repeat, residual).
    var takesBlock = false
    /// The kind of value it returns when that kind has members (`help` lists them).
    var returns: ValueKind?
    var body: @Sendable (inout Arguments, Interpreter) throws(Diagnostic) -> Value

    /// `dense(units, act: identity, init: xavier_uniform, bias: true)`.
    var signature: String {
        let ps = parameters.map { p in p.defaultValue.map { "\(p.name): \($0.text)" } ?? p.name }
        return "\(name)(\(ps.joined(separator: ", ")))" + (takesBlock ? " { ... }" : "")
    }
}
