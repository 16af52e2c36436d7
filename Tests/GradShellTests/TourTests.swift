import Foundation
import XCTest

@testable import GradLanguage
@testable import GradShell

/// `gradlab tour` and `:tour`: listing, finding, stepping, going back, leaving.
final class TourTests: XCTestCase {
    var folder = ""

    override func setUpWithError() throws {
        folder =
            FileManager.default.temporaryDirectory.appendingPathComponent(
                "gradlab-tour-\(UUID().uuidString)"
            ).path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try """
        #!/usr/bin/env gradlab
        ## # Counting
        ## Four cells that count.
        let n = 1
        #%% Add one
        ## One more.
        n = n + 1
        print("n is", n)
        #%% Add ten
        ## Ten more.
        n = n + 10
        print("n is", n)
        #%% Double
        ## Twice as many.
        n = n * 2
        print("n is", n)
        """.write(toFile: folder + "/01-count.grad", atomically: true, encoding: .utf8)
        try """
        ## # Broken
        ## Fails in its second cell.
        #%% Fine
        print("fine")
        #%% Fails
        print(missing)
        """.write(toFile: folder + "/02-broken.grad", atomically: true, encoding: .utf8)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(atPath: folder) }

    func gradlab(_ args: [String]) -> GoldenTests.Outcome {
        var out: [String] = []
        var err = ""
        let code = GradLab.main(
            args + ["--no-color"], output: { out.append($0) }, errors: &err, stdinIsTerminal: false,
            readStandardInput: { [] }, environment: ["GRADLAB_WALKTHROUGHS": folder])
        return GoldenTests.Outcome(
            code: code,
            stdout: out.flatMap {
                $0.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            },
            stderr: err.split(separator: "\n").map(String.init))
    }

    func testTheListShowsTitlesAndSummaries() {
        let r = gradlab(["tour"])
        XCTAssertEqual(r.code, 0)
        XCTAssertEqual(
            r.stdout,
            [
                "Walkthroughs (gradlab tour NAME, or :tour NAME in the REPL):",
                "  01-count   Counting", "             Four cells that count.",
                "  02-broken  Broken", "             Fails in its second cell.",
            ])
    }

    func testWithoutATerminalATourRunsStraightThrough() {
        for name in ["01-count", "1", "01", "count", "cou"] {
            let r = gradlab(["tour", name])
            XCTAssertEqual(r.code, 0, "\(name): \(r.stderr)")
            XCTAssertEqual(
                r.stdout.filter { $0.hasPrefix("──") },
                [
                    "── 01-count · cell 1 of 4: Introduction ──",
                    "── 01-count · cell 2 of 4: Add one ──",
                    "── 01-count · cell 3 of 4: Add ten ──", "── 01-count · cell 4 of 4: Double ──",
                    "── end of 01-count ──",
                ], name)
            XCTAssertEqual(
                r.stdout.filter { $0.hasPrefix("n is") }, ["n is 2", "n is 12", "n is 24"])
            XCTAssertTrue(r.stdout.contains("    n = n + 10"), "the code is shown, indented")
            XCTAssertTrue(r.stdout.contains("Ten more."), "the prose is shown")
        }
    }

    func testAFailingCellStopsTheTourWithItsLine() {
        let r = gradlab(["tour", "broken"])
        XCTAssertEqual(r.code, 70)
        XCTAssertTrue(r.stdout.contains("fine"))
        XCTAssertEqual(
            r.stderr.first, "\(folder)/02-broken.grad:6:7: error: 'missing' is not defined")
    }

    func testUnknownNamesAreUsageErrors() {
        let r = gradlab(["tour", "cont"])
        XCTAssertEqual(r.code, 64)
        XCTAssertEqual(
            r.stderr.first,
            "gradlab tour: no walkthrough 'cont': did you mean 'count'? (gradlab tour lists them)")
        var err = ""
        let code = GradLab.main(
            ["tour"], output: { _ in }, errors: &err, stdinIsTerminal: false,
            readStandardInput: { [] },
            environment: ["GRADLAB_WALKTHROUGHS": folder + "/nowhere"])
        XCTAssertEqual(code, 0, "an empty folder lists nothing")
    }

    func testTheReplStepsBacksListsAndLeaves() {
        var out: [String] = []
        var err: [String] = []
        let s = ReplSession(output: { out.append($0) }, errors: { err.append($0) })
        s.environment = ["GRADLAB_WALKTHROUGHS": folder]
        let inputs = [
            ":tour count", "n", "", "n = 100", ":cells", "", ":back", "n", ":next", ":next", "n",
            ":quit",
        ]
        var reader = ScriptedLineReader(inputs: inputs.map { .line($0) })
        _ = s.run(reader: &reader)
        let text = out.joined(separator: "\n")
        XCTAssertEqual(err, [])
        // Cell 1 runs at :tour; the learner looks at n; Enter runs cell 2.
        XCTAssertTrue(text.contains("Out[1]: 1"), text)
        XCTAssertTrue(
            text.contains(" ✓ 1. Introduction\n ✓ 2. Add one\n → 3. Add ten\n   4. Double"), text)
        // Cell 3 ran on the learner's n = 100.
        XCTAssertTrue(text.contains("n is 110"), text)
        // :back rebuilds the state: cell 1 quietly, then cell 2 shown and run again.
        XCTAssertTrue(text.contains("(re-ran cell 1 quietly)"), text)
        XCTAssertTrue(text.contains("Out[3]: 2"), text)
        XCTAssertEqual(out.filter { $0 == "n is 2" }.count, 2, text)
        // :next twice runs cells 3 and 4 and ends the tour; the session keeps its state.
        XCTAssertTrue(text.contains("n is 12") && text.contains("n is 24"), text)
        XCTAssertTrue(text.contains("── end of 01-count ──"), text)
        XCTAssertTrue(text.contains("Out[4]: 24"), text)
        XCTAssertFalse(text.contains("left the tour"), "the tour had already ended")
    }

    /// Tour cells keep the walkthrough's name and their lines in the file; the
    /// learner's entries are In[n]: an error shows the line and caret of the
    /// source it happened in, whichever of them ran the call.
    func testErrorsInATourShowTheLineOfTheCellOrEntry() throws {
        try """
        ## # Calls
        ## A function defined in one cell fails when it is called.
        #%% Define
        fn half(x) {
            return x / 0
        }
        #%% Call
        half(4)
        """.write(toFile: folder + "/03-calls.grad", atomically: true, encoding: .utf8)
        let file = folder + "/03-calls.grad"
        let r = gradlab(["tour", "calls"])
        XCTAssertEqual(r.code, 70)
        XCTAssertEqual(
            r.stderr,
            [
                "\(file):5:14: error: division by zero", "        return x / 0",
                "                 ^", "    in half() called at \(file):8:1",
            ])
        var out: [String] = []
        var err: [String] = []
        let s = ReplSession(output: { out.append($0) }, errors: { err.append($0) })
        s.environment = ["GRADLAB_WALKTHROUGHS": folder]
        var reader = ScriptedLineReader([
            ":tour calls", "", "fn twice(y) {", "  return half(y)", "}", "twice(1)",
        ])
        _ = s.run(reader: &reader)
        XCTAssertEqual(
            err,
            [
                [
                    "\(file):5:14: error: division by zero", "        return x / 0",
                    "                 ^", "    in half() called at In[1]:2:10",
                    "    in twice() called at In[2]:1:1",
                ].joined(separator: "\n")
            ])
    }

    func testQuitLeavesATourButNotTheSession() {
        var out: [String] = []
        var err: [String] = []
        let s = ReplSession(output: { out.append($0) }, errors: { err.append($0) })
        s.environment = ["GRADLAB_WALKTHROUGHS": folder]
        var reader = ScriptedLineReader(
            inputs: [":next", ":tour", ":tour 1", ":quit", "", "n", ":quit"].map { .line($0) })
        _ = s.run(reader: &reader)
        let text = out.joined(separator: "\n")
        XCTAssertEqual(
            err, [":next works inside a tour; start one with :tour NAME (:tour lists them)"])
        XCTAssertTrue(text.contains("  01-count   Counting"), text)
        XCTAssertTrue(text.contains("left the tour of 01-count"), text)
        XCTAssertFalse(text.contains("n is 2"), "an empty line outside a tour runs nothing")
        XCTAssertTrue(text.contains("Out[1]: 1"), text)
    }
}
