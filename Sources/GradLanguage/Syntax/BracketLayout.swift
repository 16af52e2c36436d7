/// The brackets of a token list as they pair up, with each line's
/// indentation: what tells which bracket a writer left open when the
/// matcher and the indentation disagree.
///
/// ```
/// let net = model(inputs: 2) {
///     repeat(4) { dense(16, act: relu)
///     dense(3)
/// }
/// ```
/// Counting brackets, the `}` on line 4 closes line 2's `{` and line 1's is
/// never closed; the indentation says line 2's `{` is the one left open (the
/// line after it is not indented under it, and the `}` lines up with line 1).
/// rustc points at such a bracket the same way.
public struct BracketLayout {
    /// A `{` that looks unclosed by the indentation, though the matcher pairs it.
    struct Suspect: Equatable {
        /// Where the `{` is.
        var opener: SourceLocation
        /// The first line after it that is indented no deeper than its own line.
        var strayLine: Int
        /// Whether that line is the first line after the opener's.
        var isNextLine: Bool

        /// "the '{' on line 2 looks unclosed: the lines after it are not indented under it".
        var sentence: String {
            "the '{' on line \(opener.line) looks unclosed: "
                + (isNextLine
                    ? "the lines after it are not indented under it"
                    : "line \(strayLine) is not indented under it")
        }
    }

    /// The first token of a line: its column, whether a block's statements
    /// are read there (the innermost open bracket is a `{`, or none), and
    /// whether it closes a bracket.
    private struct LineStart {
        var column: Int
        var inBlock: Bool
        var closes: Bool
    }

    /// The most lines `suspect` looks at before it gives up (and the error
    /// stays at the bracket counting leaves open).
    static let lineBudget = 1_000_000

    /// The brackets never closed, outermost first.
    private(set) var open: [Token] = []
    /// Each `{` and the `}` that closes it, by the opener's position.
    private var bracePairs: [(open: Token, close: Token)] = []
    private var lineStarts: [Int: LineStart] = [:]

    /// Pairs the brackets of `tokens` as the lexer does: a closer closes the
    /// innermost open bracket only when it is of the same kind.
    init(_ tokens: [Token]) {
        for t in tokens {
            switch t.kind {
            case .newline, .end: continue
            default: break
            }
            if lineStarts[t.location.line] == nil {
                lineStarts[t.location.line] = LineStart(
                    column: t.location.column,
                    inBlock: open.last.map { $0.kind == .leftBrace } ?? true,
                    closes: [.rightParen, .rightBracket, .rightBrace].contains(t.kind))
            }
            switch t.kind {
            case .leftParen, .leftBracket, .leftBrace:
                open.append(t)
            case .rightParen, .rightBracket, .rightBrace:
                guard let top = open.last, BracketLayout.closes(t.kind, top.kind) else { continue }
                open.removeLast()
                if t.kind == .rightBrace { bracePairs.append((top, t)) }
            default:
                break
            }
        }
        bracePairs.sort { before($0.open.location, $1.open.location) }
    }

    private static func closes(_ closer: TokenKind, _ opener: TokenKind) -> Bool {
        switch (opener, closer) {
        case (.leftParen, .rightParen), (.leftBracket, .rightBracket), (.leftBrace, .rightBrace):
            true
        default: false
        }
    }

    /// The `{` after the never-closed bracket at `unclosed` that the
    /// indentation says was left open: its `}` stands first on a line indented
    /// less than the `{`'s line, and a statement between them is indented no
    /// deeper than the `{`'s line. Nil when the indentation agrees with the
    /// brackets.
    func suspect(inside unclosed: SourceLocation) -> Suspect? {
        // Nested blocks are scanned once per enclosing pair: a budget of
        // lines keeps a hostile program (thousands of nested blocks) linear.
        var budget = BracketLayout.lineBudget
        for (o, c) in bracePairs where before(unclosed, o.location) {
            guard let openLine = lineStarts[o.location.line], c.location.line > o.location.line,
                let closeLine = lineStarts[c.location.line],
                closeLine.column == c.location.column, closeLine.column < openLine.column
            else { continue }
            let inner = (o.location.line + 1)..<c.location.line
            guard budget >= inner.count else { return nil }
            budget -= inner.count
            let firstLine = inner.first { lineStarts[$0] != nil }
            let stray = inner.first { line in
                guard let s = lineStarts[line], s.inBlock, !s.closes else { return false }
                return s.column <= openLine.column
            }
            if let stray {
                return Suspect(opener: o.location, strayLine: stray, isNextLine: stray == firstLine)
            }
        }
        return nil
    }

    /// The brackets `text` leaves open, outermost first: where an unfinished
    /// entry's next line continues (the Jupyter kernel indents it under the
    /// innermost).
    public static func unclosed(_ text: String) -> [Token] {
        BracketLayout(Lexer.tokens(of: Source(name: "<entry>", text: text)).tokens).open
    }

    /// What keeps an unfinished REPL entry open, in words: the brackets still
    /// open (or the one the indentation says was left open), or the operator
    /// that ends its last line. Nil when the entry is complete.
    public static func unfinished(_ text: String) -> String? {
        let (tokens, _) = Lexer.tokens(of: Source(name: "<entry>", text: text))
        let layout = BracketLayout(tokens)
        if let outermost = layout.open.first {
            let innermostFirst = layout.open.reversed().map {
                "the \($0.kind.display) on line \($0.location.line)"
            }
            let counted =
                innermostFirst.count == 1
                ? "\(innermostFirst[0]) is still open"
                : innermostFirst.dropLast().joined(separator: ", ") + " and "
                    + (innermostFirst.last ?? "") + " are still open"
            if let suspect = layout.suspect(inside: outermost.location) {
                return suspect.sentence + " (counting brackets alone, \(counted))"
            }
            return counted
        }
        guard Lexer.needsMoreInput(text),
            let last = tokens.last(where: { $0.kind != .newline && $0.kind != .end })
        else { return nil }
        return "line \(last.location.line) ends with \(last.kind.display), so the entry goes on"
    }
}

/// Whether `a` comes before `b` in the text.
private func before(_ a: SourceLocation, _ b: SourceLocation) -> Bool {
    (a.line, a.column) < (b.line, b.column)
}
