import XCTest

@testable import GradLanguage

/// The cases code tells apart are typed (`Diagnostic.Reason`), never read from
/// the message text.
final class DiagnosticReasonTests: XCTestCase {
    func testANeverClosedBracketIsTypedByTheLexerAndTheParser() {
        let source = Source(name: "t", text: "let x = f(1,\nlet y = 2\n")
        let lexed = Lexer.tokens(of: source).diagnostics
        XCTAssertEqual(lexed.map(\.reason), [.unclosedBracket])
        let parsed = Parser.parse(source).diagnostics
        XCTAssertEqual(parsed.map(\.reason), [.unclosedBracket])
        XCTAssertEqual(
            parsed.map(\.message), ["'(' is never closed: expected ')' after arguments"])
    }

    /// Other syntax errors are general, even when they quote "is never closed".
    func testOtherErrorsAreGeneral() {
        let parsed = Parser.parse(Source(name: "t", text: "let = \"is never closed\"\n"))
        XCTAssertFalse(parsed.diagnostics.isEmpty)
        XCTAssertEqual(Set(parsed.diagnostics.map(\.reason)), [.general])
    }

    /// Cancelling stops a loop before its next iteration, and the run's
    /// outcome is `cancelled`, not a runtime error.
    func testAnInterruptedLoopIsCancelled() {
        var printed: [String] = []
        let interpreter = Interpreter()
        interpreter.output = {
            printed.append($0)
            interpreter.cancellation.cancel()
        }
        guard
            case .cancelled = interpreter.run(Source(name: "t", text: "for i in 1..5 { print(i) }"))
        else { return XCTFail("expected the run to be cancelled") }
        XCTAssertEqual(printed, ["1"])
        XCTAssertEqual(
            Diagnostic.interrupted(at: SourceLocation(file: "t", line: 1, column: 1)).reason,
            .interrupted)
    }
}
