import XCTest

@testable import GradEngine

/// Each setting's rule is checked in one place and stated as data, which the
/// engine's errors and the language both word.
final class SettingProblemTests: XCTestCase {
    func testTheEngineStatesEachProblemAsData() {
        var options = TrainingOptions<Float>()
        XCTAssertNil(options.problem)
        options.clipping = .norm(0)
        XCTAssertEqual(
            options.problem, .outOfRange(setting: "clip_norm", requirement: "> 0", found: 0))
        options.clipping = nil
        options.l2 = .infinity
        XCTAssertEqual(options.problem?.description, "l2 must be a finite number ≥ 0 (got inf)")
        XCTAssertEqual(
            Optimizer<Float>.Kind.rmsprop(lr: 0.01, alpha: 1.5, eps: 1e-8).problem?.description,
            "alpha must be in [0, 1] (got 1.5)")
        XCTAssertEqual(
            Optimizer<Float>.Kind.sgd(lr: 0.1, momentum: 0, nesterov: true).problem,
            .needs(setting: "nesterov", what: "a momentum > 0"))
        XCTAssertNil(Optimizer<Float>.Kind.adamW().problem)
    }

    func testAStepChecksItsOptionsToo() throws {
        // A library caller of Trainer.step gets the same check as train.
        var rng = RandomGenerator(seed: 0)
        let network = try Network<Float>(inputs: 2, layers: [.dense(units: 3)], rng: &rng)
        let trainer = try Trainer(network: network, optimizer: Optimizer(.sgd(lr: 0.1)))
        let data = try DataGenerator.spiral(
            points: 30, classes: 3, noise: 0.1, rng: &rng, as: Float.self)
        var options = TrainingOptions<Float>()
        options.l1 = -1
        XCTAssertThrowsError(
            try trainer.step(on: data, indices: [0, 1], options: options, rng: &rng)
        ) { error in
            XCTAssertEqual(
                (error as? EngineError)?.description, "l1 must be ≥ 0 (got -1)")
        }
    }
}
