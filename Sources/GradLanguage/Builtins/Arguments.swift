import GradEngine

/// A builtin call's arguments, bound to parameter names. An argument left out
/// (or given as `none`) reads as its parameter's declared default, so bodies
/// never repeat a default.
struct Arguments {
    let function: String
    let location: SourceLocation
    /// The arguments the call wrote, with where each was written.
    private var given: [String: (Value, SourceLocation)] = [:]
    /// The builtin's parameters by name: defaults, and what each must be for messages.
    private var parameters: [String: Builtin.Param] = [:]
    var trailing: [Stmt]?
    var environment: Environment?

    init(
        bind builtin: Builtin, positional: [Value], labelled: [(String, Value, SourceLocation)],
        at location: SourceLocation
    ) throws(Diagnostic) {
        function = builtin.name
        self.location = location
        for p in builtin.parameters { parameters[p.name] = p }
        // `print` takes any number of positional values.
        if builtin.parameters.first?.isVariadic == true {
            for (i, v) in positional.enumerated() { given["#\(i)"] = (v, location) }
            given["#count"] = (.number(Double(positional.count)), location)
        } else {
            guard positional.count <= builtin.parameters.count else {
                throw Diagnostic(
                    .runtime,
                    "\(builtin.name)() takes at most \(builtin.parameters.count) argument\(builtin.parameters.count == 1 ? "" : "s") (\(builtin.signature)), got \(positional.count)",
                    at: location)
            }
            for (p, v) in zip(builtin.parameters, positional) { given[p.name] = (v, location) }
        }
        for (label, v, at) in labelled {
            guard builtin.parameters.contains(where: { $0.name == label }) else {
                var m = "\(builtin.name)() has no argument '\(label)'"
                let opt = labelled.first { $0.0 == "opt" }?.1
                if let ours = LabelSuggestion.suggestion(
                    for: label, value: v, in: builtin, optimizer: opt)
                {
                    m += ": did you mean '\(ours)'?"
                } else if let near = nearest(label, among: builtin.parameters.map(\.name)) {
                    m += ": did you mean '\(near)'?"
                } else {
                    m += " (it takes: \(builtin.signature))"
                }
                throw Diagnostic(.runtime, m, at: at)
            }
            if given[label] != nil {
                throw Diagnostic(
                    .runtime, "\(builtin.name)() got '\(label)' twice: by position and by name",
                    at: at)
            }
            given[label] = (v, at)
        }
    }

    /// An error at the argument `name` when it was written, else at the call.
    func error(_ message: String, _ name: String? = nil) -> Diagnostic {
        Diagnostic(.runtime, message, at: name.flatMap { given[$0]?.1 } ?? location)
    }

    /// The argument as the call wrote it, or nil when it was left out (or is `none`).
    /// For the checks that depend on whether it was written; values come from the
    /// typed accessors, which supply the default.
    func optional(_ name: String) -> Value? {
        guard let (v, _) = given[name], !v.isNone else { return nil }
        return v
    }

    /// The argument, or its parameter's declared default value; nil when neither.
    func value(_ name: String) -> Value? {
        optional(name) ?? parameters[name]?.defaultValue?.value
    }

    func required(_ name: String) throws(Diagnostic) -> Value {
        guard let v = value(name) else { throw missing(name) }
        return v
    }

    /// A required argument not given, or given as `none`.
    func missing(_ name: String) -> Diagnostic {
        if given[name] != nil, let expected = parameters[name]?.expects {
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

    func number(_ name: String) throws(Diagnostic) -> Double {
        let v = try required(name)
        guard case .number(let x) = v else { throw mismatch(name, "a number", v) }
        guard x.isFinite else {
            throw error(
                "\(function)(): '\(name)' must be a finite number, found \(formatNumber(x))", name)
        }
        return x
    }

    /// A whole number within `range`.
    func integer(_ name: String, in range: ClosedRange<Int>) throws(Diagnostic) -> Int {
        let x = try number(name)
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

    /// A whole number for a setting the engine checks (`batch`): only that it
    /// is whole is checked here, and a value that is not reads as "must be"
    /// the parameter's `expects`.
    func wholeNumber(_ name: String) throws(Diagnostic) -> Int {
        let x = try number(name)
        guard x == x.rounded(), abs(x) <= Double(Int32.max) else {
            let expected = parameters[name]?.expects ?? "a whole number"
            throw error(
                "\(function)(): '\(name)' must be \(expected), found \(formatNumber(x))", name)
        }
        return Int(x)
    }

    /// The engine's refusal of a setting, worded for this call at the argument
    /// it names: the setting's own name, or `argument` where the language calls
    /// it otherwise (the engine's `trainFraction` is `split`'s 'fraction').
    func refusal(_ problem: SettingProblem, as argument: String? = nil) -> Diagnostic {
        let name = argument ?? problem.setting
        switch problem {
        case .outOfRange(_, let requirement, let found):
            return error(
                "\(function)(): '\(name)' must be \(requirement), found \(formatNumber(found))",
                name)
        case .needs(_, let what):
            return error("\(function)(): '\(name): true' needs \(what)", name)
        }
    }

    func bool(_ name: String) throws(Diagnostic) -> Bool {
        let v = try required(name)
        guard case .bool(let b) = v else { throw mismatch(name, "true or false", v) }
        return b
    }

    /// The argument, or `computed` when it was left out: for a parameter whose
    /// default is decided when the call runs (`log: auto`).
    func bool(_ name: String, computed: Bool) throws(Diagnostic) -> Bool {
        optional(name) == nil ? computed : try bool(name)
    }

    func string(_ name: String) throws(Diagnostic) -> String {
        let v = try required(name)
        guard case .string(let s) = v else { throw mismatch(name, "a string", v) }
        return s
    }

    /// A column name, or a non-empty list of them (`csv`'s `target`), as a list.
    func columnNames(_ name: String) throws(Diagnostic) -> [String] {
        let v = try required(name)
        switch v {
        case .string(let s):
            return [s]
        case .list(let items) where !items.isEmpty:
            var names = [String]()
            for item in items {
                guard case .string(let s) = item else {
                    throw error(
                        "\(function)(): '\(name)' must be a column name or a list of column names, found a list holding \(item.typeName)",
                        name)
                }
                names.append(s)
            }
            return names
        default:
            throw mismatch(name, parameters[name]?.expects ?? "a column name", v)
        }
    }

    /// The argument, or `computed` when it was left out (`title: auto`).
    func string(_ name: String, computed: String) throws(Diagnostic) -> String {
        optional(name) == nil ? computed : try string(name)
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

    /// How many positional values a variadic builtin (`print`) got.
    var count: Int {
        if case .number(let n)? = given["#count"]?.0 { return Int(n) }
        return 0
    }
    func positional(_ i: Int) -> Value { given["#\(i)"]?.0 ?? .none }
}
