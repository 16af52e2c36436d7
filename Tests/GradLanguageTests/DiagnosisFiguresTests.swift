import GradEngine
import XCTest

@testable import GradLanguage

/// Sentences about a run's loss use the figures its history shows (issue 14):
/// each epoch's mean, or for a run shorter than 2 epochs the mean over slices
/// of steps, never one batch's loss.
final class DiagnosisFiguresTests: XCTestCase {
    /// Runs `text` and returns what it printed (an error line on failure).
    func run(_ text: String) -> [String] {
        var lines: [String] = []
        let i = Interpreter()
        i.output = { lines.append($0) }
        switch i.run(Source(name: "t.grad", text: text)) {
        case .success: return lines
        case .syntaxErrors(let d): return lines + d.map { "syntax: \($0.message)" }
        case .runtimeError(let d): return lines + ["error: \(d.message)"]
        case .cancelled: return lines + ["cancelled"]
        }
    }

    let setup = """
        seed(2)
        let data = spiral(points: 300, classes: 3, noise: 0.1)
        let net = model(inputs: 2) { repeat(2) { dense(16, act: relu, init: he_normal) }; dense(3) }

        """

    func testTheHealthyLossIsTheHistorysEpochMeans() throws {
        let out = run(
            setup + """
                let h = train(net, data, epochs: 6, checks: false, l2: 1e-3)
                let d = diagnose(h)
                print(d.names)
                print(h.loss[0])
                print(h.loss[-1])
                print(d.findings[0].evidence[-1])
                """)
        XCTAssertEqual(out.first, "[\"healthy\"]", "\(out)")
        guard out.count == 4, let first = Double(out[1]), let last = Double(out[2]) else {
            return XCTFail("\(out)")
        }
        // The history's per-epoch loss (with its L2 part, as `h` shows it),
        // at the three digits diagnosis writes.
        XCTAssertEqual(
            out[3],
            "the loss, averaged over each epoch, went from \(NumberText.compact(first)) in epoch 1 to \(NumberText.compact(last)) in epoch 6 (60 steps)"
        )
    }

    func testARunShorterThanTwoEpochsSpeaksInSlicesOfSteps() throws {
        let out = run(
            setup + """
                let h = train(net, data, epochs: 1, batch: 10, opt: adam(lr: 0.02), checks: false)
                let d = diagnose(h)
                print(d.names)
                let s = h.step_loss
                let a = 0
                let b = 0
                for i in 0..2 { a = a + s[i]; b = b + s[len(s) - 1 - i] }
                print(a / 3)
                print(b / 3)
                print(d.findings[0].evidence[-1])
                """)
        XCTAssertEqual(out.first, "[\"healthy\"]", "\(out)")
        guard out.count == 4, let first = Double(out[1]), let last = Double(out[2]) else {
            return XCTFail("\(out)")
        }
        // 30 steps in 8 slices of 3: the first 3 steps' mean and the last 3's.
        XCTAssertEqual(
            out[3],
            "the loss, averaged over 3 steps, went from \(NumberText.compact(first)) over the first 3 to \(NumberText.compact(last)) over the last 3 (30 steps)"
        )
    }

    func testADepthTrendSaysItsDirection() {
        XCTAssertEqual(DepthTrendText.perLayer(2.39), "shrinks 2.39x per layer toward the input")
        XCTAssertEqual(DepthTrendText.perLayer(1 / 1.8), "grows 1.8x per layer toward the input")
        XCTAssertEqual(DepthTrendText.perLayer(1.002), "stays about the same from layer to layer")
    }
}
