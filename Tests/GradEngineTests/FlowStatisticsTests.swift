import XCTest

@testable import GradEngine

/// The residual gradient-flow split and the batch-norm train/eval gap.
final class FlowStatisticsTests: XCTestCase {
    // MARK: helpers

    func randomTensor(rows: Int, columns: Int, mean: Double = 0, std: Double = 1, seed: UInt64)
        throws -> Tensor<Float>
    {
        var rng = RandomGenerator(seed: seed)
        let t = try Tensor<Float>(rows: rows, columns: columns)
        t.fill { rng.normal(mean: mean, std: std) }
        return t
    }

    func regression(rows: Int, columns: Int, mean: Double = 0, targets: Int = 1, seed: UInt64)
        throws -> Dataset<Float>
    {
        let x = try randomTensor(rows: rows, columns: columns, mean: mean, seed: seed)
        let y = try randomTensor(rows: rows, columns: targets, seed: seed + 100)
        return try Dataset(x: x, targets: .values(y))
    }

    func dense(_ net: Network<Float>, _ name: String) throws -> Dense<Float> {
        let layer = try XCTUnwrap(net.namedLayers.first { $0.name == name })
        guard case .dense(let d) = layer.layer else {
            throw EngineError.invalidArgument("\(name) is not dense")
        }
        return d
    }

    func residual(_ net: Network<Float>, _ name: String = "residual_1") throws -> Residual<Float> {
        let layer = try XCTUnwrap(net.namedLayers.first { $0.name == name })
        guard case .residual(let r) = layer.layer else {
            throw EngineError.invalidArgument("\(name) is not residual")
        }
        return r
    }

    func batchNorms(_ net: Network<Float>) -> [BatchNorm<Float>] {
        net.namedLayers.compactMap { if case .batchNorm(let b) = $0.layer { b } else { nil } }
    }

    func norm(_ rows: [[Double]]) -> Double {
        rows.joined().reduce(0) { $0 + $1 * $1 }.squareRoot()
    }

    // MARK: residual flow

    /// y = x + W₂·tanh(W₁x + b₁) + b₂ as the only layer (so also the first, whose
    /// dx the network does not need): dy is the gradient passed to backward, and
    /// J_fᵀ·dy = W₁ᵀ((W₂ᵀdy) ⊙ (1 − tanh²)) computed here in Double.
    func testSkipShareMatchesAHandComputation() throws {
        var rng = RandomGenerator(seed: 11)
        let net = try Network<Float>(
            inputs: 3,
            layers: [
                .residual([
                    .dense(
                        units: 4, activation: .tanh, weightInit: .normal(mean: 0, std: 0.8),
                        biasInit: .normal(mean: 0, std: 0.3)),
                    .dense(units: 3, weightInit: .normal(mean: 0, std: 0.8)),
                ])
            ], rng: &rng)
        let x = try randomTensor(rows: 5, columns: 3, seed: 12)
        let dy = try randomTensor(rows: 5, columns: 3, seed: 13)
        XCTAssertNil(try residual(net).lastFlow)
        _ = try net.forward(x, training: true, rng: &rng)
        try net.backward(dy)

        let d1 = try dense(net, "dense_1")
        let d2 = try dense(net, "dense_2")
        let w1 = d1.weight.value
        let b1 = try XCTUnwrap(d1.bias).value
        let w2 = d2.weight.value
        var branch: [[Double]] = []
        for n in 0..<5 {
            let h = (0..<4).map { j in
                tanh((0..<3).reduce(Double(b1[0, j])) { $0 + Double(w1[j, $1]) * Double(x[n, $1]) })
            }
            let dz = (0..<4).map { j in
                (0..<3).reduce(0.0) { $0 + Double(w2[$1, j]) * Double(dy[n, $1]) }
                    * (1 - h[j] * h[j])
            }
            branch.append(
                (0..<3).map { i in (0..<4).reduce(0.0) { $0 + Double(w1[$1, i]) * dz[$1] } })
        }
        let skip = norm(dy.rowArrays.map { $0.map(Double.init) })
        let expectedBranch = norm(branch)
        let flow = try XCTUnwrap(try residual(net).lastFlow)
        XCTAssertEqual(flow.skipNorm, skip, accuracy: 1e-5 * skip)
        XCTAssertEqual(flow.branchNorm, expectedBranch, accuracy: 1e-4 * expectedBranch)
        XCTAssertGreaterThan(expectedBranch, 0.1)
        XCTAssertEqual(flow.skipShare, skip / (skip + expectedBranch), accuracy: 1e-5)
    }

    /// A block whose last dense layer has zero weights passes no gradient back:
    /// branch 0, skip share 1.
    func testZeroLastWeightsGiveSkipShareOne() throws {
        var rng = RandomGenerator(seed: 21)
        let net = try Network<Float>(
            inputs: 3,
            layers: [
                .dense(units: 3),
                .residual([
                    .dense(units: 4, activation: .relu), .dense(units: 3, weightInit: .zeros),
                ]),
            ], rng: &rng)
        let data = try regression(rows: 8, columns: 3, targets: 3, seed: 22)
        let stats = try net.inspect(data, rng: &rng)
        let flow = try XCTUnwrap(stats[1].residualFlow)
        XCTAssertGreaterThan(flow.skipNorm, 0)
        XCTAssertEqual(flow.branchNorm, 0)
        XCTAssertEqual(flow.skipShare, 1)
    }

    /// A block with no parameters (an activation alone) still sends its gradient
    /// back: dx = dy + dy ⊙ tanh′(h). The first dense layer's ∇W = dxᵀ·x checks
    /// the whole dx, and the flow records ‖dy ⊙ (1 − tanh²h)‖.
    func testParameterFreeBlockGradientAndFlow() throws {
        var rng = RandomGenerator(seed: 31)
        let net = try Network<Float>(
            inputs: 2, layers: [.dense(units: 3), .residual([.activation(.tanh)])],
            rng: &rng)
        let x = try randomTensor(rows: 4, columns: 2, seed: 32)
        let dy = try randomTensor(rows: 4, columns: 3, seed: 33)
        _ = try net.forward(x, training: true, rng: &rng)
        try net.backward(dy)
        let h = try XCTUnwrap(net.namedLayers[0].lastOutput)
        var dx = [[Double]]()
        var branch = [[Double]]()
        for n in 0..<4 {
            let b = (0..<3).map { j in Double(dy[n, j]) * (1 - pow(tanh(Double(h[n, j])), 2)) }
            branch.append(b)
            dx.append((0..<3).map { Double(dy[n, $0]) + b[$0] })
        }
        let flow = try XCTUnwrap(try residual(net).lastFlow)
        XCTAssertEqual(flow.branchNorm, norm(branch), accuracy: 1e-5 * norm(branch))
        let grad = try dense(net, "dense_1").weight.grad
        for j in 0..<3 {
            for i in 0..<2 {
                let expected = (0..<4).reduce(0.0) { $0 + dx[$1][j] * Double(x[$1, i]) }
                XCTAssertEqual(Double(grad[j, i]), expected, accuracy: 1e-5)
            }
        }
    }

    /// An empty block is y = 2x: both paths carry dy, share one half.
    func testEmptyBlockSplitsEvenly() throws {
        var rng = RandomGenerator(seed: 41)
        let net = try Network<Float>(
            inputs: 2, layers: [.dense(units: 2), .residual([])], rng: &rng)
        _ = try net.inspect(try regression(rows: 6, columns: 2, targets: 2, seed: 42), rng: &rng)
        let flow = try XCTUnwrap(try residual(net).lastFlow)
        XCTAssertEqual(flow.skipNorm, flow.branchNorm)
        XCTAssertEqual(flow.skipShare, 0.5)
        XCTAssertTrue(ResidualFlow(skipNorm: 0, branchNorm: 0).skipShare.isNaN)
    }

    /// Step records with statistics on carry the flow of residual layers only.
    func testStepRecordsCarryTheFlow() throws {
        var rng = RandomGenerator(seed: 51)
        let net = try Network<Float>(
            inputs: 2,
            layers: [
                .dense(units: 4, activation: .relu),
                .residual([.dense(units: 4, activation: .tanh), .residual([.dense(units: 4)])]),
                .dense(units: 1),
            ], rng: &rng)
        let trainer = try Trainer(network: net, optimizer: try Optimizer(.sgd(lr: 0.01)))
        var options = TrainingOptions<Float>()
        options.statistics = true
        let data = try regression(rows: 8, columns: 2, seed: 52)
        guard
            case .finished(let record) = try trainer.step(
                on: data, indices: Array(0..<8)[...], options: options, rng: &rng)
        else {
            return XCTFail("step did not finish")
        }
        XCTAssertEqual(record.layers.count, net.namedLayers.count)
        for (named, s) in zip(net.namedLayers, record.layers) {
            if case .residual(let r) = named.layer {
                XCTAssertNotNil(s.residualFlow, named.name)
                XCTAssertEqual(s.residualFlow, r.lastFlow, named.name)
            } else {
                XCTAssertNil(s.residualFlow, named.name)
            }
        }
    }

    // MARK: batch-norm gap

    /// A fresh batch norm (running mean 0, variance 1) on data of mean 5 is far
    /// from its training output; with the running statistics set to the batch's
    /// mean and biased variance the gap vanishes.
    func testGapIsLargeWithFreshStatisticsAndVanishesWhenTheyMatch() throws {
        var rng = RandomGenerator(seed: 61)
        let net = try Network<Float>(
            inputs: 2, layers: [.batchNorm(), .dense(units: 1)], rng: &rng)
        let data = try regression(rows: 32, columns: 2, mean: 5, seed: 62)
        let fresh = try net.batchNormGap(data)
        XCTAssertEqual(fresh.map(\.layer), ["batchnorm_1", nil])
        XCTAssertGreaterThan(fresh[0].relative, 3)
        XCTAssertGreaterThan(fresh[1].relative, 0.5)

        let bn = try XCTUnwrap(batchNorms(net).first)
        for c in 0..<2 {
            let column = (0..<32).map { Double(data.x[$0, c]) }
            let mean = column.reduce(0, +) / 32
            bn.runningMean[0, c] = Float(mean)
            bn.runningVar[0, c] = Float(column.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / 32)
        }
        let matched = try net.batchNormGap(data)
        XCTAssertLessThan(matched[0].relative, 1e-4)
        XCTAssertLessThan(matched[1].relative, 1e-4)
    }

    /// Two batch norms, a residual block and dropout: every entry in forward
    /// order; with each running statistic set to the batch statistics its
    /// training pass staged, every gap is near 0.
    func testDeeperNetworkGapsInForwardOrder() throws {
        var rng = RandomGenerator(seed: 71)
        let net = try Network<Float>(
            inputs: 3,
            layers: [
                .dense(units: 4, activation: .tanh),
                .residual([.dense(units: 4), .batchNorm()]),
                .dropout(rate: 0.5),
                .batchNorm(),
                .dense(units: 2),
            ], rng: &rng)
        let data = try regression(rows: 16, columns: 3, mean: 2, seed: 72)
        let gaps = try net.batchNormGap(data)
        XCTAssertEqual(gaps.map(\.layer), ["batchnorm_1", "batchnorm_2", nil])
        XCTAssertTrue(gaps.allSatisfy { $0.relative > 0.01 })
        for b in batchNorms(net) {
            try b.runningMean.copy(from: b.batchMean)
            try b.runningVar.copy(from: b.batchVar)
        }
        for gap in try net.batchNormGap(data) {
            XCTAssertLessThan(gap.relative, 1e-4, gap.layer ?? "output")
        }
    }

    /// The call moves no weight, gradient or running statistic, stages nothing
    /// for a later commit, and a plain training forward without commit leaves
    /// the running statistics alone too.
    func testGapChangesNothing() throws {
        var rng = RandomGenerator(seed: 81)
        let net = try Network<Float>(
            inputs: 2,
            layers: [
                .dense(units: 3, activation: .relu), .batchNorm(momentum: 0.5), .dropout(rate: 0.3),
                .dense(units: 1),
            ], rng: &rng)
        let data = try regression(rows: 12, columns: 2, mean: 3, seed: 82)
        _ = try net.inspect(data, rng: &rng)  // non-zero gradients to watch
        func snapshot() -> [[Float]] {
            net.parameters.flatMap { [$0.value.scalars, $0.grad.scalars] }
                + batchNorms(net).flatMap { [$0.runningMean.scalars, $0.runningVar.scalars] }
        }
        let before = snapshot()
        let first = try net.batchNormGap(data)
        XCTAssertEqual(snapshot(), before)
        net.commitRunningStatistics()
        XCTAssertEqual(snapshot(), before)
        XCTAssertEqual(try net.batchNormGap(data), first)

        _ = try net.forward(data.x, training: true, rng: &rng)
        XCTAssertEqual(snapshot(), before)
    }

    /// Dropout is off in the training-mode pass: the gaps equal those of the
    /// same network without the dropout layer.
    func testDropoutDoesNotEnterTheComparison() throws {
        func gaps(_ specs: [LayerSpec]) throws -> [BatchNormGap] {
            var rng = RandomGenerator(seed: 91)
            let net = try Network<Float>(inputs: 2, layers: specs, rng: &rng)
            return try net.batchNormGap(try regression(rows: 10, columns: 2, mean: 1, seed: 92))
        }
        let with = try gaps([.dense(units: 3), .dropout(rate: 0.9), .batchNorm(), .dense(units: 1)])
        let without = try gaps([.dense(units: 3), .batchNorm(), .dense(units: 1)])
        XCTAssertEqual(with.map(\.relative), without.map(\.relative))
    }

    func testGapWithoutBatchNormIsEmptyAndBadDataIsRefused() throws {
        var rng = RandomGenerator(seed: 101)
        let plain = try Network<Float>(
            inputs: 2, layers: [.dense(units: 2), .dropout(rate: 0.5)], rng: &rng)
        XCTAssertEqual(try plain.batchNormGap(try regression(rows: 4, columns: 2, seed: 102)), [])

        let net = try Network<Float>(inputs: 2, layers: [.batchNorm()], rng: &rng)
        let empty = try Dataset(
            x: try Tensor<Float>(rows: 0, columns: 2),
            targets: .values(try Tensor<Float>(rows: 0, columns: 1)))
        XCTAssertThrowsError(try net.batchNormGap(empty)) { error in
            guard case EngineError.invalidData = error else { return XCTFail("\(error)") }
        }
        XCTAssertThrowsError(try net.batchNormGap(try regression(rows: 4, columns: 3, seed: 103))) {
            error in
            XCTAssertEqual(
                error as? EngineError,
                .shapeMismatch("the model takes 2 inputs per sample, the data has 3"))
        }
        XCTAssertThrowsError(try net.batchNormGap(try regression(rows: 1, columns: 2, seed: 104))) {
            error in
            guard case EngineError.invalidData = error else { return XCTFail("\(error)") }
        }
    }
}
