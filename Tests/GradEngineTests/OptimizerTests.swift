import XCTest

@testable import GradEngine

/// Adagrad, Adadelta, Adamax and NAdam beyond their torch fixtures: their
/// defaults, their refusals, their state across calls and failed steps.
final class OptimizerTests: XCTestCase {
    static let kinds: [Optimizer<Float>.Kind] = [.adagrad(), .adadelta(), .adamax(), .nadam()]

    func testTheDefaultsAreTorchs() {
        XCTAssertEqual(
            Optimizer<Float>.Kind.adagrad(), .adagrad(lr: 0.01, eps: 1e-10, initialAccumulator: 0))
        XCTAssertEqual(Optimizer<Float>.Kind.adadelta(), .adadelta(lr: 1, rho: 0.9, eps: 1e-6))
        XCTAssertEqual(
            Optimizer<Float>.Kind.adamax(), .adamax(lr: 0.002, beta1: 0.9, beta2: 0.999, eps: 1e-8))
        XCTAssertEqual(
            Optimizer<Float>.Kind.nadam(),
            .nadam(lr: 0.002, beta1: 0.9, beta2: 0.999, eps: 1e-8, momentumDecay: 0.004))
        XCTAssertEqual(Self.kinds.map(\.name), ["adagrad", "adadelta", "adamax", "nadam"])
        XCTAssertEqual(Self.kinds.map(\.learningRate), [0.01, 1, 0.002, 0.002])
    }

    func testEachSettingIsChecked() {
        typealias Kind = Optimizer<Float>.Kind
        let refused: [(Kind, String)] = [
            (.adagrad(lr: -1), "lr must be ≥ 0 (got -1)"),
            (.adagrad(eps: -1), "eps must be ≥ 0 (got -1)"),
            (.adagrad(initialAccumulator: -0.1), "initial_accumulator must be ≥ 0 (got -0.1)"),
            (.adadelta(rho: 1.5), "rho must be in [0, 1] (got 1.5)"),
            (.adadelta(eps: .nan), "eps must be a finite number ≥ 0 (got nan)"),
            (.adamax(beta1: 1), "beta1 must be in [0, 1) (got 1)"),
            (.adamax(beta2: -0.5), "beta2 must be in [0, 1) (got -0.5)"),
            (.nadam(beta2: 1), "beta2 must be in [0, 1) (got 1)"),
            (.nadam(momentumDecay: -1), "momentum_decay must be ≥ 0 (got -1)"),
        ]
        for (kind, message) in refused {
            XCTAssertEqual(kind.problem?.description, message, kind.name)
            XCTAssertThrowsError(try Optimizer<Float>(kind)) {
                XCTAssertEqual(($0 as? EngineError)?.description, "\(kind.name): \(message)")
            }
        }
        // torch's edges are allowed: ρ = 1, β = 0, ε = 0.
        for kind: Kind in [.adadelta(rho: 1), .adamax(beta1: 0, eps: 0), .nadam(momentumDecay: 0)] {
            XCTAssertNil(kind.problem, kind.name)
        }
    }

    /// Steps taken in one call and in two must give the same weights: the
    /// state (NAdam's momentum product, the accumulators) carries over.
    func testStateCarriesAcrossCalls() throws {
        func weights(_ kind: Optimizer<Float>.Kind, calls: [Int]) throws -> [Float] {
            var rng = RandomGenerator(seed: 5)
            let data = try DataGenerator.spiral(
                points: 40, classes: 3, noise: 0.1, rng: &rng, as: Float.self)
            let net = try Network<Float>(
                inputs: 2, layers: [.dense(units: 6, activation: .tanh), .dense(units: 3)],
                rng: &rng)
            let trainer = try Trainer(network: net, optimizer: try Optimizer(kind))
            var options = TrainingOptions<Float>()
            options.batchSize = 10
            options.shuffle = false
            for epochs in calls {
                options.epochs = epochs
                _ = try trainer.train(data, options: options, rng: &rng)
            }
            return net.parameters.flatMap(\.value.scalars)
        }
        for kind in Self.kinds + [.adagrad(initialAccumulator: 0.1)] {
            let once = try weights(kind, calls: [4])
            XCTAssertEqual(once, try weights(kind, calls: [1, 3]), kind.name)
            XCTAssertNotEqual(once, try weights(kind, calls: [3]), kind.name)
        }
    }

    /// One optimizer value shared by two models (as a session's `opt` can be)
    /// keeps each model's state apart: model A's momentum carries across B's
    /// steps in between, B starts from none, and a model made after another
    /// was freed starts from none too, wherever it is allocated.
    func testOneOptimizerKeepsEachModelsStateApart() throws {
        var rng = RandomGenerator(seed: 11)
        let data = try DataGenerator.spiral(
            points: 40, classes: 3, noise: 0.1, rng: &rng, as: Float.self)
        func model(_ seed: UInt64) throws -> Network<Float> {
            var r = RandomGenerator(seed: seed)
            return try Network<Float>(
                inputs: 2, layers: [.dense(units: 6, activation: .tanh), .dense(units: 3)], rng: &r)
        }
        var options = TrainingOptions<Float>()
        options.batchSize = 10
        options.shuffle = false
        options.epochs = 1
        func train(_ net: Network<Float>, with optimizer: Optimizer<Float>) throws {
            var r = RandomGenerator(seed: 1)
            _ = try Trainer(network: net, optimizer: optimizer).train(
                data, options: options, rng: &r)
        }
        let kind = Optimizer<Float>.Kind.sgd(lr: 0.1, momentum: 0.9)
        // Each model with an optimizer of its own: the reference.
        let aAlone = try model(1)
        let ownA = try Optimizer(kind)
        try train(aAlone, with: ownA)
        try train(aAlone, with: ownA)
        let bAlone = try model(2)
        try train(bAlone, with: try Optimizer(kind))

        let shared = try Optimizer(kind)
        let a = try model(1)
        let b = try model(2)
        try train(a, with: shared)
        try train(b, with: shared)
        try train(a, with: shared)
        XCTAssertEqual(
            a.parameters.flatMap(\.value.scalars), aAlone.parameters.flatMap(\.value.scalars))
        XCTAssertEqual(
            b.parameters.flatMap(\.value.scalars), bAlone.parameters.flatMap(\.value.scalars))
        // Models made and freed one after another: each starts from no
        // momentum. (The allocator may put one at a freed one's address; the
        // slot's lifetime token is what tells them apart then.)
        for _ in 0..<5 {
            let fresh = try model(2)
            try train(fresh, with: shared)
            XCTAssertEqual(
                fresh.parameters.flatMap(\.value.scalars),
                bAlone.parameters.flatMap(\.value.scalars))
        }
    }

    /// An update that overflows is dropped: the weights stay those of the last
    /// finite step, as for the other optimizers.
    func testAnOverflowingUpdateKeepsTheLastFiniteWeights() throws {
        // Adadelta's steps are lr times about √ε-sized terms, which 1e38 keeps
        // finite: its rate is beyond Float's range, so its first update overflows.
        for kind: Optimizer<Float>.Kind in [
            .adagrad(lr: 1e38), .adadelta(lr: 1e300), .adamax(lr: 1e38), .nadam(lr: 1e38),
        ] {
            var rng = RandomGenerator(seed: 3)
            let data = try DataGenerator.spiral(
                points: 40, classes: 3, noise: 0.1, rng: &rng, as: Float.self)
            let net = try Network<Float>(
                inputs: 2, layers: [.dense(units: 6, activation: .tanh), .dense(units: 3)],
                rng: &rng)
            let trainer = try Trainer(network: net, optimizer: try Optimizer(kind))
            var options = TrainingOptions<Float>()
            options.epochs = 20
            var last = net.parameters.flatMap(\.value.scalars)
            let h = try trainer.train(data, options: options, rng: &rng) { event in
                if case .stepFinished = event { last = net.parameters.flatMap(\.value.scalars) }
            }
            guard case .nonFinite(let report) = h.ending else {
                XCTFail("\(kind.name): expected a non-finite stop, got \(h.ending)")
                continue
            }
            let now = net.parameters.flatMap(\.value.scalars)
            XCTAssertTrue(now.allSatisfy(\.isFinite), kind.name)
            XCTAssertEqual(now, last, "\(kind.name): \(report)")
            XCTAssertEqual(report.step, h.steps + 1, kind.name)
        }
    }

    /// A run without statistics asks the update for finiteness only: the new
    /// weights must be the same, and a non-finite one must still stop the step.
    func testUpdatesWithoutSummariesGiveTheSameWeightsAndStillCatchNaN() throws {
        /// A NaN is placed in each site in turn: in a 32-element run of the
        /// finiteness pass, in its 8-lane tail (the weight's last element) and in
        /// its scalar tail (the 300-wide bias's element 298).
        func run(_ kind: Optimizer<Float>.Kind, summaries: Bool) throws -> ([Float], [Bool]) {
            var rng = RandomGenerator(seed: 8)
            let net = try Network<Float>(
                inputs: 300, layers: [.dense(units: 300), .dense(units: 3)], rng: &rng)
            let optimizer = try Optimizer<Float>(kind)
            for _ in 0..<3 {
                for p in net.parameters { p.grad.fill(with: { rng.normal(std: 0.1) }) }
                let prepared = optimizer.prepare(net.parameters, summaries: summaries)
                XCTAssertTrue(prepared.finite, kind.name)
                optimizer.commit()
            }
            let weights = net.parameters.flatMap(\.value.scalars)
            var finite: [Bool] = []
            for (parameter, element) in [(0, 150 * 300 + 77), (0, 300 * 300 - 1), (1, 298)] {
                let grad = net.parameters[parameter].grad
                let (row, column) = element.quotientAndRemainder(dividingBy: grad.columns)
                let kept = grad[row, column]
                grad[row, column] = .nan
                finite.append(optimizer.prepare(net.parameters, summaries: summaries).finite)
                optimizer.discard()
                grad[row, column] = kept
            }
            return (weights, finite)
        }
        for kind: Optimizer<Float>.Kind in [
            .sgd(lr: 0.1), .sgd(lr: 0.1, momentum: 0.9), .adam(lr: 1e-3), .rmsprop(lr: 1e-3),
        ] + Self.kinds {
            let (full, fullFinite) = try run(kind, summaries: true)
            let (lean, leanFinite) = try run(kind, summaries: false)
            XCTAssertEqual(full, lean, kind.name)
            XCTAssertEqual(fullFinite, [false, false, false], kind.name)
            XCTAssertEqual(leanFinite, [false, false, false], kind.name)
        }
    }
}
