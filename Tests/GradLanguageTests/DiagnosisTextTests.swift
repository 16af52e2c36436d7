import GradEngine
import XCTest

@testable import GradLanguage

/// Remedies and telemetry worded by the language: every remedy reads exactly
/// as the diagnosis reports, goldens and walkthroughs show it.
final class DiagnosisTextTests: XCTestCase {
    let all = (1...9).map { "dense_\($0)" }

    func group(_ names: [String]) -> LayerGroup { LayerGroup(names, within: all) }

    func testEveryRemedyReadsAsBefore() {
        let hidden = group(Array(all.prefix(8)))
        let cases: [(Remedy, String)] = [
            (
                .switchToReLU(
                    layers: hidden, activation: .sigmoid, initScheme: .xavierUniform(gain: 1),
                    suggestedActivation: .relu, suggestedInit: .heNormal),
                "dense_1–dense_8 use sigmoid with xavier_uniform: try relu with he_normal (the ReLU family passes gradients at full strength for positive inputs)"
            ),
            (
                .matchInit(
                    layers: group(["dense_1", "dense_2"]), activation: .relu,
                    initScheme: .normal(mean: 0, std: 1), suggestedInit: .heNormal),
                "dense_1 and dense_2 use relu with normal(mean: 0, std: 1): try he_normal, matched to relu so each layer keeps its signal's variance"
            ),
            (
                .addBatchNorm,
                "add batchnorm() after each hidden dense layer, so every layer sees inputs of mean 0 and variance 1"
            ),
            (
                .addResidualBlocks,
                "wrap pairs of hidden layers in residual { } blocks: the skip path carries the gradient past them unchanged"
            ),
            (
                .useFewerLayers(hiddenLayers: 8, suggested: 2...3),
                "use fewer layers: 8 hidden layers now; try 2 or 3"
            ),
            (
                .clipByNorm(threshold: 1),
                "clip the gradients: clip_norm: 1.0 rescales any step whose global gradient norm exceeds 1"
            ),
            (
                .clipByNormInsteadOfValue(threshold: 1, valueThreshold: 0.5),
                "clip by norm instead of by value: clip_norm: 1.0 (clip_value 0.5 lets the norm grow with the layer size)"
            ),
            (
                .lowerLearningRate(LearningRateChange(from: 0.1, factor: 10, to: 0.01)),
                "lower the learning rate: lr 0.1 → 0.01"
            ),
            (
                .lowerLearningRate(LearningRateChange(from: nil, factor: 10, to: nil)),
                "lower the learning rate (by 10x)"
            ),
            (
                .raiseLearningRate(LearningRateChange(from: 1e-4, factor: 10, to: 1e-3)),
                "raise the learning rate: lr 1e-4 → 1e-3"
            ),
            (
                .raiseLearningRate(LearningRateChange(from: nil, factor: 10, to: nil)),
                "raise the learning rate (by 10x)"
            ),
            (
                .raiseLearningRateOrUseAdam(
                    LearningRateChange(from: 0.01, factor: 10, to: 0.1), adamLearningRate: 1e-3),
                "if no other finding applies: raise the learning rate (lr 0.01 → 0.1) or use adam(lr: 1e-3)"
            ),
            (
                .addL2(strength: 1e-4),
                "add L2 weight regularization: l2: 1e-4 pulls the weights toward 0 every step"
            ),
            (
                .restartBiases(
                    layers: group(["dense_1", "dense_2", "dense_3", "dense_4"]),
                    biasInit: .constant(-5), suggestedInit: .zeros),
                "dense_1–dense_4 start their biases at constant(-5), which puts most inputs below 0: start them at zeros (the default)"
            ),
            (
                .keepNegativeGradient(
                    layers: group(["dense_8"]), activation: .relu,
                    alternatives: [.leakyReLU(slope: 0.01), .elu(alpha: 1)]),
                "dense_8 use relu: try leaky_relu or elu, which keep a gradient for negative inputs so units can recover"
            ),
            (
                .lookAtOtherFindings,
                "look at the other findings for the cause; a network that learns nothing from its inputs keeps predicting the average"
            ),
            (
                .makeClippingASafetyNet,
                "clipping now sets every step's size: lower the learning rate, or fix what makes the gradients large (init, normalization), so clipping is only a safety net"
            ),
        ]
        for (remedy, text) in cases {
            XCTAssertEqual(DiagnosisText.remedy(remedy), text)
        }
    }

    func testObservationsAreWordedInTheLanguage() {
        XCTAssertEqual(
            DiagnosisText.observation(
                .residualFlow(layer: "residual_1", ResidualFlow(skipNorm: 0.3, branchNorm: 0.1))),
            [
                "residual_1: 75% of the gradient reaching its input comes through the skip path (skip ‖g‖ 0.3, branch 0.1)"
            ])
        XCTAssertEqual(
            DiagnosisText.observation(
                .batchNormGap(BatchNormGap(layer: nil, trainNorm: 2, difference: 1))),
            [
                "the output: train-mode and eval-mode outputs differ by 50% on this data (‖y_train − y_eval‖ / ‖y_train‖)"
            ])
    }

    func testHealthMarksDrawTheEnginesJudgement() {
        XCTAssertEqual(HealthMark.gradient(nil).text, "✓")
        XCTAssertEqual(
            HealthMark.gradient(LayerHealth(layer: "d", problems: [.vanishing, .exploding])).text,
            "↑ exploding")
        XCTAssertEqual(
            HealthMark.gradient(LayerHealth(layer: "d", problems: [.vanishing, .deadReLU])).text,
            "↓ vanishing")
        XCTAssertEqual(
            HealthMark.gradient(LayerHealth(layer: "d", problems: [.deadReLU, .saturation])).text,
            "∅ dead")
        XCTAssertEqual(
            HealthMark.activation(LayerHealth(layer: "d", problems: [.deadReLU, .saturation])).text,
            "saturated")
        XCTAssertEqual(
            HealthMark.activationLegend(),
            "saturated: sigmoid outputs < 0.03 or > 0.97, |tanh| > 0.97; dead: ReLU units that are 0 for every sample"
        )
        // Other saturating activations only when the table shows them; relu adds nothing.
        XCTAssertEqual(
            HealthMark.activationLegend(shown: [
                .relu, .softsign, .hardSigmoid, .leakyReLU(slope: 0.2),
            ]),
            "saturated: sigmoid outputs < 0.03 or > 0.97, |tanh| > 0.97, |softsign| > 0.97, hard_sigmoid outputs < 0.03 or > 0.97; dead: ReLU units that are 0 for every sample"
        )
    }

    func testTheRemediesOfTheChecksBeforeTrainingRead() {
        let cases: [(Remedy, String)] = [
            (
                .useLinearOutput(
                    layer: "dense_3", activation: .relu, separateLayer: false,
                    loss: "cross_entropy",
                    expected: .logits(squashedBy: .softmax)),
                "drop act: relu from the output layer dense_3, so the model outputs raw scores (logits): cross_entropy applies softmax itself"
            ),
            (
                .useLinearOutput(
                    layer: "sigmoid_1", activation: .sigmoid, separateLayer: true, loss: "bce",
                    expected: .logits(squashedBy: .sigmoid)),
                "remove sigmoid_1 (sigmoid) after the output layer, so the model outputs raw scores (logits): bce applies sigmoid itself"
            ),
            (
                .useLinearOutput(
                    layer: "dense_2", activation: .tanh, separateLayer: false, loss: "mse",
                    expected: .values),
                "drop act: tanh from the output layer dense_2, so the outputs can reach the targets (or scale the targets into tanh's range)"
            ),
            (
                .useLinearOutput(
                    layer: "dense_2", activation: .relu, separateLayer: false,
                    loss: "bce(from_logits: false)", expected: .probabilities(squashedBy: .sigmoid)),
                "make the outputs probabilities the way bce(from_logits: false) expects: drop act: relu from the output layer dense_2 and end the model with sigmoid; or keep raw scores and use bce(), which applies sigmoid itself"
            ),
            (
                .useLinearOutput(
                    layer: "dense_3", activation: .identity, separateLayer: false,
                    loss: "cross_entropy(from_logits: false)",
                    expected: .probabilities(squashedBy: .softmax)),
                "make the outputs probabilities the way cross_entropy(from_logits: false) expects: give the output layer dense_3 act: softmax; or keep raw scores and use cross_entropy(), which applies softmax itself"
            ),
            (
                .oneOutputPerClass(classes: 3),
                "give the output layer one unit per class, dense(3), and train on the targets as class labels with cross_entropy (csv(..., classes: 3) reads the target column as labels)"
            ),
            (
                .standardizeInputs(columns: ["glucose", "insulin", "age", "bmi"]),
                "standardize the inputs (glucose, insulin, age, ...): start the model with batchnorm(), which rescales each column to mean 0 and std 1, or write each column as (x − mean) / std before loading the data"
            ),
            (
                .standardizeTargets(mean: 1870, std: 382),
                "standardize the targets before loading them, (y − 1.87e3) / 382, and read the predictions back as ŷ × 382 + 1.87e3"
            ),
            (
                .rescaleTargets(loss: "bce", low: 0, high: 1, alternative: "mse"),
                "bce needs targets in [0, 1]: rescale them into it, or use mse for real-valued targets"
            ),
            (
                .useUsualLearningRate(optimizer: "adam", from: 0.5, to: 1e-3),
                "use adam's usual rate: adam(lr: 1e-3) instead of lr 0.5"
            ),
            (
                .breakSymmetry(
                    layers: group(["dense_1", "dense_2"]), initScheme: .zeros,
                    suggestedInit: .xavierUniform(gain: 1)),
                "dense_1 and dense_2 start with zeros: use a random init, xavier_uniform, so the units start different and can learn different features"
            ),
        ]
        for (remedy, text) in cases {
            XCTAssertEqual(DiagnosisText.remedy(remedy), text)
        }
    }

    /// The largest values before a non-finite stop: one column per step, the
    /// failed one last, a dash where it did not get, the layer named once.
    func testTheTrailIsATableOfSteps() {
        let trail = MagnitudeTrail(
            steps: [3, 4, 5],
            rows: [
                .init(layer: "dense_1", quantity: .weights, values: [1.5, 2400, nil]),
                .init(layer: "dense_1", quantity: .outputs, values: [3, 5e9, .infinity]),
                .init(layer: "dense_1", quantity: .gradients, values: [0.25, 1e12, .nan]),
                .init(layer: "relu_1", quantity: .outputs, values: [2, 3, .infinity]),
            ])
        XCTAssertEqual(
            DiagnosisText.trail(trail),
            [
                "  largest |value| per layer over steps 3–4 and the failed step 5 (weights after each step's update):",
                "    layer    value      step 3    step 4    step 5",
                "    dense_1  weights    1.5       2.4e3     —",
                "             outputs    3         5e9       inf",
                "             gradients  0.25      1e12      nan",
                "    relu_1   outputs    2         3         inf",
            ])
    }
}
