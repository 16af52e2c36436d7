import XCTest

@testable import GradEngine

/// The losses on given outputs, value by value: Keras's clipped probability
/// losses (inside and outside the clip range, where the gradient is 0) and mae;
/// and every loss is known by name.
final class LossTests: XCTestCase {
    /// The loss and its gradient for `outputs` (rows) against class labels or values.
    func evaluate(
        _ loss: Loss, _ outputs: [[Double]], labels: [Int] = [], values: [[Double]] = []
    ) throws -> (loss: Double, gradient: [Double], correct: Int?) {
        let out = try Tensor<Double>(outputs)
        let targets = try BatchTargets<Double>(width: out.columns)
        if labels.isEmpty {
            try targets.gather(
                .values(try Tensor<Double>(values)), indices: Array(values.indices)[...],
                loss: loss)
        } else {
            try targets.gather(
                .classes(labels, count: max(out.columns, 2)), indices: Array(labels.indices)[...],
                loss: loss)
        }
        let gradient = try Tensor<Double>(rows: out.rows, columns: out.columns)
        let value = try loss.evaluate(out, targets, gradient: gradient)
        return (value, gradient.scalars, loss.correctCount(out, targets))
    }

    let low = Double(Loss.clipRange.lowerBound)
    let high = Double(Loss.clipRange.upperBound)

    func testTheClipBoundsAreKerasFloat32Ones() {
        XCTAssertEqual(Loss.clipRange.lowerBound, Float(1e-7))
        XCTAssertEqual(Loss.clipRange.upperBound, 1 - Float(1e-7))
        // 1 − 1e-7 rounds to the second float below 1 (two ulps of 2⁻²⁴).
        XCTAssertEqual(Double(Loss.clipRange.upperBound), 1 - 0x1p-23)
    }

    func testBinaryCrossEntropyOnProbabilities() throws {
        let outputs: [[Double]] = [[0.5], [0.2], [0], [1], [0], [0.3]]
        let targets: [[Double]] = [[1], [0], [1], [1], [0], [0]]
        let r = try evaluate(.binaryCrossEntropy(fromLogits: false), outputs, values: targets)
        let n = 6.0
        let expected =
            (log(2) - log(0.8) - log(low) - log(high) - log(1 - low) - log(0.7)) / n
        XCTAssertEqual(r.loss, expected, accuracy: 1e-12)
        // Inside the range (p − y)/(p(1 − p))/n; outside it the clip is flat.
        XCTAssertEqual(r.gradient[0], -0.5 / 0.25 / n, accuracy: 1e-12)
        XCTAssertEqual(r.gradient[1], 0.2 / 0.16 / n, accuracy: 1e-12)
        XCTAssertEqual(Array(r.gradient[2...4]), [0, 0, 0])
        XCTAssertEqual(r.gradient[5], 0.3 / 0.21 / n, accuracy: 1e-12)
        // Accuracy thresholds probabilities at 0.5 (0.5 itself is class 0)...
        XCTAssertEqual(r.correct, 4)
        // ...and logits at 0, where 0.5, 0.2 and 0.3 read as class 1.
        let logits = try evaluate(.binaryCrossEntropy(), outputs, values: targets)
        XCTAssertEqual(logits.correct, 3)
        XCTAssertNotEqual(logits.loss, r.loss)
    }

    func testCrossEntropyScalesRowsThenClips() throws {
        let r = try evaluate(
            .crossEntropy(fromLogits: false),
            [[0.2, 0.3, 0.5], [1, 1, 2], [1, 0, 0], [0, 1, 1]], labels: [2, 0, 0, 0])
        let n = 4.0
        XCTAssertEqual(r.loss, (-log(0.5) + log(4) - log(high) - log(low)) / n, accuracy: 1e-12)
        // Row 1: S = 1, p_y = 0.5: 1/S elsewhere, 1/S − 1/p_y at the label.
        XCTAssertEqual(r.gradient[0], 1 / n, accuracy: 1e-12)
        XCTAssertEqual(r.gradient[2], (1 - 2) / n, accuracy: 1e-12)
        // Row 2: S = 4, p_y = 1.
        XCTAssertEqual(r.gradient[4], 0.25 / n, accuracy: 1e-12)
        XCTAssertEqual(r.gradient[3], (0.25 - 1) / n, accuracy: 1e-12)
        // Rows 3 and 4: p̂_y = 1 and 0 are outside the range: no gradient.
        XCTAssertEqual(Array(r.gradient[6...]), [0, 0, 0, 0, 0, 0])
        // The largest probability (the first of equals) at the label: rows 1 and 3.
        XCTAssertEqual(r.correct, 2)
    }

    func testAZeroRowSumIsNonFinite() throws {
        let r = try evaluate(.crossEntropy(fromLogits: false), [[0, 0]], labels: [1])
        XCTAssertTrue(r.loss.isNaN)
    }

    func testMeanAbsoluteError() throws {
        let r = try evaluate(.mae, [[1, 2], [3, -1]], values: [[0, 2], [5, -1.5]])
        XCTAssertEqual(r.loss, (1 + 0 + 2 + 0.5) / 4)
        // sign(ŷ − y)/n, and 0 where they are equal (torch's sign).
        XCTAssertEqual(r.gradient, [0.25, 0, -0.25, 0.25])
        XCTAssertNil(r.correct)
    }

    func testMaeNeedsValuesAndItsBaselineIsTheMedian() throws {
        let x = try Tensor<Float>(rows: 4, columns: 1, values: [0, 1, 2, 3])
        let values = try Dataset(
            x: x, targets: .values(try Tensor<Float>(rows: 4, columns: 1, values: [1, 2, 3, 10])))
        // The median (2 or 3) is 1 + 0 + 1 + 8 (or 2 + 1 + 0 + 7) = 10 away in all: 2.5.
        XCTAssertEqual(Loss.mae.baseline(values) ?? 0, 2.5, accuracy: 1e-12)
        XCTAssertEqual(Loss.mae.baselinePrediction, "median")
        let classes = try Dataset(x: x, targets: .classes([0, 1, 0, 1], count: 2))
        XCTAssertThrowsError(try Loss.mae.validate(outputs: 2, targets: classes.targets)) {
            XCTAssertEqual(
                ($0 as? EngineError)?.description,
                "mae needs real-valued targets, but the data has class labels; use cross_entropy")
        }
    }

    /// The switch lists every case without `default:`, so a new loss does not
    /// compile until it is added here; the count then fails until
    /// `Loss.allDefaults` (the names the language knows) has it.
    func testEveryLossHasADefault() {
        var seen = Set<String>()
        for l in Loss.allDefaults {
            switch l {
            case .mse, .mae, .crossEntropy, .binaryCrossEntropy: seen.insert(l.name)
            }
        }
        XCTAssertEqual(seen.count, 4, "Loss.allDefaults lacks a loss")
    }

    func testNamesAndSettings() {
        XCTAssertEqual(Loss.allDefaults.map(\.name), ["mse", "mae", "cross_entropy", "bce"])
        XCTAssertEqual(Loss.crossEntropy().fromLogits, true)
        XCTAssertEqual(Loss.mae.with(fromLogits: false), .mae)
        XCTAssertEqual(
            Loss.binaryCrossEntropy().with(fromLogits: false),
            .binaryCrossEntropy(fromLogits: false))
        XCTAssertNotEqual(Loss.crossEntropy(), .crossEntropy(fromLogits: false))
    }
}
