/// A recursive-descent parser over the lexer's tokens. It reports every syntax
/// error in a program: after an error it skips to the next statement boundary
/// and goes on.
///
/// Precedence, loosest first: `or`, `and`, `not`, comparisons (non-associative),
/// `..`, `+ -`, `* / %`, unary `-`, `^` (right-associative), then calls,
/// `.member` and `[index]`.
public struct Parser {
    private let tokens: [Token]
    private var current = 0
    private var diagnostics: [Diagnostic] = []
    /// Opening brackets the lexer found never closed (reported by the parser,
    /// which knows what they opened).
    private let unclosed: [SourceLocation]
    private var unclosedFallback: [Diagnostic] = []
    private var depth = 0
    /// Operators chained in the current statement: each one deepens the tree.
    private var chain = 0
    /// The deepest expression nesting: the lexer's bracket limit plus room for
    /// the statement's own levels, so exactly `Lexer.maxNesting` brackets parse.
    public static let maxDepth = Lexer.maxNesting + 8
    /// The most operators (and postfix operations) one statement may chain.
    public static let maxChain = 20_000

    /// Names whose calls take a trailing `{ ... }` block on the same line.
    private let blockTakers: Set<String>

    /// Parses `source` into statements, with every diagnostic found; the
    /// builtins that take a block are the ones the builtin table says do.
    public static func parse(_ source: Source) -> (statements: [Stmt], diagnostics: [Diagnostic]) {
        parse(source, blockTakers: Builtins.blockTakers)
    }

    /// Parses `source`, reading `name(...) { ... }` and `name { ... }` as a call
    /// with a trailing block for the names in `blockTakers`. The grammar takes the
    /// set as given, so the syntax layer holds no list of builtins of its own.
    static func parse(_ source: Source, blockTakers: Set<String>) -> (
        statements: [Stmt], diagnostics: [Diagnostic]
    ) {
        let (tokens, lexed) = Lexer.tokens(of: source)
        var parser = Parser(tokens: tokens, lexerDiagnostics: lexed, blockTakers: blockTakers)
        let statements = parser.program()
        // A never-closed bracket the parser did not run into is still reported.
        for d in parser.unclosedFallback
        where !parser.diagnostics.contains(where: { $0.location == d.location }) {
            parser.diagnostics.append(d)
        }
        // A never-closed bracket is reported where the indentation says the
        // writer left one open, when that is another bracket.
        if parser.diagnostics.contains(where: { $0.reason == .unclosedBracket }) {
            let layout = BracketLayout(tokens)
            parser.diagnostics = parser.diagnostics.map { d in
                guard d.reason == .unclosedBracket, let s = layout.suspect(inside: d.location)
                else { return d }
                return Diagnostic(
                    .syntax,
                    "\(s.sentence) (counting brackets alone, line \(d.location.line)'s \(d.message))",
                    at: s.opener, reason: .unclosedBracket)
            }
        }
        // One report per place: the lexer's bracket-depth error stands for the parser's.
        var seen = Set<String>()
        let unique = parser.diagnostics.filter { seen.insert("\($0.location)").inserted }
        let all = unique.sorted {
            ($0.location.line, $0.location.column) < ($1.location.line, $1.location.column)
        }
        return (statements, all)
    }

    private init(tokens: [Token], lexerDiagnostics: [Diagnostic], blockTakers: Set<String>) {
        self.tokens = tokens
        self.blockTakers = blockTakers
        var unclosed: [SourceLocation] = []
        var kept: [Diagnostic] = []
        var fallback: [Diagnostic] = []
        for d in lexerDiagnostics {
            if d.reason == .unclosedBracket {
                unclosed.append(d.location)
                fallback.append(d)
            } else {
                kept.append(d)
            }
        }
        self.unclosed = unclosed
        unclosedFallback = fallback
        diagnostics = kept
    }

    // MARK: - Token helpers

    private var peek: Token { tokens[min(current, tokens.count - 1)] }
    private var previous: Token { tokens[max(0, min(current - 1, tokens.count - 1))] }
    private func peekKind(_ offset: Int) -> TokenKind {
        tokens[min(current + offset, tokens.count - 1)].kind
    }
    private var atEnd: Bool { peek.kind == .end }

    @discardableResult
    private mutating func advance() -> Token {
        let t = peek
        if !atEnd { current += 1 }
        return t
    }

    private func check(_ kind: TokenKind) -> Bool { peek.kind == kind }

    private mutating func match(_ kinds: TokenKind...) -> Bool {
        if kinds.contains(peek.kind) {
            advance()
            return true
        }
        return false
    }

    /// A syntax error at the current token.
    private func error(_ message: String, at token: Token? = nil) -> Diagnostic {
        let t = token ?? peek
        return Diagnostic(.syntax, message, at: t.location)
    }

    private mutating func expect(_ kind: TokenKind, _ message: @autoclosure () -> String)
        throws(Diagnostic) -> Token
    {
        if check(kind) { return advance() }
        throw error("\(message()), found \(peek.kind.display)")
    }

    /// The error for a bracket that should close here: at its opening bracket
    /// when it is never closed, else at the current token.
    private func unclosedError(open: Token, closer: String, context: String) -> Diagnostic {
        if unclosed.contains(open.location) {
            return Diagnostic(
                .syntax,
                "'\(open.kind.display.dropFirst().dropLast())' is never closed: expected '\(closer)' \(context)",
                at: open.location, reason: .unclosedBracket)
        }
        return error("expected '\(closer)' \(context), found \(peek.kind.display)")
    }

    // MARK: - Statements

    private mutating func program() -> [Stmt] {
        var statements: [Stmt] = []
        while true {
            skipTerminators()
            if atEnd { break }
            if check(.rightBrace) {
                diagnostics.append(error("unexpected '}' with no open block"))
                advance()
                continue
            }
            do {
                statements.append(try statement())
                try endOfStatement()
            } catch {
                record(error)
                synchronize()
            }
        }
        return statements
    }

    private mutating func record(_ d: Diagnostic) {
        // Each error once: a never-closed bracket is met by every statement
        // that runs into it.
        if !diagnostics.contains(d) {
            diagnostics.append(d)
        }
    }

    private mutating func skipTerminators() {
        while match(.newline, .semicolon) {}
    }

    private mutating func endOfStatement() throws(Diagnostic) {
        if match(.newline, .semicolon) || check(.rightBrace) || atEnd { return }
        throw error(
            "expected the end of the statement (a new line or ';'), found \(peek.kind.display)")
    }

    /// Skips to the next statement boundary at the current block level.
    private mutating func synchronize() {
        var braces = 0
        while !atEnd {
            switch peek.kind {
            case .leftBrace:
                braces += 1
            case .rightBrace:
                if braces == 0 { return }
                braces -= 1
            case .newline, .semicolon:
                if braces == 0 {
                    advance()
                    return
                }
            default:
                break
            }
            advance()
        }
    }

    private mutating func statement() throws(Diagnostic) -> Stmt {
        if depth == 0 { chain = 0 }
        let start = peek
        switch start.kind {
        case .letKeyword:
            advance()
            let name = try identifier("expected a name after 'let'")
            _ = try expect(.equal, "expected '=' after 'let \(name)'")
            return .letBinding(name, try expression(), start.location)
        case .fnKeyword:
            return .function(try functionDeclaration())
        case .forKeyword:
            advance()
            let name = try identifier("expected a loop variable after 'for'")
            _ = try expect(.inKeyword, "expected 'in' after 'for \(name)'")
            let sequence = try expression(allowTrailingBlock: false)
            return .forLoop(name, sequence, try block("the 'for' body"), start.location)
        case .ifKeyword:
            return try ifStatement()
        case .returnKeyword:
            advance()
            if check(.newline) || check(.semicolon) || check(.rightBrace) || atEnd {
                return .returnValue(nil, start.location)
            }
            return .returnValue(try expression(), start.location)
        case .prose(let text):
            advance()
            return .prose(text, start.location)
        case .cell(let title):
            advance()
            return .cell(title, start.location)
        case .elseKeyword:
            throw error("'else' must follow the '}' of an 'if' on the same line")
        case .identifier(let name) where peekKind(1) == .equal:
            advance()
            advance()
            return .assignment(name, try expression(), start.location)
        default:
            return .expression(try expression())
        }
    }

    private mutating func identifier(_ message: String) throws(Diagnostic) -> String {
        if case .identifier(let name) = peek.kind {
            advance()
            return name
        }
        if keywords.values.contains(peek.kind) {
            throw error("\(message); \(peek.kind.display) is a keyword")
        }
        throw error("\(message), found \(peek.kind.display)")
    }

    private mutating func ifStatement() throws(Diagnostic) -> Stmt {
        let start = advance()
        let condition = try expression(allowTrailingBlock: false)
        let then = try block("the 'if' body")
        guard check(.elseKeyword) else { return .ifElse(condition, then, nil, start.location) }
        advance()
        if check(.ifKeyword) {
            return .ifElse(condition, then, [try ifStatement()], start.location)
        }
        return .ifElse(condition, then, try block("the 'else' body"), start.location)
    }

    private mutating func functionDeclaration() throws(Diagnostic) -> FunctionDeclaration {
        let start = advance()
        let name = try identifier("expected a function name after 'fn'")
        let open = try expect(.leftParen, "expected '(' after 'fn \(name)'")
        var parameters: [Parameter] = []
        var seenDefault = false
        while !check(.rightParen) {
            let at = peek.location
            let p = try identifier("expected a parameter name")
            if parameters.contains(where: { $0.name == p }) {
                throw Diagnostic(.syntax, "parameter '\(p)' appears twice in 'fn \(name)'", at: at)
            }
            var value: Expr?
            if match(.colon) {
                value = try expression()
                seenDefault = true
            } else if seenDefault {
                throw Diagnostic(
                    .syntax,
                    "parameter '\(p)' needs a default value: it follows one that has a default",
                    at: at)
            }
            parameters.append(Parameter(name: p, defaultValue: value, location: at))
            if !match(.comma) { break }
        }
        guard match(.rightParen) else {
            throw unclosedError(open: open, closer: ")", context: "after the parameters")
        }
        let body = try block("the body of 'fn \(name)'")
        return FunctionDeclaration(
            name: name, parameters: parameters, body: body, location: start.location)
    }

    /// `{ statements }`, with the opening brace on the current line.
    private mutating func block(_ what: String) throws(Diagnostic) -> [Stmt] {
        let open = try expect(.leftBrace, "expected '{' to start \(what)")
        var statements: [Stmt] = []
        while true {
            skipTerminators()
            if check(.rightBrace) || atEnd { break }
            do {
                statements.append(try statement())
                try endOfStatement()
            } catch {
                record(error)
                synchronize()
            }
        }
        guard match(.rightBrace) else {
            throw unclosedError(open: open, closer: "}", context: "to end \(what)")
        }
        return statements
    }

    // MARK: - Expressions

    /// Throws once expressions nest deeper than `maxDepth` (callers count `depth`).
    private func checkDepth() throws(Diagnostic) {
        if depth > Parser.maxDepth {
            throw error("expression nested deeper than \(Parser.maxDepth) levels")
        }
    }

    /// Counts one more link in a chain of operators; a statement may not chain
    /// more than `maxChain` (the tree's depth is what evaluation recurses on).
    private mutating func lengthen() throws(Diagnostic) {
        chain += 1
        if chain == Parser.maxChain + 1 {
            throw error(
                "expression too long: more than \(Parser.maxChain) operators in one statement; split it into several"
            )
        }
    }

    private mutating func expression(allowTrailingBlock: Bool = true) throws(Diagnostic) -> Expr {
        depth += 1
        defer { depth -= 1 }
        try checkDepth()
        return try or(allowTrailingBlock)
    }

    private mutating func or(_ tb: Bool) throws(Diagnostic) -> Expr {
        var left = try and(tb)
        while check(.orKeyword) {
            let op = advance()
            try lengthen()
            left = .logical(isAnd: false, left, try and(tb), op.location)
        }
        return left
    }

    private mutating func and(_ tb: Bool) throws(Diagnostic) -> Expr {
        var left = try not(tb)
        while check(.andKeyword) {
            let op = advance()
            try lengthen()
            left = .logical(isAnd: true, left, try not(tb), op.location)
        }
        return left
    }

    private mutating func not(_ tb: Bool) throws(Diagnostic) -> Expr {
        if check(.notKeyword) {
            let op = advance()
            depth += 1
            defer { depth -= 1 }
            try checkDepth()
            return .unary(.not, try not(tb), op.location)
        }
        return try comparison(tb)
    }

    private static let comparisons: [TokenKind: BinaryOperator] = [
        .equalEqual: .equal, .bangEqual: .notEqual, .less: .less, .lessEqual: .lessEqual,
        .greater: .greater, .greaterEqual: .greaterEqual,
    ]

    private mutating func comparison(_ tb: Bool) throws(Diagnostic) -> Expr {
        let left = try range(tb)
        guard let op = Parser.comparisons[peek.kind] else { return left }
        let opToken = advance()
        let right = try range(tb)
        if Parser.comparisons[peek.kind] != nil {
            throw error("comparisons do not chain: write 'a < b and b < c'")
        }
        return .binary(op, left, right, opToken.location)
    }

    private mutating func range(_ tb: Bool) throws(Diagnostic) -> Expr {
        let left = try additive(tb)
        guard check(.dotDot) else { return left }
        let op = advance()
        return .binary(.range, left, try additive(tb), op.location)
    }

    private mutating func additive(_ tb: Bool) throws(Diagnostic) -> Expr {
        var left = try multiplicative(tb)
        while check(.plus) || check(.minus) {
            let op = advance()
            try lengthen()
            left = .binary(
                op.kind == .plus ? .add : .subtract, left, try multiplicative(tb), op.location)
        }
        return left
    }

    private mutating func multiplicative(_ tb: Bool) throws(Diagnostic) -> Expr {
        var left = try unary(tb)
        while check(.star) || check(.slash) || check(.percent) {
            let op = advance()
            let kind: BinaryOperator =
                op.kind == .star ? .multiply : op.kind == .slash ? .divide : .remainder
            try lengthen()
            left = .binary(kind, left, try unary(tb), op.location)
        }
        return left
    }

    private mutating func unary(_ tb: Bool) throws(Diagnostic) -> Expr {
        if check(.minus) {
            let op = advance()
            depth += 1
            defer { depth -= 1 }
            try checkDepth()
            return .unary(.negate, try unary(tb), op.location)
        }
        return try power(tb)
    }

    /// `^` binds tighter than unary minus on its left (`-2 ^ 2` is −4) and is
    /// right-associative; its right operand may carry a sign (`2 ^ -1`).
    private mutating func power(_ tb: Bool) throws(Diagnostic) -> Expr {
        let base = try postfix(tb)
        guard check(.caret) else { return base }
        let op = advance()
        depth += 1
        defer { depth -= 1 }
        try checkDepth()
        return .binary(.power, base, try unary(tb), op.location)
    }

    private mutating func postfix(_ tb: Bool) throws(Diagnostic) -> Expr {
        var expr = try primary(tb)
        while true {
            if check(.leftParen) || check(.dot) || check(.leftBracket) { try lengthen() }
            if check(.leftParen) {
                let open = advance()
                let args = try arguments(open: open)
                var trailing: [Stmt]?
                if tb, case .variable(let name, _) = expr, blockTakers.contains(name),
                    check(.leftBrace)
                {
                    trailing = try block("the '\(name)' block")
                }
                expr = .call(expr, args, trailing: trailing, open.location)
            } else if check(.dot) {
                advance()
                let at = peek.location
                let name = try identifier("expected a member name after '.'")
                expr = .member(expr, name, at)
            } else if check(.leftBracket) {
                let open = advance()
                let index = try expression()
                guard match(.rightBracket) else {
                    throw unclosedError(open: open, closer: "]", context: "after the index")
                }
                expr = .index(expr, index, open.location)
            } else {
                return expr
            }
        }
    }

    /// An error met inside a bracket that is never closed is reported as the
    /// unclosed bracket: everything after it was swallowed into it.
    private func inside(_ open: Token, closer: String, context: String, _ e: Diagnostic)
        -> Diagnostic
    {
        unclosed.contains(open.location)
            ? unclosedError(open: open, closer: closer, context: context) : e
    }

    private mutating func arguments(open: Token) throws(Diagnostic) -> [Argument] {
        do {
            return try argumentList(open: open)
        } catch {
            throw inside(open, closer: ")", context: "after arguments", error)
        }
    }

    private mutating func argumentList(open: Token) throws(Diagnostic) -> [Argument] {
        var args: [Argument] = []
        var seenLabel = false
        while !check(.rightParen) {
            if atEnd { break }
            let at = peek.location
            var label: String?
            if case .identifier(let name) = peek.kind, peekKind(1) == .colon {
                advance()
                advance()
                label = name
                if args.contains(where: { $0.label == name }) {
                    throw Diagnostic(.syntax, "argument '\(name)' is given twice", at: at)
                }
                seenLabel = true
            } else if seenLabel {
                throw Diagnostic(
                    .syntax, "a positional argument cannot follow a labelled one", at: at)
            }
            args.append(Argument(label: label, value: try expression(), location: at))
            if !match(.comma) { break }
        }
        guard match(.rightParen) else {
            throw unclosedError(open: open, closer: ")", context: "after arguments")
        }
        return args
    }

    private mutating func primary(_ tb: Bool) throws(Diagnostic) -> Expr {
        let token = peek
        switch token.kind {
        case .number(let v):
            advance()
            return .number(v, token.location)
        case .string(let s):
            advance()
            return .string(s, token.location)
        case .trueKeyword:
            advance()
            return .bool(true, token.location)
        case .falseKeyword:
            advance()
            return .bool(false, token.location)
        case .noneKeyword:
            advance()
            return .none(token.location)
        case .identifier(let name):
            advance()
            let variable = Expr.variable(name, token.location)
            // A bare block-taker with a block on the same line: `residual { ... }`.
            if tb, blockTakers.contains(name), check(.leftBrace) {
                return .call(
                    variable, [], trailing: try block("the '\(name)' block"), token.location)
            }
            return variable
        case .leftParen:
            advance()
            let inner: Expr
            do { inner = try expression() } catch {
                throw inside(token, closer: ")", context: "after the expression", error)
            }
            guard match(.rightParen) else {
                throw unclosedError(open: token, closer: ")", context: "after the expression")
            }
            return inner
        case .leftBracket:
            advance()
            var items: [Expr] = []
            do {
                while !check(.rightBracket) && !atEnd {
                    items.append(try expression())
                    if !match(.comma) { break }
                }
            } catch {
                throw inside(token, closer: "]", context: "after the list items", error)
            }
            guard match(.rightBracket) else {
                throw unclosedError(open: token, closer: "]", context: "after the list items")
            }
            return .list(items, token.location)
        case .newline, .end:
            throw error("expected an expression, found \(token.kind.display)")
        case .leftBrace:
            throw error(
                "unexpected '{': a block belongs to model(...), repeat(...) or residual and must start on the same line"
            )
        default:
            throw error("expected an expression, found \(token.kind.display)")
        }
    }
}
