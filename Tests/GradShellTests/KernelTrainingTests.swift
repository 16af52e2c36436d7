import Dispatch
import Synchronization
import XCTest

@testable import GradShell

/// Training in a kernel cell: the live progress display, live findings as
/// they are announced, and the interrupt that stops a run and keeps its steps.
final class KernelTrainingTests: XCTestCase {
    /// The progress outputs of a run: each display's id and text, in order.
    func progress(_ outputs: [KernelOutput]) -> [(id: String, text: String, isNew: Bool)] {
        outputs.compactMap { output in
            switch output {
            case .display(let bundle, let id?): return (id, bundle["text/plain"] ?? "", true)
            case .updateDisplay(let bundle, let id): return (id, bundle["text/plain"] ?? "", false)
            default: return nil
            }
        }
    }

    func testInterruptStopsTrainingKeepsItsStepsAndTheSession() throws {
        let s = KernelSession()
        XCTAssertNil(s.run(KernelSessionTests.setup).error)
        // The interrupt comes a second after the cell's first line is
        // published: a kernel that published only at the end would never send it.
        let cancelledAt = Mutex<Double?>(nil)
        let flag = s.cancellation
        var interruptedAt: Double?
        let cell =
            "print(\"training\")\nlet h = train(net, data, epochs: 3000, checks: false)\nprint(\"not reached\")"
        let r = s.execute(cell, silent: false, storeHistory: true) { output in
            if output == .stream(.stdout, text: "training\n") {
                DispatchQueue.global().asyncAfter(deadline: .now() + 1) {
                    cancelledAt.withLock { $0 = Stopwatch.now() }
                    flag.cancel()
                }
            }
            if case .stream(.stdout, let text) = output,
                text.hasPrefix("training interrupted after ")
            {
                interruptedAt = Stopwatch.now()
            }
        }
        let returnedAt = Stopwatch.now()
        let cancelled = try XCTUnwrap(cancelledAt.withLock { $0 }, "the interrupt was never sent")
        XCTAssertLessThan(
            returnedAt - cancelled, 0.5, "the cell returns within 0.5 s of the interrupt")
        let stopped = try XCTUnwrap(interruptedAt)
        XCTAssertLessThan(stopped - cancelled, 0.5)
        guard case .error("Interrupted", "interrupted", ["interrupted"]) = r.status else {
            return XCTFail("\(r.status)")
        }
        XCTAssertEqual(r.executionCount, 2)

        // The kernel lives on with the model as training left it.
        let steps = s.run("print(h.steps)\nnet.optimizer")
        let count = try XCTUnwrap(Int(steps.stdout.trimmingCharacters()))
        XCTAssertGreaterThan(count, 0)
        XCTAssertTrue(
            steps.result?["text/plain"]?.hasSuffix(", \(count) steps taken") == true,
            "\(steps.outputs)")
        // The next cell starts with the flag down.
        XCTAssertEqual(s.run("1 + 1").result, ["text/plain": "2"])
    }

    func testInterruptStopsALoop() {
        let s = KernelSession()
        let flag = s.cancellation
        let cancelledAt = Mutex<Double?>(nil)
        DispatchQueue.global().asyncAfter(deadline: .now() + 0.3) {
            cancelledAt.withLock { $0 = Stopwatch.now() }
            flag.cancel()
        }
        let r = s.run("let total = 0\nfor i in 1..1000000000 {\n  total = total + i\n}")
        let returnedAt = Stopwatch.now()
        XCTAssertEqual(r.error?.ename, "Interrupted")
        XCTAssertLessThan(returnedAt - (cancelledAt.withLock { $0 } ?? 0), 0.5)
    }

    func testProgressIsOneDisplayUpdatedInPlaceEndingWithTheFinalState() throws {
        let s = KernelSession()
        XCTAssertNil(s.run(KernelSessionTests.setup).error)
        let started = Stopwatch()
        let r = s.run("train(net, data, epochs: 200, checks: false)")
        let seconds = started.seconds
        XCTAssertNil(r.error)
        let lines = progress(r.outputs)
        let first = try XCTUnwrap(lines.first)
        XCTAssertTrue(first.isNew, "a display first")
        XCTAssertTrue(lines.dropFirst().allSatisfy { !$0.isNew && $0.id == first.id }, "\(lines)")
        XCTAssertGreaterThan(lines.count, 1, "training for \(seconds) s updates the line")
        XCTAssertLessThanOrEqual(
            lines.count, Int(seconds * KernelProgressDisplay.updatesPerSecond) + 2, "throttled")
        XCTAssertTrue(first.text.hasPrefix("epoch 1/200  loss "), first.text)
        XCTAssertTrue(first.text.hasSuffix("left  (interrupt the kernel to stop)"), first.text)
        let last = try XCTUnwrap(lines.last?.text)
        XCTAssertTrue(last.hasPrefix("epoch 200/200  loss "), last)
        XCTAssertTrue(last.contains("  400 steps in "), last)
        XCTAssertFalse(lines.contains { $0.text.contains("\u{1B}") || $0.text.contains("\r") })
        // The history comes after the progress line.
        guard case .executeResult(let bundle, 2)? = r.outputs.last else {
            return XCTFail("\(r.outputs)")
        }
        XCTAssertTrue(bundle["text/plain"]?.hasPrefix("History: 200 epochs, 400 steps") == true)
    }

    func testLiveFindingsAreStreamedAsTheyAreAnnounced() throws {
        let s = KernelSession()
        XCTAssertNil(s.run(KernelSessionTests.setup).error)
        let r = s.run("let h = train(net, data, epochs: 30, opt: sgd(lr: 3))")
        XCTAssertNil(r.error)
        // Checks before training come first, then the progress line; a
        // finding during training interrupts it, and a new line follows.
        let before = try XCTUnwrap(
            r.outputs.firstIndex {
                if case .stream(.stdout, let t) = $0 { return t.hasPrefix("⚠ before training: ") }
                return false
            })
        let live = try XCTUnwrap(
            r.outputs.firstIndex {
                if case .stream(.stdout, let t) = $0 { return t.hasPrefix("⚠ step ") }
                return false
            }, "\(r.outputs)")
        let displays = r.outputs.indices.filter {
            if case .display(_, .some) = r.outputs[$0] { return true }
            return false
        }
        XCTAssertEqual(displays.count, 2, "\(r.outputs)")
        XCTAssertLessThan(before, displays[0])
        XCTAssertLessThan(displays[0], live)
        XCTAssertLessThan(live, displays[1])
        XCTAssertNotEqual(progress(r.outputs).first?.id, progress(r.outputs).last?.id)
        XCTAssertTrue(progress(r.outputs).last?.text.hasPrefix("epoch 30/30") == true)
    }

    func testAProgressLineHeldBackGoesOutWhenTheDisplayEnds() {
        var sent: [KernelOutput] = []
        var ids = 0
        let display = KernelProgressDisplay(
            send: { sent.append($0) },
            makeID: {
                ids += 1
                return "p\(ids)"
            })
        display.receive("\r\u{1B}[Kepoch 1/2")
        display.receive("\r\u{1B}[Kepoch 1/2 later")  // within 0.1 s: held back
        display.receive("\r\u{1B}[Kepoch 2/2 done")  // held back, replacing it
        func line(_ text: String) -> MIMEBundle {
            ["text/plain": text, "text/x-gradlab-progress": text]
        }
        XCTAssertEqual(sent, [.display(line("epoch 1/2"), displayID: "p1")])
        display.receive("\r\u{1B}[K")
        XCTAssertEqual(sent.last, .updateDisplay(line("epoch 2/2 done"), displayID: "p1"))
        XCTAssertEqual(sent.count, 2)
        // After a clear, the next line opens a new display.
        display.receive("\r\u{1B}[Kagain")
        XCTAssertEqual(sent.last, .display(line("again"), displayID: "p2"))
        display.end()
        display.end()
        XCTAssertEqual(sent.count, 3, "nothing held, nothing sent")
    }
}
