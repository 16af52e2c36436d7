import Foundation
import GradEngine
import XCTest

@testable import GradLanguage
@testable import GradShell

/// How each outcome ends the `gradlab` command: its exit code and its message,
/// from the binary users run where the outcome can be provoked, and through
/// `GradLab.main` or `ScriptRunner` where it needs a hook (an interruption, a
/// failing standard input).
final class ExitCodeTests: XCTestCase {
    var binary: String { Subprocess.gradlabBinary }

    /// A fresh folder, removed after the test.
    func temporaryFolder() throws -> String {
        let path = NSTemporaryDirectory() + "gradlab-exit-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(atPath: path) }
        return path
    }

    func testEachOutcomeExitsWithItsCodeFromTheBinary() throws {
        let folder = try temporaryFolder()
        let script = folder + "/ok.grad"
        try "print(6 * 7)\n".write(toFile: script, atomically: true, encoding: .utf8)
        let cases: [(arguments: [String], code: Int32, output: String)] = [
            (["--version"], 0, "gradlab "),
            (["run", script], 0, "42"),
            (["frobnicate"], 64, "gradlab: unknown command 'frobnicate'\nusage: gradlab run"),
            (["bench", "--fast"], 64, "gradlab bench: unknown option '--fast'"),
            (["-e", "let = 1"], 65, "<-e>:1:5: error: "),
            (
                ["run", folder + "/missing.grad"], 66,
                "gradlab: cannot read '\(folder)/missing.grad'"
            ),
            (["run", folder], 66, "gradlab: cannot read '\(folder)': Is a directory"),
            (["-e", "print(1)\nprint(1 / 0)"], 70, "1\n<-e>:2:9: error: division by zero"),
            (
                ["run", script, "--notebook", folder + "/no/such/folder/out.ipynb"], 73,
                "gradlab: cannot write \(folder)/no/such/folder/out.ipynb"
            ),
        ]
        for c in cases {
            let r = Subprocess.run(binary, c.arguments + ["--no-color"], mergingErrors: true)
            XCTAssertEqual(r.status, c.code, "gradlab \(c.arguments): \(r.output)")
            XCTAssertTrue(r.output.hasPrefix(c.output), "gradlab \(c.arguments): \(r.output)")
        }
    }

    /// Every code `GradLabExit` has is in the table of docs/language.md, and
    /// the table has no other.
    func testTheDocumentedExitCodesAreGradLabExitsCodes() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        let text = try String(
            contentsOf: root.appendingPathComponent("docs/language.md"), encoding: .utf8)
        let section = try XCTUnwrap(
            text.components(separatedBy: "### Exit codes").dropFirst().first?
                .components(separatedBy: "\n#").first)
        let documented = Set(
            section.split(separator: "\n").compactMap { row -> Int32? in
                let cells = row.split(separator: "|").map {
                    $0.trimmingCharacters(in: .whitespaces)
                }
                return cells.first.flatMap { Int32($0) }
            })
        XCTAssertEqual(documented.sorted(), Set(GradLabExit.allCases.map(\.code)).sorted())
    }

    /// An interrupted run prints "interrupted" and exits as a runtime error.
    func testAnInterruptedScriptSaysSoAndExits70() {
        var options = SessionOptions()
        let flag = CancellationFlag()
        options.cancellation = flag
        var printed: [String] = []
        var errors = ""
        // The first line printed stands for Ctrl-C: the loop stops before its next iteration.
        let exit = ScriptRunner.run(
            Source(name: "<-e>", text: "for i in 1..5 { print(i) }"), options: options,
            output: {
                printed.append($0)
                flag.cancel()
            }, errors: &errors)
        XCTAssertEqual(exit, .interrupted)
        XCTAssertEqual(exit.code, 70)
        XCTAssertEqual(printed, ["1"])
        XCTAssertEqual(errors, "interrupted\n")
    }

    /// A runtime error is reported as one, whatever its message says.
    func testARuntimeErrorIsNotMistakenForAnInterruption() {
        let d = Diagnostic(
            .runtime, "interrupted", at: SourceLocation(file: "<-e>", line: 1, column: 1))
        let source = Source(name: "<-e>", text: "x")
        let report = ProgramReport(.runtimeError(d), in: source, color: false)
        XCTAssertEqual(report.exit, .runtimeError)
        XCTAssertEqual(report.errors, ["<-e>:1:1: error: interrupted\n    x\n    ^"])
    }

    func testStandardInputThatCannotBeReadExits66() {
        var errors = ""
        let code = GradLab.main(
            [], output: { _ in }, errors: &errors, stdinIsTerminal: false,
            readStandardInput: { () throws(FileReadFailure) -> [UInt8] in
                throw .cannotRead(errno: EIO)
            })
        XCTAssertEqual(code, 66)
        XCTAssertEqual(errors, "gradlab: cannot read standard input: Input/output error\n")
    }

    /// `gradlab run <(...)`: a script in a FIFO is read to its end and runs.
    func testAScriptInAFIFORuns() throws {
        let fifo = try temporaryFolder() + "/script.grad"
        XCTAssertEqual(mkfifo(fifo, 0o600), 0)
        let writer = Thread {
            // Opening blocks until gradlab opens the other end.
            let fd = open(fifo, O_WRONLY)
            guard fd >= 0 else { return }
            let text = "print(\"from a pipe\")\n"
            _ = text.withCString { write(fd, $0, strlen($0)) }
            close(fd)
        }
        writer.start()
        var out: [String] = []
        var errors = ""
        let code = GradLab.main(
            ["run", fifo], output: { out.append($0) }, errors: &errors, stdinIsTerminal: false,
            readStandardInput: { [] })
        XCTAssertEqual(code, 0, errors)
        XCTAssertEqual(out, ["from a pipe"])
    }
}
