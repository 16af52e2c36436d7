/// An error found in a program, with where it happened.
public struct Diagnostic: Error, Equatable, Sendable {
    public enum Kind: Sendable { case syntax, runtime }

    /// The cases code tells apart, so no decision reads the message text.
    public enum Reason: Sendable {
        /// Any other error: only its message says what went wrong.
        case general
        /// A bracket opened and never closed (the lexer finds it; the parser
        /// words it, knowing what the bracket opened).
        case unclosedBracket
        /// The run was interrupted (Ctrl-C): not an error of the program.
        case interrupted
    }

    public var kind: Kind
    public var reason: Reason
    public var message: String
    public var location: SourceLocation
    /// For runtime errors inside user functions: the calls that led there,
    /// innermost first ("in f called at prog.grad:3:5").
    public var callChain: [String] = []

    public init(
        _ kind: Kind, _ message: String, at location: SourceLocation, reason: Reason = .general
    ) {
        self.kind = kind
        self.reason = reason
        self.message = message
        self.location = location
    }

    /// The run was interrupted at `location` (Ctrl-C between steps).
    public static func interrupted(at location: SourceLocation) -> Diagnostic {
        Diagnostic(.runtime, "interrupted", at: location, reason: .interrupted)
    }

    /// `file:line:col: error: message`, the source line, a caret under the
    /// column, then the call chain.
    public func rendered(in source: Source?, color: Bool = false) -> String {
        let red = color ? "\u{1B}[1;31m" : ""
        let bold = color ? "\u{1B}[1m" : ""
        let reset = color ? "\u{1B}[0m" : ""
        var out = "\(bold)\(location):\(reset) \(red)error:\(reset) \(bold)\(message)\(reset)"
        if let source, source.name == location.file {
            let text = source.line(location.line)
            if !text.isEmpty {
                // Long lines are shown as a window around the column.
                let scalars = Array(text.unicodeScalars)
                let window = 100
                let from = max(0, min(location.column - 1 - window / 2, scalars.count - window))
                let to = min(scalars.count, from + window)
                var shown = String(String.UnicodeScalarView(scalars[from..<to]))
                shown = shown.replacingTabs()
                let caretColumn = location.column - 1 - from
                out += "\n    " + (from > 0 ? "…" : "") + shown + (to < scalars.count ? "…" : "")
                out +=
                    "\n    "
                    + String(repeating: " ", count: max(0, caretColumn) + (from > 0 ? 1 : 0))
                    + "\(red)^\(reset)"
            }
        }
        // Runs of the same frame (deep recursion) show once, with a count.
        var i = 0
        while i < callChain.count {
            var j = i + 1
            while j < callChain.count && callChain[j] == callChain[i] { j += 1 }
            out += "\n    \(callChain[i])" + (j - i > 1 ? " (\(j - i) times)" : "")
            i = j
        }
        return out
    }
}

extension String {
    func replacingTabs() -> String {
        String(String.UnicodeScalarView(unicodeScalars.map { $0 == "\t" ? " " : $0 }))
    }
}
