import XCTest

@testable import GradEngine

/// Diagnosis as the engine reports it: findings and their layers, each layer's
/// health, remedies as values, and the saturation limits.
final class DiagnosisTests: XCTestCase {
    func spiral(seed: UInt64 = 16) throws -> Dataset<Float> {
        var rng = RandomGenerator(seed: seed)
        return try DataGenerator.spiral(points: 90, classes: 3, noise: 0.1, rng: &rng)
    }

    /// The findings of one pass of a fresh network over `data`.
    func diagnose(_ specs: [LayerSpec], _ data: Dataset<Float>, seed: UInt64 = 16) throws -> (
        DiagnosisReport, Network<Float>
    ) {
        var rng = RandomGenerator(seed: seed)
        let net = try Network<Float>(inputs: 2, layers: specs, rng: &rng)
        let stats = try net.inspect(data, rng: &rng)
        return (Diagnosis.pass(stats, network: net), net)
    }

    func testDeepSigmoidVanishesWithRemediesAsValues() throws {
        let specs = [LayerSpec](repeating: .dense(units: 16, activation: .sigmoid), count: 8)
        let (report, _) = try diagnose(specs + [.dense(units: 3)], spiral())
        XCTAssertEqual(report.names, ["vanishing"])
        let finding = try XCTUnwrap(report.findings.first)
        let hidden = (1...8).map { "dense_\($0)" }
        // The first layers, furthest from the loss, vanish.
        XCTAssertEqual(finding.layers.first, "dense_1")
        XCTAssertEqual(finding.layers, Array(hidden.prefix(finding.layers.count)))
        XCTAssertEqual(
            report.health.filter { !$0.isHealthy }.map(\.layer), finding.layers)
        XCTAssertEqual(
            finding.remedies,
            [
                .switchToReLU(
                    layers: LayerGroup(hidden, within: hidden + ["dense_9"]), activation: .sigmoid,
                    initScheme: .xavierUniform(gain: 1), suggestedActivation: .relu,
                    suggestedInit: .heNormal),
                .addBatchNorm, .addResidualBlocks,
                .useFewerLayers(hiddenLayers: 8, suggested: 2...3),
            ])
    }

    func testHealthIsWhatTheFindingsNameAndSkipsTheOutputLayer() throws {
        // ReLU with N(0, 1) weights: every layer's grad:data is above 1 at
        // initialization, the output layer's too; only hidden layers explode.
        let specs =
            [LayerSpec](
                repeating: .dense(
                    units: 64, activation: .relu, weightInit: .normal(mean: 0, std: 1)), count: 5)
            + [.dense(units: 3)]
        let (report, net) = try diagnose(specs, spiral())
        XCTAssertEqual(report.names, ["exploding"])
        XCTAssertEqual(report.health.map(\.layer), net.namedLayers.map(\.name))
        let exploding = try XCTUnwrap(report.findings.first { $0.kind == .exploding })
        XCTAssertFalse(exploding.layers.contains("dense_6"), "the output layer is not judged")
        for h in report.health {
            let named = report.findings.filter { $0.layers.contains(h.layer) }.map(\.kind)
            XCTAssertEqual(h.problems, named, h.layer)
        }
        XCTAssertEqual(report.health.last, LayerHealth(layer: "dense_6", problems: []))
        XCTAssertTrue(exploding.remedies.contains(.clipByNorm(threshold: 1)))
        XCTAssertTrue(
            exploding.remedies.contains(
                .lowerLearningRate(LearningRateChange(from: nil, factor: 10, to: nil))))
    }

    func testSaturationLimitsComeFromOneMargin() {
        XCTAssertEqual(DiagnosisThresholds.saturationMargin, 0.03)
        XCTAssertEqual(Activation.sigmoid.saturationLimits?.low, 0.03)
        XCTAssertEqual(Activation.sigmoid.saturationLimits?.high, 0.97)
        XCTAssertEqual(Activation.tanh.saturationLimits?.low, -0.97)
        XCTAssertEqual(Activation.tanh.saturationLimits?.high, 0.97)
        XCTAssertNil(Activation.relu.saturationLimits)
    }

    func testSaturationEvidenceStatesTheLimitsAndTheSlope() throws {
        let specs =
            [LayerSpec](
                repeating: .dense(
                    units: 32, activation: .tanh, weightInit: .normal(mean: 0, std: 1)), count: 4)
            + [.dense(units: 3)]
        let (report, _) = try diagnose(specs, spiral())
        let saturation = try XCTUnwrap(report.findings.first { $0.kind == .saturation })
        let line = try XCTUnwrap(saturation.evidence.first)
        XCTAssertTrue(
            line.hasSuffix(
                "of outputs saturated (|tanh| > 0.97), where the derivative is below 0.06"),
            line)

        let sigmoid =
            [LayerSpec](
                repeating: .dense(
                    units: 32, activation: .sigmoid, weightInit: .normal(mean: 0, std: 4)),
                count: 4) + [.dense(units: 3)]
        let (report2, _) = try diagnose(sigmoid, spiral())
        let line2 = try XCTUnwrap(
            report2.findings.first { $0.kind == .saturation }?.evidence.first)
        XCTAssertTrue(
            line2.hasSuffix(
                "of outputs saturated (sigmoid < 0.03 or > 0.97), where the derivative is below 0.03"
            ),
            line2)
    }

    func testRemediesFollowTheRunsSettings() throws {
        let relu = LayerSpec.dense(
            units: 8, activation: .relu, weightInit: .heNormal, biasInit: .constant(-3))
        var rng = RandomGenerator(seed: 1)
        let net = try Network<Float>(
            inputs: 2, layers: [relu, relu, .dense(units: 2)], rng: &rng)
        var profile = RunProfile(network: net)
        profile.learningRate = 0.5
        profile.optimizer = "sgd"
        profile.clipping = .value(2)
        let remedies = Remedies(profile: profile)
        let pair = LayerGroup(["dense_1", "dense_2"], within: ["dense_1", "dense_2", "dense_3"])
        XCTAssertEqual(
            remedies.deadReLUs(["dense_1", "dense_2"]),
            [
                .restartBiases(layers: pair, biasInit: .constant(-3), suggestedInit: .zeros),
                .keepNegativeGradient(
                    layers: pair, activation: .relu,
                    alternatives: [.leakyReLU(slope: 0.01), .elu(alpha: 1)]),
                .lowerLearningRate(LearningRateChange(from: 0.5, factor: 10, to: 0.05)),
            ])
        XCTAssertEqual(
            remedies.exploding(),
            [
                .clipByNormInsteadOfValue(threshold: 1, valueThreshold: 2),
                .lowerLearningRate(LearningRateChange(from: 0.5, factor: 10, to: 0.05)),
                .addBatchNorm, .addL2(strength: 1e-4),
            ])
        XCTAssertEqual(
            remedies.plateau(),
            [
                .lookAtOtherFindings,
                .raiseLearningRateOrUseAdam(
                    LearningRateChange(from: 0.5, factor: 10, to: 5), adamLearningRate: 1e-3),
            ])
    }

    func testLayerGroupsReadAsRangesOrLists() {
        let all = (1...9).map { "dense_\($0)" }
        XCTAssertEqual(LayerGroup(["dense_2"], within: all).phrase, "dense_2")
        XCTAssertEqual(
            LayerGroup(["dense_2", "dense_5"], within: all).phrase, "dense_2 and dense_5")
        XCTAssertEqual(
            LayerGroup(["dense_1", "dense_2", "dense_3"], within: all).phrase, "dense_1–dense_3")
        XCTAssertEqual(
            LayerGroup(["dense_1", "dense_3", "dense_4"], within: all).phrase,
            "dense_1, dense_3 and dense_4")
        XCTAssertEqual(LayerGroup([], within: all).phrase, "no layer")
    }
}
