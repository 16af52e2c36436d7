import GradEngine

/// Calling an activation, init scheme or loss value gives it parameters:
/// `leaky_relu(slope: 0.2)`, `xavier_uniform(gain: 5/3)`, `normal(mean: 0, std: 0.1)`,
/// `cross_entropy(from_logits: false)`.
extension Interpreter {
    /// The activation, init scheme or loss `value` called with arguments: the
    /// parameters come from its entry in `NamedValue.all`, unset ones at the
    /// entry's defaults. A value without parameters takes no arguments.
    func parametrize(
        _ value: Value, named name: String, positional: [Value],
        labelled: [(String, Value, SourceLocation)], at: SourceLocation
    ) throws(Diagnostic) -> Value {
        let entry = NamedValue.named(name)
        let given = try parameters(name, entry?.parameters ?? [], positional, labelled, at)
        let result = entry?.value(with: given) ?? value
        if case .initScheme(let s) = result, let why = s.invalidReason {
            throw Diagnostic(.runtime, "\(name): \(why)", at: at)
        }
        return result
    }

    /// Binds parameters by position and name for a value-call; each must be
    /// of its default's type (a finite number, or true/false).
    private func parameters(
        _ name: String, _ declared: [(name: String, default: Value)], _ positional: [Value],
        _ labelled: [(String, Value, SourceLocation)], _ at: SourceLocation
    ) throws(Diagnostic) -> ParameterValues {
        let names = declared.map(\.name)
        guard !names.isEmpty || (positional.isEmpty && labelled.isEmpty) else {
            throw Diagnostic(
                .runtime, "\(name) takes no arguments: write '\(name)' without parentheses", at: at)
        }
        guard positional.count <= names.count else {
            throw Diagnostic(
                .runtime,
                "\(name)() takes \(names.count) argument\(names.count == 1 ? "" : "s") (\(names.joined(separator: ", "))), got \(positional.count)",
                at: at)
        }
        var result: [String: Value] = [:]
        func argument(_ v: Value, _ label: String, _ loc: SourceLocation) throws(Diagnostic)
            -> Value
        {
            let isSwitch = declared.contains { p in
                if case .bool = p.default { p.name == label } else { false }
            }
            switch v {
            case .bool where isSwitch: return v
            case .number(let x) where x.isFinite && !isSwitch: return v
            default:
                throw Diagnostic(
                    .runtime,
                    "\(name)(): '\(label)' must be \(isSwitch ? "true or false" : "a finite number"), found \(v.typeName)",
                    at: loc)
            }
        }
        for (n, v) in zip(names, positional) { result[n] = try argument(v, n, at) }
        for (label, v, loc) in labelled {
            guard names.contains(label) else {
                var m = "\(name)() has no argument '\(label)'"
                if let near = nearest(label, among: names) {
                    m += ": did you mean '\(near)'?"
                } else {
                    m += " (it takes: \(names.joined(separator: ", ")))"
                }
                throw Diagnostic(.runtime, m, at: loc)
            }
            if result[label] != nil {
                throw Diagnostic(.runtime, "\(name)() got '\(label)' twice", at: loc)
            }
            result[label] = try argument(v, label, loc)
        }
        return ParameterValues(result)
    }
}
