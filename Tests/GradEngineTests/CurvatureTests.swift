import XCTest

@testable import GradEngine

/// λ_max by power iteration (`CurvatureProbe`) against closed forms, the
/// stability bounds against the optimizer's own steps, and the
/// `divergence_risk` check during `train`. The comparison with PyTorch's exact
/// Hessian is in `TorchParityTests.testCurvature`.
final class CurvatureTests: XCTestCase {
    /// One input column and its targets: a linear model y = w·x + b under mse
    /// has the constant Hessian (2/n)·[[Σx², Σx], [Σx, n]].
    func line(_ xs: [Double], _ ys: [Double]) throws -> Dataset<Float> {
        try Dataset(
            x: try Tensor<Float>(rows: xs.count, columns: 1, values: xs.map(Float.init)),
            targets: .values(
                try Tensor<Float>(rows: ys.count, columns: 1, values: ys.map(Float.init))))
    }

    let xs: [Double] = [-1.5, -0.5, 0.25, 1, 2, 3]
    let ys: [Double] = [0.2, -0.3, 0.1, 0.4, -0.2, 0.3]

    /// The closed form's largest eigenvalue.
    var exactLambda: Double {
        let n = Double(xs.count)
        let a = 2 / n * xs.reduce(0) { $0 + $1 * $1 }
        let b = 2 / n * xs.reduce(0, +)
        let d = 2.0
        return (a + d) / 2 + (((a - d) / 2) * ((a - d) / 2) + b * b).squareRoot()
    }

    func linearModel() throws -> Network<Float> {
        var rng = RandomGenerator(seed: 5)
        return try Network<Float>(inputs: 1, layers: [.dense(units: 1)], rng: &rng)
    }

    func testALinearModelsLambdaIsTheClosedForms() throws {
        let net = try linearModel()
        let probe = try CurvatureProbe(network: net, data: try line(xs, ys), loss: .mse)
        let c = try probe.estimate(at: net, iterations: 50, tolerance: 1e-6)
        XCTAssertEqual(c.lambdaMax, exactLambda, accuracy: 1e-5 * exactLambda)
        XCTAssertEqual(c.samples, 6)
        XCTAssertLessThan(c.relativeChange, 1e-6)
        XCTAssertLessThanOrEqual(c.iterations, 50)
    }

    func testL2AddsTwiceItsStrengthAlongTheWeights() throws {
        // One weight, no bias: L = mean((w·x − y)²) + λ₂w², so H = 2Σx²/n + 2λ₂.
        var rng = RandomGenerator(seed: 5)
        let net = try Network<Float>(
            inputs: 1, layers: [.dense(units: 1, bias: false)], rng: &rng)
        let probe = try CurvatureProbe(network: net, data: try line(xs, ys), loss: .mse, l2: 0.25)
        let c = try probe.estimate(at: net, iterations: 5)
        let expected = 2 * xs.reduce(0) { $0 + $1 * $1 } / Double(xs.count) + 0.5
        XCTAssertEqual(c.lambdaMax, expected, accuracy: 1e-5 * expected)
    }

    func testALaterEstimateStartsFromTheDirectionFoundBefore() throws {
        let data = try line(xs, ys)
        var rng = RandomGenerator(seed: 3)
        let net = try Network<Float>(
            inputs: 1, layers: [.dense(units: 8, activation: .tanh), .dense(units: 1)], rng: &rng)
        let probe = try CurvatureProbe(network: net, data: data, loss: .mse)
        let cold = try probe.estimate(at: net, iterations: 200, tolerance: 1e-5)
        let warm = try probe.estimate(at: net, iterations: 200, tolerance: 1e-5)
        XCTAssertEqual(warm.lambdaMax, cold.lambdaMax, accuracy: 1e-4 * abs(cold.lambdaMax))
        XCTAssertLessThan(warm.iterations, cold.iterations)
        XCTAssertLessThanOrEqual(warm.iterations, 3)
    }

    func testOnAQuadraticTheStepsReachChangesNothing() throws {
        let net = try linearModel()
        let probe = try CurvatureProbe(network: net, data: try line(xs, ys), loss: .mse)
        let c = try probe.estimate(
            at: net, iterations: 50, tolerance: 1e-6, reach: .step(learningRate: 0.3, clipNorm: nil)
        )
        XCTAssertEqual(c.lambdaMax, exactLambda, accuracy: 1e-5 * exactLambda)
    }

    /// Deep tanh layers with std-1 weights and a sample at the origin: at the
    /// weights themselves every unit of that sample sits at tanh's linear
    /// point, eight gains of about 8 compound, and the Hessian is enormous in
    /// a sliver of weight space that any real step leaves at once. Over one
    /// step's length the curvature is orders of magnitude smaller.
    func testOverOneStepASliverOfSharpCurvatureAveragesAway() throws {
        var rng = RandomGenerator(seed: 3)
        let x = try Tensor<Float>(rows: 40, columns: 2)
        x.fill { rng.normal() }
        x[0, 0] = 0
        x[0, 1] = 0
        let data = try Dataset(x: x, targets: .classes((0..<40).map { $0 % 3 }, count: 3))
        let layers: [LayerSpec] =
            Array(
                repeating: .dense(
                    units: 32, activation: .tanh, weightInit: .normal(mean: 0, std: 1)),
                count: 6) + [.dense(units: 3)]
        let net = try Network<Float>(inputs: 2, layers: layers, rng: &rng)
        let exact = try CurvatureProbe(network: net, data: data, loss: .crossEntropy())
            .estimate(at: net, iterations: 30, tolerance: 1e-4)
        let overStep = try CurvatureProbe(network: net, data: data, loss: .crossEntropy())
            .estimate(
                at: net, iterations: 30, tolerance: 1e-4,
                reach: .step(learningRate: 0.01, clipNorm: nil))
        XCTAssertGreaterThan(exact.lambdaMax, 100 * overStep.lambdaMax, "\(exact) \(overStep)")
    }

    func testScaleInvariantParametersAreTheDenseLayersFeedingABatchNorm() throws {
        var rng = RandomGenerator(seed: 1)
        let net = try Network<Float>(
            inputs: 3,
            layers: [
                .dense(units: 4, activation: .relu), .batchNorm(),
                .dense(units: 4, activation: .tanh), .batchNorm(),
                .dense(units: 4), .activation(.leakyReLU(slope: 0.1)), .dropout(rate: 0.1),
                .batchNorm(),
                .residual([.dense(units: 4), .batchNorm(), .dense(units: 4)]),
                .dense(units: 2),
            ], rng: &rng)
        let flags = zip(net.parameters, net.scaleInvariantParameters).map { p, invariant in
            "\(net.layerName(owning: p) ?? "?").\(p.role.rawValue)\(invariant ? " invariant" : "")"
        }
        XCTAssertEqual(
            flags,
            [
                "dense_1.weight invariant", "dense_1.bias invariant", "batchnorm_1.gamma",
                "batchnorm_1.beta", "dense_2.weight", "dense_2.bias", "batchnorm_2.gamma",
                "batchnorm_2.beta", "dense_3.weight invariant", "dense_3.bias invariant",
                "batchnorm_3.gamma", "batchnorm_3.beta", "dense_4.weight invariant",
                "dense_4.bias invariant", "batchnorm_4.gamma", "batchnorm_4.beta",
                "dense_5.weight", "dense_5.bias", "dense_6.weight", "dense_6.bias",
            ])
    }

    func testTheProbeLeavesTheWeightsAsTheyWere() throws {
        let net = try linearModel()
        let before = net.parameters.map(\.value.scalars)
        let probe = try CurvatureProbe(network: net, data: try line(xs, ys), loss: .mse)
        _ = try probe.estimate(at: net, iterations: 10)
        XCTAssertEqual(net.parameters.map(\.value.scalars), before)
    }

    func testRefusals() throws {
        let net = try linearModel()
        let probe = try CurvatureProbe(network: net, data: try line(xs, ys), loss: .mse)
        XCTAssertThrowsError(try probe.estimate(at: net, iterations: 1)) { error in
            XCTAssertEqual(
                "\(error)",
                "curvature needs at least 2 iterations to tell how settled λ is (got 1)")
        }
        var rng = RandomGenerator(seed: 1)
        let other = try Network<Float>(inputs: 1, layers: [.dense(units: 2)], rng: &rng)
        XCTAssertThrowsError(try probe.estimate(at: other, iterations: 5))
        let normed = try Network<Float>(
            inputs: 1, layers: [.dense(units: 3), .batchNorm(), .dense(units: 1)], rng: &rng)
        XCTAssertThrowsError(
            try CurvatureProbe(network: normed, data: try line([1], [0]), loss: .mse)
        ) { error in
            XCTAssertTrue("\(error)".contains("at least 2 samples"), "\(error)")
        }
        XCTAssertThrowsError(
            try CurvatureProbe(network: net, data: try line(xs, ys), loss: .crossEntropy()))
    }

    func testSamplesAreEvenlySpacedAndAtMostTheLimit() throws {
        let data = try line(Array(0..<10).map(Double.init), Array(repeating: 0, count: 10))
        let sample = try CurvatureProbe.sample(data, atMost: 4)
        XCTAssertEqual(sample.x.scalars, [0, 2, 5, 7])
        XCTAssertEqual(try CurvatureProbe.sample(data, atMost: 10).count, 10)
    }

    /// On L = w² (one weight, x = 1, y = 0: λ = 2), SGD's weight shrinks just
    /// below each optimizer's bound and grows just above it.
    func testStabilityLimitsSplitShrinkingFromGrowingSteps() throws {
        let data = try line([1], [0])
        for kind: Optimizer<Float>.Kind in [
            .sgd(lr: 1), .sgd(lr: 1, momentum: 0.9), .sgd(lr: 1, momentum: 0.5, nesterov: true),
        ] {
            let limit = try XCTUnwrap(kind.stabilityLimit)
            for (factor, grows) in [(0.97, false), (1.03, true)] {
                let lr = factor * limit.stableRate(forCurvature: 2)
                var rng = RandomGenerator(seed: 1)
                let net = try Network<Float>(
                    inputs: 1, layers: [.dense(units: 1, bias: false)], rng: &rng)
                net.parameters[0].value[linear: 0] = 1
                let optimizer: Optimizer<Float>.Kind
                switch kind {
                case .sgd(_, let m, let n): optimizer = .sgd(lr: lr, momentum: m, nesterov: n)
                default: optimizer = kind
                }
                let trainer = try Trainer(network: net, optimizer: try Optimizer(optimizer))
                var options = TrainingOptions<Float>()
                options.loss = .mse
                options.statistics = false
                for _ in 0..<600 {
                    _ = try trainer.step(on: data, indices: [0], options: options, rng: &rng)
                }
                let w = abs(Double(net.parameters[0].value[linear: 0]))
                XCTAssertEqual(w > 1, grows, "\(kind) at \(factor) × its bound: |w| = \(w)")
            }
        }
        XCTAssertNil(Optimizer<Float>.Kind.adam().stabilityLimit)
        XCTAssertNil(Optimizer<Float>.Kind.sgd(lr: 0.1, momentum: 1).stabilityLimit)
        XCTAssertEqual(Optimizer<Float>.Kind.sgd(lr: 0.1).stabilityLimit?.product, 2)
        XCTAssertEqual(
            Optimizer<Float>.Kind.sgd(lr: 0.1, momentum: 0.9).stabilityLimit?.product ?? 0, 3.8,
            accuracy: 1e-12)
    }

    /// Trains the linear model full-batch at `factor` × 2/λ_max with the
    /// checks on; returns the findings announced and the history.
    func train(atFactor factor: Double, optimizer: ((Double) -> Optimizer<Float>.Kind)? = nil)
        throws -> (announced: [Finding], history: History)
    {
        let data = try line(xs, ys)
        let net = try linearModel()
        let lr = factor * 2 / exactLambda
        let kind = optimizer?(lr) ?? .sgd(lr: lr)
        let trainer = try Trainer(network: net, optimizer: try Optimizer(kind))
        var options = TrainingOptions<Float>()
        options.loss = .mse
        options.epochs = 60
        options.batchSize = xs.count
        var announced: [Finding] = []
        var rng = RandomGenerator(seed: 2)
        let history = try trainer.train(
            data, options: options, rng: &rng, liveChecks: DiagnosisThresholds()
        ) { event in
            if case .finding(let f) = event { announced.append(f) }
        }
        return (announced, history)
    }

    func testTrainAnnouncesDivergenceRiskBeforeTheFirstStepAndTheLossGrows() throws {
        let (announced, history) = try train(atFactor: 1.1)
        let risk = try XCTUnwrap(announced.first { $0.kind == .divergenceRisk })
        XCTAssertNil(risk.step, "announced before the first step")
        XCTAssertEqual(announced.filter { $0.kind == .divergenceRisk }.count, 1)
        XCTAssertEqual(history.divergenceRisk, risk)
        let stable = 2 / exactLambda
        XCTAssertTrue(
            risk.evidence[0].contains("a rate below 2/λ_max = \(NumberText.compact(stable))"),
            risk.evidence[0])
        guard case .lowerLearningRate(let change)? = risk.remedies.first, let to = change.to else {
            return XCTFail("remedy: \(risk.remedies)")
        }
        XCTAssertLessThan(to, stable)
        XCTAssertGreaterThan(to, stable / 4)
        XCTAssertGreaterThan(try XCTUnwrap(history.stepLoss.last), 10 * history.stepLoss[0])
        XCTAssertTrue(
            Diagnosis.run(history, network: try linearModel()).names.contains("divergence_risk"))
    }

    func testTrainJustBelowTheBoundAnnouncesNothingAndConverges() throws {
        let (announced, history) = try train(atFactor: 0.9)
        XCTAssertFalse(announced.contains { $0.kind == .divergenceRisk })
        XCTAssertNil(history.divergenceRisk)
        XCTAssertLessThan(try XCTUnwrap(history.stepLoss.last), history.stepLoss[0])
    }

    /// As `train(..., checks: false)`: the checks before training run, the
    /// live ones do not. The risk is kept for diagnose(h), and not announced.
    func testWithoutLiveChecksTheRiskIsKeptButNotAnnounced() throws {
        let data = try line(xs, ys)
        let net = try linearModel()
        let trainer = try Trainer(
            network: net, optimizer: try Optimizer(.sgd(lr: 1.1 * 2 / exactLambda)))
        var options = TrainingOptions<Float>()
        options.loss = .mse
        options.epochs = 3
        options.batchSize = xs.count
        var announced: [Finding] = []
        var rng = RandomGenerator(seed: 2)
        let history = try trainer.train(
            data, options: options, rng: &rng, programChecks: DiagnosisThresholds()
        ) { event in
            if case .finding(let f) = event { announced.append(f) }
        }
        XCTAssertEqual(history.divergenceRisk?.kind, .divergenceRisk)
        XCTAssertFalse(announced.contains { $0.kind == .divergenceRisk })
        XCTAssertTrue(Diagnosis.run(history, network: net).names.contains("divergence_risk"))
    }

    func testAdaptiveOptimizersAreNotChecked() throws {
        let (announced, _) = try train(atFactor: 1.5) { _ in .adam(lr: 0.5) }
        XCTAssertFalse(announced.contains { $0.kind == .divergenceRisk })
    }

    func testTheCheckIsDueBeforeTheFirstStepThenEvery512Steps() throws {
        let net = try linearModel()
        let check = try XCTUnwrap(
            DivergenceCheck(
                network: net, data: try line(xs, ys), loss: .mse, optimizer: .sgd(lr: 1)))
        let due = (0...1100).filter { check.isDue(afterStep: $0) }
        XCTAssertEqual(due, [0, 512, 1024])
        XCTAssertEqual(DivergenceCheck.roundedDown(0.0815), 0.081)
        XCTAssertEqual(DivergenceCheck.roundedDown(0.161), 0.16)
        XCTAssertEqual(DivergenceCheck.roundedDown(3.96), 3.9)
        XCTAssertEqual(DivergenceCheck.roundedDown(1234), 1200)
    }
}
