import GradEngine
import XCTest

@testable import GradLanguage
@testable import GradShell

/// `try_remedies` as a user meets it: its live progress line, Ctrl-C, the
/// step and memory budgets, validation data, regression, and a best row's
/// history tried again.
final class TryRemediesTests: XCTestCase {
    override func tearDown() {
        MemoryBudget.bytes = MemoryBudget.defaultBytes
        super.tearDown()
    }

    /// A vanishing run on 60 points: 2 batches an epoch, 2 epochs.
    static let vanishing = """
        seed(1)
        let data = spiral(points: 60, classes: 3, noise: 0.1)
        let net = model(inputs: 2) {
            repeat(6) { dense(8, act: sigmoid) }
            dense(3)
        }
        let h = train(net, data, epochs: 2, batch: 30, checks: false)

        """

    /// Runs `text` in a fresh interpreter; its output lines, its progress
    /// chunks, the outcome and the interpreter.
    func run(
        _ text: String, configure: (Interpreter) -> Void = { _ in },
        progress: ((String, Interpreter) -> Void)? = nil
    ) -> (out: [String], progress: [String], outcome: Interpreter.Outcome, interp: Interpreter) {
        var out: [String] = []
        var chunks: [String] = []
        let interp = Interpreter(output: { out.append($0) })
        configure(interp)
        if let progress {
            interp.progress = { [unowned interp] chunk in
                chunks.append(chunk)
                progress(chunk, interp)
            }
        }
        let outcome = interp.run(Source(name: "t.grad", text: text))
        return (out, chunks, outcome, interp)
    }

    func testTheProgressLineNamesTheRunAndClearsItself() {
        let r = run(
            Self.vanishing + "let r = try_remedies(h, seeds: 2, top: 1)", progress: { _, _ in })
        guard case .success = r.outcome else { return XCTFail("\(r.outcome)") }
        // After train's own line: try_remedies's.
        let mine = r.progress.drop { !$0.contains("try_remedies") }
        let first = mine.first ?? ""
        // Seeds 1 and 2 of the original start together: either may draw first.
        XCTAssertTrue(first.hasPrefix("\r\u{1B}[Ktry_remedies: original, seed "), first)
        XCTAssertTrue(first.contains(": epoch 1/2  loss "), first)
        XCTAssertTrue(
            first.contains("0 of 4 runs done") && first.hasSuffix("left  (Ctrl-C stops)"), first)
        XCTAssertEqual(r.progress.last, "\r\u{1B}[K")
        // Without a progress sink (a script), nothing is drawn.
        XCTAssertEqual(run(Self.vanishing + "try_remedies(h, seeds: 2, top: 1)").progress, [])
    }

    func testCtrlCReturnsTheRunsThatFinished() throws {
        // Ctrl-C as the first line is drawn, in the original's first run.
        let r = run(
            Self.vanishing + "let r = try_remedies(h, seeds: 2, top: 1)\nprint(1)",
            progress: { chunk, interp in
                if chunk.contains("try_remedies") { interp.cancellation.cancel() }
            })
        guard case .cancelled = r.outcome else { return XCTFail("\(r.outcome)") }
        XCTAssertEqual(r.out.count, 1)
        XCTAssertTrue(r.out[0].hasPrefix("try_remedies interrupted after "), "\(r.out)")
        XCTAssertTrue(r.out[0].hasSuffix(" of 4 runs"), "\(r.out)")
        guard case .table(let t)? = r.interp.globals.lookup("r") else {
            return XCTFail("r is not bound to the table")
        }
        XCTAssertTrue(
            t.notes.contains {
                $0.hasPrefix("interrupted: ")
                    && $0.hasSuffix(
                        " of 4 runs finished; a row that did not finish on every seed is not judged"
                    )
            },
            "\(t.notes)")
        XCTAssertEqual(
            t.rows.map { $0.cells.last.map(r.interp.display) }, ["not finished", "not finished"])
        XCTAssertEqual(t.notes.last, "no remedy beats the original")
    }

    func testTheStepBudgetCountsEveryRun() {
        let probe = run(Self.vanishing) { $0.maxSteps = 100_000 }
        let used = probe.interp.stepsTaken
        // try_remedies takes 2 rows × 2 seeds × 2 epochs × 2 batches = 16 steps.
        let r = run(Self.vanishing + "try_remedies(h, seeds: 2, top: 1)") {
            $0.maxSteps = used + 10
        }
        guard case .runtimeError(let d) = r.outcome else { return XCTFail("\(r.outcome)") }
        XCTAssertTrue(
            d.message.hasPrefix(
                "step budget exhausted: try_remedies() would take 16 training steps, but only"),
            d.message)
        let enough = run(Self.vanishing + "try_remedies(h, seeds: 2, top: 1)") {
            $0.maxSteps = used + 30
        }
        guard case .success = enough.outcome else { return XCTFail("\(enough.outcome)") }
    }

    func testTheMemoryBudgetApplies() {
        // With the budget at what is in use after training, no run can build its network.
        let interp = Interpreter(output: { _ in })
        guard case .success = interp.run(Source(name: "t.grad", text: Self.vanishing)) else {
            return XCTFail("the training run failed")
        }
        MemoryBudget.bytes = MemoryBudget.inUse + 64
        let outcome = interp.run(Source(name: "u.grad", text: "try_remedies(h, seeds: 2, top: 1)"))
        guard case .runtimeError(let d) = outcome else { return XCTFail("\(outcome)") }
        XCTAssertTrue(d.message.contains("over the memory budget"), d.message)
    }

    func testWithValidationDataTheTableShowsItAndTheVerdictsReadIt() throws {
        let text = """
            seed(2)
            let parts = split(spiral(points: 80, classes: 3, noise: 0.1), 0.75)
            let net = model(inputs: 2) { repeat(5) { dense(8, act: sigmoid) }; dense(3) }
            let h = train(net, parts.train, epochs: 2, batch: 30, val: parts.test, checks: false)
            let r = try_remedies(h, seeds: 2, top: 1)
            print(r.columns)
            print(r.notes[1])
            """
        let r = run(text)
        guard case .success = r.outcome else { return XCTFail("\(r.outcome)") }
        XCTAssertEqual(
            r.out,
            [
                "[\"remedy\", \"start\", \"loss\", \"accuracy\", \"val_loss\", \"val_accuracy\", \"grad_ratio\", \"findings\", \"seconds\", \"verdict\"]",
                "loss, accuracy: the last epoch's, on the training data (the loss without any penalty); val: the same on the val: data, which the verdicts read",
            ])
    }

    func testARegressionHasNoAccuracyAndABestHistoryCanBeTriedAgain() throws {
        let text = """
            seed(3)
            let data = sine(points: 64)
            let net = model(inputs: 1) { dense(16, act: tanh, init: normal(mean: 0, std: 3)); dense(1) }
            let h = train(net, data, epochs: 3, batch: 16, opt: sgd(lr: 0.01), checks: false)
            let r = try_remedies(h, seeds: 2, top: 2)
            print(r.columns)
            let again = try_remedies(r.best.history, seeds: 2, top: 1)
            print(again.layers[0], again.notes[0])
            """
        let r = run(text)
        guard case .success = r.outcome else { return XCTFail("\(r.outcome)") }
        XCTAssertEqual(
            r.out,
            [
                "[\"remedy\", \"start\", \"loss\", \"grad_ratio\", \"findings\", \"seconds\", \"verdict\"]",
                "original 2 seeds (1, 2) × 3 epochs per row; a cell is the mean ± spread over the seeds (spread: half the range)",
            ])
    }
}
