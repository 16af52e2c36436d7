/// The error that stopped a cell, as notebooks show it (an `error` output in
/// `.ipynb`, the kernel's `error` message): its kind, its one-line message,
/// and the full report as the REPL and `run` print it.
struct NotebookError {
    /// A program that does not parse.
    static let syntaxName = "SyntaxError"
    /// An error while the program ran.
    static let runtimeName = "RuntimeError"
    /// The run was interrupted (Ctrl-C, or the kernel's interrupt).
    static let interruptedName = "Interrupted"

    /// "SyntaxError", "RuntimeError" or "Interrupted" (Jupyter's `ename`).
    let name: String
    /// The first error's message, one line (Jupyter's `evalue`).
    let message: String
    /// Every error rendered with its location, source line and caret, then
    /// the syntax-error count line; lines joined by newlines.
    let report: String

    /// The report's lines (Jupyter's `traceback`).
    var reportLines: [String] {
        report.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }
}
