import GradLanguage

/// A program's outcome as the user sees it: the lines it prints on standard
/// error and how the command ends, as swift-argument-parser's `MessageInfo`
/// pairs an error's message with its exit code. Scripts, `check`, notebooks
/// and tours all word their outcomes through this one mapping.
struct ProgramReport {
    /// How the command ends.
    let exit: GradLabExit
    /// One entry per error: each diagnostic rendered with its source line and
    /// caret, or the interruption notice; empty on success.
    let errors: [String]
    /// After syntax errors, the count and the file: "2 syntax errors in prog.grad".
    let summary: String?

    /// `errors` then `summary`: everything a script prints on standard error.
    var lines: [String] { errors + (summary.map { [$0] } ?? []) }

    /// The report of `outcome`, its diagnostics rendered in `source` (in colour
    /// when `color`): for a program that ran on its own (`check`, a script).
    init(_ outcome: Interpreter.Outcome, in source: Source, color: Bool) {
        self.init(outcome, named: source.name) { $0.rendered(in: source, color: color) }
    }

    /// The report of `outcome` in `interpreter`, each diagnostic rendered with
    /// the source its location names (an earlier REPL entry, a tour's file).
    /// `name` is what the syntax-error count line names.
    init(
        _ outcome: Interpreter.Outcome, of interpreter: Interpreter, named name: String, color: Bool
    ) {
        self.init(outcome, named: name) { interpreter.rendered($0, color: color) }
    }

    private init(
        _ outcome: Interpreter.Outcome, named name: String, render: (Diagnostic) -> String
    ) {
        switch outcome {
        case .success:
            exit = .ok
            errors = []
            summary = nil
        case .syntaxErrors(let list):
            exit = .syntax
            errors = list.map(render)
            let n = list.count
            summary = "\(n) syntax error\(n == 1 ? "" : "s") in \(name)"
        case .runtimeError(let d):
            exit = .runtimeError
            errors = [render(d)]
            summary = nil
        case .cancelled:
            exit = .interrupted
            errors = [GradLabExit.interruptedMessage]
            summary = nil
        }
    }
}
