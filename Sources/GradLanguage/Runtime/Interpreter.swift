import GradEngine

/// Runs programs. One interpreter keeps its global scope for a whole session
/// (a script, or every entry of a REPL), so definitions persist between runs.
public final class Interpreter {
    /// The global scope: builtins are looked up after it.
    let globals = Environment(parent: nil)
    /// Where `print` and displayed values go.
    public var output: (String) -> Void
    /// The generator for data, init, shuffling and dropout; `seed(n)` resets it.
    public var rng = RandomGenerator(seed: 0)
    /// At the REPL's top level `let` may rebind a name, so entries can be re-run.
    public var allowsRedefinition = false
    /// When set, `seed(n)` in a program uses this seed instead (`--seed N`).
    public var seedOverride: UInt64?
    /// Checked between training steps and loop iterations (Ctrl-C).
    public var cancellation = CancellationFlag()
    /// How displayed values draw: Unicode or ASCII, colour, width (plots, tables).
    public var style = OutputStyle()
    /// Colour in displayed tables, plots and error reports (the same as `style.color`).
    public var color: Bool {
        get { style.color }
        set { style.color = newValue }
    }
    /// Where a live, redrawn training progress line goes (the REPL on a terminal
    /// sets it); nil prints nothing while training.
    public var progress: ((String) -> Void)?
    /// How to stop a run, as the progress line ends: "Ctrl-C stops" at a
    /// terminal; the Jupyter kernel names its interrupt instead.
    public var progressHint = "Ctrl-C stops"
    /// When set, a displayed top-level value goes here first; returning true
    /// means it was shown (a notebook keeps plots and tables as rich output),
    /// false lets it print as text.
    public var richDisplay: ((Value) -> Bool)?
    /// The thresholds of health marks, `diagnose` and live checks (`thresholds(...)` sets them).
    public var thresholds = DiagnosisThresholds()

    /// The most evaluation steps one run (a program, or one REPL entry) may take;
    /// nil means no limit (`--max-steps N`). Every expression evaluated, every
    /// loop iteration, every repetition of a `repeat` block and every training
    /// step counts one, and building a list or string one more per
    /// `itemsPerStep` items or bytes. Past the limit the run stops with the
    /// runtime error "step budget exhausted: ...". It keeps a fuzzer's input (or
    /// a runaway script) from running forever or filling memory with values.
    public var maxSteps: Int? {
        didSet { stepLimit = maxSteps.map { max(0, $0) } ?? .max }
    }
    /// `maxSteps`, or Int.max without a limit (one comparison per step).
    private(set) var stepLimit = Int.max
    /// Steps taken by the current run so far.
    public internal(set) var stepsTaken = 0

    /// Which files `save`, `load` and `csv` may touch.
    public enum FileAccess: Sendable {
        /// Any path (the default).
        case unrestricted
        /// Only plain file names, resolved in the working directory: no '/', no '.' or '..'.
        case workingDirectoryOnly
        /// None: every file builtin is an error.
        case denied
    }
    /// Which files `save`, `load` and `csv` may touch (a fuzzer confines them).
    public var fileAccess = FileAccess.unrestricted

    var callDepth = 0
    /// The deepest chain of user function calls before "recursion too deep".
    public static let maxCallDepth = 1000
    /// Open builder blocks (`model`, `repeat`, `residual`), innermost last.
    var builders: [[LayerSpec]] = []
    /// The sources run so far, by name (a script's path, a REPL entry's
    /// `In[n]`): an error is shown with the source its location names, which
    /// may be an earlier one than the source that ran (a function defined in
    /// an earlier entry).
    var sources: [String: Source] = [:]
    /// The results of a session's numbered entries, by number (`Out[n]`,
    /// `out(n)`): index 0, and entries that had no result, hold none.
    var entryResults: [Value] = []

    /// Every scope a user function was defined in. A function keeps the scope it
    /// was defined in (its closure), and that scope holds the function: a
    /// reference cycle. The interpreter breaks them all when it goes away, so
    /// the models and datasets those scopes hold are freed with it.
    private var closureScopes: [Environment] = []
    private var closureScopeIDs: Set<ObjectIdentifier> = []

    public init(output: @escaping (String) -> Void = { print($0) }) {
        self.output = output
    }

    deinit {
        // On a large stack: freeing a deeply nested value (`l = [l]` a million
        // times) recurses once per level, too deep for the main thread's 8 MiB.
        let scopes = closureScopes
        let globals = globals
        withLargeStack {
            for scope in scopes { scope.removeAll() }
            globals.removeAll()
        }
    }

    /// The outcome of running a program.
    public enum Outcome {
        case success
        case syntaxErrors([Diagnostic])
        case runtimeError(Diagnostic)
        case cancelled
    }

    /// Parses and runs `source` in this session, on a thread with a large stack.
    @discardableResult
    public func run(_ source: Source) -> Outcome {
        var outcome = Outcome.success
        withLargeStack { outcome = runHere(source, holdingLastValue: false).outcome }
        return outcome
    }

    /// Runs one cell of `script` alone, with the script's own line numbers;
    /// error reports show the script's lines, whichever cell defined them.
    @discardableResult
    public func run(_ cell: ScriptCell, of script: Source) -> Outcome {
        var outcome = Outcome.success
        withLargeStack {
            outcome =
                runHere(cell.source(within: script), holdingLastValue: false, shownAs: script)
                .outcome
        }
        return outcome
    }

    /// Runs a REPL entry: like `run`, except that the value of a final expression
    /// statement is returned instead of displayed (the REPL shows it as `Out[n]`).
    public func runEntry(_ source: Source) -> (outcome: Outcome, lastValue: Value?) {
        var result: (Outcome, Value?) = (.success, nil)
        withLargeStack { result = runHere(source, holdingLastValue: true) }
        return result
    }

    /// Runs one cell of `script` as an entry (its final value returned, as
    /// `runEntry`), with the script's line numbers and lines in error reports.
    public func runEntry(_ cell: ScriptCell, of script: Source) -> (
        outcome: Outcome, lastValue: Value?
    ) {
        var result: (Outcome, Value?) = (.success, nil)
        withLargeStack {
            result = runHere(
                cell.source(within: script), holdingLastValue: true, shownAs: script)
        }
        return result
    }

    /// Runs `source`; error reports show `shownAs` (the whole script a cell
    /// belongs to), else `source`.
    private func runHere(_ source: Source, holdingLastValue: Bool, shownAs: Source? = nil) -> (
        outcome: Outcome, lastValue: Value?
    ) {
        sources[source.name] = shownAs ?? source
        stepsTaken = 0
        let (statements, diagnostics) = Parser.parse(source)
        guard diagnostics.isEmpty else { return (.syntaxErrors(diagnostics), nil) }
        do {
            for (i, statement) in statements.enumerated() {
                if cancellation.isCancelled { return (.cancelled, nil) }
                if holdingLastValue, i == statements.count - 1,
                    case .expression(let expr) = statement
                {
                    let value = try evaluate(expr, in: globals)
                    return (.success, value.isNone ? nil : value)
                }
                try executeTopLevel(statement)
            }
            return (.success, nil)
        } catch {
            if error.reason == .interrupted { return (.cancelled, nil) }
            return (.runtimeError(error), nil)
        }
    }

    /// The session's own names with their values, sorted (for `:vars`).
    public var globalBindings: [(name: String, value: Value)] {
        globals.bindings.map { ($0.0, $0.1) }
    }

    /// Forgets every name defined in the session (`:reset`).
    public func resetGlobals() { globals.removeAll() }

    /// Every name visible at the top level: the session's, `Out` once an entry
    /// has a result, and the builtins' (for completion).
    public var visibleNames: [String] {
        globals.allNames + (entryResults.isEmpty ? [] : [Interpreter.resultsName])
            + Builtins.allNames
    }

    /// `diagnostic` as an error report, with the line and caret from the source
    /// its location names (any source this interpreter ran).
    public func rendered(_ diagnostic: Diagnostic, color: Bool = false) -> String {
        diagnostic.rendered(in: sources[diagnostic.location.file], color: color)
    }

    /// Runs one top-level statement, displaying an expression's non-`none` value.
    func executeTopLevel(_ statement: Stmt) throws(Diagnostic) {
        if case .expression(let expr) = statement {
            let value = try evaluate(expr, in: globals)
            if !value.isNone && richDisplay?(value) != true { output(display(value)) }
            return
        }
        if case .returnValue(_, let at) = statement {
            throw Diagnostic(.runtime, "'return' outside a function", at: at)
        }
        _ = try execute(statement, in: globals, topLevel: true)
    }

    /// What a statement did to control flow.
    enum Flow {
        case normal
        case returned(Value)
    }

    func execute(_ statements: [Stmt], in env: Environment) throws(Diagnostic) -> Flow {
        for s in statements {
            if case .returned(let v) = try execute(s, in: env, topLevel: false) {
                return .returned(v)
            }
        }
        return .normal
    }

    func execute(_ statement: Stmt, in env: Environment, topLevel: Bool) throws(Diagnostic) -> Flow
    {
        switch statement {
        case .expression(let expr):
            let value = try evaluate(expr, in: env)
            if !builders.isEmpty && !topLevel { try appendToBuilder(value, at: expr.location) }
        case .letBinding(let name, let expr, let at):
            if env.definesLocally(name) && !(topLevel && allowsRedefinition) {
                throw Diagnostic(
                    .runtime,
                    "'\(name)' is already defined in this scope: use '\(name) = ...' to change it",
                    at: at)
            }
            env.define(name, try evaluate(expr, in: env))
        case .assignment(let name, let expr, let at):
            let value = try evaluate(expr, in: env)
            if !env.assign(name, value) {
                if Builtins.table[name] != nil || builtinValue(name) != nil {
                    throw Diagnostic(
                        .runtime,
                        "'\(name)' is a builtin and cannot be assigned; use 'let' to define a name of your own",
                        at: at)
                }
                throw Diagnostic(
                    .runtime, "'\(name)' is not defined: use 'let \(name) = ...' to define it",
                    at: at)
            }
        case .forLoop(let name, let sequence, let body, let at):
            let items = try iterate(try evaluate(sequence, in: env), at: sequence.location)
            for item in items {
                if cancellation.isCancelled { throw Diagnostic.interrupted(at: at) }
                try countStep(at: at)
                let scope = Environment(parent: env)
                scope.define(name, item)
                if case .returned(let v) = try execute(body, in: scope) { return .returned(v) }
            }
        case .ifElse(let condition, let then, let otherwise, _):
            if try truth(
                try evaluate(condition, in: env), at: condition.location, what: "an 'if' condition")
            {
                return try execute(then, in: Environment(parent: env))
            } else if let otherwise {
                return try execute(otherwise, in: Environment(parent: env))
            }
        case .function(let declaration):
            if env.definesLocally(declaration.name) && !(topLevel && allowsRedefinition) {
                throw Diagnostic(
                    .runtime, "'\(declaration.name)' is already defined in this scope",
                    at: declaration.location)
            }
            env.define(declaration.name, .function(UserFunction(declaration, closure: env)))
            if closureScopeIDs.insert(ObjectIdentifier(env)).inserted { closureScopes.append(env) }
        case .returnValue(let expr, let at):
            guard callDepth > 0 else {
                throw Diagnostic(.runtime, "'return' outside a function", at: at)
            }
            return .returned(
                try expr.map { (e: Expr) throws(Diagnostic) in try evaluate(e, in: env) } ?? .none)
        case .prose, .cell:
            break
        }
        return .normal
    }

    /// Counts one evaluation step; past `maxSteps`, the run stops.
    @inline(__always)
    func countStep(at location: @autoclosure () -> SourceLocation) throws(Diagnostic) {
        stepsTaken &+= 1
        if stepsTaken > stepLimit {
            throw Diagnostic(
                .runtime, "step budget exhausted: the run took more than \(stepLimit) steps",
                at: location())
        }
    }

    /// Building lists and strings counts one step per this many items (UTF-8
    /// bytes for strings), so the step budget also bounds the memory a run can
    /// fill with values: `l = l + l` in a loop doubles it every step.
    public static let itemsPerStep = 1000

    /// Counts the steps for building a list or string of `items` items or bytes,
    /// before it is built.
    func countBuilding(_ items: Int, at location: @autoclosure () -> SourceLocation)
        throws(Diagnostic)
    {
        let steps = items / Interpreter.itemsPerStep
        guard steps > 0 else { return }
        let (total, overflow) = stepsTaken.addingReportingOverflow(steps)
        stepsTaken = overflow ? .max : total
        if stepsTaken > stepLimit {
            throw Diagnostic(
                .runtime, "step budget exhausted: the run took more than \(stepLimit) steps",
                at: location())
        }
    }

    /// Counts the steps for a list or string a builtin or member made (its items,
    /// and those of the lists it holds: rows of `d.x`).
    func countBuilt(_ value: Value, at location: @autoclosure () -> SourceLocation)
        throws(Diagnostic)
    {
        guard stepLimit != .max else { return }
        switch value {
        case .list(let items):
            var n = items.count
            if n >= 1 { for case .list(let inner) in items { n &+= inner.count } }
            try countBuilding(n, at: location())
        case .string(let s):
            try countBuilding(s.utf8.count, at: location())
        default:
            return
        }
    }

    /// Counts `count` steps at once (the training steps of a `train` call),
    /// before they are taken; `what` says what would take them.
    func countSteps(_ count: Int, for what: String, at location: SourceLocation) throws(Diagnostic)
    {
        guard stepLimit != .max else { return }
        let left = max(0, stepLimit - stepsTaken)
        guard count <= left else {
            throw Diagnostic(
                .runtime,
                "step budget exhausted: \(what) would take \(count) training steps, but only \(left) of the run's \(stepLimit) steps are left",
                at: location)
        }
        stepsTaken += count
    }

    /// Why `fileAccess` does not allow `path`, or nil when it does; `function` names the builtin.
    func fileAccessProblem(_ path: String, function: String) -> String? {
        switch fileAccess {
        case .unrestricted:
            return nil
        case .denied:
            return "\(function)(): file access is disabled in this session"
        case .workingDirectoryOnly:
            guard
                path.isEmpty || path.contains("/") || path.contains("\0") || path == "."
                    || path == ".."
            else { return nil }
            let shown = path.replacingOccurrences("\0", "\\0")
            return
                "\(function)(): only a plain file name in the working directory is allowed in this session, found \"\(shown)\""
        }
    }

    /// Adds a layer (or list of layers) produced inside a builder block.
    func appendToBuilder(_ value: Value, at location: SourceLocation) throws(Diagnostic) {
        switch value {
        case .none:
            return
        case .layer(let spec):
            builders[builders.count - 1].append(spec)
        case .activation(let a):
            builders[builders.count - 1].append(.activation(a))
        case .list(let items):
            for item in items { try appendToBuilder(item, at: location) }
        default:
            throw Diagnostic(
                .runtime, "a model block takes layers, found \(value.typeName)", at: location)
        }
    }

    /// Runs a builder block and returns the layers it produced.
    func buildLayers(_ block: [Stmt], in env: Environment) throws(Diagnostic) -> [LayerSpec] {
        builders.append([])
        defer { builders.removeLast() }
        _ = try execute(block, in: Environment(parent: env))
        return builders[builders.count - 1]
    }

    func truth(_ value: Value, at location: SourceLocation, what: String) throws(Diagnostic) -> Bool
    {
        guard case .bool(let b) = value else {
            throw Diagnostic(
                .runtime, "\(what) must be true or false, found \(value.typeName)", at: location)
        }
        return b
    }

    func iterate(_ value: Value, at location: SourceLocation) throws(Diagnostic) -> AnySequence<
        Value
    > {
        switch value {
        case .list(let items): return AnySequence(items)
        case .range(let a, let b):
            // Lazily: a range may hold up to 2·10^15 numbers, and the step budget or
            // Ctrl-C may stop the loop long before its end.
            guard a <= b else { return AnySequence([]) }
            return AnySequence((a...b).lazy.map { Value.number(Double($0)) })
        case .string(let s): return AnySequence(s.lazy.map { Value.string(String($0)) })
        default:
            throw Diagnostic(
                .runtime, "'for' needs a list, range or string, found \(value.typeName)",
                at: location)
        }
    }
}
