import XCTest

@testable import GradLanguage

final class LexerTests: XCTestCase {
    func kinds(_ text: String) -> [TokenKind] {
        Lexer.tokens(of: Source(name: "t", text: text)).tokens.map(\.kind)
    }

    func testNumbersWithUnderscoresExponentsAndRanges() {
        XCTAssertEqual(
            kinds("10_000 1e-3 2.5E+2 0.5"),
            [.number(10000), .number(1e-3), .number(250), .number(0.5), .newline, .end])
        // A fraction needs a digit after the dot, so 1..10 is a range.
        XCTAssertEqual(kinds("1..10"), [.number(1), .dotDot, .number(10), .newline, .end])
    }

    func testStringsAndEscapes() {
        XCTAssertEqual(kinds(#""a\n\t\"\\\u{e9}""#), [.string("a\n\t\"\\é"), .newline, .end])
    }

    func testLocationsAreLineAndColumn() {
        let tokens = Lexer.tokens(of: Source(name: "f.grad", text: "let x = 1\n  foo(2)")).tokens
        let foo = tokens.first { $0.kind == .identifier("foo") }
        XCTAssertEqual(foo?.location, SourceLocation(file: "f.grad", line: 2, column: 3))
    }

    func testNewlinesInsideParenthesesAndAfterOperatorsDoNotEndStatements() {
        XCTAssertEqual(
            kinds("f(1,\n2)\nx"),
            [
                .identifier("f"), .leftParen, .number(1), .comma, .number(2), .rightParen, .newline,
                .identifier("x"), .newline, .end,
            ])
        XCTAssertEqual(
            kinds("a +\nb"), [.identifier("a"), .plus, .identifier("b"), .newline, .end])
        // A line that starts with '-' is a new statement.
        XCTAssertEqual(
            kinds("a\n-b"), [.identifier("a"), .newline, .minus, .identifier("b"), .newline, .end])
    }

    func testNewlinesInsideBracesSeparateStatements() {
        XCTAssertEqual(
            kinds("{ a\nb }"),
            [
                .leftBrace, .identifier("a"), .newline, .identifier("b"), .newline, .rightBrace,
                .newline, .end,
            ])
    }

    func testProseAndCellMarkersAtTheTopLevelOnly() {
        XCTAssertEqual(
            kinds("## Hello *world*\n#%% Setup\nx # a comment\n"),
            [
                .prose("Hello *world*"), .newline, .cell("Setup"), .newline, .identifier("x"),
                .newline, .end,
            ])
        XCTAssertEqual(
            kinds("f(\n## not prose\n)"),
            [.identifier("f"), .leftParen, .rightParen, .newline, .end])
    }

    func testErrorsAreCollectedWithLocations() {
        let d = Lexer.tokens(of: Source(name: "t", text: "x = \"abc\ny = 1 @ 2\nz = \"\\q\""))
            .diagnostics
        XCTAssertEqual(
            d.map(\.message),
            [
                "unterminated string: expected '\"' before the end of the line",
                "unexpected character '@'",
                "unknown escape '\\q': expected \\n, \\t, \\r, \\0, \\\", \\\\ or \\u{...}",
            ])
        XCTAssertEqual(d.map(\.location.line), [1, 2, 3])
    }

    func testDeepNestingIsReportedOnce() {
        let text = String(repeating: "(", count: 1000) + String(repeating: ")", count: 1000)
        let d = Lexer.tokens(of: Source(name: "t", text: text)).diagnostics
        XCTAssertEqual(d.map(\.message), ["brackets nested deeper than 256"])
        XCTAssertEqual(d.first?.location.column, 257)
    }
}
