import Foundation
import XCTest

@testable import GradShell

/// `:` commands in kernel cells: the REPL's that make sense in a notebook
/// work as there; the others say what to use instead.
final class KernelMetaCommandTests: XCTestCase {
    func testVarsListsTheNamesDefined() {
        let s = KernelSession()
        XCTAssertEqual(s.run(":vars").stdout, "no names defined yet\n")
        _ = s.run("let x = 40\nlet name = \"GradLab\"")
        let r = s.run(":vars")
        XCTAssertEqual(r.stdout, "  name: a string = GradLab\n  x: a number = 40\n")
        XCTAssertEqual(r.execution, KernelExecution(status: .ok, executionCount: 3))
    }

    func testTimeRunsTheRestOfTheCellAsItsCode() throws {
        let s = KernelSession()
        let r = s.run(":time let a = 2\nprint(a)\na * 21")
        XCTAssertEqual(r.outputs.count, 3, "\(r.outputs)")
        XCTAssertEqual(r.outputs.first, .stream(.stdout, text: "2\n"))
        XCTAssertEqual(r.result, ["text/plain": "42"])
        guard case .stream(.stdout, let time)? = r.outputs.last else {
            return XCTFail("\(r.outputs)")
        }
        XCTAssertTrue(time.hasPrefix("time: ") && time.hasSuffix(" ms\n"), time)
        XCTAssertEqual(s.run("_").result, ["text/plain": "42"], "its value is Out[1]")
        // An error in the timed code is the cell's, named after the cell.
        let error = try XCTUnwrap(s.run(":time 1 / 0").error)
        XCTAssertEqual(error.traceback.first, "In[3]:1:3: error: division by zero")
        XCTAssertEqual(
            s.run(":time").error?.evalue, ":time needs an entry to run, e.g. :time train(net, data)"
        )
    }

    func testHelpListsTheCellCommandsOrDocumentsABuiltin() {
        let s = KernelSession()
        let overview = s.run(":help").stdout
        for command in KernelSession.cellCommands {
            XCTAssertTrue(overview.contains("  :\(command)"), "\(command) in\n\(overview)")
        }
        XCTAssertTrue(
            s.run(":help dense").stdout.hasPrefix("dense(units"), s.run(":help dense").stdout)
        XCTAssertEqual(s.run(":help nothing_like_it").stdout, "no help for 'nothing_like_it'\n")
    }

    func testResetForgetsTheNames() throws {
        let s = KernelSession()
        _ = s.run("let x = 1")
        XCTAssertEqual(s.run(":reset").stdout, "session reset: every name is forgotten\n")
        let error = try XCTUnwrap(s.run("x").error)
        XCTAssertTrue(error.evalue.contains("'x'"), error.evalue)
    }

    func testHistoryListsTheCellsBeforeIt() {
        let s = KernelSession()
        _ = s.run("let a = 1")
        _ = s.run("a +\n1", storeHistory: false)
        _ = s.run("let b = [\n  1]")
        XCTAssertEqual(s.run(":history").stdout, "1: let a = 1\n2: let b = [ ⏎   1]\n")
        XCTAssertEqual(s.run(":history 1").stdout, "3: :history\n")
    }

    func testLoadRunsAScriptIntoTheSession() throws {
        let path = NSTemporaryDirectory() + "gradlab-kernel-load-\(getpid()).grad"
        try "let loaded = 6\nprint(\"in the script\")\nloaded * 7\n".write(
            toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let s = KernelSession()
        let r = s.run(":load \(path)")
        XCTAssertEqual(r.outputs.first, .stream(.stdout, text: "in the script\n"))
        XCTAssertEqual(r.displays, [["text/plain": "42"]], "a script's values are displays")
        XCTAssertEqual(r.outputs.last, .stream(.stdout, text: "loaded \(path)\n"))
        XCTAssertEqual(s.run("loaded").result, ["text/plain": "6"])
        let missing = try XCTUnwrap(s.run(":load /no/such/file.grad").error)
        XCTAssertEqual(missing.ename, "UsageError")
        XCTAssertTrue(
            missing.evalue.hasPrefix("gradlab: cannot read '/no/such/file.grad'"), missing.evalue)
    }

    /// Every REPL command gets an answer in a cell: it works, or it says
    /// what to use instead.
    func testEveryREPLCommandIsACellCommandOrSaysWhatToUseInstead() {
        for command in ReplSession.metaCommands {
            XCTAssertTrue(
                KernelSession.cellCommands.contains(command)
                    || KernelSession.replOnlyCommands[command] != nil, command)
        }
        for command in KernelSession.cellCommands {
            XCTAssertTrue(ReplSession.metaCommands.contains(command), command)
        }
    }

    func testTheREPLsOwnCommandsSayWhatToUseInstead() throws {
        let s = KernelSession()
        for (command, instead) in [
            (":quit", "Kernel ▸ Shut Down Kernel"), (":save s.grad", "Executable Script"),
            (":notebook s.ipynb", "this is a notebook already"), (":tour", "--notebook NAME.ipynb"),
            (":next", "--notebook NAME.ipynb"),
        ] {
            let r = s.run(command)
            let error = try XCTUnwrap(r.error, command)
            XCTAssertEqual(error.ename, "UsageError")
            XCTAssertTrue(
                error.evalue.hasPrefix(
                    ":\(command.dropFirst().prefix { $0 != " " }) is the REPL's: "), error.evalue)
            XCTAssertTrue(error.evalue.contains(instead), error.evalue)
            XCTAssertEqual(error.traceback, [error.evalue])
            XCTAssertEqual(r.outputs, [])
        }
        XCTAssertEqual(
            s.run(":varz").error?.evalue,
            "unknown command ':varz': did you mean ':vars'? (:help lists the commands)")
        XCTAssertEqual(
            s.run(":vars\nlet x = 1").error?.evalue,
            ":vars stands alone in its cell (only :time takes the lines after it); put the code in a cell of its own"
        )
    }
}
