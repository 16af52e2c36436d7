import Foundation
import XCTest

@testable import GradShell

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// Notebook export: `gradlab run FILE --notebook OUT` and the REPL's `:notebook`,
/// in the three formats (.ipynb, .md, .html).
final class NotebookTests: XCTestCase {
    /// Two cells with prose, a printed line, a table, a plot and a diagnosis.
    static let script = """
        #!/usr/bin/env gradlab
        ## # Notebook *test*
        ## Some prose with `code`, **bold** and a [link](#top).
        seed(1)
        let data = spiral(points: 60, classes: 3)
        let net = model(inputs: 2) { dense(8, act: sigmoid); dense(8, act: sigmoid); dense(3) }

        #%% Look at it
        ## The gradient table & a plot <here>.
        print("hello <world> & co")
        grads(net, data)
        plot([1, 0.1, 0.01], log: true)
        diagnose(net, data)
        """

    /// A scratch folder with the test script in it, removed afterwards.
    func withFolder(_ body: (String) throws -> Void) throws {
        let folder =
            NSTemporaryDirectory()
            + "gradlab-notebook-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try Self.script.write(toFile: folder + "/nb.grad", atomically: true, encoding: .utf8)
        try body(folder)
    }

    func json(_ path: String) throws -> [String: Any] {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        return try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    /// A multi-line string field of a notebook (a list of lines, or one string) joined.
    func text(_ value: Any?) -> String {
        if let lines = value as? [String] { return lines.joined() }
        return value as? String ?? ""
    }

    // MARK: .ipynb

    func testIpynbHasTheCellsAndOutputsOfTheScript() throws {
        try withFolder { folder in
            let plain = GoldenTests.gradlab(["run", folder + "/nb.grad"])
            let run = GoldenTests.gradlab([
                "run", folder + "/nb.grad", "--notebook", folder + "/out.ipynb",
            ])
            XCTAssertEqual(run.code, 0, "\(run.stderr)")
            XCTAssertEqual(run.stderr, [])
            XCTAssertEqual(run.stdout, plain.stdout, "the script prints as `run` does")

            let nb = try json(folder + "/out.ipynb")
            XCTAssertEqual(nb["nbformat"] as? Int, 4)
            XCTAssertEqual(nb["nbformat_minor"] as? Int, 5)
            let metadata = try XCTUnwrap(nb["metadata"] as? [String: Any])
            // The kernel `gradlab kernel install` installs, and its language.
            XCTAssertEqual(
                (metadata["kernelspec"] as? [String: Any])?["name"] as? String, "gradlab")
            XCTAssertEqual(
                (metadata["kernelspec"] as? [String: Any])?["language"] as? String, "grad")
            XCTAssertEqual(
                (metadata["language_info"] as? [String: Any])?["name"] as? String, "grad")
            XCTAssertEqual(
                (metadata["language_info"] as? [String: Any])?["pygments_lexer"] as? String, "grad")
            XCTAssertEqual(
                (metadata["language_info"] as? [String: Any])?["file_extension"] as? String, ".grad"
            )
            XCTAssertEqual(metadata["title"] as? String, "Notebook test")

            let cells = try XCTUnwrap(nb["cells"] as? [[String: Any]])
            XCTAssertEqual(
                cells.map { $0["cell_type"] as? String }, ["markdown", "code", "markdown", "code"])
            XCTAssertEqual(
                Set(cells.compactMap { $0["id"] as? String }).count, 4, "cell ids are unique")
            XCTAssertEqual(
                text(cells[0]["source"]),
                "# Notebook *test*\nSome prose with `code`, **bold** and a [link](#top).")
            XCTAssertEqual(
                text(cells[1]["source"]),
                "seed(1)\nlet data = spiral(points: 60, classes: 3)\n"
                    + "let net = model(inputs: 2) { dense(8, act: sigmoid); dense(8, act: sigmoid); dense(3) }",
                "the #! line is left out")
            XCTAssertEqual(
                text(cells[2]["source"]), "## Look at it\n\nThe gradient table & a plot <here>.")
            XCTAssertEqual(cells[1]["execution_count"] as? Int, 1)
            XCTAssertEqual((cells[1]["outputs"] as? [Any])?.count, 0)
            XCTAssertEqual(cells[3]["execution_count"] as? Int, 2)

            let outputs = try XCTUnwrap(cells[3]["outputs"] as? [[String: Any]])
            XCTAssertEqual(
                outputs.map { $0["output_type"] as? String },
                ["stream", "display_data", "display_data", "execute_result"])
            XCTAssertEqual(outputs[0]["name"] as? String, "stdout")
            XCTAssertEqual(text(outputs[0]["text"]), "hello <world> & co\n")
            let table = try XCTUnwrap(outputs[1]["data"] as? [String: Any])
            XCTAssertEqual(Set(table.keys), ["text/html", "text/plain"])
            XCTAssertTrue(text(table["text/html"]).contains("<table>"))
            XCTAssertTrue(
                text(table["text/html"]).contains("<caption>Gradients (3 layers)</caption>"))
            XCTAssertTrue(text(table["text/plain"]).hasPrefix("Gradients (3 layers)"))
            let plot = try XCTUnwrap(outputs[2]["data"] as? [String: Any])
            XCTAssertEqual(Set(plot.keys), ["image/svg+xml", "text/plain"])
            XCTAssertTrue(
                text(plot["image/svg+xml"]).contains("<svg xmlns=\"http://www.w3.org/2000/svg\""))
            XCTAssertTrue(text(plot["image/svg+xml"]).hasSuffix("</svg>\n"))
            let findings = try XCTUnwrap(outputs[3]["data"] as? [String: Any])
            XCTAssertEqual(Set(findings.keys), ["text/html", "text/plain"])
            XCTAssertTrue(
                text(findings["text/html"]).contains("<p><strong>Diagnosis: "),
                text(findings["text/html"]))
            XCTAssertTrue(
                text(findings["text/plain"]).hasPrefix("Diagnosis:"), text(findings["text/plain"]))
            XCTAssertEqual(outputs[3]["execution_count"] as? Int, 2)

            try assertValidNotebook(folder + "/out.ipynb")
        }
    }

    func testAFailingScriptStillWritesTheNotebookWithTheError() throws {
        try withFolder { folder in
            let script =
                "#%% One\nprint(\"before\")\n#%% Two\nlet x = 1 / 0\n#%% Three\nprint(\"after\")\n"
            try script.write(toFile: folder + "/fails.grad", atomically: true, encoding: .utf8)
            for ext in ["ipynb", "md", "html"] {
                let run = GoldenTests.gradlab([
                    "run", folder + "/fails.grad", "--notebook", folder + "/fails." + ext,
                ])
                XCTAssertEqual(run.code, 70)
                XCTAssertEqual(run.stdout, ["before"], "later cells do not run")
                XCTAssertEqual(
                    run.stderr.first, "\(folder)/fails.grad:4:11: error: division by zero")
                XCTAssertTrue(FileManager.default.fileExists(atPath: folder + "/fails." + ext), ext)
            }
            let cells = try XCTUnwrap(
                try json(folder + "/fails.ipynb")["cells"] as? [[String: Any]])
            XCTAssertEqual(
                cells.map { $0["cell_type"] as? String },
                ["markdown", "code", "markdown", "code", "markdown", "code"])
            let error = try XCTUnwrap((cells[3]["outputs"] as? [[String: Any]])?.first)
            XCTAssertEqual(error["output_type"] as? String, "error")
            XCTAssertEqual(error["ename"] as? String, "RuntimeError")
            XCTAssertEqual(error["evalue"] as? String, "division by zero")
            XCTAssertEqual(
                (error["traceback"] as? [String])?.first,
                "\(folder)/fails.grad:4:11: error: division by zero")
            XCTAssertTrue(
                cells[5]["execution_count"] is NSNull, "the cell after the error did not run")
            XCTAssertEqual((cells[5]["outputs"] as? [Any])?.count, 0)
            XCTAssertEqual(text(cells[5]["source"]), "print(\"after\")")
            try assertValidNotebook(folder + "/fails.ipynb")

            let markdown = try String(contentsOfFile: folder + "/fails.md", encoding: .utf8)
            XCTAssertTrue(markdown.contains("error: division by zero"))
            XCTAssertTrue(markdown.contains("*Not run: an earlier cell stopped with an error.*"))
            let html = try String(contentsOfFile: folder + "/fails.html", encoding: .utf8)
            XCTAssertTrue(html.contains("<div class=\"output error\"><pre>"))
            try assertWellFormed(html)
        }
    }

    func testSyntaxErrorsRunNothingAndWriteNoNotebook() throws {
        try withFolder { folder in
            try "print(\"x\")\nlet = 3\n".write(
                toFile: folder + "/bad.grad", atomically: true, encoding: .utf8)
            let run = GoldenTests.gradlab([
                "run", folder + "/bad.grad", "--notebook", folder + "/bad.ipynb",
            ])
            XCTAssertEqual(run.code, 65)
            XCTAssertEqual(run.stdout, [])
            XCTAssertFalse(FileManager.default.fileExists(atPath: folder + "/bad.ipynb"))
        }
    }

    func testBadExtensionOrPathIsRefusedBeforeRunning() throws {
        try withFolder { folder in
            let run = GoldenTests.gradlab([
                "run", folder + "/nb.grad", "--notebook", folder + "/out.txt",
            ])
            XCTAssertEqual(run.code, 64)
            XCTAssertEqual(run.stdout, [], "nothing ran")
            XCTAssertEqual(
                run.stderr.first,
                "gradlab: cannot write a notebook to '\(folder)/out.txt': its name must end in .ipynb (Jupyter), .md (Markdown) or .html"
            )
            XCTAssertFalse(FileManager.default.fileExists(atPath: folder + "/out.txt"))

            XCTAssertEqual(
                GoldenTests.gradlab(["run", folder + "/nb.grad", "--notebook"]).code, 64)
            XCTAssertEqual(
                GoldenTests.gradlab(["-e", "1", "--notebook", folder + "/e.ipynb"]).code, 64)

            let missing = GoldenTests.gradlab([
                "run", folder + "/nb.grad", "--notebook", folder + "/no/such/out.ipynb",
            ])
            XCTAssertEqual(missing.code, 73)
            XCTAssertEqual(missing.stdout, [], "nothing ran")
            XCTAssertTrue(
                missing.stderr.first?.contains("No such file or directory") == true,
                "\(missing.stderr)")

            // `gradlab FILE.grad --notebook OUT` (the #! form) takes the option too.
            let short = GoldenTests.gradlab([
                folder + "/nb.grad", "--notebook", folder + "/short.md",
            ])
            XCTAssertEqual(short.code, 0)
            XCTAssertTrue(FileManager.default.fileExists(atPath: folder + "/short.md"))
        }
    }

    // MARK: .md

    func testMarkdownLinksItsPlotFilesAndHasTables() throws {
        try withFolder { folder in
            let run = GoldenTests.gradlab([
                "run", folder + "/nb.grad", "--notebook", folder + "/out.md",
            ])
            XCTAssertEqual(run.code, 0, "\(run.stderr)")
            let md = try String(contentsOfFile: folder + "/out.md", encoding: .utf8)
            XCTAssertTrue(md.hasPrefix("# Notebook *test*\n"), md)
            XCTAssertTrue(md.contains("## Look at it\n\nThe gradient table & a plot <here>."))
            XCTAssertTrue(
                md.contains("```gradlab\nprint(\"hello <world> & co\")\ngrads(net, data)"))
            XCTAssertTrue(md.contains("```text\nhello <world> & co\n```"))
            XCTAssertTrue(
                md.contains("**Gradients (3 layers)**\n\n| layer | shape | act | ‖∇W‖₂ |"), md)
            XCTAssertTrue(md.contains("| :--- | ---: |"))
            XCTAssertTrue(md.contains("```text\nDiagnosis:"))
            XCTAssertTrue(md.contains("![plot](out_files/plot1.svg)"), md)
            let svg = try String(contentsOfFile: folder + "/out_files/plot1.svg", encoding: .utf8)
            XCTAssertTrue(svg.hasPrefix("<?xml"))
            XCTAssertFalse(FileManager.default.fileExists(atPath: folder + "/out_files/plot2.svg"))
        }
    }

    // MARK: .html

    func testHealthMarksAreColouredByTheTablesVerdictsNotByTheirText() {
        let table = NotebookTable(
            heading: "Gradients (3 layers)", columns: ["layer", "health"],
            rows: [["dense_1", "✓"], ["dense_2", "↓ vanishing"], ["dense_3", "↑ exploding"]],
            notes: [], verdicts: [true, false, nil])
        // The colour is inline: a Jupyter page has no stylesheet of ours.
        XCTAssertTrue(
            table.html.contains("<td class=\"ok\" style=\"color: #1a7f37\">✓</td>"), table.html)
        XCTAssertTrue(
            table.html.contains(
                "<td class=\"bad\" style=\"color: #cf222e; font-weight: 600\">↓ vanishing</td>"),
            table.html)
        XCTAssertTrue(table.html.contains("<td>↑ exploding</td>"), table.html)
    }

    func testHTMLIsSelfContainedWellFormedXML() throws {
        try withFolder { folder in
            let run = GoldenTests.gradlab([
                "run", folder + "/nb.grad", "--notebook", folder + "/out.html",
            ])
            XCTAssertEqual(run.code, 0, "\(run.stderr)")
            let html = try String(contentsOfFile: folder + "/out.html", encoding: .utf8)
            XCTAssertTrue(html.hasPrefix("<!DOCTYPE html>\n"))
            try assertWellFormed(html)
            XCTAssertTrue(html.contains("<title>Notebook test</title>"))
            XCTAssertTrue(html.contains("<h1>Notebook <em>test</em></h1>"))
            XCTAssertTrue(
                html.contains(
                    "<p>Some prose with <code>code</code>, <strong>bold</strong> and a <a href=\"#top\">link</a>.</p>"
                ))
            XCTAssertTrue(html.contains("<h2>Look at it</h2>"))
            // `<here>` is an HTML tag to CommonMark: raw HTML, left out.
            XCTAssertTrue(
                html.contains("The gradient table &amp; a plot <!-- raw HTML omitted -->."), html)
            XCTAssertTrue(html.contains("<pre>hello &lt;world&gt; &amp; co</pre>"))
            XCTAssertTrue(html.contains("<table>"))
            XCTAssertTrue(
                html.contains(
                    "<td class=\"bad\" style=\"color: #cf222e; font-weight: 600\">↓ vanishing</td>")
                    || html.contains("<td class=\"ok\" style=\"color: #1a7f37\">✓</td>"))
            XCTAssertTrue(html.contains("<svg xmlns=\"http://www.w3.org/2000/svg\""))
            XCTAssertFalse(
                html.contains("<?xml"), "the SVG's XML declaration is dropped when it is inlined")
            XCTAssertTrue(html.contains("<div class=\"prompt out\">Out[2]:</div>"))
            XCTAssertFalse(html.contains("<script"))
            XCTAssertFalse(html.contains("<link"))
            // No resources from the network: the only URL is the SVG namespace.
            var rest = html[...]
            while let r = rest.firstRange(of: "http") {
                XCTAssertTrue(
                    rest[r.lowerBound...].hasPrefix("http://www.w3.org/2000/svg\""),
                    String(rest[r.lowerBound...].prefix(60)))
                rest = rest[r.upperBound...]
            }
        }
    }

    /// Prose as cmark-gfm renders it: `markdown` as HTML, or a failure.
    func prose(_ markdown: String, file: StaticString = #filePath, line: UInt = #line) throws
        -> String
    {
        let document = try XCTUnwrap(MarkdownDocument(markdown), file: file, line: line)
        let html = document.html
        try assertWellFormed("<!DOCTYPE html>\n<div>" + html + "</div>", file: file, line: line)
        return html
    }

    func testMarkdownToHTMLIsSafeAndWellFormed() throws {
        let html = try prose(
            """
            # Title with `x < y`
            A *b* **c** snake_case_name and 2 * 3 * 4 and a\\
            break.

            - one [ok](https://example.org/a?b=1&c=2)
            - two [bad](javascript:alert(1)) <script>alert(1)</script>
              continued

            1. first
            2. second

            > quoted

            ```
            code <b> & </b>
            ```
            ---
            """)
        XCTAssertEqual(
            html,
            """
            <h1>Title with <code>x &lt; y</code></h1>
            <p>A <em>b</em> <strong>c</strong> snake_case_name and 2 * 3 * 4 and a<br />
            break.</p>
            <ul>
            <li>one <a href="https://example.org/a?b=1&amp;c=2">ok</a></li>
            <li>two <a href="">bad</a> <!-- raw HTML omitted -->alert(1)<!-- raw HTML omitted -->
            continued</li>
            </ul>
            <ol>
            <li>first</li>
            <li>second</li>
            </ol>
            <blockquote>
            <p>quoted</p>
            </blockquote>
            <pre><code>code &lt;b&gt; &amp; &lt;/b&gt;
            </code></pre>
            <hr />
            """)
        XCTAssertEqual(
            MarkdownDocument("Text.\n\n# Notebook *test* `x`\n\n# Second")?.firstHeading(level: 1),
            "Notebook test x")
        XCTAssertNil(MarkdownDocument("## Only a section")?.firstHeading(level: 1))
        XCTAssertEqual(Escaping.html("a\u{1B}[1mb"), "a\u{FFFD}[1mb")
        // A numeric entity for a character XML forbids still gives well-formed markup.
        XCTAssertEqual(try prose("x &#1; y"), "<p>x \u{FFFD} y</p>")
    }

    func testProseTablesAreHTMLTables() throws {
        let html = try prose(
            """
            | layer | ‖∇W‖₂ | note |
            |:------|------:|:----:|
            | dense_1 | 3.2e-06 | `a \\| b` |
            | dense_9 | 0.41 |
            """)
        XCTAssertEqual(
            html,
            """
            <table>
            <thead>
            <tr>
            <th style="text-align: left">layer</th>
            <th style="text-align: right">‖∇W‖₂</th>
            <th style="text-align: center">note</th>
            </tr>
            </thead>
            <tbody>
            <tr>
            <td style="text-align: left">dense_1</td>
            <td style="text-align: right">3.2e-06</td>
            <td style="text-align: center"><code>a | b</code></td>
            </tr>
            <tr>
            <td style="text-align: left">dense_9</td>
            <td style="text-align: right">0.41</td>
            <td style="text-align: center"></td>
            </tr>
            </tbody>
            </table>
            """)
    }

    func testProseListsNestAndTaskListsTick() throws {
        let html = try prose(
            """
            - ReLU family
              - relu
              - leaky_relu, with
                1. a slope
                2. no dead units
            - [x] He init
            - [ ] batch norm
            """)
        XCTAssertEqual(
            html,
            """
            <ul>
            <li>ReLU family
            <ul>
            <li>relu</li>
            <li>leaky_relu, with
            <ol>
            <li>a slope</li>
            <li>no dead units</li>
            </ol>
            </li>
            </ul>
            </li>
            <li><input type="checkbox" checked="" disabled="" /> He init</li>
            <li><input type="checkbox" disabled="" /> batch norm</li>
            </ul>
            """)
        XCTAssertEqual(
            try prose("~~old~~ and www.example.org"),
            "<p><del>old</del> and <a href=\"http://www.example.org\">www.example.org</a></p>")
    }

    func testProseDropsRawHTMLAndUnsafeLinks() throws {
        let html = try prose(
            """
            <div onclick="steal()">a block</div>

            Inline <b>bold</b>, <img src=x onerror=alert(1)>, a [link](javascript:alert(1)),
            an ![image](javascript:alert(2)), [data](data:text/html;base64,PHNjcmlwdD4=)
            and a <javascript:alert(3)>; a [fine](https://example.org) one.
            """)
        for unsafe in [
            "<div", "onclick", "<b>", "<img src=x", "onerror", "\"javascript", "\"data:",
        ] {
            XCTAssertFalse(html.contains(unsafe), "\(unsafe) in \(html)")
        }
        XCTAssertTrue(html.hasPrefix("<!-- raw HTML omitted -->\n<p>Inline "), html)
        // An unsafe URL is dropped; the link's text stays, as text.
        XCTAssertTrue(html.contains("a <a href=\"\">link</a>"), html)
        XCTAssertTrue(html.contains("<img src=\"\" alt=\"image\" />"), html)
        XCTAssertTrue(html.contains("<a href=\"\">javascript:alert(3)</a>"), html)
        XCTAssertTrue(html.contains("<a href=\"https://example.org\">fine</a>"), html)
    }

    func testHTMLNotebookRendersTablesAndNestedListsInProse() throws {
        try GoldenTests.inTemporaryDirectory { dir in
            try """
            ## # Prose
            ## | a | b |
            ## |---|--:|
            ## | 1 | 22 |
            ##
            ## - outer
            ##   - inner <script>alert(1)</script> [x](javascript:alert(1))
            print(1)
            """.write(
                to: dir.appendingPathComponent("p.grad"), atomically: true, encoding: .utf8)
            let run = GoldenTests.gradlab(["run", "p.grad", "--notebook", "p.html"])
            XCTAssertEqual(run.code, 0, "\(run.stderr)")
            let html = try String(
                contentsOf: dir.appendingPathComponent("p.html"), encoding: .utf8)
            try assertWellFormed(html)
            XCTAssertTrue(html.contains("<title>Prose</title>"), html)
            XCTAssertTrue(
                html.contains(
                    "<thead>\n<tr>\n<th>a</th>\n<th style=\"text-align: right\">b</th>\n</tr>\n</thead>"
                ),
                html)
            XCTAssertTrue(html.contains("<td style=\"text-align: right\">22</td>"), html)
            XCTAssertTrue(
                html.contains("<li>outer\n<ul>\n<li>inner <!-- raw HTML omitted -->"), html)
            XCTAssertFalse(html.contains("<script"))
            XCTAssertFalse(html.contains("javascript"))
        }
    }

    // MARK: REPL

    func testReplNotebookHasEveryEntryWithItsOutputs() throws {
        try withFolder { folder in
            try "print(\"loaded\")\n".write(
                toFile: folder + "/l.grad", atomically: true, encoding: .utf8)
            var out: [String] = []
            var err: [String] = []
            let session = ReplSession(output: { out.append($0) }, errors: { err.append($0) })
            var reader = ScriptedLineReader([
                "seed(1)", "let d = spiral(points: 60)",
                "let net = model(inputs: 2) { dense(8, act: tanh); dense(3) }",
                "print(\"hi\")", "grads(net, d)", "1 / 0", "plot([1, 2, 3], title: \"Up\")",
                "net.params", ":load \(folder)/l.grad",
                ":notebook \(folder)/s.ipynb", ":notebook \(folder)/s.txt", ":notebook",
                ":notebook \(folder)/no/s.html",
                ":notebook \(folder)/s.md", ":notebook \(folder)/s.html", "2 + 2",
            ])
            _ = session.run(reader: &reader)
            XCTAssertTrue(out.contains("wrote 9 entries to \(folder)/s.ipynb"), "\(out)")
            XCTAssertTrue(
                out.contains("wrote 9 entries to \(folder)/s.md and 1 plot file beside it"),
                "\(out)")
            XCTAssertTrue(out.contains("wrote 9 entries to \(folder)/s.html"), "\(out)")
            XCTAssertTrue(err.contains(NotebookFormat.unsupported("\(folder)/s.txt")), "\(err)")
            XCTAssertTrue(err.contains { $0.hasPrefix(":notebook needs a file") }, "\(err)")
            XCTAssertTrue(
                err.contains { $0.hasPrefix("cannot write \(folder)/no/s.html") }, "\(err)")
            XCTAssertEqual(out.last, "Out[9]: 4", "the session goes on")

            let cells = try XCTUnwrap(try json(folder + "/s.ipynb")["cells"] as? [[String: Any]])
            XCTAssertEqual(cells.count, 9)
            XCTAssertTrue(cells.allSatisfy { $0["cell_type"] as? String == "code" })
            XCTAssertEqual(cells.map { $0["execution_count"] as? Int }, Array(1...8) + [nil])
            XCTAssertEqual(text(cells[3]["source"]), "print(\"hi\")")
            func outputs(_ k: Int) -> [[String: Any]] {
                cells[k]["outputs"] as? [[String: Any]] ?? []
            }
            XCTAssertEqual(outputs(0).count, 0)
            XCTAssertEqual(outputs(3).first?["output_type"] as? String, "stream")
            XCTAssertEqual(text(outputs(3).first?["text"]), "hi\n")
            XCTAssertEqual(outputs(4).first?["output_type"] as? String, "execute_result")
            XCTAssertEqual(outputs(4).first?["execution_count"] as? Int, 5)
            XCTAssertNotNil((outputs(4).first?["data"] as? [String: Any])?["text/html"])
            XCTAssertEqual(outputs(5).first?["output_type"] as? String, "error")
            XCTAssertEqual(outputs(5).first?["evalue"] as? String, "division by zero")
            XCTAssertEqual(
                (outputs(5).first?["traceback"] as? [String])?.first,
                "In[6]:1:3: error: division by zero")
            XCTAssertNotNil((outputs(6).first?["data"] as? [String: Any])?["image/svg+xml"])
            XCTAssertEqual(text((outputs(7).first?["data"] as? [String: Any])?["text/plain"]), "51")
            // A :load is a cell with the file's code and what it printed.
            XCTAssertEqual(text(cells[8]["source"]), "# :load \(folder)/l.grad\nprint(\"loaded\")")
            XCTAssertEqual(text(outputs(8).first?["text"]), "loaded\n")
            try assertValidNotebook(folder + "/s.ipynb")

            let md = try String(contentsOfFile: folder + "/s.md", encoding: .utf8)
            XCTAssertTrue(md.hasPrefix("# GradLab session\n"))
            XCTAssertTrue(md.contains("![Up](s_files/plot1.svg)"))
            XCTAssertTrue(FileManager.default.fileExists(atPath: folder + "/s_files/plot1.svg"))
            let html = try String(contentsOfFile: folder + "/s.html", encoding: .utf8)
            XCTAssertTrue(html.contains("<h1 class=\"title\">GradLab session</h1>"))
            try assertWellFormed(html)
        }
    }

    // MARK: Checks

    /// `html` (after its DOCTYPE line) parses as XML.
    func assertWellFormed(_ html: String, file: StaticString = #filePath, line: UInt = #line) throws
    {
        let body =
            html.hasPrefix("<!DOCTYPE html>\n")
            ? String(html.dropFirst("<!DOCTYPE html>\n".count)) : html
        let parser = XMLParser(data: Data(body.utf8))
        let ok = parser.parse()
        XCTAssertTrue(
            ok,
            "not well-formed XML: \(parser.parserError.map { "\($0)" } ?? "?") at line \(parser.lineNumber)",
            file: file, line: line)
    }

    /// A Python with nbformat: `GRADLAB_NBFORMAT_PYTHON`, the package's `.build/nbvenv`, or `python3`.
    static let nbformatPython: String? = {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent()
            .deletingLastPathComponent().path
        var candidates: [String] = []
        if let configured = ProcessInfo.processInfo.environment["GRADLAB_NBFORMAT_PYTHON"],
            !configured.isEmpty
        {
            candidates.append(configured)
        }
        candidates += [root + "/.build/nbvenv/bin/python", "/usr/bin/env"]
        for candidate in candidates {
            let arguments =
                candidate == "/usr/bin/env"
                ? ["python3", "-c", "import nbformat"] : ["-c", "import nbformat"]
            if run(candidate, arguments).status == 0 { return candidate }
        }
        return nil
    }()

    static func run(_ executable: String, _ arguments: [String]) -> (status: Int32, output: String)
    {
        guard FileManager.default.isExecutableFile(atPath: executable) else { return (-1, "") }
        return Subprocess.run(executable, arguments, mergingErrors: true)
    }

    /// Validates an .ipynb with the nbformat package, when a Python with it is available.
    func assertValidNotebook(_ path: String, file: StaticString = #filePath, line: UInt = #line)
        throws
    {
        guard let python = Self.nbformatPython else {
            print(
                "NotebookTests: nbformat validation skipped: no Python with nbformat "
                    + "(set GRADLAB_NBFORMAT_PYTHON, or let scripts/test make .build/nbvenv)")
            return
        }
        let code =
            "import sys, nbformat; nb = nbformat.read(sys.argv[1], as_version=nbformat.NO_CONVERT); "
            + "nbformat.validate(nb); print(nb.nbformat, nb.nbformat_minor)"
        let arguments =
            python == "/usr/bin/env" ? ["python3", "-c", code, path] : ["-c", code, path]
        let result = Self.run(python, arguments)
        XCTAssertEqual(
            result.status, 0, "nbformat rejects \(path):\n\(result.output)", file: file, line: line)
        XCTAssertEqual(
            result.output.trimmingCharacters(in: .whitespacesAndNewlines), "4 5", file: file,
            line: line)
    }
}
