/// Turns source text into tokens, applying the newline rules of the design:
/// newlines inside `(` and `[` are ignored; inside `{ }` and at the top level
/// they end statements, unless the line ends with a binary operator, a comma
/// or `=`. Blank lines and comments produce nothing. Every problem is collected
/// as a `Diagnostic`; lexing always reaches the end.
public struct Lexer {
    private let source: Source
    private let chars: [Unicode.Scalar]
    private var index = 0
    private var line = 1
    private var column = 1
    private var tokens: [Token] = []
    private var brackets: [(kind: Unicode.Scalar, location: SourceLocation)] = []
    public private(set) var diagnostics: [Diagnostic] = []

    /// The deepest nesting of brackets the language accepts.
    public static let maxNesting = 256

    public init(_ source: Source) {
        self.source = source
        chars = Array(source.text.unicodeScalars)
        // About one token per four characters in typical programs; growing the
        // array by copying was a fifth of the lexing time.
        tokens.reserveCapacity(chars.count / 4 + 16)
    }

    /// Lexes the whole source; the last token is `.end`.
    public static func tokens(of source: Source) -> (tokens: [Token], diagnostics: [Diagnostic]) {
        var lexer = Lexer(source)
        lexer.run()
        return (lexer.tokens, lexer.diagnostics)
    }

    private var here: SourceLocation {
        SourceLocation(file: source.name, line: line, column: column)
    }
    private var atEnd: Bool { index >= chars.count }
    private func peek(_ offset: Int = 0) -> Unicode.Scalar? {
        index + offset < chars.count ? chars[index + offset] : nil
    }

    @discardableResult
    private mutating func advance() -> Unicode.Scalar {
        let c = chars[index]
        index += 1
        if c == "\n" {
            line += 1
            column = 1
        } else {
            column += 1
        }
        return c
    }

    private mutating func error(_ message: String, at location: SourceLocation) {
        diagnostics.append(Diagnostic(.syntax, message, at: location))
    }

    /// Newlines end statements at the top level and directly inside braces.
    private var newlinesCount: Bool { brackets.last.map { $0.kind == "{" } ?? true }

    private mutating func emit(_ kind: TokenKind, _ location: SourceLocation) {
        tokens.append(Token(kind, location))
    }

    /// Ends the current line: a newline token unless the line continues.
    private mutating func endLine(at location: SourceLocation) {
        guard newlinesCount, let last = tokens.last else { return }
        switch last.kind {
        case .newline, .leftBrace, .semicolon: return
        case let k where k.continuesLine: return
        default: emit(.newline, location)
        }
    }

    private mutating func run() {
        var lineStart = true  // only whitespace so far on this line
        while !atEnd {
            let c = peek()!
            let start = here
            switch c {
            case " ", "\t", "\r":
                advance()
                continue
            case "\n":
                endLine(at: start)
                advance()
                lineStart = true
                continue
            case "#":
                lexComment(atLineStart: lineStart && brackets.isEmpty, start)
                continue
            default:
                break
            }
            lineStart = false
            if isDigit(c) {
                lexNumber(start)
            } else if isIdentifierStart(c) {
                lexIdentifier(start)
            } else if c == "\"" {
                lexString(start)
            } else {
                lexPunctuation(c, start)
            }
        }
        endLine(at: here)
        for open in brackets.reversed() {
            diagnostics.append(
                Diagnostic(
                    .syntax, "'\(open.kind)' is never closed: expected '\(closing(open.kind))'",
                    at: open.location, reason: .unclosedBracket))
        }
        emit(.end, here)
    }

    private func closing(_ open: Unicode.Scalar) -> String {
        open == "(" ? ")" : open == "[" ? "]" : "}"
    }

    private mutating func lexComment(atLineStart: Bool, _ start: SourceLocation) {
        var text = ""
        while let c = peek(), c != "\n" {
            text.unicodeScalars.append(c)
            advance()
        }
        if text.hasSuffix("\r") { text.removeLast() }
        guard atLineStart else { return }
        if text.hasPrefix("#%%") {
            endLine(at: start)
            emit(.cell(String(text.dropFirst(3)).trimmingSpaces()), start)
        } else if text.hasPrefix("##") {
            endLine(at: start)
            var body = Substring(text.dropFirst(2))
            if body.hasPrefix(" ") { body = body.dropFirst() }
            emit(.prose(String(body)), start)
        }
    }

    private func isDigit(_ c: Unicode.Scalar) -> Bool { c >= "0" && c <= "9" }
    private func isIdentifierStart(_ c: Unicode.Scalar) -> Bool {
        c == "_" || (c >= "a" && c <= "z") || (c >= "A" && c <= "Z")
    }
    private func isIdentifierPart(_ c: Unicode.Scalar) -> Bool {
        isIdentifierStart(c) || isDigit(c)
    }

    private mutating func lexNumber(_ start: SourceLocation) {
        var text = ""
        func digits(_ lexer: inout Lexer) {
            while let c = lexer.peek(), lexer.isDigit(c) || c == "_" {
                if c != "_" { text.unicodeScalars.append(c) }
                lexer.advance()
            }
        }
        digits(&self)
        // A fraction needs a digit after the dot, so `1..10` is a range.
        if peek() == ".", let d = peek(1), isDigit(d) {
            text.append(".")
            advance()
            digits(&self)
        }
        if let e = peek(), e == "e" || e == "E" {
            let sign = peek(1)
            let hasSign = sign == "+" || sign == "-"
            if let d = peek(hasSign ? 2 : 1), isDigit(d) {
                text.append("e")
                advance()
                if hasSign { text.unicodeScalars.append(advance()) }
                digits(&self)
            }
        }
        if let c = peek(), isIdentifierStart(c) {
            error(
                "a number cannot run into a name: add a space or an operator after '\(text)'",
                at: here)
        }
        guard let value = Double(text) else {
            error("'\(text)' is not a number", at: start)
            emit(.number(0), start)
            return
        }
        emit(.number(value), start)
    }

    private mutating func lexIdentifier(_ start: SourceLocation) {
        let first = index
        while let c = peek(), isIdentifierPart(c) { advance() }
        // Identifiers are ASCII: decode their bytes directly (the fast path).
        let name = String(unsafeUninitializedCapacity: index - first) { buffer in
            for (k, c) in chars[first..<index].enumerated() {
                buffer[k] = UInt8(truncatingIfNeeded: c.value)
            }
            return index - first
        }
        emit(keywords[name] ?? .identifier(name), start)
    }

    private mutating func lexString(_ start: SourceLocation) {
        advance()  // the opening quote
        var value = ""
        while true {
            guard let c = peek(), c != "\n" else {
                error("unterminated string: expected '\"' before the end of the line", at: start)
                emit(.string(value), start)
                return
            }
            advance()
            if c == "\"" { break }
            if c != "\\" {
                value.unicodeScalars.append(c)
                continue
            }
            let escapeStart = here
            guard let e = peek(), e != "\n" else { continue }
            advance()
            switch e {
            case "n": value.append("\n")
            case "t": value.append("\t")
            case "r": value.append("\r")
            case "0": value.append("\0")
            case "\"": value.append("\"")
            case "\\": value.append("\\")
            case "u":
                if let scalar = lexUnicodeEscape() {
                    value.unicodeScalars.append(scalar)
                } else {
                    error("invalid unicode escape: expected \\u{hex digits}", at: escapeStart)
                }
            default:
                error(
                    "unknown escape '\\\(e)': expected \\n, \\t, \\r, \\0, \\\", \\\\ or \\u{...}",
                    at: escapeStart)
            }
        }
        emit(.string(value), start)
    }

    private mutating func lexUnicodeEscape() -> Unicode.Scalar? {
        guard peek() == "{" else { return nil }
        advance()
        var hex = ""
        while let c = peek(), c != "}", c != "\"", c != "\n", hex.count < 9 {
            hex.unicodeScalars.append(c)
            advance()
        }
        guard peek() == "}" else { return nil }
        advance()
        return UInt32(hex, radix: 16).flatMap(Unicode.Scalar.init)
    }

    private mutating func lexPunctuation(_ c: Unicode.Scalar, _ start: SourceLocation) {
        advance()
        let next = peek()
        func two(_ kind: TokenKind, _ lexer: inout Lexer) {
            lexer.advance()
            lexer.emit(kind, start)
        }
        switch c {
        case "(", "[", "{":
            if brackets.count == Lexer.maxNesting {
                error("brackets nested deeper than \(Lexer.maxNesting)", at: start)
            }
            brackets.append((c, start))
            emit(c == "(" ? .leftParen : c == "[" ? .leftBracket : .leftBrace, start)
        case ")", "]", "}":
            let kind: TokenKind = c == ")" ? .rightParen : c == "]" ? .rightBracket : .rightBrace
            if let open = brackets.last, closing(open.kind) == String(c) {
                if c == "}" { endLine(at: start) }
                brackets.removeLast()
            } else if let open = brackets.last {
                error(
                    "'\(c)' does not match '\(open.kind)' opened at line \(open.location.line), column \(open.location.column): expected '\(closing(open.kind))'",
                    at: start)
            } else {
                error("'\(c)' has no matching opening bracket", at: start)
            }
            emit(kind, start)
        case ",": emit(.comma, start)
        case ":": emit(.colon, start)
        case ";": emit(.semicolon, start)
        case ".": next == "." ? two(.dotDot, &self) : emit(.dot, start)
        case "=": next == "=" ? two(.equalEqual, &self) : emit(.equal, start)
        case "!":
            if next == "=" {
                two(.bangEqual, &self)
            } else {
                error("unexpected '!': write 'not' for negation", at: start)
            }
        case "<": next == "=" ? two(.lessEqual, &self) : emit(.less, start)
        case ">": next == "=" ? two(.greaterEqual, &self) : emit(.greater, start)
        case "+": emit(.plus, start)
        case "-": emit(.minus, start)
        case "*": emit(.star, start)
        case "/": emit(.slash, start)
        case "%": emit(.percent, start)
        case "^": emit(.caret, start)
        default:
            let shown = c == "\u{FFFD}" ? "an invalid UTF-8 byte" : "'\(c)'"
            error("unexpected character \(shown)", at: start)
        }
    }
}

extension String {
    /// The string without leading and trailing spaces and tabs.
    func trimmingSpaces() -> String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" { s = s.dropLast() }
        return String(s)
    }
}

extension Lexer {
    /// Whether an entry typed so far is unfinished: a bracket is still open, or
    /// its last line ends with a binary operator, a comma or `=`. The REPL then
    /// asks for another line.
    public static func needsMoreInput(_ text: String) -> Bool {
        var lexer = Lexer(Source(name: "<entry>", text: text))
        lexer.run()
        if !lexer.brackets.isEmpty { return true }
        // The last token before the final newline and end.
        let significant = lexer.tokens.last { $0.kind != .newline && $0.kind != .end }
        return significant?.kind.continuesLine ?? false
    }
}
