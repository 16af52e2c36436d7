import XCTest

@testable import GradLanguage

final class ParserTests: XCTestCase {
    func parse(_ text: String) -> ([Stmt], [String]) {
        let (s, d) = Parser.parse(Source(name: "p.grad", text: text))
        return (s, d.map { "\($0.location.line):\($0.location.column): \($0.message)" })
    }

    /// The tree as a string, with parentheses showing grouping.
    func shape(_ e: Expr) -> String {
        switch e {
        case .number(let v, _): return formatNumber(v)
        case .variable(let n, _): return n
        case .string(let s, _): return "\"\(s)\""
        case .unary(let op, let x, _): return "(\(op == .negate ? "-" : "not ")\(shape(x)))"
        case .binary(let op, let l, let r, _): return "(\(shape(l)) \(op.rawValue) \(shape(r)))"
        case .logical(let isAnd, let l, let r, _):
            return "(\(shape(l)) \(isAnd ? "and" : "or") \(shape(r)))"
        case .call(let f, let args, let trailing, _):
            let a = args.map { ($0.label.map { "\($0): " } ?? "") + shape($0.value) }.joined(
                separator: ", ")
            return "\(shape(f))(\(a))" + (trailing.map { " {\($0.count)}" } ?? "")
        case .member(let o, let n, _): return "\(shape(o)).\(n)"
        case .index(let o, let i, _): return "\(shape(o))[\(shape(i))]"
        case .list(let items, _): return "[" + items.map(shape).joined(separator: ", ") + "]"
        case .bool(let b, _): return "\(b)"
        case .none: return "none"
        }
    }

    func expression(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> String {
        let (s, d) = parse(text)
        XCTAssertEqual(d, [], file: file, line: line)
        guard case .expression(let e)? = s.first else { return "not an expression" }
        return shape(e)
    }

    func testPrecedenceAsDesigned() {
        XCTAssertEqual(expression("-2 ^ 2"), "(-(2 ^ 2))")
        XCTAssertEqual(expression("2 ^ 3 ^ 2"), "(2 ^ (3 ^ 2))")
        XCTAssertEqual(expression("1 + 2 * 3 - 4 / 5 % 6"), "((1 + (2 * 3)) - ((4 / 5) % 6))")
        XCTAssertEqual(expression("a or b and not c == d"), "(a or (b and (not (c == d))))")
        XCTAssertEqual(expression("1 + 1..2 * 5"), "((1 + 1) .. (2 * 5))")
        XCTAssertEqual(expression("f(x)[0].y"), "f(x)[0].y")
        XCTAssertEqual(expression("2 ^ -1"), "(2 ^ (-1))")
    }

    func testCallsWithLabelsAndTrailingBlocks() {
        XCTAssertEqual(expression("dense(32, act: relu)"), "dense(32, act: relu)")
        XCTAssertEqual(expression("model(inputs: 2) {\n dense(3)\n}"), "model(inputs: 2) {1}")
        XCTAssertEqual(expression("residual { dense(3); dense(3) }"), "residual() {2}")
    }

    func testStatements() {
        let (s, d) = parse(
            "let x = 1\nx = 2\nfn f(a, b: 2) { return a + b }\nfor i in 1..3 { print(i) }\nif x > 1 { 1 } else if x < 0 { 2 } else { 3 }"
        )
        XCTAssertEqual(d, [])
        XCTAssertEqual(s.count, 5)
        guard case .function(let f) = s[2] else { return XCTFail("expected fn") }
        XCTAssertEqual(f.parameters.map(\.name), ["a", "b"])
        XCTAssertNotNil(f.parameters[1].defaultValue)
    }

    func testEveryErrorIsReportedAndParsingRecovers() {
        let (_, d) = parse(
            "let = 3\nlet y = (1 +\nprint(\"ok\")\nlet z = 1 < 2 < 3\nfor in x { }\n")
        XCTAssertEqual(
            d,
            [
                "1:5: expected a name after 'let', found '='",
                "2:9: '(' is never closed: expected ')' after the expression",
            ])
    }

    func testRecoveryAtStatementBoundaries() {
        let (s, d) = parse("let = 3\nlet a = 1 < 2 < 3\nfor in x { }\nlet ok = 1\nelse { }")
        XCTAssertEqual(
            d,
            [
                "1:5: expected a name after 'let', found '='",
                "2:15: comparisons do not chain: write 'a < b and b < c'",
                "3:5: expected a loop variable after 'for'; 'in' is a keyword",
                "5:1: 'else' must follow the '}' of an 'if' on the same line",
            ])
        XCTAssertTrue(
            s.contains {
                if case .letBinding("ok", _, _) = $0 { return true } else { return false }
            })
    }

    func testUnclosedBracketIsReportedWhereItOpened() {
        let (_, d) = parse("seed(1)\n\n\nlet d = spiral(points: 300\nlet net = 3\n")
        XCTAssertEqual(d, ["4:15: '(' is never closed: expected ')' after arguments"])
    }

    func testElseMustBeOnTheSameLine() {
        let (_, d) = parse("if true { 1 }\nelse { 2 }")
        XCTAssertEqual(d, ["2:1: 'else' must follow the '}' of an 'if' on the same line"])
    }

    func testTenThousandLinesParseQuickly() {
        let line =
            "let x = dense(32, act: relu, init: he_normal); print(1 + 2 * 3, [1, 2, 3][-1])\n"
        let text = String(repeating: line, count: 10_000)
        let start = ContinuousClock.now
        let (s, d) = parse(text)
        let elapsed = ContinuousClock.now - start
        XCTAssertEqual(d.count, 0)
        XCTAssertEqual(s.count, 20_000)
        // Generous bound for a debug build; the release figure is in docs/performance.md.
        XCTAssertLessThan(elapsed, .seconds(5))
    }
}
