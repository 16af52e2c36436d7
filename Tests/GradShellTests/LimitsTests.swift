import GradEngine
import GradLanguage
import XCTest

@testable import GradShell

/// The limits a run can be given: `--max-steps N` (Interpreter.maxSteps), the
/// tensor memory budget (MemoryBudget.bytes) and confined file access.
final class LimitsTests: XCTestCase {
    override func tearDown() {
        MemoryBudget.bytes = MemoryBudget.defaultBytes
        super.tearDown()
    }

    func run(_ arguments: [String]) -> (code: Int32, out: [String], err: String) {
        var out: [String] = []
        var err = ""
        let code = GradLab.main(
            arguments + ["--no-color"], output: { out.append($0) }, errors: &err,
            stdinIsTerminal: false, readStandardInput: { [] })
        return (code, out, err)
    }

    func testMaxStepsStopsALoop() {
        let r = run(["-e", "for i in 1..1000 { }", "--max-steps", "100"])
        XCTAssertEqual(r.code, 70)
        XCTAssertEqual(
            r.err,
            """
            <-e>:1:1: error: step budget exhausted: the run took more than 100 steps
                for i in 1..1000 { }
                ^

            """)
    }

    func testMaxStepsStopsRunawayRecursionInsideAFunction() {
        let r = run([
            "--max-steps", "5000", "-e",
            "fn f(n) { if n > 0 { return f(n - 1) } else { return f(500) } }\nf(500)",
        ])
        XCTAssertEqual(r.code, 70)
        XCTAssertTrue(
            r.err.contains("error: step budget exhausted: the run took more than 5000 steps"), r.err
        )
    }

    func testMaxStepsCountsTrainingStepsBeforeTraining() {
        let code =
            "let d = spiral(points: 320)\nlet n = model(inputs: 2) { dense(3) }\nlet h = train(n, d, epochs: 10, checks: false)\nprint(h.steps)"
        let refused = run(["--max-steps", "50", "-e", code])
        XCTAssertEqual(refused.code, 70)
        XCTAssertTrue(
            refused.err.hasPrefix(
                "<-e>:3:14: error: step budget exhausted: train() would take 100 training steps, but only "
            ), refused.err)
        XCTAssertTrue(refused.err.contains(" of the run's 50 steps are left\n"), refused.err)
        XCTAssertEqual(refused.out, [])
        let allowed = run(["--max-steps", "200", "-e", code])
        XCTAssertEqual(allowed.code, 0, allowed.err)
        XCTAssertEqual(allowed.out, ["100"])
    }

    func testBuildingListsAndStringsCountsAgainstTheBudget() {
        let big = run(["--max-steps", "500", "-e", "let l = [0] * 1000000"])
        XCTAssertEqual(big.code, 70)
        XCTAssertTrue(
            big.err.hasPrefix(
                "<-e>:1:13: error: step budget exhausted: the run took more than 500 steps"),
            big.err)
        let doubling = run([
            "--max-steps", "20000", "-e", "let s = \"ab\"\nfor i in 1..40 { s = s + s }",
        ])
        XCTAssertEqual(doubling.code, 70)
        XCTAssertTrue(
            doubling.err.contains(
                "error: step budget exhausted: the run took more than 20000 steps"), doubling.err)
        let small = run(["--max-steps", "500", "-e", "print(len([0] * 100000))"])
        XCTAssertEqual(small.out, ["100000"], small.err)
    }

    func testAProgramWithinTheBudgetRunsAsUsual() {
        let r = run([
            "-e", "let s = 0\nfor i in 1..10 { s = s + i }\nprint(s)", "--max-steps", "1000",
        ])
        XCTAssertEqual(r.code, 0, r.err)
        XCTAssertEqual(r.out, ["55"])
    }

    func testMaxStepsNeedsAPositiveWholeNumber() {
        for bad in ["0", "-3", "x", "1.5"] {
            let r = run(["--max-steps", bad, "-e", "1"])
            XCTAssertEqual(r.code, 64, bad)
            XCTAssertTrue(r.err.hasPrefix("gradlab: --max-steps needs a whole number ≥ 1\n"), r.err)
        }
        XCTAssertEqual(run(["-e", "1", "--max-steps"]).code, 64)
    }

    func testTheBudgetIsPerRun() {
        let interpreter = Interpreter(output: { _ in })
        interpreter.maxSteps = 30
        for _ in 0..<5 {
            guard
                case .success = interpreter.run(
                    Source(name: "x", text: "let s = 0\nfor i in 1..5 { s = s + i }"))
            else {
                return XCTFail("a run within its budget failed")
            }
            interpreter.resetGlobals()
        }
    }

    func testTheMemoryBudgetErrorInAScript() {
        let r = run(["-e", "let net = model(inputs: 1000) { dense(1000) }", "--max-memory", "1M"])
        XCTAssertEqual(r.code, 70)
        XCTAssertTrue(
            r.err.hasPrefix(
                "<-e>:1:16: error: the model has 1001000 parameters, which need 11.5 MiB (12,012,000 bytes) with their gradients and update buffers: over the memory budget of 1 MiB (1,048,576 bytes)"
            ), r.err)
        let d = run(["-e", "let d = spiral(points: 100000)", "--max-memory", "1M"])
        XCTAssertEqual(d.code, 70)
        XCTAssertTrue(
            d.err.hasPrefix(
                "<-e>:1:15: error: spiral: 100000 samples of 2 features need 1.5 MiB (1,600,000 bytes): over the memory budget of 1 MiB (1,048,576 bytes)"
            ), d.err)
    }

    func testFileAccessCanBeConfinedOrDenied() {
        func error(_ access: Interpreter.FileAccess, _ code: String) -> String? {
            let interpreter = Interpreter(output: { _ in })
            interpreter.fileAccess = access
            if case .runtimeError(let d) = interpreter.run(Source(name: "x", text: code)) {
                return d.message
            }
            return nil
        }
        XCTAssertEqual(
            error(.denied, "load(\"net.json\")"), "load(): file access is disabled in this session")
        XCTAssertEqual(
            error(.workingDirectoryOnly, "csv(\"/etc/passwd\")"),
            "csv(): only a plain file name in the working directory is allowed in this session, found \"/etc/passwd\""
        )
        XCTAssertEqual(
            error(.workingDirectoryOnly, "save(model(inputs: 1) { dense(1) }, \"..\")"),
            "save(): only a plain file name in the working directory is allowed in this session, found \"..\""
        )
        // A plain name passes the check and reaches the file system.
        XCTAssertEqual(
            error(.workingDirectoryOnly, "load(\"no-such-file-here.json\")")?.hasPrefix(
                "cannot read no-such-file-here.json"), true)
    }

    /// --max-memory sets the tensor memory budget for one command line; the
    /// next command line starts from the default again.
    func testMaxMemorySetsTheBudgetForOneRun() {
        let program = "let n = model(inputs: 1000) { dense(1000) }\nprint(n.params)"
        let limited = run(["-e", program, "--max-memory", "1M"])
        XCTAssertEqual(limited.code, 70)
        XCTAssertTrue(
            limited.err.hasPrefix(
                "<-e>:1:14: error: the model has 1001000 parameters, which need 11.5 MiB (12,012,000 bytes) with their gradients and update buffers: over the memory budget of 1 MiB (1,048,576 bytes)"
            ), limited.err)
        let free = run(["-e", program])
        XCTAssertEqual(free.code, 0, free.err)
        XCTAssertEqual(free.out, ["1001000"])
        XCTAssertEqual(run(["-e", program, "--max-memory", "64M"]).code, 0)
        for bad in ["0", "12Q", "-5", "M"] {
            let r = run(["-e", "1", "--max-memory", bad])
            XCTAssertEqual(r.code, 64, bad)
            XCTAssertTrue(
                r.err.hasPrefix(
                    "gradlab: --max-memory needs a size such as 512M, 2G or a number of bytes"),
                r.err)
        }
    }
}
