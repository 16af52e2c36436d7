import Foundation
import GradEngine
import XCTest

@testable import GradLanguage
@testable import GradShell

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// The teaching walkthroughs in walkthroughs/ run as a user runs them
/// (`gradlab run walkthroughs/NN-slug.grad`), print exactly their golden
/// output, and every claim their prose makes holds.
///
/// - Each walkthrough's whole standard output is compared with
///   `walkthroughs/golden/NN-slug.out`, line by line. To regenerate the golden
///   files after a deliberate change, run the tests with
///   `GRADLAB_UPDATE_GOLDEN=1` (they then rewrite the files and fail
///   nothing), and read the new files before committing them.
/// - The golden outputs are exact to the last bit, and so are those of one
///   kernel set only: OpenBLAS picks its matrix-product kernels per CPU when it
///   loads, other kernels round the products differently in the last bits, and
///   training, being chaotic, diverges from there within a few epochs. The
///   goldens are those of OpenBLAS's Haswell kernels, which every CPU gradlab
///   runs on (AVX2 and FMA) can use, on one thread (the test sets it; a
///   multi-threaded product rounds differently too); `scripts/test` selects
///   the kernels with `OPENBLAS_CORETYPE=Haswell`. Under other kernels the
///   golden comparison is one clear failure instead of a diff per walkthrough,
///   and the claims are still checked: they must hold whatever the kernels and
///   threads.
/// - A walkthrough's `# expect:` and `# expect-match:` comments are its
///   claims: lines that must appear in its output in this order, as in
///   ExampleTests.
/// - The shape is checked too: exactly 12 walkthroughs named `NN-slug.grad`,
///   each starting with `#!/usr/bin/env gradlab`, a `## # Title` line and a
///   one-line `## summary` (what `gradlab tour` lists), with at least three
///   `#%%` cells, each of which opens with `##` prose.
final class WalkthroughTests: XCTestCase {
    static var folder: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("walkthroughs")
    }

    static var goldenFolder: URL { folder.appendingPathComponent("golden") }

    /// The walkthrough files (top level of walkthroughs/ only), sorted.
    static func walkthroughs() -> [String] {
        GoldenTests.programs(under: folder).filter { !$0.contains("/") }
    }

    /// The OpenBLAS kernel sets (`ComputeThreads.kernels`) under which the
    /// golden outputs are exact: Haswell's, and Zen's, which OpenBLAS 0.3.21
    /// builds from the Haswell kernels and which gave the same bits on every
    /// walkthrough (checked on an AMD EPYC).
    static let goldenKernels: Set<String> = ["Haswell", "Zen"]

    static var updatingGolden: Bool {
        ProcessInfo.processInfo.environment["GRADLAB_UPDATE_GOLDEN"] == "1"
    }

    static func lines(of text: String) -> [String] {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        return lines
    }

    // MARK: - Shape

    func testThereAreTwelveWalkthroughsWithTitlesSummariesCellsAndProse() throws {
        let names = Self.walkthroughs()
        XCTAssertEqual(names.count, 12, "expected exactly 12 walkthroughs, found: \(names)")
        let pattern = try NSRegularExpression(pattern: "^[0-9]{2}-[a-z0-9]+(-[a-z0-9]+)*\\.grad$")
        for (i, name) in names.enumerated() {
            XCTAssertNotNil(
                pattern.firstMatch(in: name, range: NSRange(name.startIndex..., in: name)),
                "\(name): a walkthrough is named NN-slug.grad")
            XCTAssertTrue(
                name.hasPrefix(String(format: "%02d-", i + 1)),
                "\(name): walkthroughs are numbered 01, 02, ... in order")
            let text = try String(
                contentsOf: Self.folder.appendingPathComponent(name), encoding: .utf8)
            let lines = Self.lines(of: text)
            XCTAssertGreaterThan(lines.count, 3, "\(name) is too short")
            guard lines.count > 3 else { continue }
            XCTAssertEqual(
                lines[0], "#!/usr/bin/env gradlab", "\(name):1: the first line is the #! line")
            XCTAssertTrue(
                lines[1].hasPrefix("## # ") && lines[1].count > 5,
                "\(name):2: the second line is '## # Title'")
            XCTAssertTrue(
                lines[2].hasPrefix("## ") && !lines[2].hasPrefix("## #")
                    && !lines[2].dropFirst(3).trimmingCharacters(in: .whitespaces).isEmpty,
                "\(name):3: the third line is the one-line summary, '## <summary>'")

            // Cells: each `#%%` line starts one; the first line of code or prose
            // after it must be `##` prose, and each cell needs some prose.
            var cells = 0
            var cellLine = 0
            var proseInCell = 0
            var sawFirstLine = true
            func endCell() {
                if cells > 0 {
                    XCTAssertGreaterThan(
                        proseInCell, 0, "\(name):\(cellLine): the cell has no '##' prose")
                }
            }
            for (k, line) in lines.enumerated() {
                if line.hasPrefix("#%%") {
                    endCell()
                    cells += 1
                    cellLine = k + 1
                    proseInCell = 0
                    sawFirstLine = false
                    continue
                }
                guard cells > 0 else { continue }
                let trimmed = line.trimmingCharacters(in: .whitespaces)
                if trimmed.isEmpty { continue }
                if line.hasPrefix("##") { proseInCell += 1 }
                if !sawFirstLine {
                    sawFirstLine = true
                    XCTAssertTrue(
                        line.hasPrefix("##"),
                        "\(name):\(k + 1): a cell begins with '##' prose, found: \(line)")
                }
            }
            endCell()
            XCTAssertGreaterThanOrEqual(cells, 3, "\(name): at least 3 '#%%' cells, found \(cells)")
        }
    }

    func testTheReadmeListsEveryWalkthroughWithItsSummary() throws {
        let readme = try String(
            contentsOf: Self.folder.appendingPathComponent("README.md"), encoding: .utf8)
        for name in Self.walkthroughs() {
            XCTAssertTrue(readme.contains(name), "walkthroughs/README.md does not mention \(name)")
            let lines = Self.lines(
                of: try String(
                    contentsOf: Self.folder.appendingPathComponent(name), encoding: .utf8))
            guard lines.count > 2 else { continue }
            let title = String(lines[1].dropFirst(5))
            let summary = String(lines[2].dropFirst(3))
            XCTAssertTrue(
                readme.contains(title),
                "walkthroughs/README.md does not give \(name)'s title \"\(title)\"")
            XCTAssertTrue(
                readme.contains(summary),
                "walkthroughs/README.md does not give \(name)'s summary \"\(summary)\"")
        }
    }

    func testGradlabTourListsEveryWalkthrough() throws {
        let o = GoldenTests.gradlab(
            ["tour"], environment: ["GRADLAB_WALKTHROUGHS": Self.folder.path])
        XCTAssertEqual(o.code, 0, o.stderr.joined(separator: "\n"))
        for name in Self.walkthroughs() {
            let stem = (name as NSString).deletingPathExtension
            let lines = Self.lines(
                of: try String(
                    contentsOf: Self.folder.appendingPathComponent(name), encoding: .utf8))
            guard lines.count > 1 else { continue }
            let title = String(lines[1].dropFirst(5))
            XCTAssertTrue(
                o.stdout.contains { $0.hasPrefix("  \(stem) ") && $0.hasSuffix(title) },
                "gradlab tour does not list \(stem): \(title)")
        }
    }

    // MARK: - Output and claims

    func testWalkthroughsMatchTheirGoldenOutputAndTheirClaimsHold() throws {
        let names = Self.walkthroughs()
        XCTAssertFalse(names.isEmpty, "no walkthroughs under \(Self.folder.path)")
        let kernels = ComputeThreads.kernels
        let exact = Self.goldenKernels.contains(kernels)
        // One BLAS thread, whatever the machine's cores and whatever an earlier
        // test set: OpenBLAS's multi-threaded products round differently in the
        // last bits from its single-threaded ones.
        let threads = ComputeThreads.current
        ComputeThreads.set(1)
        defer { ComputeThreads.set(threads) }
        if !exact {
            XCTFail(
                "OpenBLAS runs its \(kernels) kernels here, but the golden outputs are those of its Haswell kernels: other kernels round the matrix products differently in the last bits and training diverges from there. Run the tests with OPENBLAS_CORETYPE=Haswell (scripts/test does). The golden outputs were neither compared nor written; the claims were checked."
            )
        }
        if Self.updatingGolden && exact {
            try FileManager.default.createDirectory(
                at: Self.goldenFolder, withIntermediateDirectories: true)
        }
        for name in names {
            let path = Self.folder.appendingPathComponent(name).path
            let text = try String(contentsOfFile: path, encoding: .utf8)
            let started = Date()
            // Run as a user runs it, writing it in every notebook format on the way;
            // from a copy beside them, by its bare name, so that places in the
            // output (a training stop's `train()` call) read the same on any machine.
            let stem = (name as NSString).deletingPathExtension
            var notebookProblems: [String] = []
            let outcome = try GoldenTests.inTemporaryDirectory { dir in
                try FileManager.default.copyItem(
                    atPath: path, toPath: dir.appendingPathComponent(name).path)
                // Times (try_remedies's) differ on every run: shown as "—".
                let o = GoldenTests.gradlab(
                    [
                        "run", name, "--notebook", stem + ".ipynb", "--notebook", stem + ".md",
                        "--notebook", stem + ".html",
                    ], environment: ["GRADLAB_HIDE_TIMES": "1"])
                notebookProblems = Self.notebookProblems(
                    in: dir, stem: stem,
                    cells: ScriptCell.cells(of: Source(name: name, text: text)).count)
                return o
            }
            for p in notebookProblems { XCTFail("\(name): \(p)") }
            let seconds = Date().timeIntervalSince(started)
            print(
                "walkthrough \(name): \(String(format: "%.2f", seconds)) s, \(outcome.stdout.count) lines"
            )
            XCTAssertEqual(
                outcome.code, 0,
                "\(name) exited \(outcome.code): \(outcome.stderr.joined(separator: "\n"))")
            XCTAssertEqual(outcome.stderr, [], "\(name) wrote to standard error")

            // The golden output: the whole of standard output, line by line
            // (under other kernels, reported once above).
            let goldenURL = Self.goldenFolder.appendingPathComponent(stem + ".out")
            if exact && Self.updatingGolden {
                let body = outcome.stdout.map { $0 + "\n" }.joined()
                try body.write(to: goldenURL, atomically: true, encoding: .utf8)
            } else if exact {
                guard let golden = try? String(contentsOf: goldenURL, encoding: .utf8) else {
                    XCTFail(
                        "\(name): no golden output at walkthroughs/golden/\(stem).out; run the tests with GRADLAB_UPDATE_GOLDEN=1 to write it"
                    )
                    continue
                }
                let want = Self.lines(of: golden)
                let got = outcome.stdout
                if let k = zip(want, got).enumerated().first(where: { $0.element.0 != $0.element.1 }
                )?.offset {
                    XCTFail(
                        "\(name): stdout line \(k + 1) differs from walkthroughs/golden/\(stem).out\n  expected: \(want[k])\n  got:      \(got[k])"
                    )
                } else if want.count != got.count {
                    let k = min(want.count, got.count)
                    XCTFail(
                        "\(name): stdout has \(got.count) lines, walkthroughs/golden/\(stem).out has \(want.count); first difference at line \(k + 1): "
                            + (k < got.count
                                ? "extra line \"\(got[k])\"" : "missing line \"\(want[k])\""))
                }
            }

            // The claims: in order, as a subsequence of the output.
            let claims = GoldenTests.expectations(in: text).stdout
            XCTAssertFalse(claims.isEmpty, "\(name) makes no '# expect:' claims")
            if let failing = GoldenTests.firstFailingClaim(claims, in: outcome.stdout) {
                XCTFail(
                    "\(name):\(failing.line): no output line after the previous claim matches \"\(failing.text)\""
                )
            }
        }
    }

    // MARK: - Notebooks

    /// What is wrong with the notebooks a walkthrough run wrote into `dir`:
    /// the .ipynb (structure, and nbformat's own validation when a Python
    /// with nbformat is available), the .html (well-formed, self-contained)
    /// and the .md (its plot files exist).
    static func notebookProblems(in dir: URL, stem: String, cells: Int) -> [String] {
        var problems: [String] = []
        let ipynb = dir.appendingPathComponent(stem + ".ipynb")
        if let data = try? Data(contentsOf: ipynb),
            let nb = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any],
            let list = nb["cells"] as? [[String: Any]]
        {
            if nb["nbformat"] as? Int != 4 { problems.append(".ipynb is not nbformat 4") }
            let code = list.filter { $0["cell_type"] as? String == "code" }.count
            let markdown = list.filter { $0["cell_type"] as? String == "markdown" }.count
            if code == 0 || markdown < cells - 1 {
                problems.append(
                    ".ipynb has \(code) code and \(markdown) markdown cells for \(cells) script cells"
                )
            }
            let mimes = list.flatMap { ($0["outputs"] as? [[String: Any]]) ?? [] }.compactMap {
                $0["data"] as? [String: Any]
            }.flatMap(\.keys)
            if !mimes.contains("image/svg+xml") {
                problems.append(".ipynb has no plot (image/svg+xml)")
            }
            if let python = NotebookTests.nbformatPython {
                let check =
                    "import sys, nbformat; nbformat.validate(nbformat.read(sys.argv[1], as_version=nbformat.NO_CONVERT))"
                let args =
                    python == "/usr/bin/env"
                    ? ["python3", "-c", check, ipynb.path] : ["-c", check, ipynb.path]
                let r = NotebookTests.run(python, args)
                if r.status != 0 {
                    problems.append("nbformat rejects the .ipynb: \(r.output.suffix(400))")
                }
            }
        } else {
            problems.append("no readable .ipynb was written")
        }
        if let html = try? String(
            contentsOf: dir.appendingPathComponent(stem + ".html"), encoding: .utf8)
        {
            let body =
                html.hasPrefix("<!DOCTYPE html>\n")
                ? String(html.dropFirst("<!DOCTYPE html>\n".count)) : html
            let parser = XMLParser(data: Data(body.utf8))
            if !parser.parse() {
                problems.append(".html is not well-formed at line \(parser.lineNumber)")
            }
            if !html.contains("<svg") { problems.append(".html has no inline plot") }
            if html.contains("src=\"http") || html.contains("href=\"http") {
                problems.append(".html refers to the network")
            }
        } else {
            problems.append("no .html was written")
        }
        if let md = try? String(
            contentsOf: dir.appendingPathComponent(stem + ".md"), encoding: .utf8)
        {
            for line in md.split(separator: "\n") where line.hasPrefix("![") {
                guard let open = line.lastIndex(of: "("), let close = line.lastIndex(of: ")"),
                    open < close
                else { continue }
                let link = String(line[line.index(after: open)..<close])
                if !FileManager.default.fileExists(atPath: dir.appendingPathComponent(link).path) {
                    problems.append(".md links \(link), which was not written")
                }
            }
        } else {
            problems.append("no .md was written")
        }
        return problems
    }
}
