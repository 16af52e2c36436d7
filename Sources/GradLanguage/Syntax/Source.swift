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

/// A program's text with its name.
public struct Source: Sendable {
    public let name: String
    public let text: String

    public init(name: String, text: String) {
        self.name = name
        self.text = text
    }

    /// The text of 1-based line `n` (empty when out of range), without a trailing
    /// CR. Found by scanning: it is only needed to show an error.
    public func line(_ n: Int) -> String {
        guard n >= 1 else { return "" }
        let bytes = text.utf8
        var current = 1
        var start = bytes.startIndex
        if n > 1 {
            var i = bytes.startIndex
            while i < bytes.endIndex {
                if bytes[i] == UInt8(ascii: "\n") {
                    current += 1
                    if current == n {
                        start = bytes.index(after: i)
                        break
                    }
                }
                i = bytes.index(after: i)
            }
            guard current == n else { return "" }
        }
        let end = bytes[start...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.endIndex
        var s = String(decoding: bytes[start..<end], as: UTF8.self)
        if s.hasSuffix("\r") { s.removeLast() }
        return s
    }
}
