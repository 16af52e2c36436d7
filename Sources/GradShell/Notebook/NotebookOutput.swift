/// One thing a code cell showed: printed text, a displayed value, or the error that stopped it.
enum NotebookOutput {
    /// Printed lines (`print`, training announcements), joined by newlines, without a final newline.
    case text(String)
    /// A displayed value. `isResult` marks the cell's own value: its last
    /// expression (a script cell) or `Out[n]` (a REPL entry).
    case value(NotebookValue, isResult: Bool)
    /// The error that stopped the cell.
    case error(NotebookError)
}

extension Array where Element == NotebookOutput {
    /// Appends a printed line, joining it to the text just before it (one stream, as Jupyter shows it).
    mutating func appendText(_ line: String) {
        if case .text(let previous)? = last {
            self[count - 1] = .text(previous + "\n" + line)
        } else {
            append(.text(line))
        }
    }
}
