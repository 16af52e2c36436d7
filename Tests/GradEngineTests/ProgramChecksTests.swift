import XCTest

@testable import GradEngine

/// The checks before training (`Diagnosis.program`): each finding fires on the
/// program it describes and stays quiet on its sound neighbours, and the facts
/// the rules read (activation ranges, init gains, optimizer scales) agree with
/// the maths they state.
final class ProgramChecksTests: XCTestCase {
    func spiral(seed: UInt64 = 1) throws -> Dataset<Float> {
        var rng = RandomGenerator(seed: seed)
        return try DataGenerator.spiral(points: 90, classes: 3, noise: 0.1, rng: &rng)
    }

    func network(_ specs: [LayerSpec], inputs: Int = 2, seed: UInt64 = 1) throws -> Network<Float> {
        var rng = RandomGenerator(seed: seed)
        return try Network<Float>(inputs: inputs, layers: specs, rng: &rng)
    }

    /// A regression dataset with columns `x` and one target column `y`.
    func regression(_ x: [[Float]], _ y: [Float], names: [String]? = nil) throws -> Dataset<Float> {
        try Dataset(
            x: try Tensor(x), targets: .values(try Tensor(y.map { [$0] })), featureNames: names)
    }

    func findings(
        _ net: Network<Float>, _ data: Dataset<Float>, loss: Loss? = nil,
        optimizer: Optimizer<Float>.Kind? = nil, thresholds: DiagnosisThresholds = .init()
    ) -> [Finding] {
        Diagnosis.program(
            network: net, data: data, loss: loss ?? Loss.defaultFor(data), optimizer: optimizer,
            thresholds: thresholds)
    }

    let hidden = LayerSpec.dense(units: 16, activation: .relu, weightInit: .heNormal)

    // MARK: - output_activation

    func testAnOutputActivationThatConfinesLogitsFightsCrossEntropy() throws {
        let data = try spiral()
        for a in Activation.allDefaults {
            let net = try network([hidden, .dense(units: 3, activation: a)])
            let found = findings(net, data).map(\.kind)
            XCTAssertEqual(
                found.contains(.outputActivation), !a.coversTheRealLine,
                "\(a.name) before cross_entropy")
        }
        // As an activation layer of its own, the remedy names that layer.
        let net = try network([hidden, .dense(units: 3), .activation(.sigmoid)])
        let f = try XCTUnwrap(findings(net, data).first { $0.kind == .outputActivation })
        XCTAssertEqual(f.layers, ["sigmoid_1"])
        XCTAssertEqual(
            f.remedies,
            [
                .useLinearOutput(
                    layer: "sigmoid_1", activation: .sigmoid, separateLayer: true,
                    loss: "cross_entropy", expected: .logits(squashedBy: .softmax))
            ])
        // Logits in (0, 1) for 3 classes: at most e/(e + 2) = 0.576 for any class.
        XCTAssertTrue(
            f.evidence[0].contains("squashed twice (sigmoid, then softmax)"), f.evidence[0])
        XCTAssertTrue(f.evidence[1].contains("above 0.576"), f.evidence[1])
    }

    func testReluBeforeBCENeverPredictsClassZero() throws {
        var rng = RandomGenerator(seed: 2)
        let data = try DataGenerator.moons(points: 60, noise: 0.1, rng: &rng) as Dataset<Float>
        let net = try network([hidden, .dense(units: 1, activation: .relu)])
        let f = try XCTUnwrap(
            findings(net, data, loss: .binaryCrossEntropy()).first { $0.kind == .outputActivation })
        XCTAssertTrue(f.evidence[1].contains("class 0 can never be predicted"), f.evidence[1])
        let linear = try network([hidden, .dense(units: 1)])
        XCTAssertEqual(findings(linear, data, loss: .binaryCrossEntropy()).map(\.kind), [])
    }

    func testABoundedOutputMustReachTheRegressionTargets() throws {
        let x: [[Float]] = (0..<40).map { [Float($0) / 20 - 1] }
        let inside = try regression(x, x.map { 0.9 * $0[0] })
        let outside = try regression(x, x.map { 3 * $0[0] })
        let tanh = try network([hidden, .dense(units: 1, activation: .tanh)], inputs: 1)
        XCTAssertEqual(findings(tanh, inside).map(\.kind), [])
        XCTAssertEqual(findings(tanh, outside).map(\.kind), [.outputActivation])
        // Noise just past a bound is not a mismatch: ±1.05 against tanh's ±1.
        let noisy = try regression(x, x.map { 1.05 * $0[0] })
        XCTAssertEqual(findings(tanh, noisy).map(\.kind), [])
        // ReLU cannot output the negative half.
        let relu = try network([hidden, .dense(units: 1, activation: .relu)], inputs: 1)
        XCTAssertEqual(findings(relu, inside).map(\.kind), [.outputActivation])
    }

    func testOneSigmoidOutputForSeveralClassCodes() throws {
        let x: [[Float]] = (0..<30).map { [Float($0 % 3), 0] }
        let codes = try regression(x, x.map { $0[0] })
        let net = try network([hidden, .dense(units: 1, activation: .sigmoid)])
        let found = findings(net, codes, loss: .binaryCrossEntropy())
        // One finding for one cause: not also bce's [0, 1] target range.
        XCTAssertEqual(found.map(\.kind), [.outputActivation])
        XCTAssertEqual(found.first?.remedies, [.oneOutputPerClass(classes: 3)])
    }

    // MARK: - target_range

    func testTargetsOutsideWhatTheLossAcceptsOrFarFromUnitScale() throws {
        let x: [[Float]] = (0..<40).map { [Float($0) / 20 - 1] }
        let linear = try network([hidden, .dense(units: 1)], inputs: 1)
        let doses = try regression(x, x.map { 2.5 + 2 * $0[0] })
        XCTAssertEqual(
            findings(linear, doses, loss: .binaryCrossEntropy()).map(\.kind), [.targetRange])
        let prices = try regression(x, x.map { 2000 + 500 * $0[0] })
        let f = try XCTUnwrap(findings(linear, prices).first)
        XCTAssertEqual(f.kind, .targetRange)
        guard case .standardizeTargets(let mean, let std)? = f.remedies.first else {
            return XCTFail("expected standardizeTargets, got \(f.remedies)")
        }
        // x runs from −1 to 0.95 in steps of 0.05: mean −0.025, std 0.05·√((40² − 1)/12).
        XCTAssertEqual(mean, 2000 - 500 * 0.025, accuracy: 0.01)
        XCTAssertEqual(std, 500 * 0.05 * (Double(40 * 40 - 1) / 12).squareRoot(), accuracy: 0.01)
        // Targets of a few tens train (Boston housing's prices average 22.5).
        XCTAssertEqual(
            findings(linear, try regression(x, x.map { 22 + 9 * $0[0] })).map(\.kind), [])
        // Unit-scale targets are fine, and so is bce on 0/1 values.
        XCTAssertEqual(findings(linear, try regression(x, x.map { $0[0] })).map(\.kind), [])
        let zeroOne = try regression(x, x.map { $0[0] > 0 ? 1 : 0 })
        XCTAssertEqual(findings(linear, zeroOne, loss: .binaryCrossEntropy()).map(\.kind), [])
    }

    // MARK: - unscaled_inputs

    func testUnscaledColumnsAreNamedLargestFirst() throws {
        let rows: [[Float]] = (0..<50).map { i in
            let t = Float(i) / 49
            return [t, 100 + 30 * t, 40 * t, 0.5]
        }
        let data = try Dataset(
            x: try Tensor(rows), targets: .classes((0..<50).map { $0 % 2 }, count: 2),
            featureNames: ["small", "glucose", "age", "constant"])
        let net = try network([hidden, .dense(units: 2)], inputs: 4)
        let f = try XCTUnwrap(findings(net, data).first)
        XCTAssertEqual(f.kind, .unscaledInputs)
        XCTAssertEqual(f.remedies, [.standardizeInputs(columns: ["glucose", "age"])])
        XCTAssertTrue(f.evidence[0].hasPrefix("2 of the 4 input columns"), f.evidence[0])
        // A batch norm first standardizes them itself; a higher threshold accepts them.
        let normalized = try network([.batchNorm(), hidden, .dense(units: 2)], inputs: 4)
        XCTAssertEqual(findings(normalized, data).map(\.kind), [])
        var t = DiagnosisThresholds()
        t.unscaled = 200
        XCTAssertEqual(findings(net, data, thresholds: t).map(\.kind), [])
    }

    // MARK: - learning_rate

    func testLearningRatesOutsideTheirOptimizersUsualRange() throws {
        let data = try spiral()
        let net = try network([hidden, .dense(units: 3)])
        func flagged(_ o: Optimizer<Float>.Kind) -> Bool {
            findings(net, data, optimizer: o).contains { $0.kind == .learningRate }
        }
        XCTAssertTrue(flagged(.sgd(lr: 3)))
        XCTAssertTrue(flagged(.sgd(lr: 1e-7)))
        XCTAssertFalse(flagged(.sgd(lr: 1)))
        XCTAssertFalse(flagged(.sgd(lr: 0.1, momentum: 0.9)))
        XCTAssertFalse(flagged(.sgd(lr: 1e-5)))
        XCTAssertTrue(flagged(.adam(lr: 0.5)))
        XCTAssertTrue(flagged(.adamW(lr: 1e-7)))
        XCTAssertTrue(flagged(.rmsprop(lr: 0.2)))
        XCTAssertFalse(flagged(.adam()))
        XCTAssertFalse(flagged(.rmsprop()))
        // No optimizer chosen yet: nothing to judge.
        XCTAssertEqual(findings(net, data).map(\.kind), [])
        let f = try XCTUnwrap(findings(net, data, optimizer: .sgd(lr: 3)).first)
        XCTAssertEqual(f.remedies, [.useUsualLearningRate(optimizer: "sgd", from: 3, to: 0.1)])
        var t = DiagnosisThresholds()
        t.sgdLearningRateHigh = 5
        XCTAssertEqual(findings(net, data, optimizer: .sgd(lr: 3), thresholds: t).map(\.kind), [])
    }

    /// With gradients measured, SGD's rate is judged by its first step, lr ×
    /// std(∇W)/std(W): the same lr 3 is too large for large gradients and
    /// fine for small ones (Nielsen's sigmoid network trains at lr 3), and the
    /// remedy is the power of ten that makes that step a tenth of the weights.
    func testSGDsRateIsJudgedByTheStepItMakes() throws {
        let data = try spiral()
        func judged(_ net: Network<Float>, _ o: Optimizer<Float>.Kind, clipping: Clipping? = nil)
            throws -> Finding?
        {
            var rng = RandomGenerator(seed: 1)
            let stats = try net.inspect(data, rng: &rng)
            return Diagnosis.program(
                network: net, data: data, loss: Loss.defaultFor(data), optimizer: o,
                gradients: stats, clipping: clipping
            ).first { $0.kind == .learningRate }
        }
        // std-1 weights on a linear network: gradients many times the weights.
        let large = try network([
            .dense(units: 16, weightInit: .normal(mean: 0, std: 1)),
            .dense(units: 3, weightInit: .normal(mean: 0, std: 1)),
        ])
        let small = try network([
            .dense(units: 16, activation: .sigmoid, weightInit: .normal(mean: 0, std: 1)),
            .dense(units: 3, weightInit: .normal(mean: 0, std: 1)),
        ])
        func largestRatio(_ net: Network<Float>) throws -> Double {
            var rng = RandomGenerator(seed: 1)
            return try XCTUnwrap(net.inspect(data, rng: &rng).compactMap(\.gradToData).max())
        }
        let ratio = try largestRatio(large)
        // Just above and just below a first step of sgd_step_high × the weights.
        let high = DiagnosisThresholds().sgdStepHigh
        XCTAssertEqual(high, 5)
        let f = try XCTUnwrap(judged(large, .sgd(lr: 1.2 * high / ratio)))
        XCTAssertTrue(f.evidence[0].contains("above 5×"), f.evidence[0])
        guard case .scaleRateToGradients(_, let from, let to, _)? = f.remedies.first else {
            return XCTFail("\(f.remedies)")
        }
        XCTAssertEqual(from, 1.2 * high / ratio)
        XCTAssertEqual(log10(to), log10(0.1 / ratio).rounded(), accuracy: 1e-9)
        XCTAssertNil(try judged(large, .sgd(lr: 0.8 * high / ratio)))
        // One rate, two networks: the one with the larger gradients is flagged.
        let other = try largestRatio(small)
        XCTAssertNotEqual(ratio, other)
        let lr = high / (ratio * other).squareRoot()
        XCTAssertEqual(try judged(large, .sgd(lr: lr)) != nil, ratio > other)
        XCTAssertEqual(try judged(small, .sgd(lr: lr)) != nil, other > ratio)
        // Clipping bounds the step: clip_norm scales the gradients by
        // min(1, c / the global norm), clip_value caps each element.
        let tooLarge = Optimizer<Float>.Kind.sgd(lr: 1.2 * high / ratio)
        XCTAssertNil(try judged(large, tooLarge, clipping: .norm(1e-3)))
        XCTAssertNil(try judged(large, tooLarge, clipping: .value(1e-6)))
        let unclipped = try XCTUnwrap(judged(large, tooLarge, clipping: .norm(1e6)))
        XCTAssertTrue(unclipped.evidence[0].contains("after clipping"), unclipped.evidence[0])
        // Momentum μ grows the step 1/(1 − μ).
        XCTAssertNil(try judged(small, .sgd(lr: 0.5)))
        XCTAssertNotNil(try judged(large, .sgd(lr: 0.5 / ratio, momentum: 0.9)))
        // Far too small a step: a millionth of the weights.
        let tiny = try XCTUnwrap(judged(small, .sgd(lr: 1e-9)))
        XCTAssertTrue(tiny.evidence[0].contains("below 1e-06"), tiny.evidence[0])
        // Adaptive optimizers keep the range: their step is about lr whatever the gradient.
        XCTAssertNil(try judged(large, .adam()))
    }

    /// Every optimizer's usual rate lies inside its own usual range.
    func testEveryOptimizersUsualRateIsInItsRange() {
        let t = DiagnosisThresholds()
        let kinds: [Optimizer<Float>.Kind] = [
            .sgd(lr: 0.1), .adam(), .adamW(), .rmsprop(), .adagrad(), .adadelta(), .adamax(),
            .nadam(),
        ]
        for k in kinds {
            let (low, high) = k.learningRateScale.usualRange(t)
            XCTAssertTrue((low...high).contains(k.usualLearningRate), k.name)
        }
        // Adadelta's rate is a multiplier: its default 1 is usual, TF 2's 0.001 is not.
        XCTAssertEqual(Optimizer<Float>.Kind.adadelta().learningRateScale, .multiplier)
        XCTAssertEqual(Optimizer<Float>.Kind.adadelta().learningRateScale.usualRange(t).low, 0.01)
    }

    // MARK: - poor_init

    func testUnitsThatCanNeverBecomeDifferent() throws {
        let data = try spiral()
        let zeros = try network([
            .dense(units: 16, activation: .tanh, weightInit: .zeros),
            .dense(units: 16, activation: .tanh, weightInit: .zeros),
            .dense(units: 3, weightInit: .zeros),
        ])
        let f = try XCTUnwrap(findings(zeros, data).first)
        XCTAssertEqual(f.kind, .poorInit)
        // The output layer's units are told apart by the targets.
        XCTAssertEqual(f.layers, ["dense_1", "dense_2"])
        // ReLU at 0 passes no gradient: zero weights never start.
        let stuck = try network([
            .dense(units: 16, activation: .relu, weightInit: .zeros), .dense(units: 3),
        ])
        XCTAssertEqual(findings(stuck, data).first?.layers, ["dense_1"])
        // Identical tanh units read by random weights separate: not a problem.
        let separable = try network([
            .dense(units: 16, activation: .tanh, weightInit: .constant(0.1)), .dense(units: 3),
        ])
        XCTAssertEqual(findings(separable, data).map(\.kind), [])
        // A residual branch that starts at zero is the identity on purpose.
        let residual = try network([
            hidden,
            .residual([hidden, .dense(units: 16, weightInit: .zeros)]),
            .dense(units: 3),
        ])
        XCTAssertEqual(findings(residual, data).map(\.kind), [])
    }

    func testWeightsFarFromTheScaleTheirActivationNeeds() throws {
        let data = try spiral()
        let large = LayerSpec.dense(
            units: 64, activation: .relu, weightInit: .normal(mean: 0, std: 1))
        let f = try XCTUnwrap(
            findings(try network([large, large, large, .dense(units: 3)]), data).first)
        XCTAssertEqual(f.kind, .poorInit)
        // The first layer, 2 → 64, may have weights up to √(2/2) = 1: it is fine.
        XCTAssertEqual(f.layers, ["dense_2", "dense_3"])
        XCTAssertEqual(
            f.remedies,
            [
                .matchInit(
                    layers: LayerGroup(
                        ["dense_2", "dense_3"], within: (1...4).map { "dense_\($0)" }),
                    activation: .relu, initScheme: .normal(mean: 0, std: 1),
                    suggestedInit: .heNormal)
            ])
        let tiny = LayerSpec.dense(
            units: 32, activation: .relu, weightInit: .normal(mean: 0, std: 0.01))
        XCTAssertEqual(
            findings(try network([tiny, tiny, .dense(units: 3)]), data).first?.kind, .poorInit)
        // A batch norm after the layer rescales it whatever its scale.
        let normalized = try network([
            .dense(units: 64, weightInit: .normal(mean: 0, std: 1)), .batchNorm(),
            .activation(.relu), .dense(units: 64, weightInit: .normal(mean: 0, std: 1)),
            .batchNorm(), .activation(.relu), .dense(units: 3),
        ])
        XCTAssertEqual(findings(normalized, data).map(\.kind), [])
    }

    /// The inits in use (the matched one, Keras's Xavier default, torch's
    /// nn.Linear default U(±1/√fan_in)) are within the thresholds for every
    /// activation and shape, and their drawn scale is what `meanSquare` says.
    func testTheInitsInUseAreNotPoor() throws {
        let data = try spiral()
        for a in Activation.allDefaults {
            for (width, depth) in [(4, 2), (32, 3), (256, 2)] {
                for scheme in [a.matchedInit, .xavierUniform(gain: 1), .lecunUniform] {
                    let specs =
                        [LayerSpec](
                            repeating: .dense(units: width, activation: a, weightInit: scheme),
                            count: depth) + [.dense(units: 3)]
                    let net = try network(specs)
                    XCTAssertEqual(
                        findings(net, data).map(\.kind), [],
                        "\(a.name) with \(scheme.name), \(depth) layers of \(width)")
                    // Sampled from enough weights to compare with the expected scale.
                    guard width >= 32 else { continue }
                    let w = try XCTUnwrap(net.namedLayers[1].mainParameter).value.summary()
                    let drawn = scheme.meanSquare(fanIn: width, fanOut: width)
                    XCTAssertEqual(
                        w.sumOfSquares / Double(w.count), drawn, accuracy: drawn * 0.25,
                        "\(scheme.name) at \(width)")
                }
            }
        }
    }

    /// Weights moved away from their init (trained, or loaded) are not judged by
    /// their init's scale.
    func testOnlyWeightsStillAtTheirInitAreJudged() throws {
        let data = try spiral()
        let net = try network([hidden, .dense(units: 16, activation: .relu), .dense(units: 3)])
        let w = try XCTUnwrap(net.namedLayers[1].mainParameter).value
        for i in 0..<w.count { w.base[i] *= 10 }
        XCTAssertEqual(findings(net, data).map(\.kind), [])
    }

    // MARK: - facts

    /// Each activation's stated output range holds its outputs over a wide grid
    /// of inputs, and its finite bounds are approached (softsign's only far
    /// out, hence ±1e5; softmax's over a row of two, [x, 0]).
    func testOutputRangesAreTheActivationsOwn() throws {
        let grid = stride(from: -30.0, through: 30.0, by: 0.01).map { Float($0) } + [-1e5, 1e5]
        let input = try Tensor<Float>(grid.map { [$0] })
        let pairs = try Tensor<Float>(grid.map { [$0, 0] })
        for a in Activation.allDefaults + [.leakyReLU(slope: 0.2), .elu(alpha: 0.5)] {
            let row = a == .softmax
            let net = try network([.activation(a)], inputs: row ? 2 : 1)
            let y = try net.predict(row ? pairs : input).rowArrays.map { Double($0[0]) }
            let (low, high) = a.outputRange
            let (ymin, ymax) = (y.min() ?? 0, y.max() ?? 0)
            XCTAssertGreaterThanOrEqual(ymin, low - 1e-4, a.name)
            XCTAssertLessThanOrEqual(ymax, high + 1e-4, a.name)
            if low.isFinite {
                XCTAssertEqual(ymin, low, accuracy: 1e-3, "\(a.name) approaches its low")
            }
            if high.isFinite {
                XCTAssertEqual(ymax, high, accuracy: 1e-3, "\(a.name) approaches its high")
            }
            if !low.isFinite { XCTAssertLessThan(ymin, -0.1, "\(a.name) goes below any bound") }
            if !high.isFinite { XCTAssertGreaterThan(ymax, 10, a.name) }
            XCTAssertTrue(a.initGainSquared.lowerBound > 0, a.name)
        }
    }

    func testEveryLossStatesWhatItExpects() {
        XCTAssertEqual(Loss.mse.expectedInput, .values)
        XCTAssertEqual(Loss.mae.expectedInput, .values)
        XCTAssertEqual(Loss.crossEntropy().expectedInput, .logits(squashedBy: .softmax))
        XCTAssertEqual(Loss.binaryCrossEntropy().expectedInput, .logits(squashedBy: .sigmoid))
        XCTAssertEqual(
            Loss.crossEntropy(fromLogits: false).expectedInput, .probabilities(squashedBy: .softmax)
        )
        XCTAssertEqual(
            Loss.binaryCrossEntropy(fromLogits: false).expectedInput,
            .probabilities(squashedBy: .sigmoid))
    }

    /// The kinds found before training are exactly the program checks.
    func testProgramKindsAreMarkedAsSuch() {
        let program = Finding.Kind.allCases.filter(\.isProgramCheck).map(\.rawValue)
        XCTAssertEqual(
            program,
            ["output_activation", "target_range", "unscaled_inputs", "learning_rate", "poor_init"])
    }

    // MARK: - in a run

    /// `train` runs the checks before its first step, reports them first, keeps
    /// them in the history, and `Diagnosis.run` reports them with the rest.
    func testTrainReportsTheChecksBeforeItsFirstStep() throws {
        let data = try spiral()
        let net = try network([hidden, .dense(units: 3, activation: .relu)])
        let trainer = try Trainer(network: net, optimizer: Optimizer(.sgd(lr: 300)))
        var options = TrainingOptions<Float>()
        options.epochs = 1
        var rng = RandomGenerator(seed: 3)
        var events: [String] = []
        let h = try trainer.train(
            data, options: options, rng: &rng, liveChecks: .init(), programChecks: .init()
        ) { e in
            switch e {
            case .finding(let f):
                events.append(f.step == nil ? f.kind.rawValue : "live \(f.kind.rawValue)")
            case .stepFinished: if events.last != "step" { events.append("step") }
            case .epochFinished: break
            }
        }
        // The divergence check (lr × λ_max) speaks before step 1 too, after these.
        XCTAssertEqual(
            Array(events.prefix(4)),
            ["output_activation", "learning_rate", "divergence_risk", "step"])
        XCTAssertFalse(events.contains("live output_activation"), "announced once, before training")
        XCTAssertEqual(h.programFindings.map(\.kind), [.outputActivation, .learningRate])
        let names = Diagnosis.run(h, network: net).names
        XCTAssertEqual(Array(names.prefix(2)), ["output_activation", "learning_rate"])
        XCTAssertFalse(names.contains("healthy"))
        // Without programChecks, nothing is checked or recorded.
        let quiet = try trainer.train(data, options: options, rng: &rng)
        XCTAssertEqual(quiet.programFindings.map(\.kind), [])
    }
}
