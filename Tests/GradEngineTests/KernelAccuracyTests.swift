import XCTest

@testable import GradEngine

/// The Float fast paths (polynomial exp, rational tanh) against libm in Double.
final class KernelAccuracyTests: XCTestCase {
    func testFastExpIsWithinAFewUlpOfLibm() {
        var worst = 0.0
        var x: Float = -87
        while x < 88 {
            let expected = Foundation.exp(Double(x))
            let got = Double(Float.exp(x))
            worst = max(worst, abs(got - expected) / expected)
            x += 0.0137
        }
        XCTAssertLessThan(worst, 4e-7, "worst relative error \(worst)")
        XCTAssertTrue(Float.exp(.nan).isNaN)
        XCTAssertEqual(Float.exp(0), 1)
    }

    func testFastTanhIsAccurateIncludingNearZero() {
        var worstRelative = 0.0
        var worstAbsolute = 0.0
        var x: Float = -12
        while x < 12 {
            let expected = Foundation.tanh(Double(x))
            let got = Double(Float.tanh(x))
            worstAbsolute = max(worstAbsolute, abs(got - expected))
            if abs(expected) > 1e-30 {
                worstRelative = max(worstRelative, abs(got - expected) / abs(expected))
            }
            x += 0.00731
        }
        for tiny: Float in [1e-3, 1e-5, 1e-8, -2e-6] {
            XCTAssertEqual(
                Double(Float.tanh(tiny)), Foundation.tanh(Double(tiny)),
                accuracy: 1e-6 * Double(abs(tiny)))
        }
        XCTAssertLessThan(worstRelative, 1e-6, "worst relative error \(worstRelative)")
        XCTAssertLessThan(worstAbsolute, 3e-7)
        XCTAssertTrue(Float.tanh(.nan).isNaN)
        XCTAssertEqual(Float.tanh(50), 1)
        XCTAssertEqual(Float.tanh(-50), -1)
    }

    func testActivationKernelsMatchTheirDefinitions() throws {
        let values: [Float] = [-30, -3, -1, -0.5, 0, 0.25, 1, 2.5, 25]
        let x = try Tensor<Float>(rows: 1, columns: values.count, values: values)
        for act in Activation.allDefaults {
            let y = try Tensor<Float>(rows: 1, columns: values.count)
            x.applyActivation(act, into: y)
            for (i, v) in values.enumerated() {
                let d = Double(v)
                let expected: Double
                switch act {
                case .identity: expected = d
                case .relu: expected = max(d, 0)
                case .leakyReLU(let s): expected = d > 0 ? d : s * d
                case .elu(let a): expected = d > 0 ? d : a * (Foundation.exp(d) - 1)
                case .gelu: expected = d * (1 + Foundation.erf(d / 2.0.squareRoot())) / 2
                case .selu:
                    expected =
                        1.0507009873554805
                        * (d > 0 ? d : 1.6732632423543772 * (Foundation.exp(d) - 1))
                case .sigmoid: expected = 1 / (1 + Foundation.exp(-d))
                case .tanh: expected = Foundation.tanh(d)
                case .softplus: expected = d > 20 ? d : Foundation.log1p(Foundation.exp(d))
                case .exponential: expected = Foundation.exp(d)
                case .softsign: expected = d / (1 + abs(d))
                case .hardSigmoid: expected = min(max(0.2 * d + 0.5, 0), 1)
                case .silu: expected = d / (1 + Foundation.exp(-d))
                case .softmax:
                    // The row is the whole of `values`.
                    let row = values.map(Double.init)
                    let m = row.max() ?? 0
                    expected =
                        Foundation.exp(d - m) / row.reduce(0) { $0 + Foundation.exp($1 - m) }
                }
                XCTAssertEqual(
                    Double(y[0, i]), expected, accuracy: 1e-6 * max(1, abs(expected)),
                    "\(act.name)(\(v))")
            }
        }
    }
}
