import XCTest

@testable import GradEngine

/// Training behaviour a user sees: losses fall, runs are reproducible, clipping
/// and penalties are reported, non-finite steps stop cleanly, errors are clear.
final class TrainingTests: XCTestCase {
    /// Two Gaussian clusters, 64 samples, 2 features.
    func clusters(seed: UInt64 = 1, count: Int = 64) throws -> Dataset<Float> {
        var rng = RandomGenerator(seed: seed)
        let x = try Tensor<Float>(rows: count, columns: 2)
        var labels: [Int] = []
        for i in 0..<count {
            let c = i % 2
            x[i, 0] = Float(rng.normal(mean: c == 0 ? -1 : 1, std: 0.5))
            x[i, 1] = Float(rng.normal(mean: c == 0 ? 1 : -1, std: 0.5))
            labels.append(c)
        }
        return try Dataset(x: x, targets: .classes(labels, count: 2))
    }

    func makeTrainer(
        _ specs: [LayerSpec], inputs: Int = 2, optimizer: Optimizer<Float>.Kind = .sgd(lr: 0.1),
        seed: UInt64 = 2
    ) throws -> Trainer<Float> {
        var rng = RandomGenerator(seed: seed)
        let net = try Network<Float>(inputs: inputs, layers: specs, rng: &rng)
        return try Trainer(network: net, optimizer: try Optimizer(optimizer))
    }

    func testTrainingReducesTheLossAndReportsAccuracy() throws {
        let data = try clusters()
        let trainer = try makeTrainer([
            .dense(units: 8, activation: .relu, weightInit: .heNormal), .dense(units: 2),
        ])
        var options = TrainingOptions<Float>()
        options.epochs = 20
        options.batchSize = 16
        var rng = RandomGenerator(seed: 3)
        var events = 0
        let h = try trainer.train(data, options: options, rng: &rng) { _ in events += 1 }
        XCTAssertEqual(h.ending, .completed)
        XCTAssertEqual(h.epochs.count, 20)
        XCTAssertEqual(h.steps, 20 * 4)
        XCTAssertEqual(events, 20 * 4 + 20)
        XCTAssertLessThan(h.epochs[19].loss, h.epochs[0].loss / 3)
        XCTAssertGreaterThan(h.epochs[19].accuracy ?? 0, 0.95)
        XCTAssertEqual(try trainer.evaluate(data).accuracy ?? 0, 1, accuracy: 0.05)
    }

    func testSameSeedGivesBitIdenticalRuns() throws {
        func run() throws -> [Float] {
            let trainer = try makeTrainer([
                .dense(units: 8, activation: .tanh), .dropout(rate: 0.2), .dense(units: 2),
            ])
            var options = TrainingOptions<Float>()
            options.epochs = 3
            var rng = RandomGenerator(seed: 9)
            _ = try trainer.train(try clusters(), options: options, rng: &rng)
            return trainer.network.parameters.flatMap(\.value.scalars)
        }
        XCTAssertEqual(try run(), try run())
    }

    func testLastPartialBatchIsTrainedOn() throws {
        let trainer = try makeTrainer([.dense(units: 2)])
        var options = TrainingOptions<Float>()
        options.epochs = 1
        options.batchSize = 24
        var rng = RandomGenerator(seed: 1)
        let h = try trainer.train(try clusters(count: 50), options: options, rng: &rng)
        XCTAssertEqual(h.steps, 3)  // 24 + 24 + 2
    }

    func testNormClippingRecordsThePreClipNormAndScalesToTheLimit() throws {
        let trainer = try makeTrainer(
            [.dense(units: 4, activation: .relu), .dense(units: 2)], optimizer: .sgd(lr: 0))
        var options = TrainingOptions<Float>()
        options.clipping = .norm(1e-3)
        var rng = RandomGenerator(seed: 1)
        guard
            case .finished(let r) = try trainer.step(
                on: try clusters(), indices: Array(0..<32)[...], options: options, rng: &rng)
        else {
            return XCTFail("step failed")
        }
        XCTAssertTrue(r.clipped)
        XCTAssertGreaterThan(r.gradientNorm, 1e-3)
        XCTAssertEqual(globalGradientNorm(trainer.network.parameters), 1e-3, accuracy: 1e-6)

        options.clipping = .norm(1e6)
        guard
            case .finished(let r2) = try trainer.step(
                on: try clusters(), indices: Array(0..<32)[...], options: options, rng: &rng)
        else {
            return XCTFail("step failed")
        }
        XCTAssertFalse(r2.clipped)
        XCTAssertEqual(
            globalGradientNorm(trainer.network.parameters), r2.gradientNorm,
            accuracy: 1e-6 * r2.gradientNorm)
    }

    func testValueClippingClampsEveryElement() throws {
        let trainer = try makeTrainer(
            [.dense(units: 4, activation: .relu), .dense(units: 2)], optimizer: .sgd(lr: 0))
        var options = TrainingOptions<Float>()
        options.clipping = .value(1e-4)
        var rng = RandomGenerator(seed: 1)
        guard
            case .finished(let r) = try trainer.step(
                on: try clusters(), indices: Array(0..<32)[...], options: options, rng: &rng)
        else {
            return XCTFail("step failed")
        }
        XCTAssertTrue(r.clipped)
        let largest = trainer.network.parameters.map { $0.grad.summary().maxMagnitude }.max() ?? 0
        XCTAssertEqual(largest, 1e-4, accuracy: 1e-9)
    }

    func testPenaltiesAreReportedApartAndCoverWeightsOnly() throws {
        let trainer = try makeTrainer(
            [
                .dense(units: 3, weightInit: .constant(0.5), biasInit: .constant(1)),
                .dense(units: 2, weightInit: .constant(-0.25)),
            ],
            optimizer: .sgd(lr: 0))
        var options = TrainingOptions<Float>()
        options.l1 = 0.1
        options.l2 = 0.01
        var rng = RandomGenerator(seed: 1)
        guard
            case .finished(let r) = try trainer.step(
                on: try clusters(), indices: Array(0..<8)[...], options: options, rng: &rng)
        else {
            return XCTFail("step failed")
        }
        // Weights: 6 of 0.5 and 6 of -0.25; biases are not penalized.
        let expected = 0.1 * (6 * 0.5 + 6 * 0.25) + 0.01 * (6 * 0.25 + 6 * 0.0625)
        XCTAssertEqual(r.penaltyLoss, expected, accuracy: 1e-6)
        XCTAssertEqual(r.loss, r.dataLoss + r.penaltyLoss, accuracy: 1e-12)
        XCTAssertGreaterThan(r.dataLoss, 0)
    }

    func testStatisticsAreRecordedPerLayer() throws {
        let trainer = try makeTrainer([
            .dense(units: 8, activation: .relu), .dense(units: 8, activation: .sigmoid),
            .dense(units: 2),
        ])
        var options = TrainingOptions<Float>()
        options.epochs = 2
        var rng = RandomGenerator(seed: 1)
        let h = try trainer.train(try clusters(), options: options, rng: &rng)
        XCTAssertEqual(h.layerNames, ["dense_1", "dense_2", "dense_3"])
        XCTAssertEqual(h.layerGradientNorms.count, h.steps * 3)
        guard let last = h.lastStep else { return XCTFail("no last step") }
        for layer in last.layers {
            let g = try XCTUnwrap(layer.gradient)
            XCTAssertGreaterThan(g.norm, 0)
            XCTAssertGreaterThan(try XCTUnwrap(layer.gradToData), 0)
            // sgd(lr 0.1): update = 0.1·g, so update:data = 0.1·grad:data.
            XCTAssertEqual(
                try XCTUnwrap(layer.updateToData), 0.1 * (layer.gradToData ?? 0),
                accuracy: 1e-3 * (layer.gradToData ?? 0))
        }
        let sigmoid = try XCTUnwrap(last.layers[1].activation)
        XCTAssertGreaterThan(sigmoid.mean, 0)
        XCTAssertLessThan(sigmoid.mean, 1)
    }

    func testDeadReLUsAndSaturationAreMeasured() throws {
        // All weights and biases negative constants: every ReLU unit outputs 0.
        let trainer = try makeTrainer([
            .dense(units: 4, activation: .relu, weightInit: .zeros, biasInit: .constant(-1)),
            .dense(units: 4, activation: .sigmoid, weightInit: .zeros, biasInit: .constant(8)),
            .dense(units: 2),
        ])
        var options = TrainingOptions<Float>()
        var rng = RandomGenerator(seed: 1)
        guard
            case .finished(let r) = try trainer.step(
                on: try clusters(), indices: Array(0..<16)[...], options: options, rng: &rng)
        else {
            return XCTFail("step failed")
        }
        XCTAssertEqual(r.layers[0].activation?.dead, 1)
        XCTAssertEqual(r.layers[1].activation?.saturated, 1)
        XCTAssertEqual(r.layers[0].gradient?.zeros, 8)  // no signal reaches a dead layer's weights
        options.statistics = false
        guard
            case .finished(let r2) = try trainer.step(
                on: try clusters(), indices: Array(0..<16)[...], options: options, rng: &rng)
        else {
            return XCTFail("step failed")
        }
        XCTAssertTrue(r2.layers.isEmpty)
    }

    func testNonFiniteStepStopsTrainingAndKeepsTheLastFiniteWeights() throws {
        let trainer = try makeTrainer(
            [
                .dense(units: 8, activation: .relu), .dense(units: 8, activation: .relu),
                .dense(units: 2),
            ],
            optimizer: .sgd(lr: 1e30))
        var options = TrainingOptions<Float>()
        options.epochs = 50
        options.batchSize = 16
        var rng = RandomGenerator(seed: 1)
        var weightsAfterEachStep: [[Float]] = []
        let h = try trainer.train(try clusters(), options: options, rng: &rng) { event in
            if case .stepFinished = event {
                weightsAfterEachStep.append(trainer.network.parameters.flatMap(\.value.scalars))
            }
        }
        guard case .nonFinite(let report) = h.ending else {
            return XCTFail("expected a non-finite stop, got \(h.ending)")
        }
        XCTAssertEqual(report.step, h.steps + 1)
        let now = trainer.network.parameters.flatMap(\.value.scalars)
        XCTAssertTrue(now.allSatisfy(\.isFinite), "weights must stay finite")
        if let last = weightsAfterEachStep.last { XCTAssertEqual(now, last) }
        XCTAssertTrue(report.description.hasPrefix("step \(report.step): "), report.description)
        XCTAssertNotNil(report.layer)
    }

    func testNonFiniteInputIsNamed() throws {
        let data = try clusters()
        data.x[3, 1] = .nan
        let trainer = try makeTrainer([.dense(units: 2)])
        var rng = RandomGenerator(seed: 1)
        guard
            case .nonFinite(let r) = try trainer.step(
                on: data, indices: Array(0..<8)[...], options: TrainingOptions(), rng: &rng)
        else {
            return XCTFail("expected a non-finite step")
        }
        XCTAssertEqual(r.pass, .input)
        XCTAssertEqual(
            r.description,
            "step 1: the input data contains NaN or Inf; training stopped and the weights of step 0 were kept"
        )
    }

    func testForwardOverflowNamesTheFirstLayer() throws {
        let trainer = try makeTrainer([
            .dense(units: 4, activation: .identity, weightInit: .constant(1e30)),
            .dense(units: 4, weightInit: .constant(1e30)), .dense(units: 2),
        ])
        let before = trainer.network.parameters.flatMap(\.value.scalars)
        var rng = RandomGenerator(seed: 1)
        guard
            case .nonFinite(let r) = try trainer.step(
                on: try clusters(), indices: Array(0..<8)[...], options: TrainingOptions(),
                rng: &rng)
        else {
            return XCTFail("expected a non-finite step")
        }
        XCTAssertEqual(r.pass, .forward)
        XCTAssertEqual(r.layer, "dense_2")
        XCTAssertEqual(trainer.network.parameters.flatMap(\.value.scalars), before)
        XCTAssertEqual(trainer.steps, 0)
    }

    func testCancellationStopsBetweenStepsKeepingFinishedSteps() throws {
        let trainer = try makeTrainer([.dense(units: 2)])
        var options = TrainingOptions<Float>()
        options.epochs = 100
        options.batchSize = 8
        let flag = CancellationFlag()
        var rng = RandomGenerator(seed: 1)
        let h = try trainer.train(try clusters(), options: options, rng: &rng, cancel: flag) {
            event in
            if case .stepFinished(let r) = event, r.step == 5 { flag.cancel() }
        }
        XCTAssertEqual(h.ending, .cancelled)
        XCTAssertEqual(h.steps, 5)
        XCTAssertEqual(trainer.steps, 5)
    }

    func testValidationLossIsComputedEachEpoch() throws {
        let trainer = try makeTrainer([.dense(units: 2)])
        var options = TrainingOptions<Float>()
        options.epochs = 3
        options.validation = try clusters(seed: 5, count: 20)
        var rng = RandomGenerator(seed: 1)
        let h = try trainer.train(try clusters(), options: options, rng: &rng)
        XCTAssertEqual(h.epochs.compactMap(\.validationLoss).count, 3)
        XCTAssertNotNil(h.epochs[2].validationAccuracy)
    }

    /// Large updates run in pieces on several threads; every element's update is
    /// independent, so the weights must be bit-identical to a one-thread update.
    /// (Whole training runs may differ in the last bits across thread counts:
    /// OpenBLAS blocks its products differently.)
    func testMultiThreadedUpdatesMatchSingleThreaded() throws {
        func run(threads: Int, _ kind: Optimizer<Float>.Kind) throws -> ([Float], [UpdateSummary]) {
            let saved = ComputeThreads.current
            defer { ComputeThreads.set(saved) }
            ComputeThreads.set(threads)
            var rng = RandomGenerator(seed: 4)
            let net = try Network<Float>(
                inputs: 700, layers: [.dense(units: 700), .dense(units: 3)], rng: &rng)
            let optimizer = try Optimizer<Float>(kind)
            var updates: [UpdateSummary] = []
            for _ in 0..<3 {
                for p in net.parameters { p.grad.fill(with: { rng.normal(std: 0.1) }) }
                let prepared = optimizer.prepare(net.parameters)
                XCTAssertTrue(prepared.finite)
                updates = prepared.updates
                optimizer.commit()
            }
            return (net.parameters.flatMap(\.value.scalars), updates)
        }
        for kind: Optimizer<Float>.Kind in [
            .adam(lr: 1e-3), .sgd(lr: 0.1, momentum: 0.9), .rmsprop(lr: 1e-3),
            .adagrad(), .adadelta(), .adamax(), .nadam(),
        ] {
            let (one, u1) = try run(threads: 1, kind)
            let (two, u2) = try run(threads: 2, kind)
            XCTAssertEqual(one, two, "\(kind.name)")
            XCTAssertEqual(u1[0].std, u2[0].std, accuracy: 1e-6 * u1[0].std, "\(kind.name)")
            XCTAssertGreaterThan(u1[0].std, 0)
        }
    }

    func testOptimizerStateCarriesAcrossTrainCalls() throws {
        let optimizer = try Optimizer<Float>(.adam(lr: 0.01))
        var rng = RandomGenerator(seed: 2)
        let net = try Network<Float>(inputs: 2, layers: [.dense(units: 2)], rng: &rng)
        let trainer = try Trainer(network: net, optimizer: optimizer)
        var options = TrainingOptions<Float>()
        options.epochs = 1
        _ = try trainer.train(try clusters(), options: options, rng: &rng)
        XCTAssertEqual(optimizer.steps, 2)
        _ = try trainer.train(try clusters(), options: options, rng: &rng)
        XCTAssertEqual(optimizer.steps, 4)
    }

    func testBatchNormRunningStatisticsFollowPyTorchsUpdate() throws {
        var rng = RandomGenerator(seed: 1)
        let net = try Network<Float>(inputs: 1, layers: [.batchNorm(momentum: 0.5)], rng: &rng)
        let x = try Tensor<Float>(rows: 4, columns: 1, values: [1, 2, 3, 6])
        let y = try net.forward(x, training: true, rng: &rng)
        net.commitRunningStatistics()
        guard case .batchNorm(let bn) = net.namedLayers[0].layer else { return XCTFail() }
        // mean 3, biased var 3.5, unbiased 14/3.
        XCTAssertEqual(bn.runningMean[0, 0], 0.5 * 0 + 0.5 * 3, accuracy: 1e-6)
        XCTAssertEqual(bn.runningVar[0, 0], 0.5 * 1 + 0.5 * 14 / 3, accuracy: 1e-5)
        XCTAssertEqual(y[3, 0], (6 - 3) / (3.5 + 1e-5).squareRoot(), accuracy: 1e-5)
        let e = try net.predict(x)
        XCTAssertEqual(
            e[3, 0], (6 - 1.5) / (Float(0.5 + 7.0 / 3) + 1e-5).squareRoot(), accuracy: 1e-5)
    }

    func testDropoutIsInvertedInTrainingAndIdentityInEvaluation() throws {
        var rng = RandomGenerator(seed: 1)
        let net = try Network<Float>(inputs: 1000, layers: [.dropout(rate: 0.25)], rng: &rng)
        let x = try Tensor<Float>(rows: 4, columns: 1000)
        x.fill(1)
        let y = try net.forward(x, training: true, rng: &rng).summary()
        XCTAssertEqual(Double(y.zeros) / 4000, 0.25, accuracy: 0.03)
        XCTAssertEqual(y.maxMagnitude, 1 / 0.75, accuracy: 1e-6)
        XCTAssertEqual(try net.predict(x).scalars, x.scalars)
    }

    func testBadInputIsAClearError() throws {
        var rng = RandomGenerator(seed: 1)
        func message(_ body: () throws -> Void) -> String {
            do {
                try body()
                return "no error"
            } catch { return "\(error)" }
        }
        XCTAssertEqual(
            message { _ = try Network<Float>(inputs: 2, layers: [.dense(units: 0)], rng: &rng) },
            "dense layer: units must be a whole number ≥ 1 (got 0)")
        XCTAssertEqual(
            message { _ = try Network<Float>(inputs: 0, layers: [.dense(units: 3)], rng: &rng) },
            "a model needs at least 1 input (got 0)")
        XCTAssertEqual(
            message {
                _ = try Network<Float>(
                    inputs: 4, layers: [.residual([.dense(units: 3)])], rng: &rng)
            },
            "residual block maps width 4 to width 3: its output width must equal its input width 4")
        // A layer too large for this machine is refused before anything is allocated.
        let huge = message {
            _ = try Network<Float>(inputs: 1 << 20, layers: [.dense(units: 1 << 20)], rng: &rng)
        }
        XCTAssertTrue(
            huge.hasPrefix(
                "the model has 1099512676352 parameters, which need 12288 GiB (13,194,152,116,224 bytes) with their gradients and update buffers: over the memory budget of "
            ), huge)
        XCTAssertTrue(huge.contains(", half of this machine's "), huge)
        let wide = message {
            _ = try Network<Float>(
                inputs: 100_000, layers: [.dense(units: 100_000, bias: false), .dense(units: 2)],
                rng: &rng)
        }
        XCTAssertTrue(
            wide.hasPrefix(
                "the model has 10000200002 parameters, which need 112 GiB (120,002,400,024 bytes) with their gradients and update buffers"
            ), wide)
        XCTAssertEqual(
            message { _ = try Tensor<Float>(rows: 1 << 20, columns: 1 << 20) },
            "a 1048576×1048576 tensor is too large to allocate (limit 2147483648 elements)")
        XCTAssertEqual(
            message { _ = try Tensor<Float>(rows: Int.max, columns: 2) },
            "a 9223372036854775807×2 tensor is too large to allocate (limit 2147483648 elements)")
        XCTAssertEqual(
            message { _ = try Network<Float>(inputs: 2, layers: [.dropout(rate: 1.5)], rng: &rng) },
            "dropout layer: rate must be in [0, 1] (got 1.5)")
        XCTAssertEqual(
            message { _ = try Optimizer<Float>(.sgd(lr: -1)) },
            "sgd: lr must be ≥ 0 (got -1)")

        let trainer = try makeTrainer([.dense(units: 3)], inputs: 5)
        XCTAssertEqual(
            message {
                _ = try trainer.train(try clusters(), options: TrainingOptions(), rng: &rng)
            },
            "cross_entropy: the data has 2 classes but the model has 3 outputs; the last layer needs 2 units"
        )
        let two = try makeTrainer([.dense(units: 2)], inputs: 5)
        XCTAssertEqual(
            message { _ = try two.train(try clusters(), options: TrainingOptions(), rng: &rng) },
            "the model takes 5 inputs per sample, the data has 2")
        XCTAssertEqual(
            message {
                _ = try two.network.forward(
                    try Tensor<Float>(rows: 0, columns: 5), training: false, rng: &rng)
            },
            "no samples to run the model on")
        var options = TrainingOptions<Float>()
        options.batchSize = 0
        XCTAssertEqual(
            message { _ = try two.train(try clusters(), options: options, rng: &rng) },
            "batch must be a whole number ≥ 1 (got 0)")
        XCTAssertEqual(
            message { _ = try Tensor<Float>(rows: -1, columns: 2) },
            "tensor sizes must not be negative (got -1×2)")

        XCTAssertEqual(
            message {
                _ = try two.step(
                    on: try clusters(), indices: [0, 64], options: TrainingOptions(), rng: &rng)
            },
            "sample index 64 is outside the data's 0..<64")
        XCTAssertEqual(
            message {
                try two.network.parameters[0].value.copy(
                    from: try Tensor<Float>(rows: 2, columns: 2))
            },
            "cannot copy a 2×2 tensor into a 2×5 one")

        let bn = try makeTrainer([.dense(units: 2), .batchNorm()])
        options = TrainingOptions()
        options.batchSize = 21
        XCTAssertEqual(
            message { _ = try bn.train(try clusters(), options: options, rng: &rng) },
            "the last batch of each epoch would hold 1 sample (64 samples, batch 21), which batchnorm cannot train on; choose another batch size"
        )
    }
}

/// An optimizer used for one network and then another must not hand the new
/// network's parameters the old state (ObjectIdentifiers of freed parameters
/// are reused): it once crashed with mismatched buffers.
final class OptimizerReuseTests: XCTestCase {
    func testAnOptimizerOutlivesTheNetworksItTrained() throws {
        var rng = RandomGenerator(seed: 1)
        let data = try DataGenerator.spiral(
            points: 60, classes: 3, noise: 0.1, rng: &rng, as: Float.self)
        for kind: Optimizer<Float>.Kind in [
            .adam(), .rmsprop(), .sgd(lr: 0.1, momentum: 0.9), .adagrad(), .adadelta(),
            .adamax(), .nadam(),
        ] {
            let optimizer = try Optimizer<Float>(kind)
            for depth in [2, 8, 3, 8, 2, 5] {
                let specs =
                    Array(repeating: LayerSpec.dense(units: 32, activation: .sigmoid), count: depth)
                    + [.dense(units: 3)]
                let network = try Network<Float>(inputs: 2, layers: specs, rng: &rng)
                let trainer = try Trainer(network: network, optimizer: optimizer)
                var options = TrainingOptions<Float>()
                options.epochs = 1
                let h = try trainer.train(data, options: options, rng: &rng)
                XCTAssertEqual(h.ending, .completed)
                XCTAssertTrue(h.stepLoss.allSatisfy(\.isFinite))
            }
        }
    }
}
