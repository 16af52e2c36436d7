import XCTest

@testable import GradLanguage
@testable import GradShell

/// The REPL core driven by a scripted line reader.
final class ReplSessionTests: XCTestCase {
    struct Transcript {
        var out: [String] = []
        var err: [String] = []
        var prompts: [String] = []
        var remembered: [String] = []
    }

    func session(_ lines: [LineInput], into t: inout Transcript, session s: ReplSession? = nil)
        -> ReplSession
    {
        var out: [String] = []
        var err: [String] = []
        let session = s ?? ReplSession(output: { out.append($0) }, errors: { err.append($0) })
        var reader = ScriptedLineReader(inputs: lines)
        _ = session.run(reader: &reader)
        t.out = out.filter { $0 != ReplSession.banner }
        t.err = err
        t.prompts = reader.prompts
        t.remembered = reader.remembered
        return session
    }

    func lines(_ l: [String]) -> [LineInput] { l.map { .line($0) } }

    func testResultsAreShownAsOutAndKept() {
        var t = Transcript()
        _ = session(
            lines(["1 + 1", "let x = 40", "x + 2", "_ + 1", "Out[1] * 10", "print(\"hi\")"]),
            into: &t)
        XCTAssertEqual(t.out, ["Out[1]: 2", "Out[3]: 42", "Out[4]: 43", "Out[5]: 20", "hi"])
        XCTAssertEqual(
            t.prompts,
            ["In [1]: ", "In [2]: ", "In [3]: ", "In [4]: ", "In [5]: ", "In [6]: ", "In [7]: "])
    }

    func testAPlotIsDrawnFromTheLineAfterOut() {
        var out: [String] = []
        let s = ReplSession(output: { out.append($0) }, errors: { _ in })
        s.interpreter.style = OutputStyle(unicode: false, color: false, width: 40)
        var reader = ScriptedLineReader(
            inputs: lines(["plot([1, 2, 3], title: \"Up\")", "_.title"]))
        _ = s.run(reader: &reader)
        out = out.filter { $0 != ReplSession.banner }
        let first = out.first?.split(separator: "\n").map(String.init) ?? []
        XCTAssertEqual(first.first, "Out[1]:")
        XCTAssertEqual(first.dropFirst().first?.trimmingCharacters(in: .whitespaces), "Up")
        XCTAssertTrue(
            first.dropFirst().allSatisfy {
                $0.count <= 40 && $0.unicodeScalars.allSatisfy(\.isASCII)
            }, "\(first)")
        XCTAssertEqual(out.last, "Out[2]: Up")
    }

    func testIncompleteEntriesContinueAndAreOneHistoryEntry() {
        var t = Transcript()
        _ = session(
            lines([
                "let net = model(inputs: 2) {", "  dense(4, act: relu)", "", "  dense(3)", "}",
                "net.params", "1 +", "2",
            ]), into: &t)
        XCTAssertEqual(t.out, ["Out[2]: 27", "Out[3]: 3"])
        XCTAssertEqual(t.prompts[1], "   ...: ")
        XCTAssertEqual(
            t.remembered[0], "let net = model(inputs: 2) {\n  dense(4, act: relu)\n\n  dense(3)\n}")
        XCTAssertEqual(t.remembered[2], "1 +\n2")
    }

    func testErrorsDoNotEndTheSessionOrLoseState() {
        var t = Transcript()
        _ = session(lines(["let x = 5", "x / 0", "let y = (", ")", "nope", "x"]), into: &t)
        XCTAssertEqual(t.out, ["Out[5]: 5"])
        // Each entry is named after its prompt, as IPython names cells.
        XCTAssertEqual(t.err.first, "In[2]:1:3: error: division by zero\n    x / 0\n      ^")
        XCTAssertTrue(
            t.err.contains { $0.hasPrefix("In[4]:1:1: error: 'nope' is not defined") }, "\(t.err)")
    }

    func testAnErrorInAFunctionFromAnEarlierEntryShowsThatEntrysLine() {
        var t = Transcript()
        let s = session(lines(["fn f(x) {", "  return x / 0", "}", "f(3)"]), into: &t)
        let report = [
            "In[1]:2:12: error: division by zero",
            "      return x / 0",
            "               ^",
            "    in f() called at In[2]:1:1",
        ].joined(separator: "\n")
        XCTAssertEqual(t.err, [report])
        XCTAssertEqual(t.prompts, ["In [1]: ", "   ...: ", "   ...: ", "In [2]: ", "In [3]: "])
        // The notebook keeps the same report.
        guard case .error(let kept)? = s.notebookCells.last?.outputs.last else {
            return XCTFail("the entry's notebook cell has no error output")
        }
        XCTAssertEqual(kept.report, report)
    }

    func testACallChainAcrossThreeEntries() {
        var t = Transcript()
        _ = session(
            lines([
                "fn scale(x, by) {", "  return x * by", "}",
                "fn run(v) { return 1 + scale(v, \"a\") }", "let r = run(2)", "r",
            ]), into: &t)
        XCTAssertEqual(
            t.err,
            [
                [
                    "In[1]:2:12: error: cannot multiply a number and a string with '*'",
                    "      return x * by",
                    "               ^",
                    "    in scale() called at In[2]:1:24",
                    "    in run() called at In[3]:1:9",
                ].joined(separator: "\n"),
                "In[4]:1:1: error: 'r' is not defined\n    r\n    ^",
            ])
    }

    func testASyntaxErrorNamesItsEntry() {
        var t = Transcript()
        _ = session(lines(["1", "let = 2"]), into: &t)
        XCTAssertEqual(t.err.count, 1)
        XCTAssertTrue(t.err[0].hasPrefix("In[2]:1:5: error: "), "\(t.err)")
        XCTAssertTrue(t.err[0].hasSuffix("\n    let = 2\n        ^"), "\(t.err)")
    }

    func testOutAndOutOfNReadTheSameResults() {
        var t = Transcript()
        let s = session(
            lines([
                "6 * 7", "let z = 1", "fn first() { return Out[1] }",
                "Out[1] == out(1) and first() == 42", "out(2) == none and Out[2] == none", "out(9)",
                "_", ":vars",
            ]), into: &t)
        XCTAssertEqual(
            t.out,
            [
                "Out[1]: 42", "Out[4]: true", "Out[5]: true", "Out[7]: true",
                "  first: a function = <fn first()>", "  z: a number = 1",
            ])
        XCTAssertEqual(t.err.count, 1)
        XCTAssertTrue(
            t.err[0].hasPrefix("In[6]:1:4: error: out(): entry 9 has no result"), t.err[0])
        // The interpreter holds the results; they are not a name the REPL binds.
        XCTAssertEqual(s.interpreter.result(ofEntry: 1).map { s.interpreter.display($0) }, "42")
        XCTAssertFalse(s.interpreter.globalBindings.contains { $0.name == "Out" })
    }

    func testTopLevelLetRedefines() {
        var t = Transcript()
        _ = session(lines(["let x = 1", "let x = 2", "x"]), into: &t)
        XCTAssertEqual(t.out, ["Out[3]: 2"])
        XCTAssertEqual(t.err, [])
    }

    func testCtrlCAbandonsAnUnfinishedEntry() {
        var t = Transcript()
        _ = session([.line("let x = (1 +"), .interrupted, .line("2 * 3")], into: &t)
        XCTAssertEqual(t.out, ["(entry abandoned)", "Out[1]: 6"])
    }

    func testCtrlDEndsTheSession() {
        var t = Transcript()
        _ = session([.line("1"), .end, .line("2")], into: &t)
        XCTAssertEqual(t.out, ["Out[1]: 1"])
    }

    func testMetaCommands() {
        var t = Transcript()
        _ = session(
            lines([
                ":help", "let a = 3", ":vars", ":reset", "a", ":histroy", ":history 2",
                ":time 1 + 1", ":quit", "9",
            ]), into: &t)
        XCTAssertTrue(t.out[0].hasPrefix("Type an entry and press Enter"))
        XCTAssertTrue(t.out.contains("  a: a number = 3"), "\(t.out)")
        XCTAssertTrue(t.out.contains("session reset: every name is forgotten"))
        XCTAssertTrue(
            t.err.contains { $0.hasPrefix("In[2]:1:1: error: 'a' is not defined") }, "\(t.err)")
        XCTAssertTrue(
            t.err.contains(
                "unknown command ':histroy': did you mean ':history'? (:help lists the commands)"),
            "\(t.err)")
        XCTAssertTrue(t.out.contains("5: a"), "\(t.out)")
        XCTAssertTrue(t.out.contains { $0.hasPrefix("time: ") }, "\(t.out)")
        XCTAssertFalse(t.out.contains("Out[4]: 9"), "entries after :quit must not run")
    }

    func testSaveWritesARunnableScriptThatRebuildsTheState() throws {
        let path = NSTemporaryDirectory() + "gradlab-session-\(getpid()).grad"
        defer { unlink(path) }
        var t = Transcript()
        _ = session(
            lines([
                "seed(3)", "let d = spiral(points: 60)",
                "let net = model(inputs: 2) { dense(8, act: tanh); dense(3) }",
                "1 / 0", "train(net, d, epochs: 2)", "let p = predict(net, [0.1, 0.2])",
                ":save \(path)",
            ]), into: &t)
        XCTAssertTrue(t.out.last?.hasPrefix("saved 5 entries to") == true, "\(t.out)")
        let text = try String(contentsOfFile: path, encoding: .utf8)
        XCTAssertFalse(text.contains("1 / 0"))
        // Running the saved script gives the same prediction.
        var replayed = Transcript()
        _ = session(lines([":load \(path)", "p"]), into: &replayed)
        var original = Transcript()
        _ = session(
            lines([
                "seed(3)", "let d = spiral(points: 60)",
                "let net = model(inputs: 2) { dense(8, act: tanh); dense(3) }",
                "train(net, d, epochs: 2)", "predict(net, [0.1, 0.2])",
            ]), into: &original)
        XCTAssertEqual(
            replayed.out.last?.dropFirst("Out[1]: ".count),
            original.out.last?.dropFirst("Out[5]: ".count))
    }

    func testCompletion() {
        let interpreter = Interpreter()
        _ = interpreter.run(
            Source(
                name: "t",
                text:
                    "let net = model(inputs: 2) { dense(3) }\nlet h = train(net, spiral(points: 30), epochs: 1)"
            ))
        let c = Completer(interpreter: interpreter)
        var shown: [String] = []
        XCTAssertEqual(c.complete("dens") { shown.append($0) }, "e")
        XCTAssertEqual(c.complete("train(net, data, ep") { shown.append($0) }, "ochs: ")
        XCTAssertEqual(c.complete("h.lo") { shown.append($0) }, "ss")
        XCTAssertEqual(
            c.candidates(for: "h.").matches.prefix(3), ["accuracy", "clipped", "data_loss"])
        XCTAssertEqual(c.complete("ne") { shown.append($0) }, "t")
        // Several matches: the common prefix, or the list when there is none.
        XCTAssertEqual(c.complete("x") { shown.append($0) }, "")
        XCTAssertEqual(shown.last, "xavier  xavier_normal  xavier_uniform  xor")
    }
}
