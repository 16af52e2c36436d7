import GradEngine

/// A builtin function: its parameters (for binding and for `help`), its
/// documentation, and its body.
struct Builtin: Sendable {
    struct Param: Sendable {
        var name: String
        /// How the default reads in `help`, or nil when the argument is required.
        var defaultText: String?
        /// What the argument must be, for messages ("a whole number ≥ 1").
        var expects: String
    }

    var name: String
    var parameters: [Param]
    /// One line: what it does.
    var summary: String
    /// One example call.
    var example: String
    /// Whether it takes a trailing `{ ... }` block (model, repeat, residual).
    var takesBlock = false
    var body: @Sendable (inout Arguments, Interpreter) throws(Diagnostic) -> Value

    /// `dense(units, act: identity, init: xavier_uniform, bias: true)`.
    var signature: String {
        let ps = parameters.map { p in p.defaultText.map { "\(p.name): \($0)" } ?? p.name }
        return "\(name)(\(ps.joined(separator: ", ")))" + (takesBlock ? " { ... }" : "")
    }
}

/// A builtin call's arguments, bound to parameter names.
struct Arguments {
    let function: String
    let location: SourceLocation
    private var values: [String: (Value, SourceLocation)] = [:]
    /// What each parameter must be, for messages about a missing value.
    private var expectations: [String: String] = [:]
    var trailing: [Stmt]?
    var environment: Environment?

    init(
        bind builtin: Builtin, positional: [Value], labelled: [(String, Value, SourceLocation)],
        at location: SourceLocation
    ) throws(Diagnostic) {
        function = builtin.name
        self.location = location
        for p in builtin.parameters { expectations[p.name] = p.expects }
        // `print` takes any number of positional values.
        if builtin.parameters.first?.name.hasSuffix("...") == true {
            for (i, v) in positional.enumerated() { values["#\(i)"] = (v, location) }
            values["#count"] = (.number(Double(positional.count)), location)
        } else {
            guard positional.count <= builtin.parameters.count else {
                throw Diagnostic(
                    .runtime,
                    "\(builtin.name)() takes at most \(builtin.parameters.count) argument\(builtin.parameters.count == 1 ? "" : "s") (\(builtin.signature)), got \(positional.count)",
                    at: location)
            }
            for (p, v) in zip(builtin.parameters, positional) { values[p.name] = (v, location) }
        }
        for (label, v, at) in labelled {
            guard builtin.parameters.contains(where: { $0.name == label }) else {
                var m = "\(builtin.name)() has no argument '\(label)'"
                if let near = nearest(label, among: builtin.parameters.map(\.name)) {
                    m += ": did you mean '\(near)'?"
                } else {
                    m += " (it takes: \(builtin.signature))"
                }
                throw Diagnostic(.runtime, m, at: at)
            }
            if values[label] != nil {
                throw Diagnostic(
                    .runtime, "\(builtin.name)() got '\(label)' twice: by position and by name",
                    at: at)
            }
            values[label] = (v, at)
        }
    }

    func error(_ message: String, _ name: String? = nil) -> Diagnostic {
        Diagnostic(.runtime, message, at: name.flatMap { values[$0]?.1 } ?? location)
    }

    /// The argument's value, or nil when it was not given (or is `none`).
    func optional(_ name: String) -> Value? {
        guard let (v, _) = values[name], !v.isNone else { return nil }
        return v
    }

    func required(_ name: String) throws(Diagnostic) -> Value {
        guard let v = optional(name) else { throw missing(name) }
        return v
    }

    /// A required argument not given, or given as `none`.
    func missing(_ name: String) -> Diagnostic {
        if values[name] != nil, let expected = expectations[name] {
            return mismatch(name, expected, .none)
        }
        return error("\(function)() needs '\(name)'")
    }

    /// The path argument `name`, refused when the session's file access does not allow it.
    func path(_ name: String, _ interp: Interpreter) throws(Diagnostic) -> String {
        let path = try string(name)
        if let problem = interp.fileAccessProblem(path, function: function) {
            throw error(problem, name)
        }
        return path
    }

    func mismatch(_ name: String, _ expected: String, _ found: Value) -> Diagnostic {
        error("\(function)(): '\(name)' must be \(expected), found \(found.typeName)", name)
    }

    func number(_ name: String, default def: Double? = nil) throws(Diagnostic) -> Double {
        guard let v = optional(name) else {
            if let def { return def }
            throw missing(name)
        }
        guard case .number(let x) = v else { throw mismatch(name, "a number", v) }
        guard x.isFinite else {
            throw error(
                "\(function)(): '\(name)' must be a finite number, found \(formatNumber(x))", name)
        }
        return x
    }

    /// A whole number within `range`.
    func integer(_ name: String, default def: Int? = nil, in range: ClosedRange<Int>)
        throws(Diagnostic) -> Int
    {
        let x = try number(name, default: def.map(Double.init))
        guard x == x.rounded(), x >= Double(range.lowerBound), x <= Double(range.upperBound) else {
            let bounds =
                range.upperBound >= Int(Int32.max)
                ? "≥ \(range.lowerBound)" : "from \(range.lowerBound) to \(range.upperBound)"
            throw error(
                "\(function)(): '\(name)' must be a whole number \(bounds), found \(formatNumber(x))",
                name)
        }
        return Int(x)
    }

    func bool(_ name: String, default def: Bool) throws(Diagnostic) -> Bool {
        guard let v = optional(name) else { return def }
        guard case .bool(let b) = v else { throw mismatch(name, "true or false", v) }
        return b
    }

    func string(_ name: String, default def: String? = nil) throws(Diagnostic) -> String {
        guard let v = optional(name) else {
            if let def { return def }
            throw missing(name)
        }
        guard case .string(let s) = v else { throw mismatch(name, "a string", v) }
        return s
    }

    func model(_ name: String) throws(Diagnostic) -> Model {
        let v = try required(name)
        guard case .model(let m) = v else { throw mismatch(name, "a model", v) }
        return m
    }

    func dataset(_ name: String) throws(Diagnostic) -> Dataset<Float> {
        let v = try required(name)
        guard case .dataset(let d) = v else {
            if case .record(let r) = v, r.kind == "split" {
                throw error(
                    "\(function)(): '\(name)' must be a dataset, found a split record: use its .train or .test",
                    name)
            }
            throw mismatch(name, "a dataset", v)
        }
        return d.data
    }

    var count: Int {
        if case .number(let n)? = values["#count"]?.0 { return Int(n) }
        return 0
    }
    func positional(_ i: Int) -> Value { values["#\(i)"]?.0 ?? .none }
}

/// The table of builtins, filled from the `Builtins+*.swift` files.
enum Builtins {
    static let table: [String: Builtin] = {
        var t: [String: Builtin] = [:]
        for b in modelBuiltins + dataBuiltins + trainingBuiltins + inspectBuiltins
            + diagnosisBuiltins + plotBuiltins + mathBuiltins + generalBuiltins
        { t[b.name] = b }
        return t
    }()

    /// Every name a program can use without defining it.
    static let allNames: [String] = Array(table.keys) + valueNames

    /// Names that are values (activations, init schemes, losses), not functions.
    static let valueNames: [String] =
        Activation.allDefaults.map(\.name)
        + [
            "he_normal", "he_uniform", "xavier_normal", "xavier_uniform", "lecun_normal",
            "lecun_uniform",
            "orthogonal", "normal", "uniform", "zeros", "he", "xavier", "glorot", "mse",
            "cross_entropy", "bce",
        ]
}

extension Interpreter {
    /// The value a builtin name stands for when it is a value, not a function.
    func builtinValue(_ name: String) -> Value? {
        if let a = Activation.named(name) { return .activation(a) }
        switch name {
        case "he_normal", "he": return .initScheme(.heNormal)
        case "he_uniform": return .initScheme(.heUniform)
        case "xavier_normal": return .initScheme(.xavierNormal(gain: 1))
        case "xavier_uniform", "xavier", "glorot": return .initScheme(.xavierUniform(gain: 1))
        case "lecun_normal": return .initScheme(.lecunNormal)
        case "lecun_uniform": return .initScheme(.lecunUniform)
        case "orthogonal": return .initScheme(.orthogonal(gain: 1))
        case "normal": return .initScheme(.normal(mean: 0, std: 1))
        case "uniform": return .initScheme(.uniform(low: -1, high: 1))
        case "zeros": return .initScheme(.zeros)
        case "mse": return .loss(.mse)
        case "cross_entropy": return .loss(.crossEntropy)
        case "bce": return .loss(.binaryCrossEntropy)
        default: return nil
        }
    }
}
