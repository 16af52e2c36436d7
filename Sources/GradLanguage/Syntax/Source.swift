/// A position in a source text: 1-based line and column (columns count
/// characters), and the name of the file or entry it came from.
public struct SourceLocation: Equatable, Sendable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int

    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    public var description: String { "\(file):\(line):\(column)" }
}

/// A program's text with its name, split into lines for error reports.
public struct Source: Sendable {
    public let name: String
    public let text: String
    public let lines: [Substring]

    public init(name: String, text: String) {
        self.name = name
        self.text = text
        lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    }

    /// The text of 1-based line `n` (empty when out of range), without a trailing CR.
    public func line(_ n: Int) -> String {
        guard n >= 1, n <= lines.count else { return "" }
        var s = String(lines[n - 1])
        if s.hasSuffix("\r") { s.removeLast() }
        return s
    }
}
