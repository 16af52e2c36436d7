import GradEngine

/// Calling an activation or init scheme value gives it parameters:
/// `leaky_relu(slope: 0.2)`, `xavier_uniform(gain: 5/3)`, `normal(mean: 0, std: 0.1)`.
extension Interpreter {
    func parametrize(
        _ a: Activation, positional: [Value], labelled: [(String, Value, SourceLocation)],
        at: SourceLocation
    ) throws(Diagnostic) -> Activation {
        // Parameters not given take their defaults, not the values `a` holds.
        let defaults = Activation.named(a.name) ?? a
        let names = defaults.parameters.map(\.name)
        return defaults.with(parameters: try parameters(a.name, names, positional, labelled, at))
    }

    func parametrize(
        _ s: InitScheme, positional: [Value], labelled: [(String, Value, SourceLocation)],
        at: SourceLocation
    ) throws(Diagnostic) -> InitScheme {
        let scheme: InitScheme
        switch s {
        case .xavierUniform:
            scheme = .xavierUniform(
                gain: try parameters(s.name, ["gain"], positional, labelled, at)["gain"] ?? 1)
        case .xavierNormal:
            scheme = .xavierNormal(
                gain: try parameters(s.name, ["gain"], positional, labelled, at)["gain"] ?? 1)
        case .orthogonal:
            scheme = .orthogonal(
                gain: try parameters(s.name, ["gain"], positional, labelled, at)["gain"] ?? 1)
        case .normal:
            let p = try parameters("normal", ["mean", "std"], positional, labelled, at)
            scheme = .normal(mean: p["mean"] ?? 0, std: p["std"] ?? 1)
        case .uniform:
            let p = try parameters("uniform", ["low", "high"], positional, labelled, at)
            scheme = .uniform(low: p["low"] ?? -1, high: p["high"] ?? 1)
        default:
            _ = try parameters(s.name, [], positional, labelled, at)
            scheme = s
        }
        if let why = scheme.invalidReason {
            throw Diagnostic(.runtime, "\(s.name): \(why)", at: at)
        }
        return scheme
    }

    /// Binds numeric parameters by position and name for a value-call.
    private func parameters(
        _ name: String, _ names: [String], _ positional: [Value],
        _ labelled: [(String, Value, SourceLocation)], _ at: SourceLocation
    ) throws(Diagnostic) -> [String: Double] {
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
        var result: [String: Double] = [:]
        func number(_ v: Value, _ label: String, _ loc: SourceLocation) throws(Diagnostic) -> Double
        {
            guard case .number(let x) = v, x.isFinite else {
                throw Diagnostic(
                    .runtime, "\(name)(): '\(label)' must be a finite number, found \(v.typeName)",
                    at: loc)
            }
            return x
        }
        for (n, v) in zip(names, positional) { result[n] = try number(v, n, at) }
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
            result[label] = try number(v, label, loc)
        }
        return result
    }
}
