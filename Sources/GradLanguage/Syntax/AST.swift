/// Expressions. Each node carries the location an error about it should point at.
public indirect enum Expr: Sendable {
    case number(Double, SourceLocation)
    case string(String, SourceLocation)
    case bool(Bool, SourceLocation)
    case none(SourceLocation)
    case list([Expr], SourceLocation)
    case variable(String, SourceLocation)
    case unary(UnaryOperator, Expr, SourceLocation)
    case binary(BinaryOperator, Expr, Expr, SourceLocation)
    /// `a and b`, `a or b`: the right side is evaluated only when needed.
    case logical(isAnd: Bool, Expr, Expr, SourceLocation)
    /// `callee(args) { block }`; the trailing block belongs to model, repeat, residual.
    case call(Expr, [Argument], trailing: [Stmt]?, SourceLocation)
    case member(Expr, String, SourceLocation)
    case index(Expr, Expr, SourceLocation)

    public var location: SourceLocation {
        switch self {
        case .number(_, let l), .string(_, let l), .bool(_, let l), .none(let l), .list(_, let l),
            .variable(_, let l), .unary(_, _, let l), .binary(_, _, _, let l),
            .logical(_, _, _, let l),
            .call(_, _, _, let l), .member(_, _, let l), .index(_, _, let l):
            return l
        }
    }
}

/// A call argument: positional, or labelled (`key: value`).
public struct Argument: Sendable {
    public var label: String?
    public var value: Expr
    public var location: SourceLocation
}

public enum UnaryOperator: String, Sendable {
    case negate = "-"
    case not
}

public enum BinaryOperator: String, Sendable {
    case add = "+"
    case subtract = "-"
    case multiply = "*"
    case divide = "/"
    case remainder = "%"
    case power = "^"
    case equal = "=="
    case notEqual = "!="
    case less = "<"
    case lessEqual = "<="
    case greater = ">"
    case greaterEqual = ">="
    case range = ".."
}

/// A user function's parameter, with its default value if any.
public struct Parameter: Sendable {
    public var name: String
    public var defaultValue: Expr?
    public var location: SourceLocation
}

/// Statements.
public indirect enum Stmt: Sendable {
    case expression(Expr)
    case letBinding(String, Expr, SourceLocation)
    case assignment(String, Expr, SourceLocation)
    case forLoop(String, Expr, [Stmt], SourceLocation)
    case ifElse(Expr, [Stmt], [Stmt]?, SourceLocation)
    case function(FunctionDeclaration)
    case returnValue(Expr?, SourceLocation)
    /// A `##` line: Markdown prose for walkthroughs and notebooks.
    case prose(String, SourceLocation)
    /// A `#%%` cell marker with its title.
    case cell(String, SourceLocation)
}

/// `fn name(params) { body }`.
public final class FunctionDeclaration: Sendable {
    public let name: String
    public let parameters: [Parameter]
    public let body: [Stmt]
    public let location: SourceLocation

    init(name: String, parameters: [Parameter], body: [Stmt], location: SourceLocation) {
        self.name = name
        self.parameters = parameters
        self.body = body
        self.location = location
    }
}
