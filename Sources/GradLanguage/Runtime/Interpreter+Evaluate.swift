import GradEngine

#if canImport(Glibc)
    import Glibc
#endif

/// Expression evaluation.
extension Interpreter {
    func evaluate(_ expr: Expr, in env: Environment) throws(Diagnostic) -> Value {
        try countStep(at: expr.location)
        switch expr {
        case .number(let v, _): return .number(v)
        case .string(let s, _): return .string(s)
        case .bool(let b, _): return .bool(b)
        case .none: return .none
        case .list(let items, _):
            var values: [Value] = []
            values.reserveCapacity(items.count)
            for item in items { values.append(try evaluate(item, in: env)) }
            return .list(values)
        case .variable(let name, let at):
            return try lookup(name, in: env, at: at)
        case .unary(let op, let operand, let at):
            let v = try evaluate(operand, in: env)
            switch op {
            case .negate:
                guard case .number(let x) = v else {
                    throw Diagnostic(.runtime, "'-' needs a number, found \(v.typeName)", at: at)
                }
                return .number(-x)
            case .not:
                return .bool(!(try truth(v, at: operand.location, what: "the operand of 'not'")))
            }
        case .logical(let isAnd, let left, let right, let at):
            let word = isAnd ? "and" : "or"
            let l = try truth(
                try evaluate(left, in: env), at: left.location, what: "the left side of '\(word)'")
            if isAnd != l { return .bool(l) }
            _ = at
            return .bool(
                try truth(
                    try evaluate(right, in: env), at: right.location,
                    what: "the right side of '\(word)'"))
        case .binary(let op, let left, let right, let at):
            return try binary(op, try evaluate(left, in: env), try evaluate(right, in: env), at: at)
        case .call(let callee, let arguments, let trailing, let at):
            let f = try evaluate(callee, in: env)
            var positional: [Value] = []
            var labelled: [(String, Value, SourceLocation)] = []
            for a in arguments {
                let v = try evaluate(a.value, in: env)
                if let label = a.label {
                    labelled.append((label, v, a.location))
                } else {
                    positional.append(v)
                }
            }
            return try call(
                f, name: calleeName(callee), positional: positional, labelled: labelled,
                trailing: trailing, env: env, at: at, site: start(of: callee))
        case .member(let object, let name, let at):
            let value = try member(try evaluate(object, in: env), name, at: at)
            try countBuilt(value, at: at)
            return value
        case .index(let object, let index, let at):
            return try subscriptValue(
                try evaluate(object, in: env), try evaluate(index, in: env), at: at)
        }
    }

    /// Where an expression starts: `f` in `f(x)`, `adder` in `adder(3)(4)`.
    /// A call is reported at its '(' (which argument list was wrong), but the
    /// call chain names the call's own start, where a reader looks for it.
    private func start(of e: Expr) -> SourceLocation {
        switch e {
        case .call(let inner, _, _, _), .member(let inner, _, _), .index(let inner, _, _):
            return start(of: inner)
        default:
            return e.location
        }
    }

    private func calleeName(_ e: Expr) -> String {
        switch e {
        case .variable(let n, _): return n
        case .member(_, let n, _): return n
        default: return "the function"
        }
    }

    func lookup(_ name: String, in env: Environment, at: SourceLocation) throws(Diagnostic) -> Value
    {
        if let v = env.lookup(name) { return v }
        if name == Interpreter.resultsName, let results = entryResultList { return results }
        if let v = builtinValue(name) { return v }
        if Builtins.table[name] != nil { return .builtin(name) }
        var message = "'\(name)' is not defined"
        if let near = nearest(name, among: env.allNames + Builtins.allNames) {
            message += ": did you mean '\(near)'?"
        }
        throw Diagnostic(.runtime, message, at: at)
    }

    // MARK: - Calls

    func call(
        _ f: Value, name: String, positional: [Value], labelled: [(String, Value, SourceLocation)],
        trailing: [Stmt]?, env: Environment, at: SourceLocation, site: SourceLocation
    ) throws(Diagnostic) -> Value {
        switch f {
        case .builtin(let builtinName):
            guard let builtin = Builtins.table[builtinName] else {
                throw Diagnostic(.runtime, "'\(builtinName)' is not callable", at: at)
            }
            var args = try Arguments(
                bind: builtin, positional: positional, labelled: labelled, at: at)
            args.trailing = trailing
            args.environment = env
            if trailing != nil && !builtin.takesBlock {
                throw Diagnostic(.runtime, "\(builtinName)() does not take a '{ }' block", at: at)
            }
            let value = try builtin.body(&args, self)
            try countBuilt(value, at: at)
            return value
        case .activation(let a):
            return try parametrize(
                f, named: a.name, positional: positional, labelled: labelled, at: at)
        case .initScheme(let s):
            return try parametrize(
                f, named: s.name, positional: positional, labelled: labelled, at: at)
        case .loss(let l):
            return try parametrize(
                f, named: l.name, positional: positional, labelled: labelled, at: at)
        case .function(let function):
            if trailing != nil {
                throw Diagnostic(
                    .runtime,
                    "\(function.declaration.name)() is your own function, which does not take a '{ }' block",
                    at: at)
            }
            return try callUser(
                function, positional: positional, labelled: labelled, at: at, site: site)
        default:
            throw Diagnostic(
                .runtime, "\(f.typeName) is not a function, so '\(name)(...)' cannot be called",
                at: at)
        }
    }

    /// Calls a user function; `at` is the call's '(' (where argument errors
    /// point), `site` the start of the call (where the call chain points).
    func callUser(
        _ function: UserFunction, positional: [Value], labelled: [(String, Value, SourceLocation)],
        at: SourceLocation, site: SourceLocation
    ) throws(Diagnostic) -> Value {
        let d = function.declaration
        guard positional.count <= d.parameters.count else {
            throw Diagnostic(
                .runtime,
                "\(d.name)() takes \(d.parameters.count) argument\(d.parameters.count == 1 ? "" : "s"), got \(positional.count)",
                at: at)
        }
        let scope = Environment(parent: function.closure)
        for (p, v) in zip(d.parameters, positional) { scope.define(p.name, v) }
        for (label, v, loc) in labelled {
            guard let index = d.parameters.firstIndex(where: { $0.name == label }) else {
                var m = "\(d.name)() has no parameter '\(label)'"
                if let near = nearest(label, among: d.parameters.map(\.name)) {
                    m += ": did you mean '\(near)'?"
                }
                throw Diagnostic(.runtime, m, at: loc)
            }
            if index < positional.count {
                throw Diagnostic(
                    .runtime, "\(d.name)() got '\(label)' twice: by position and by name", at: loc)
            }
            scope.define(label, v)
        }
        callDepth += 1
        // A function body is not part of the builder block it is called from:
        // only the layers it returns are.
        let openBuilders = builders
        builders = []
        defer {
            callDepth -= 1
            builders = openBuilders
        }
        if callDepth > Interpreter.maxCallDepth {
            throw Diagnostic(
                .runtime,
                "recursion too deep: more than \(Interpreter.maxCallDepth) nested calls (in '\(d.name)')",
                at: at)
        }
        for p in d.parameters where !scope.definesLocally(p.name) {
            guard let def = p.defaultValue else {
                throw Diagnostic(.runtime, "\(d.name)() needs a value for '\(p.name)'", at: at)
            }
            scope.define(p.name, try evaluate(def, in: scope))
        }
        do {
            if case .returned(let v) = try execute(d.body, in: scope) { return v }
            return .none
        } catch {
            var e = error
            e.callChain.append("in \(d.name)() called at \(site)")
            throw e
        }
    }

    // MARK: - Operators

    func binary(_ op: BinaryOperator, _ l: Value, _ r: Value, at: SourceLocation) throws(Diagnostic)
        -> Value
    {
        switch (op, l, r) {
        case (.add, .number(let a), .number(let b)): return .number(a + b)
        case (.add, .string(let a), .string(let b)):
            try countBuilding(a.utf8.count + b.utf8.count, at: at)
            return .string(a + b)
        case (.add, .list(let a), .list(let b)):
            try countBuilding(a.count + b.count, at: at)
            return .list(a + b)
        case (.subtract, .number(let a), .number(let b)): return .number(a - b)
        case (.multiply, .number(let a), .number(let b)): return .number(a * b)
        case (.multiply, .list(let a), .number(let n)), (.multiply, .number(let n), .list(let a)):
            guard n >= 0, n == n.rounded(), n <= 1e7 else {
                throw Diagnostic(
                    .runtime,
                    "a list can be repeated a whole number of times ≥ 0, not \(formatNumber(n))",
                    at: at)
            }
            let total = Double(a.count) * n
            guard total <= 1e7 else {
                throw Diagnostic(
                    .runtime,
                    "the repeated list would have \(formatNumber(total)) items (limit 10,000,000)",
                    at: at)
            }
            try countBuilding(Int(total), at: at)
            var repeated: [Value] = []
            repeated.reserveCapacity(Int(total))
            for _ in 0..<Int(n) { repeated.append(contentsOf: a) }
            return .list(repeated)
        case (.divide, .number(let a), .number(let b)):
            guard b != 0 else { throw Diagnostic(.runtime, "division by zero", at: at) }
            return .number(a / b)
        case (.remainder, .number(let a), .number(let b)):
            guard b != 0 else {
                throw Diagnostic(.runtime, "remainder of division by zero", at: at)
            }
            // Floored, as Python: the result has the divisor's sign.
            let m = fmod(a, b)
            return .number(m != 0 && (m < 0) != (b < 0) ? m + b : m)
        case (.power, .number(let a), .number(let b)): return .number(pow(a, b))
        case (.equal, _, _): return .bool(equal(l, r))
        case (.notEqual, _, _): return .bool(!equal(l, r))
        case (.less, .number(let a), .number(let b)): return .bool(a < b)
        case (.lessEqual, .number(let a), .number(let b)): return .bool(a <= b)
        case (.greater, .number(let a), .number(let b)): return .bool(a > b)
        case (.greaterEqual, .number(let a), .number(let b)): return .bool(a >= b)
        case (.less, .string(let a), .string(let b)): return .bool(a < b)
        case (.lessEqual, .string(let a), .string(let b)): return .bool(a <= b)
        case (.greater, .string(let a), .string(let b)): return .bool(a > b)
        case (.greaterEqual, .string(let a), .string(let b)): return .bool(a >= b)
        case (.range, .number(let a), .number(let b)):
            guard a == a.rounded(), b == b.rounded(), abs(a) < 1e15, abs(b) < 1e15 else {
                throw Diagnostic(
                    .runtime,
                    "a range needs whole numbers, found \(formatNumber(a))..\(formatNumber(b))",
                    at: at)
            }
            return .range(Int(a), Int(b))
        default:
            let verb: String
            switch op {
            case .add: verb = "add"
            case .subtract: verb = "subtract"
            case .multiply: verb = "multiply"
            case .divide: verb = "divide"
            case .remainder: verb = "take the remainder of"
            case .power: verb = "raise"
            case .range: verb = "make a range of"
            default: verb = "compare"
            }
            throw Diagnostic(
                .runtime, "cannot \(verb) \(l.typeName) and \(r.typeName) with '\(op.rawValue)'",
                at: at)
        }
    }

    /// Structural equality for numbers, strings, booleans, none, lists and ranges;
    /// identity for models, datasets and the like. Nested lists and records are
    /// compared with a work list, not by recursion: a list built by `l = [l]` in
    /// a loop may nest a million deep.
    func equal(_ l: Value, _ r: Value) -> Bool {
        var pending: [(Value, Value)] = [(l, r)]
        while let (a, b) = pending.popLast() {
            switch (a, b) {
            case (.list(let x), .list(let y)):
                guard x.count == y.count else { return false }
                for (p, q) in zip(x, y) {
                    switch (p, q) {
                    case (.list, _), (.record, _): pending.append((p, q))
                    default: if !shallowEqual(p, q) { return false }
                    }
                }
            case (.record(let x), .record(let y)):
                guard x.kind == y.kind, x.fields.count == y.fields.count else { return false }
                for (p, q) in zip(x.fields, y.fields) {
                    guard p.name == q.name else { return false }
                    pending.append((p.value, q.value))
                }
            default:
                if !shallowEqual(a, b) { return false }
            }
        }
        return true
    }

    /// Equality of two values that are not both lists or both records.
    private func shallowEqual(_ l: Value, _ r: Value) -> Bool {
        switch (l, r) {
        case (.none, .none): return true
        case (.bool(let a), .bool(let b)): return a == b
        case (.number(let a), .number(let b)): return a == b
        case (.string(let a), .string(let b)): return a == b
        case (.range(let a, let b), .range(let c, let d)): return a == c && b == d
        case (.activation(let a), .activation(let b)): return a == b
        case (.initScheme(let a), .initScheme(let b)): return a == b
        case (.layer(let a), .layer(let b)): return a == b
        case (.loss(let a), .loss(let b)): return a == b
        case (.builtin(let a), .builtin(let b)): return a == b
        case (.model(let a), .model(let b)): return a === b
        case (.dataset(let a), .dataset(let b)): return a === b
        case (.history(let a), .history(let b)): return a === b
        case (.optimizer(let a), .optimizer(let b)): return a === b
        case (.function(let a), .function(let b)): return a === b
        case (.table(let a), .table(let b)): return a === b
        case (.plot(let a), .plot(let b)): return a == b
        default: return false
        }
    }

    // MARK: - Indexing

    func subscriptValue(_ object: Value, _ index: Value, at: SourceLocation) throws(Diagnostic)
        -> Value
    {
        switch (object, index) {
        case (.list(let items), .number(let i)):
            return items[try position(i, count: items.count, at: at)]
        case (.string(let s), .number(let i)):
            let chars = Array(s)
            return .string(String(chars[try position(i, count: chars.count, at: at)]))
        case (.range(let a, let b), .number(let i)):
            let n = max(0, b - a + 1)
            return .number(Double(a + (try position(i, count: n, at: at))))
        case (.table(let t), .string(let layer)):
            guard let row = t.record(layer) else {
                throw Diagnostic(
                    .runtime,
                    "the table has no layer '\(layer)' (layers: \(t.rows.map(\.layer).joined(separator: ", ")))",
                    at: at)
            }
            return .record(row)
        case (.table(let t), .number(let i)):
            let rows = t.rows.map(\.layer)
            return .record(
                t.record(rows[try position(i, count: rows.count, at: at)])
                    ?? Record(kind: "row", fields: []))
        case (.record(let r), .string(let key)):
            guard let v = r[key] else {
                throw Diagnostic(
                    .runtime,
                    "the \(r.kind) has no field '\(key)' (fields: \(r.fields.map(\.name).joined(separator: ", ")))",
                    at: at)
            }
            return v
        default:
            throw Diagnostic(
                .runtime, "cannot index \(object.typeName) with \(index.typeName)", at: at)
        }
    }

    /// A 0-based position from an index that may count from the end (−1 is the last).
    private func position(_ i: Double, count: Int, at: SourceLocation) throws(Diagnostic) -> Int {
        guard i == i.rounded(), abs(i) < 1e15 else {
            throw Diagnostic(
                .runtime, "an index must be a whole number, found \(formatNumber(i))", at: at)
        }
        let k = Int(i)
        let p = k < 0 ? count + k : k
        guard p >= 0, p < count else {
            throw Diagnostic(
                .runtime,
                "index \(k) is out of range for \(count) item\(count == 1 ? "" : "s") (valid: \(-count) to \(count - 1))",
                at: at)
        }
        return p
    }
}
