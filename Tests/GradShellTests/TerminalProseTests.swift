import XCTest

@testable import GradShell

/// How a tour shows a cell's prose on a terminal: the Markdown as written,
/// with headings unmarked and tables in aligned columns.
final class TerminalProseTests: XCTestCase {
    func testHeadingsLoseTheirMarksAndNestedListsKeepTheirIndentation() {
        XCTAssertEqual(
            TerminalProse.lines([
                "# Vanishing gradients", "Read `#` as a comment.", "", "- ReLU family  ",
                "  - relu", "    1. no #heading here", "## Remedies ##", "> ### Quoted",
                "```", "# a comment in code", "```",
            ]),
            [
                "Vanishing gradients", "Read `#` as a comment.", "", "- ReLU family", "  - relu",
                "    1. no #heading here", "Remedies", "> Quoted", "```", "# a comment in code",
                "```",
            ])
    }

    func testTablesAreLaidOutInAlignedColumns() {
        XCTAssertEqual(
            TerminalProse.lines([
                "Norms:", "", "|layer|‖∇W‖₂|note|", "|:--|--:|:-:|", "|dense_1|3.2e-06|`a \\| b`|",
                "| dense_9 | 0.41 |", "", "- in a list:", "", "  a | b", "  --|--", "  1 | 2 | 3",
            ]),
            [
                "Norms:", "",
                "| layer   |   ‖∇W‖₂ |   note   |",
                "|---------|---------|----------|",
                "| dense_1 | 3.2e-06 | `a \\| b` |",
                "| dense_9 |    0.41 |          |",
                "", "- in a list:", "",
                "  | a   | b   |",
                "  |-----|-----|",
                "  | 1   | 2   |",
            ])
    }

    func testDeeplyNestedProseDoesNotExhaustTheStack() throws {
        // 100,000 nested quotes: cmark parses them, and nothing here recurses per level.
        let deep = String(repeating: ">", count: 100_000) + " # Deep *heading*"
        XCTAssertEqual(
            TerminalProse.lines([deep]),
            [String(repeating: ">", count: 100_000) + " Deep *heading*"])
        let document = try XCTUnwrap(MarkdownDocument(deep))
        XCTAssertEqual(document.firstHeading(level: 1), "Deep heading")
        XCTAssertTrue(document.html.contains("<h1>Deep <em>heading</em></h1>"))
    }

    func testATourShowsItsProseThatWay() throws {
        try GoldenTests.inTemporaryDirectory { dir in
            try """
            ## # A table
            ## | x | y |
            ## |--:|---|
            ## | 10 | 1 |
            ## - list
            ##   - nested
            print(1)
            """.write(
                to: dir.appendingPathComponent("01-table.grad"), atomically: true,
                encoding: .utf8)
            var out: [String] = []
            var err = ""
            let code = GradLab.main(
                ["tour", "table", "--no-color"], output: { out.append($0) }, errors: &err,
                stdinIsTerminal: false, readStandardInput: { [] },
                environment: ["GRADLAB_WALKTHROUGHS": dir.path])
            XCTAssertEqual(code, 0, err)
            let lines = out.joined(separator: "\n").split(separator: "\n").map(String.init)
            XCTAssertEqual(
                Array(lines.prefix(7)),
                [
                    "── 01-table · cell 1 of 1: Introduction ──", "A table", "|   x | y   |",
                    "|-----|-----|", "|  10 | 1   |", "- list", "  - nested",
                ])
        }
    }
}
