import XCTest

@testable import GradLanguage
@testable import GradShell

/// What the REPL tells a newcomer who mistypes: a meta command with two
/// letters swapped, and an entry that still waits for a closing bracket.
final class ReplGuidanceTests: XCTestCase {
    /// Runs `inputs` in a fresh session, typed one line at a time (or pasted
    /// all at once); what it printed, its errors and its prompts.
    private func run(_ inputs: [LineInput], typed: Bool = true) -> (
        out: [String], err: [String], prompts: [String]
    ) {
        var out: [String] = []
        var err: [String] = []
        let session = ReplSession(output: { out.append($0) }, errors: { err.append($0) })
        var reader = ScriptedLineReader(inputs: inputs, typed: typed)
        _ = session.run(reader: &reader)
        return (out.filter { $0 != ReplSession.banner }, err, reader.prompts)
    }

    private func run(_ lines: [String]) -> (out: [String], err: [String], prompts: [String]) {
        run(lines.map { .line($0) })
    }

    /// The entry: line 2's '{' is never closed, so the last '}' closes it.
    static let unclosedModel = [
        "let net = model(inputs: 2) {", "    repeat(4) { dense(16, act: relu)", "    dense(3)", "}",
    ]

    func testABlankLineAtTheContinuationPromptSaysWhichBracketIsOpen() {
        let (out, err, prompts) = run(
            (Self.unclosedModel + ["", ""]).map { .line($0) } + [.interrupted, .line("1 + 1")])
        XCTAssertEqual(
            out,
            [
                "(the '{' on line 2 looks unclosed: the lines after it are not indented under it (counting brackets alone, the '{' on line 1 is still open); Ctrl-C drops the entry)",
                "(entry abandoned)", "Out[1]: 2",
            ], "Enter again does not repeat the note")
        XCTAssertEqual(err, [])
        XCTAssertEqual(
            Array(prompts.prefix(6)), ["In [1]: "] + Array(repeating: "   ...: ", count: 5))
    }

    func testTheNoteNamesTheOpenBracketOrTheOperator() {
        let (out, _, _) = run(["let x = [1,", "", "2]", "x", "let y = 3 *", "", "2", "y"])
        XCTAssertEqual(
            out,
            [
                "(the '[' on line 1 is still open; Ctrl-C drops the entry)", "Out[2]: [1, 2]",
                "(line 1 ends with '*', so the entry goes on; Ctrl-C drops the entry)",
                "Out[4]: 6",
            ])
    }

    func testAPastedEntryWithBlankLinesRunsWithoutNotes() {
        let (out, err, _) = run(
            [
                "let net = model(inputs: 2) {", "  dense(4, act: relu)", "", "  dense(3)", "}",
                "net.params",
            ].map { .line($0) }, typed: false)
        XCTAssertEqual(out, ["Out[2]: 27"])
        XCTAssertEqual(err, [])
    }

    func testMetaCommandTyposSuggestTheNearestCommand() {
        let (_, err, _) = run([":hlep", ":hepl", ":vras", ":histroy", ":xyzzy"])
        XCTAssertEqual(
            err,
            [
                "unknown command ':hlep': did you mean ':help'? (:help lists the commands)",
                "unknown command ':hepl': did you mean ':help'? (:help lists the commands)",
                "unknown command ':vras': did you mean ':vars'? (:help lists the commands)",
                "unknown command ':histroy': did you mean ':history'? (:help lists the commands)",
                "unknown command ':xyzzy' (:help lists the commands)",
            ])
    }
}
