import XCTest

@testable import GradEngine

/// Init schemes against PyTorch's formulas, statistically: the mean and std of a
/// large matrix are within 2% of the formula's.
final class InitSchemeTests: XCTestCase {
    let fanOut = 300, fanIn = 500

    func weights(_ scheme: InitScheme, rows: Int = 300, columns: Int = 500, seed: UInt64 = 11)
        throws -> TensorSummary
    {
        var rng = RandomGenerator(seed: seed)
        let net = try Network<Float>(
            inputs: columns, layers: [.dense(units: rows, weightInit: scheme)], rng: &rng)
        return net.parameters[0].value.summary()
    }

    func assertStatistics(
        _ scheme: InitScheme, mean: Double, std: Double, file: StaticString = #filePath,
        line: UInt = #line
    ) throws {
        let s = try weights(scheme)
        XCTAssertEqual(
            s.std, std, accuracy: 0.02 * std, "\(scheme.name) std", file: file, line: line)
        XCTAssertEqual(
            s.mean, mean, accuracy: 0.02 * max(std, abs(mean)), "\(scheme.name) mean", file: file,
            line: line)
    }

    func testKaimingSchemesUseFanInAndGainRootTwo() throws {
        let std = 2.0.squareRoot() / Double(fanIn).squareRoot()
        try assertStatistics(.heNormal, mean: 0, std: std)
        try assertStatistics(.heUniform, mean: 0, std: std)  // U(±√3·σ) has std σ
    }

    func testXavierSchemesUseBothFansAndTheGain() throws {
        let std = (2.0 / Double(fanIn + fanOut)).squareRoot()
        try assertStatistics(.xavierNormal(gain: 1), mean: 0, std: std)
        try assertStatistics(.xavierUniform(gain: 1), mean: 0, std: std)
        try assertStatistics(.xavierUniform(gain: 5.0 / 3), mean: 0, std: 5.0 / 3 * std)
    }

    func testLeCunSchemes() throws {
        let std = 1 / Double(fanIn).squareRoot()
        try assertStatistics(.lecunNormal, mean: 0, std: std)
        try assertStatistics(.lecunUniform, mean: 0, std: std)
    }

    func testExplicitDistributionsAndConstants() throws {
        try assertStatistics(.normal(mean: 0.5, std: 2), mean: 0.5, std: 2)
        try assertStatistics(.uniform(low: -1, high: 3), mean: 1, std: 4 / 12.0.squareRoot())
        let zeros = try weights(.zeros)
        XCTAssertEqual(zeros.sumOfSquares, 0)
        let c = try weights(.constant(0.25))
        XCTAssertEqual(c.mean, 0.25, accuracy: 1e-7)
        XCTAssertEqual(c.std, 0, accuracy: 1e-7)
    }

    func testOrthogonalRowsOrColumnsAreOrthonormal() throws {
        for (rows, columns) in [(8, 20), (20, 8), (12, 12)] {
            var rng = RandomGenerator(seed: 5)
            let net = try Network<Double>(
                inputs: columns, layers: [.dense(units: rows, weightInit: .orthogonal(gain: 2))],
                rng: &rng)
            let w = net.parameters[0].value
            // The smaller side is orthogonal with norm `gain`: W·Wᵀ = 4·I (wide) or Wᵀ·W = 4·I (tall).
            let wide = rows <= columns
            let n = wide ? rows : columns
            for i in 0..<n {
                for j in 0..<n {
                    var dot = 0.0
                    for k in 0..<(wide ? columns : rows) {
                        dot += wide ? w[i, k] * w[j, k] : w[k, i] * w[k, j]
                    }
                    XCTAssertEqual(
                        dot, i == j ? 4 : 0, accuracy: 1e-9, "\(rows)×\(columns) [\(i), \(j)]")
                }
            }
        }
    }

    func testDefaultIsXavierUniformWeightsAndZeroBiases() throws {
        var rng = RandomGenerator(seed: 1)
        let net = try Network<Float>(inputs: 500, layers: [.dense(units: 300)], rng: &rng)
        let w = net.parameters[0].value.summary()
        let b = net.parameters[1].value.summary()
        let bound = (6.0 / 800).squareRoot()
        XCTAssertLessThanOrEqual(w.maxMagnitude, bound)
        XCTAssertEqual(w.std, bound / 3.0.squareRoot(), accuracy: 0.02 * bound)
        XCTAssertEqual(b.sumOfSquares, 0)
    }

    func testGainTableMatchesCalculateGain() {
        XCTAssertEqual(Activation.identity.gain, 1)
        XCTAssertEqual(Activation.sigmoid.gain, 1)
        XCTAssertEqual(Activation.tanh.gain!, 5.0 / 3, accuracy: 1e-15)
        XCTAssertEqual(Activation.relu.gain!, 2.0.squareRoot(), accuracy: 1e-15)
        XCTAssertEqual(
            Activation.leakyReLU(slope: 0.2).gain!, (2 / 1.04).squareRoot(), accuracy: 1e-15)
        XCTAssertEqual(Activation.selu.gain, 0.75)
        XCTAssertNil(Activation.gelu.gain)
    }

    func testSameSeedSameWeightsDifferentSeedDifferentWeights() throws {
        func weights(_ seed: UInt64) throws -> [Float] {
            var rng = RandomGenerator(seed: seed)
            return try Network<Float>(
                inputs: 3, layers: [.dense(units: 4, weightInit: .heNormal)], rng: &rng
            ).parameters[0].value.scalars
        }
        XCTAssertEqual(try weights(42), try weights(42))
        XCTAssertNotEqual(try weights(42), try weights(43))
    }

    func testBadInitParametersAreErrors() {
        var rng = RandomGenerator(seed: 1)
        XCTAssertThrowsError(
            try Network<Float>(
                inputs: 2, layers: [.dense(units: 3, weightInit: .normal(mean: 0, std: -1))],
                rng: &rng)
        ) {
            XCTAssertEqual(
                "\($0)",
                "dense(3): normal init needs a finite mean and a std ≥ 0 (got mean 0.0, std -1.0)")
        }
        XCTAssertThrowsError(
            try Network<Float>(
                inputs: 2, layers: [.dense(units: 3, weightInit: .uniform(low: 1, high: 0))],
                rng: &rng)
        ) {
            XCTAssertEqual(
                "\($0)", "dense(3): uniform init needs finite low ≤ high (got low 1.0, high 0.0)")
        }
    }
}
