import Foundation
import XCTest

@testable import GradLanguage
@testable import GradShell

/// What a newcomer met in tours (issue 14): `:back` shows nothing of the
/// cells it re-runs but its note, the banner comes before a tour's
/// introduction, and long prose wraps to the terminal's width.
extension TourTests {
    /// A walkthrough of five cells whose second shows a model table, with a
    /// summary longer than any terminal line.
    func writeShowTour() throws {
        try """
        ## # Showing
        ## A summary long enough to run past the edge of a narrow terminal, so that it has to wrap at spaces instead of breaking a word in two.
        let n = 1
        #%% A model
        ## The cell ends with a model, which the session displays as a table.
        n = n + 1
        model(inputs: 2) { dense(3) }
        #%% Three
        print("three", n)
        #%% Four
        print("four")
        #%% Five
        print("five")
        """.write(toFile: folder + "/05-show.grad", atomically: true, encoding: .utf8)
    }

    func testBackReRunsCellsWithNothingShownButTheNote() throws {
        try writeShowTour()
        var out: [String] = []
        var err: [String] = []
        let s = ReplSession(output: { out.append($0) }, errors: { err.append($0) })
        s.environment = ["GRADLAB_WALKTHROUGHS": folder]
        var reader = ScriptedLineReader([":tour show", "", "", "", ":back"])
        _ = s.run(reader: &reader)
        XCTAssertEqual(err, [])
        let text = out.joined(separator: "\n")
        // Cells 1–4 ran, so :back re-runs 1–2 quietly and shows cell 3 again.
        guard let note = out.firstIndex(of: "(re-ran cells 1–2 quietly)") else {
            return XCTFail(text)
        }
        // Nothing between the last cell's prompt hint and the note: cell 2's
        // model table is not shown again.
        XCTAssertEqual(out[note - 1], "(Enter: cell 5 of 5 · :back · :cells · :quit)", text)
        XCTAssertEqual(out.filter { $0.hasPrefix("Model: 2 inputs") }.count, 1, text)
        XCTAssertTrue(out[note + 1].hasPrefix("── 05-show · cell 3 of 5: Three ──"), text)
        XCTAssertEqual(out[(note + 1)...].filter { $0 == "three 2" }.count, 1, text)
    }

    func testTheBannerComesBeforeATourAndItsProseWraps() throws {
        try writeShowTour()
        var out: [String] = []
        let s = ReplSession(output: { out.append($0) }, errors: { _ in })
        let list = Walkthrough.all(in: folder)
        let w = try XCTUnwrap(Walkthrough.find("show", in: list))
        s.tour = try XCTUnwrap(Tour.load(w).tour)
        s.interpreter.style.width = 40
        var reader = ScriptedLineReader([String]())
        _ = s.run(reader: &reader)
        let lines = out.flatMap { $0.split(separator: "\n", omittingEmptySubsequences: false) }
        XCTAssertEqual(lines.first.map(String.init), ReplSession.banner)
        XCTAssertEqual(lines.dropFirst().first, "Showing: 5 cells. Each cell is shown,")
        // The introduction and the summary fit the 40 columns, words whole.
        let summary = [
            "A summary long enough to run past the", "edge of a narrow terminal, so that it",
            "has to wrap at spaces instead of", "breaking a word in two.",
        ]
        let start = try XCTUnwrap(lines.firstIndex(of: Substring(summary[0])))
        XCTAssertEqual(lines[start..<(start + 4)].map(String.init), summary)
        let intro = lines.dropFirst().prefix { !$0.hasPrefix("──") }
        XCTAssertTrue(intro.allSatisfy { $0.count <= 40 }, "\(intro)")
    }

    func testTheListingWrapsSummariesToTheTerminal() throws {
        try writeShowTour()
        var out: [String] = []
        var err = ""
        _ = GradLab.main(
            ["tour", "--no-color"], output: { out.append($0) }, errors: &err,
            stdinIsTerminal: false, readStandardInput: { [] },
            environment: ["GRADLAB_WALKTHROUGHS": folder], terminalColumns: 50)
        let lines = out.flatMap { $0.split(separator: "\n").map(String.init) }
        let summary = try XCTUnwrap(
            lines.firstIndex { $0.hasSuffix("A summary long enough to run past the") })
        XCTAssertEqual(
            Array(lines[summary...]),
            [
                "             A summary long enough to run past the",
                "             edge of a narrow terminal, so that it",
                "             has to wrap at spaces instead of",
                "             breaking a word in two.",
            ])
    }
}
