import XCTest

@testable import GradLanguage
@testable import GradShell

/// The Jupyter kernel's cells as a notebook user sees them: streams, results
/// with their rich forms, errors, and state that lasts from cell to cell.
final class KernelSessionTests: XCTestCase {
    /// A small classification set and a model whose gradient table has marks.
    static let setup = """
        seed(1)
        let data = spiral(points: 60, classes: 3)
        let net = model(inputs: 2) { dense(8, act: sigmoid); dense(8, act: sigmoid); dense(3) }
        """

    func testPrintIsAStreamAndTheLastValueIsTheResult() {
        let s = KernelSession()
        let r = s.run("print(\"hi\")\nprint(\"there\")\n1 + 1")
        XCTAssertEqual(
            r.outputs,
            [
                .stream(.stdout, text: "hi\n"), .stream(.stdout, text: "there\n"),
                .executeResult(["text/plain": "2"], executionCount: 1),
            ])
        XCTAssertEqual(r.execution, KernelExecution(status: .ok, executionCount: 1))
        XCTAssertEqual(s.nextExecutionCount, 2)
        // A cell without a final value has no result.
        XCTAssertEqual(s.run("let x = 40").outputs, [])
    }

    func testStateLastsAndResultsAreOutN() {
        let s = KernelSession()
        _ = s.run("let x = 40")
        XCTAssertEqual(s.run("x + 2").result, ["text/plain": "42"])
        XCTAssertEqual(s.run("_ + 1").result, ["text/plain": "43"])
        XCTAssertEqual(s.run("Out[2] * 10").result, ["text/plain": "420"])
        // A top-level `let` may rebind, as in the REPL, so a cell can run again.
        XCTAssertEqual(s.run("let x = 1\nx").result, ["text/plain": "1"])
    }

    func testTablesAreHTMLWithColouredMarksAndPlotsAreSVG() throws {
        let s = KernelSession()
        XCTAssertNil(s.run(Self.setup).error)
        let grads = try XCTUnwrap(s.run("grads(net, data)").result)
        XCTAssertTrue(grads["text/plain"]?.hasPrefix("Gradients (3 layers)\n") == true)
        let html = try XCTUnwrap(grads["text/html"])
        XCTAssertTrue(html.contains("<caption>Gradients (3 layers)</caption>"), html)
        XCTAssertTrue(
            html.contains("<td class=\"ok\" style=\"color: #1a7f37\">✓</td>")
                || html.contains("style=\"color: #cf222e; font-weight: 600\">"), html)
        XCTAssertFalse(grads["text/plain"]?.contains("\u{1B}") == true, "no colour in text")

        let plot = try XCTUnwrap(s.run("plot([1, 0.1, 0.01], log: true)").result)
        XCTAssertEqual(Set(plot.keys), ["image/svg+xml", "text/plain"])
        XCTAssertTrue(
            plot["image/svg+xml"]?.contains("<svg xmlns=\"http://www.w3.org/2000/svg\"") == true)

        let summary = try XCTUnwrap(s.run("net").result)
        XCTAssertTrue(summary["text/plain"]?.hasPrefix("Model: 2 inputs → 3 outputs") == true)
        XCTAssertTrue(
            summary["text/html"]?.contains("<caption>Model: 2 inputs → 3 outputs</caption>") == true
        )
        XCTAssertTrue(summary["text/html"]?.contains("Total params: 123") == true)

        let diagnosis = try XCTUnwrap(s.run("diagnose(net, data)").result)
        let findings = try XCTUnwrap(diagnosis["text/html"])
        XCTAssertTrue(findings.contains("<p><strong>Diagnosis: "), findings)
        XCTAssertTrue(
            findings.contains("style=\"color: #1a7f37\">✓</span>")
                || findings.contains("style=\"color: #cf222e; font-weight: 600\">"), findings)
    }

    func testValuesShownBeforeTheLastAreDisplays() throws {
        let s = KernelSession()
        let r = s.run("plot([1, 2, 3])\n[1, 2]\n3")
        XCTAssertEqual(r.displays.count, 2)
        XCTAssertTrue(r.displays.first?["image/svg+xml"]?.contains("<svg") == true)
        XCTAssertEqual(r.displays.last, ["text/plain": "[1, 2]"])
        XCTAssertEqual(r.result, ["text/plain": "3"])
        guard case .executeResult = r.outputs.last else { return XCTFail("\(r.outputs)") }
    }

    /// The same cells, exported by `gradlab run --notebook` and run in the
    /// kernel, show the same things: one renderer draws both.
    func testACellShowsWhatTheNotebookExportKeeps() throws {
        let cell = "print(\"hello\")\ngrads(net, data)\nplot([1, 0.5, 0.25])\ndiagnose(net, data)"
        let script = Self.setup + "\n#%%\n" + cell
        let recorder = NotebookRecorder(interpreter: Interpreter(output: { _ in }), echo: { _ in })
        let (notebook, outcome) = recorder.record(script: Source(name: "nb.grad", text: script))
        guard case .success = outcome, let exported = notebook?.cells.last else {
            return XCTFail("\(outcome)")
        }
        let exportedBundles: [MIMEBundle] = exported.outputs.compactMap { output in
            if case .value(let value, _) = output { return value.mimeBundle }
            return nil
        }

        let s = KernelSession()
        _ = s.run(Self.setup)
        let r = s.run(cell)
        XCTAssertEqual(r.stdout, "hello\n")
        XCTAssertEqual(r.displays + (r.result.map { [$0] } ?? []), exportedBundles)
        XCTAssertEqual(exportedBundles.count, 3)
    }

    func testARuntimeErrorKeepsWhatWasPrintedAndTheSession() throws {
        let s = KernelSession()
        _ = s.run("let x = 5")
        let r = s.run("print(\"before\")\nx / 0\nprint(\"after\")")
        XCTAssertEqual(r.stdout, "before\n")
        let error = try XCTUnwrap(r.error)
        XCTAssertEqual(error.ename, "RuntimeError")
        XCTAssertEqual(error.evalue, "division by zero")
        XCTAssertEqual(
            error.traceback, ["In[2]:2:3: error: division by zero", "    x / 0", "      ^"])
        XCTAssertEqual(r.execution.executionCount, 2)
        XCTAssertFalse(error.traceback.joined().contains("\u{1B}"), "no colour")
        // The session goes on, with its names.
        XCTAssertEqual(s.run("x").result, ["text/plain": "5"])
    }

    func testAnErrorInAFunctionFromAnEarlierCellShowsThatCell() throws {
        let s = KernelSession()
        _ = s.run("fn f(x) {\n  return x / 0\n}")
        let error = try XCTUnwrap(s.run("f(1)").error)
        XCTAssertEqual(
            error.traceback,
            [
                "In[1]:2:12: error: division by zero", "      return x / 0", "               ^",
                "    in f() called at In[2]:1:1",
            ])
    }

    func testSyntaxErrorsAreReportedWithLineAndCaret() throws {
        let s = KernelSession()
        let r = s.run("print(\"not run\")\nlet = 3")
        XCTAssertEqual(r.outputs, [], "a cell that does not parse runs nothing")
        let error = try XCTUnwrap(r.error)
        XCTAssertEqual(error.ename, "SyntaxError")
        XCTAssertEqual(error.evalue, "expected a name after 'let', found '='")
        XCTAssertEqual(
            error.traceback,
            [
                "In[1]:2:5: error: expected a name after 'let', found '='", "    let = 3",
                "        ^",
                "1 syntax error in In[1]",
            ])
    }

    func testSilentCellsPublishNothingAndDoNotCount() {
        let s = KernelSession()
        let r = s.run("print(\"quiet\")\nlet hidden = 7\nhidden", silent: true)
        XCTAssertEqual(r.outputs, [])
        XCTAssertEqual(r.execution.executionCount, 1)
        XCTAssertEqual(s.nextExecutionCount, 1)
        XCTAssertEqual(s.history(.tail(count: 10)), [])
        // What it defined stays.
        let next = s.run("hidden")
        XCTAssertEqual(next.outputs, [.executeResult(["text/plain": "7"], executionCount: 1)])
    }

    func testCellsOutsideTheHistoryDoNotCountButShowTheirOutputs() throws {
        let s = KernelSession()
        let r = s.run("print(1)\n2", storeHistory: false)
        XCTAssertEqual(
            r.outputs,
            [.stream(.stdout, text: "1\n"), .executeResult(["text/plain": "2"], executionCount: 1)])
        XCTAssertEqual(s.nextExecutionCount, 1)
        XCTAssertEqual(s.history(.tail(count: 10)), [])
        // Its result is not an Out[n] of the session.
        XCTAssertNotNil(s.run("_").error)
        let error = try XCTUnwrap(s.run("1 / 0", storeHistory: false).error)
        XCTAssertTrue(error.traceback.first?.hasPrefix("<cell 2>:1:3: error:") == true, "\(error)")
    }

    /// `GRADLAB_HIDE_TIMES=1` hides wall-clock times in values, as `gradlab
    /// run` does for the golden outputs.
    func testHiddenTimesAreHiddenInTheKernelToo() {
        /// The first row's time, "none" when it has none (no result is shown).
        func seconds(_ s: KernelSession) -> String {
            XCTAssertNil(s.run(TryRemediesTests.vanishing).error)
            let r = s.run("let r = try_remedies(h, seeds: 2, top: 1)\nr.rows[0].seconds")
            XCTAssertNil(r.error)
            return r.result?["text/plain"] ?? "none"
        }
        XCTAssertEqual(seconds(KernelSession(environment: ["GRADLAB_HIDE_TIMES": "1"])), "none")
        XCTAssertNotEqual(seconds(KernelSession(environment: [:])), "none")
    }
}
