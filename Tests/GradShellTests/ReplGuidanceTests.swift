import XCTest

@testable import GradLanguage
@testable import GradShell

/// What the REPL tells a newcomer who mistypes: a meta command with two
/// letters swapped, and an entry that still waits for a closing bracket.
final class ReplGuidanceTests: XCTestCase {
    /// Runs `lines` in a fresh session; what it printed, its errors and its prompts.
    private func run(_ lines: [String]) -> (out: [String], err: [String], prompts: [String]) {
        var out: [String] = []
        var err: [String] = []
        let session = ReplSession(output: { out.append($0) }, errors: { err.append($0) })
        var reader = ScriptedLineReader(inputs: lines.map { .line($0) })
        _ = session.run(reader: &reader)
        return (out.filter { $0 != ReplSession.banner }, err, reader.prompts)
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
