import XCTest

@testable import GradEngine

/// `RemedyTrials`: every row starts from the original run's start (its
/// weights, or the same seed where the layers change), the runs do not depend
/// on how many run at once, Ctrl-C returns what finished, and no verdict
/// claims more than the numbers show.
final class RemedyTrialsTests: XCTestCase {
    /// A run as `train` makes one: the network's start kept, trained, diagnosed.
    struct Run {
        var setup: RunSetup<Float>
        var history: History
        var network: Network<Float>
        var report: DiagnosisReport
    }

    static func run(
        _ specs: [LayerSpec], optimizer: Optimizer<Float>.Kind, epochs: Int, batch: Int = 16,
        points: Int = 120, seed: UInt64 = 1
    ) throws -> Run {
        var rng = RandomGenerator(seed: seed)
        let data = try DataGenerator.spiral(
            points: points, classes: 3, noise: 0.1, rng: &rng, as: Float.self)
        let network = try Network<Float>(inputs: 2, layers: specs, rng: &rng)
        var options = TrainingOptions<Float>()
        options.epochs = epochs
        options.batchSize = batch
        let setup = RunSetup(
            start: NetworkSnapshot(network), data: data, options: options, optimizer: optimizer)
        let trainer = try Trainer(network: network, optimizer: Optimizer(optimizer))
        let history = try trainer.train(
            data, options: options, rng: &rng, programChecks: DiagnosisThresholds())
        return Run(
            setup: setup, history: history, network: network,
            report: Diagnosis.run(history, network: network))
    }

    static func trials(_ run: Run, seeds: [UInt64] = [1, 2, 3], top: Int = 3) -> RemedyTrials {
        let profile = run.history.profile ?? RunProfile(network: run.network)
        return RemedyTrials(
            setup: run.setup,
            choice: RemedyChoice.choose(run.report, profile: profile, setup: run.setup, top: top),
            seeds: seeds, epochs: run.setup.options.epochs, thresholds: DiagnosisThresholds())
    }

    static let sigmoid6: [LayerSpec] =
        Array(repeating: .dense(units: 16, activation: .sigmoid), count: 6) + [.dense(units: 3)]

    func testTheSnapshotBuildsTheSameNetworkAgain() throws {
        var rng = RandomGenerator(seed: 4)
        let specs: [LayerSpec] = [
            .dense(units: 8, activation: .relu), .batchNorm(),
            .residual([.dense(units: 8, activation: .tanh)]), .dense(units: 2),
        ]
        let network = try Network<Float>(inputs: 3, layers: specs, rng: &rng)
        let snapshot = NetworkSnapshot(network)
        // Changed afterwards: the snapshot keeps the values it was taken with.
        let before = network.parameters.map(\.value.scalars)
        for p in network.parameters { p.value[linear: 0] += 1 }
        let again = try snapshot.network()
        XCTAssertEqual(again.specs, specs)
        XCTAssertEqual(again.parameters.map(\.value.scalars), before)
    }

    func testTheRunsDoNotDependOnHowManyRunAtOnce() throws {
        let trials = Self.trials(
            try Self.run(Self.sigmoid6, optimizer: .sgd(lr: 0.1), epochs: 3), seeds: [1, 2])
        let one = try trials.run(workers: 1)
        let two = try trials.run(workers: 2)
        XCTAssertEqual(one.rows.count, two.rows.count)
        for (a, b) in zip(one.rows, two.rows) {
            XCTAssertEqual(a.runs.map(\.history.stepLoss), b.runs.map(\.history.stepLoss))
            XCTAssertEqual(a.runs.map(\.findings), b.runs.map(\.findings))
            XCTAssertEqual(a.verdict, b.verdict)
        }
    }

    func testTheOriginalRowRunsTheOriginalSettingFromItsStart() throws {
        let run = try Self.run(Self.sigmoid6, optimizer: .sgd(lr: 0.1), epochs: 2)
        let outcome = try Self.trials(run, seeds: [5, 6]).run(workers: 1)
        let original = try XCTUnwrap(outcome.rows.first)
        XCTAssertNil(original.candidate)
        XCTAssertEqual(original.start, .sameWeights)
        XCTAssertEqual(original.verdict, .original)
        // Seed 5 by hand: the start's weights, a new optimizer, seed 5's shuffling.
        let network = try run.setup.start.network()
        let trainer = try Trainer(network: network, optimizer: Optimizer(run.setup.optimizer))
        var rng = RandomGenerator(seed: 5)
        let h = try trainer.train(run.setup.data, options: run.setup.options, rng: &rng)
        XCTAssertEqual(original.runs.first?.history.stepLoss, h.stepLoss)
        XCTAssertEqual(original.runs.map(\.seed), [5, 6])
    }

    func testRowsStartFromTheSameWeightsWhereTheArchitectureAllows() throws {
        let run = try Self.run(Self.sigmoid6, optimizer: .sgd(lr: 0.1), epochs: 1)
        let start = run.setup.start
        let original = try start.network()
        func dense(_ n: Network<Float>) -> [Dense<Float>] {
            n.namedLayers.compactMap {
                if case .dense(let d) = $0.layer { return d } else { return nil }
            }
        }
        // Batch norm between each hidden layer and its sigmoid: every weight kept.
        let bn = try XCTUnwrap(LayerSpecEditing.addingBatchNorm(start.specs))
        let (withNorms, bnStart) = try RunChange(
            specs: bn, denseOrigin: LayerSpecEditing.sameDense(bn)
        ).network(from: start, seed: 9)
        XCTAssertEqual(bnStart, .sameWeights)
        XCTAssertEqual(
            dense(withNorms).map(\.weight.value.scalars),
            dense(original).map(\.weight.value.scalars))
        // ReLU with He init on the hidden layers: drawn from the seed, the output layer kept.
        let relu = LayerSpecEditing.mapDense(
            start.specs, names: Set((1...6).map { "dense_\($0)" })
        ) { $0.with(activation: .relu, weightInit: .heNormal) }
        let (withReLU, reluStart) = try RunChange(
            specs: relu, denseOrigin: LayerSpecEditing.sameDense(relu)
        ).network(from: start, seed: 9)
        XCTAssertEqual(reluStart, .sameSeed(9))
        XCTAssertNotEqual(
            dense(withReLU)[0].weight.value.scalars, dense(original)[0].weight.value.scalars)
        XCTAssertEqual(
            dense(withReLU)[6].weight.value.scalars, dense(original)[6].weight.value.scalars)
        // Two hidden layers: the first two and the output layer (16 inputs either way) kept.
        let fewer = try XCTUnwrap(LayerSpecEditing.keepingHiddenLayers(start.specs, keep: 2))
        XCTAssertEqual(fewer.origin, [0, 1, 6])
        let (shallow, shallowStart) = try RunChange(specs: fewer.specs, denseOrigin: fewer.origin)
            .network(from: start, seed: 9)
        XCTAssertEqual(shallowStart, .sameWeights)
        XCTAssertEqual(
            dense(shallow).map(\.weight.value.scalars),
            [0, 1, 6].map { dense(original)[$0].weight.value.scalars })
    }

    func testResidualBlocksWrapOnlyPairsThatKeepTheirWidth() {
        let specs: [LayerSpec] = [
            .dense(units: 8, activation: .relu), .dense(units: 8, activation: .relu),
            .dense(units: 8, activation: .relu), .dense(units: 4), .dense(units: 2),
        ]
        // dense_1 reads 2 inputs and cannot start a block; dense_2 and dense_3 map 8 to 8.
        XCTAssertEqual(
            LayerSpecEditing.addingResidualBlocks(specs, inputs: 2),
            [specs[0], .residual([specs[1], specs[2]]), specs[3], specs[4]])
        XCTAssertNil(LayerSpecEditing.addingResidualBlocks(Array(specs[3...]), inputs: 8))
    }

    func testTheChoiceFollowsTheDiagnosisOrderAndSkipsAdvice() throws {
        let run = try Self.run(Self.sigmoid6, optimizer: .sgd(lr: 0.1), epochs: 6)
        let names = run.report.names
        XCTAssertEqual(names.first, "vanishing", "\(names)")
        let profile = try XCTUnwrap(run.history.profile)
        let choice = RemedyChoice.choose(run.report, profile: profile, setup: run.setup, top: 10)
        let remedies = choice.candidates.map(\.remedy)
        // Vanishing's remedies in its order, first.
        let vanishing = try XCTUnwrap(run.report.findings.first { $0.kind == .vanishing })
        XCTAssertEqual(Array(remedies.prefix(vanishing.remedies.count)), vanishing.remedies)
        XCTAssertFalse(remedies.contains(.lookAtOtherFindings))
        let changes = choice.candidates.map(\.change)
        for (i, c) in changes.enumerated() {
            XCTAssertFalse(changes[..<i].contains(c), "each change once: \(c)")
        }
        let top = RemedyChoice.choose(run.report, profile: profile, setup: run.setup, top: 2)
        XCTAssertEqual(top.candidates, Array(choice.candidates.prefix(2)))
    }

    func testCancellingReturnsTheRunsThatFinished() throws {
        let trials = Self.trials(
            try Self.run(Self.sigmoid6, optimizer: .sgd(lr: 0.1), epochs: 2), seeds: [1, 2])
        let cancel = CancellationFlag()
        let perRun = trials.plannedSteps / (trials.changes.count * 2)
        let outcome = try trials.run(workers: 1, cancel: cancel) { p in
            // In the second row's first run.
            if p.steps == 2 * perRun + 3 { cancel.cancel() }
        }
        XCTAssertTrue(outcome.interrupted)
        XCTAssertEqual(outcome.runsFinished, 2)
        XCTAssertEqual(outcome.rows[0].runs.count, 2)
        XCTAssertEqual(outcome.rows[0].verdict, .original)
        XCTAssertTrue(outcome.rows.dropFirst().allSatisfy { $0.verdict == .notJudged })
        XCTAssertEqual(outcome.best, 0)
    }

    /// The four kinds of run of the goldens: no row says more than its
    /// numbers show, and a healthy run's table has no row that beats it.
    func testNoVerdictClaimsMoreThanTheNumbersShow() throws {
        let cases: [(String, Run)] = [
            ("vanishing", try Self.run(Self.sigmoid6, optimizer: .sgd(lr: 0.1), epochs: 8)),
            (
                "exploding",
                try Self.run(
                    Array(
                        repeating: .dense(
                            units: 32, activation: .relu, weightInit: .normal(mean: 0, std: 1)),
                        count: 4) + [.dense(units: 3)], optimizer: .sgd(lr: 0.1), epochs: 4,
                    batch: 30, points: 150, seed: 7)
            ),
            (
                "plateau",
                try Self.run(
                    [.dense(units: 16, activation: .relu, weightInit: .heNormal)] + [
                        .dense(units: 16, activation: .relu, weightInit: .heNormal),
                        .dense(units: 3),
                    ], optimizer: .sgd(lr: 1e-7), epochs: 12, batch: 15, points: 150, seed: 15)
            ),
        ]
        for (name, run) in cases {
            XCTAssertTrue(run.report.names.contains(name), "\(name): \(run.report.names)")
            let outcome = try Self.trials(run).run()
            XCTAssertTrue(
                outcome.rows.dropFirst().contains { $0.verdict.beatsOriginal },
                "\(name): a remedy helps")
            try Self.checkVerdicts(outcome, name)
        }
    }

    func testAHealthyRunsTableSaysNoRemedyBeatsIt() throws {
        var rng = RandomGenerator(seed: 3)
        let data = try DataGenerator.blobs(points: 150, classes: 3, rng: &rng, as: Float.self)
        let network = try Network<Float>(
            inputs: 2,
            layers: [
                .dense(units: 16, activation: .relu, weightInit: .heNormal), .dense(units: 3),
            ],
            rng: &rng)
        var options = TrainingOptions<Float>()
        options.epochs = 6
        options.batchSize = 16
        let setup = RunSetup(
            start: NetworkSnapshot(network), data: data, options: options,
            optimizer: .sgd(lr: 0.1))
        let history = try Trainer(network: network, optimizer: Optimizer(.sgd(lr: 0.1))).train(
            data, options: options, rng: &rng)
        let report = Diagnosis.run(history, network: network)
        XCTAssertEqual(report.names, ["healthy"])
        let choice = RemedyChoice.choose(
            report, profile: try XCTUnwrap(history.profile), setup: setup, top: 3)
        XCTAssertTrue(choice.general)
        XCTAssertEqual(choice.candidates.count, 3)
        let outcome = try RemedyTrials(
            setup: setup, choice: choice, seeds: [1, 2, 3], epochs: 6,
            thresholds: DiagnosisThresholds()
        ).run()
        XCTAssertEqual(outcome.best, 0)
        XCTAssertFalse(outcome.rows.contains { $0.verdict.beatsOriginal })
        try Self.checkVerdicts(outcome, "healthy")
    }

    /// Each verdict against the rule, recomputed from the seeds' numbers.
    static func checkVerdicts(_ outcome: RemedyTrials.Outcome, _ name: String) throws {
        let original = try XCTUnwrap(outcome.rows.first?.measuredLoss)
        let originalMean = original.mean ?? .infinity
        for row in outcome.rows.dropFirst() {
            let loss = try XCTUnwrap(row.measuredLoss)
            let label = "\(name), \(String(describing: row.candidate?.remedy)): \(row.verdict)"
            let lower = loss.values.allSatisfy { x in original.values.allSatisfy { x < $0 } }
            let findings = row.candidate?.findings ?? []
            let gone = row.runs.filter { r in !findings.contains { r.findings.contains($0) } }.count
            switch row.verdict {
            case .fixes(let k, let n):
                XCTAssertTrue(lower, label)
                XCTAssertEqual(n, row.runs.count, label)
                XCTAssertEqual(k, gone, label)
                XCTAssertGreaterThan(k, 0, label)
                if originalMean.isFinite, let m = loss.mean {
                    XCTAssertGreaterThanOrEqual(originalMean - m, 0.01 * originalMean, label)
                }
            case .better(let remaining):
                XCTAssertTrue(lower, label)
                XCTAssertEqual(remaining, findings, label)
                XCTAssertTrue(findings.isEmpty || gone == 0, label)
            case .worse:
                let higher = loss.values.allSatisfy { x in original.values.allSatisfy { x > $0 } }
                let accuracyLower =
                    (row.measuredAccuracy?.highest ?? 1)
                    < (outcome.rows[0].measuredAccuracy?.lowest ?? 0)
                XCTAssertTrue(
                    higher || accuracyLower || loss.diverged > original.diverged, label)
            case .noMeasurableEffect, .divergesLess, .mixed:
                XCTAssertFalse(row.verdict.beatsOriginal, label)
            case .original, .notJudged, .couldNotRun:
                XCTFail("\(label): every row ran")
            }
        }
    }

    func testTheVerdictRule() {
        func run(_ findings: [Finding.Kind]) -> TrialRun {
            TrialRun(
                seed: 1, history: History(layerNames: []), network: nil, seconds: 0,
                findings: findings)
        }
        func e(_ xs: [Double]) -> Estimate { Estimate(xs)! }
        let original = (loss: e([1.0, 1.05, 1.1]), accuracy: Optional(e([0.4, 0.41, 0.42])))
        let gone = [run([]), run([.vanishing]), run([])]
        func judge(_ loss: [Double], _ acc: [Double]?, _ runs: [TrialRun], _ f: [Finding.Kind])
            -> TrialVerdict
        {
            TrialVerdict.judge(
                loss: e(loss), accuracy: acc.map(e), runs: runs, original: original, findings: f)
        }
        // Every seed lower, and the finding gone on two of three.
        XCTAssertEqual(
            judge([0.5, 0.6, 0.7], [0.8, 0.8, 0.8], gone, [.vanishing]), .fixes(seeds: 2, of: 3))
        // Lower, but the finding stays on every seed.
        let stays = [run([.vanishing]), run([.vanishing]), run([.vanishing])]
        XCTAssertEqual(
            judge([0.5, 0.6, 0.7], nil, stays, [.vanishing]), .better(remaining: [.vanishing]))
        // The ranges overlap: one seed of the remedy is above one of the original's.
        XCTAssertEqual(judge([0.5, 0.6, 1.01], nil, gone, [.vanishing]), .noMeasurableEffect)
        // Lower on every seed, but by less than 1%.
        XCTAssertEqual(
            TrialVerdict.judge(
                loss: e([0.995, 0.996, 0.997]), accuracy: nil, runs: gone,
                original: (e([1.0, 1.001, 1.002]), nil), findings: [.vanishing]),
            .noMeasurableEffect)
        // Higher on every seed.
        XCTAssertEqual(judge([1.3, 1.4, 1.5], nil, gone, [.vanishing]), .worse)
        // A lower loss but an accuracy lower on every seed.
        XCTAssertEqual(judge([0.5, 0.6, 0.7], [0.2, 0.2, 0.2], gone, [.vanishing]), .mixed)
        // A seed that diverged, where the original did not.
        XCTAssertEqual(judge([0.5, 0.6, .infinity], nil, gone, [.vanishing]), .worse)
        // An original that diverged on every seed: any finite result is lower.
        XCTAssertEqual(
            TrialVerdict.judge(
                loss: e([5, 6, 7]), accuracy: nil, runs: gone,
                original: (e([.infinity, .infinity, .infinity]), nil), findings: [.vanishing]),
            .fixes(seeds: 2, of: 3))
        // Fewer seeds diverged, but the loss of the one that did not is lower.
        XCTAssertEqual(
            TrialVerdict.judge(
                loss: e([1.3, 1.35, 1.4]), accuracy: nil, runs: gone,
                original: (e([1.1, .infinity, .infinity]), nil), findings: [.exploding]),
            .divergesLess(seeds: 0, original: 2, of: 3))
    }
}
