import GradLanguage

/// `is_complete_request`: whether a cell is a whole entry by the REPL's rules
/// (it goes on while a bracket is open or its last line ends with an
/// operator, a comma or `=`), and how the next line is indented when not.
extension KernelSession {
    /// How much deeper the line after an opening bracket is indented.
    static let indentStep = "    "

    /// Whether `code` is a whole entry (`.complete`), needs more lines
    /// (`.incomplete` with the next line's indentation), or has a syntax
    /// error that no further line can fix (`.invalid`). A `:` command is
    /// complete on its first line, as in the REPL.
    func isComplete(_ code: String) -> KernelCompleteness {
        if code.trimmingCharacters().isEmpty || MetaCommand(code) != nil { return .complete }
        let source = Source(name: "<cell>", text: code)
        let (_, diagnostics) = Parser.parse(source)
        guard Lexer.needsMoreInput(code) else { return diagnostics.isEmpty ? .complete : .invalid }
        // An unfinished entry reports errors at its end (the bracket left
        // open, the operand missing); one before its last token stays
        // whatever follows.
        let tokens = Lexer.tokens(of: source).tokens
        if let last = tokens.last(where: { $0.kind != .newline && $0.kind != .end }),
            diagnostics.contains(where: {
                $0.reason != .unclosedBracket
                    && ($0.location.line, $0.location.column)
                        < (last.location.line, last.location.column)
            })
        {
            return .invalid
        }
        return .incomplete(indent: KernelSession.nextIndent(code))
    }

    /// The indentation of the line after `code`, an unfinished entry. Inside
    /// a bracket: that of the first line after the bracket's line, when
    /// there is one indented under it (a block's statements line up), else
    /// the bracket's line's and one step more, which is what the parser's
    /// `BracketLayout` reads as inside it. After a line ending with an
    /// operator: the statement's first line's and one step more.
    static func nextIndent(_ code: String) -> String {
        let lines = code.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        func indentation(_ line: String) -> String {
            String(line.prefix { $0 == " " || $0 == "\t" })
        }
        func isBlank(_ line: String) -> Bool { line.allSatisfy { $0 == " " || $0 == "\t" } }
        if let innermost = BracketLayout.unclosed(code).last {
            let openerLine = innermost.location.line - 1
            guard lines.indices.contains(openerLine) else { return indentStep }
            let base = indentation(lines[openerLine])
            if let inner = lines.dropFirst(openerLine + 1).first(where: { !isBlank($0) }) {
                let indent = indentation(inner)
                if indent.count > base.count { return indent }
            }
            return base + indentStep
        }
        // The statement starts where the text before a line is whole.
        var first = lines.count - 1
        while first > 0,
            isBlank(lines[first]) || Lexer.needsMoreInput(lines[..<first].joined(separator: "\n"))
        {
            first -= 1
        }
        return indentation(lines[max(0, first)]) + indentStep
    }
}
