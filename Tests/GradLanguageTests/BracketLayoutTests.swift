import XCTest

@testable import GradLanguage

/// An unclosed bracket is reported where the mistake is: when the
/// indentation says another `{` than the matcher's was left open, that one.
final class BracketLayoutTests: XCTestCase {
    /// The syntax errors of `text`, as "line:column: message".
    private func errors(_ text: String) -> [String] {
        Parser.parse(Source(name: "t.grad", text: text)).diagnostics.map {
            "\($0.location.line):\($0.location.column): \($0.message)"
        }
    }

    func testTheIssuesModelPointsAtTheRepeatsBrace() {
        let text = """
            let net = model(inputs: 2) {
                repeat(4) { dense(16, act: relu)
                dense(3)
            }
            """
        XCTAssertEqual(
            errors(text),
            [
                "2:15: the '{' on line 2 looks unclosed: the lines after it are not indented under it (counting brackets alone, line 1's '{' is never closed: expected '}' to end the 'model' block)"
            ])
        let d = Parser.parse(Source(name: "t.grad", text: text)).diagnostics
        XCTAssertEqual(d.map(\.reason), [.unclosedBracket])
    }

    func testALaterLineBackAtTheBracesIndentation() {
        XCTAssertEqual(
            errors(
                """
                fn f(x) {
                    if x > 1 {
                        print(1)
                    print(2)
                }
                """),
            [
                "2:14: the '{' on line 2 looks unclosed: line 4 is not indented under it (counting brackets alone, line 1's '{' is never closed: expected '}' to end the body of 'fn f')"
            ])
    }

    func testTheInnermostMisleadingBraceIsNamed() {
        // residual's block is indented under it and closed by line 5's '}';
        // repeat's '{' on line 3 is the one left open.
        XCTAssertEqual(
            errors(
                """
                let net = model(inputs: 2) {
                    residual {
                        repeat(2) { dense(2)
                        dense(2)
                    }
                }
                """
            ),
            [
                "3:19: the '{' on line 3 looks unclosed: the lines after it are not indented under it (counting brackets alone, line 1's '{' is never closed: expected '}' to end the 'model' block)"
            ])
    }

    func testWhenIndentationAgreesTheOpenerIsReported() {
        // The '}' that is missing is the last one: the indentation agrees.
        XCTAssertEqual(
            errors(
                """
                fn f(x) {
                    if x > 1 {
                        print(1)
                    }
                """),
            ["1:9: '{' is never closed: expected '}' to end the body of 'fn f'"])
        // An unclosed '(' swallows the rest; well-indented blocks after it change nothing.
        XCTAssertEqual(
            errors(
                """
                let d = spiral(points: 300
                if true {
                    print(1)
                }
                """
            ).first, "1:15: '(' is never closed: expected ')' after arguments")
        // A block on one line, or a closing brace after code, is no evidence.
        XCTAssertEqual(
            errors(
                """
                let net = model(inputs: 2) {
                    repeat(2) { dense(2) }
                dense(3)
                """
            ).first?.prefix(21), "1:28: '{' is never cl")
        XCTAssertEqual(
            errors(
                """
                fn f() {
                    if true {
                        print(1) }
                    print(2)
                """
            ).first?.prefix(20), "1:8: '{' is never cl")
    }

    func testTheREPLNoteSaysWhatIsStillOpen() {
        XCTAssertEqual(
            BracketLayout.unfinished("let net = model(inputs: 2) {\n    dense(4)\n"),
            "the '{' on line 1 is still open")
        XCTAssertEqual(
            BracketLayout.unfinished("let h = train(net, [1,\n  2"),
            "the '[' on line 1 and the '(' on line 1 are still open")
        XCTAssertEqual(
            BracketLayout.unfinished(
                "let net = model(inputs: 2) {\n    repeat(4) { dense(16, act: relu)\n    dense(3)\n}\n"
            ),
            "the '{' on line 2 looks unclosed: the lines after it are not indented under it (counting brackets alone, the '{' on line 1 is still open)"
        )
        XCTAssertEqual(
            BracketLayout.unfinished("let x = 1 +\n"), "line 1 ends with '+', so the entry goes on")
        XCTAssertNil(BracketLayout.unfinished("let x = 1\n"))
    }
}
