/// One cell of a notebook: Markdown prose, or code with the outputs it produced.
struct NotebookCell {
    enum Kind: Equatable { case markdown, code }

    let kind: Kind
    /// The Markdown text, or the code.
    let source: String
    /// The code cell's run number (`In [n]`); nil for prose, for code that did
    /// not run, and for a REPL `:load`, which has no entry number.
    let executionCount: Int?
    /// What the code showed, in order (empty for prose and for code that did not run).
    let outputs: [NotebookOutput]
    /// False for a code cell left unrun because an earlier cell stopped with an error.
    let ran: Bool

    /// A prose cell.
    static func markdown(_ text: String) -> NotebookCell {
        NotebookCell(kind: .markdown, source: text, executionCount: nil, outputs: [], ran: false)
    }

    /// A code cell that ran.
    static func code(_ code: String, executionCount: Int?, outputs: [NotebookOutput])
        -> NotebookCell
    {
        NotebookCell(
            kind: .code, source: code, executionCount: executionCount, outputs: outputs, ran: true)
    }

    /// A code cell that was not run (an earlier cell failed).
    static func notRun(_ code: String) -> NotebookCell {
        NotebookCell(kind: .code, source: code, executionCount: nil, outputs: [], ran: false)
    }
}
