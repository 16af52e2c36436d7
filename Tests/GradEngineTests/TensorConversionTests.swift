import XCTest

@testable import GradEngine

/// Float ↔ Double conversion of whole tensors (the curvature probe's Double
/// copy of a model, `Network.copy`), done by concrete loops.
final class TensorConversionTests: XCTestCase {
    func testFloatToDoubleAndBackIsExact() throws {
        let values: [Float] = [0, -0.0, 1, -1.5, .pi, 1e-45, -3.4e38, .infinity, 7e-3, 123_456.78]
        let f = try Tensor<Float>(rows: 2, columns: 5, values: values)
        let d = f.converted(to: Double.self)
        XCTAssertEqual(d.scalars, values.map(Double.init))
        XCTAssertEqual(d.converted(to: Float.self).scalars, values)
        XCTAssertEqual(f.converted(to: Float.self).scalars, values)
    }

    func testDoubleToFloatRoundsToNearest() throws {
        let values: [Double] = [0.1, 1 + 1e-9, -2.000000238418579, 1e39, 1e-50, .nan]
        let d = try Tensor<Double>(rows: 1, columns: values.count, values: values)
        let f = d.converted(to: Float.self).scalars
        for (x, y) in zip(values, f) where !x.isNaN {
            XCTAssertEqual(y, Float(x), "\(x)")
        }
        XCTAssertTrue(f[5].isNaN)
        // Into an existing tensor, as the curvature probe refreshes its copy.
        let target = try Tensor<Float>(rows: 1, columns: values.count)
        target.assignConverted(d)
        XCTAssertEqual(target.scalars.prefix(5), f.prefix(5))
    }
}
