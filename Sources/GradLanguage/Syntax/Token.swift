/// The kinds of token the lexer produces.
public enum TokenKind: Hashable, Sendable {
    case number(Double)
    case string(String)
    case identifier(String)
    // Keywords.
    case letKeyword, fnKeyword, forKeyword, inKeyword, ifKeyword, elseKeyword, returnKeyword
    case trueKeyword, falseKeyword, noneKeyword, andKeyword, orKeyword, notKeyword
    // Punctuation and operators.
    case leftParen, rightParen, leftBracket, rightBracket, leftBrace, rightBrace
    case comma, colon, semicolon, dot, dotDot, equal
    case plus, minus, star, slash, percent, caret
    case equalEqual, bangEqual, less, lessEqual, greater, greaterEqual
    /// The end of a statement: a newline where newlines separate statements.
    case newline
    /// A `##` prose line at the top level (its text after `##`, trimmed of one space).
    case prose(String)
    /// A `#%%` cell marker at the top level (its title, possibly empty).
    case cell(String)
    case end

    /// Whether a line ending with this token continues on the next line.
    var continuesLine: Bool {
        switch self {
        case .plus, .minus, .star, .slash, .percent, .caret, .dotDot, .andKeyword, .orKeyword,
            .equalEqual, .bangEqual, .less, .lessEqual, .greater, .greaterEqual, .comma, .equal,
            .notKeyword:
            return true
        default:
            return false
        }
    }

    /// How the token reads in an error message.
    public var display: String {
        switch self {
        case .number(let v): return "number \(formatNumber(v))"
        case .string: return "a string"
        case .identifier(let n): return "'\(n)'"
        case .letKeyword: return "'let'"
        case .fnKeyword: return "'fn'"
        case .forKeyword: return "'for'"
        case .inKeyword: return "'in'"
        case .ifKeyword: return "'if'"
        case .elseKeyword: return "'else'"
        case .returnKeyword: return "'return'"
        case .trueKeyword: return "'true'"
        case .falseKeyword: return "'false'"
        case .noneKeyword: return "'none'"
        case .andKeyword: return "'and'"
        case .orKeyword: return "'or'"
        case .notKeyword: return "'not'"
        case .leftParen: return "'('"
        case .rightParen: return "')'"
        case .leftBracket: return "'['"
        case .rightBracket: return "']'"
        case .leftBrace: return "'{'"
        case .rightBrace: return "'}'"
        case .comma: return "','"
        case .colon: return "':'"
        case .semicolon: return "';'"
        case .dot: return "'.'"
        case .dotDot: return "'..'"
        case .equal: return "'='"
        case .plus: return "'+'"
        case .minus: return "'-'"
        case .star: return "'*'"
        case .slash: return "'/'"
        case .percent: return "'%'"
        case .caret: return "'^'"
        case .equalEqual: return "'=='"
        case .bangEqual: return "'!='"
        case .less: return "'<'"
        case .lessEqual: return "'<='"
        case .greater: return "'>'"
        case .greaterEqual: return "'>='"
        case .newline: return "end of line"
        case .prose: return "a '##' line"
        case .cell: return "a '#%%' cell marker"
        case .end: return "end of input"
        }
    }
}

/// A token with where it starts.
public struct Token: Equatable, Sendable {
    public var kind: TokenKind
    public var location: SourceLocation

    public init(_ kind: TokenKind, _ location: SourceLocation) {
        self.kind = kind
        self.location = location
    }
}

let keywords: [String: TokenKind] = [
    "let": .letKeyword, "fn": .fnKeyword, "for": .forKeyword, "in": .inKeyword, "if": .ifKeyword,
    "else": .elseKeyword, "return": .returnKeyword, "true": .trueKeyword, "false": .falseKeyword,
    "none": .noneKeyword, "and": .andKeyword, "or": .orKeyword, "not": .notKeyword,
]

/// A number as the language prints it: integral values without a fraction,
/// others in their shortest round-trip form (0.1, 1e-05, 1.5e+20).
public func formatNumber(_ v: Double) -> String {
    if v.isNaN { return "nan" }
    if v.isInfinite { return v < 0 ? "-inf" : "inf" }
    if v == v.rounded(), abs(v) < 1e16 {
        return v == 0 ? "0" : String(Int64(v))
    }
    return v.description
}
