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

    /// The report of `outcome`, its diagnostics rendered in `source` (in colour when `color`).
    init(_ outcome: Interpreter.Outcome, in source: Source, color: Bool) {
        switch outcome {
        case .success:
            exit = .ok
            errors = []
            summary = nil
        case .syntaxErrors(let list):
            exit = .syntax
            errors = list.map { $0.rendered(in: source, color: color) }
            let n = list.count
            summary = "\(n) syntax error\(n == 1 ? "" : "s") in \(source.name)"
        case .runtimeError(let d):
            exit = .runtimeError
            errors = [d.rendered(in: source, color: color)]
            summary = nil
        case .cancelled:
            exit = .interrupted
            errors = [GradLabExit.interruptedMessage]
            summary = nil
        }
    }
}
