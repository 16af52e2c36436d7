import XCTest

@testable import GradEngine

/// A run that goes non-finite reports the largest |value| per layer over its
/// last steps, and the optimizer's pass measures the largest new weight.
final class MagnitudeTrailTests: XCTestCase {
    /// Walkthrough 07's network and rate (five ReLU layers of 32 with N(0, 1)
    /// weights, SGD at lr 0.1), on other data: it overflows within a few steps.
    func explodingRun(statistics: Bool = true) throws -> (History, Network<Float>) {
        var rng = RandomGenerator(seed: 1)
        let data: Dataset<Float> = try DataGenerator.spiral(
            points: 300, classes: 3, noise: 0.1, rng: &rng)
        let specs =
            [LayerSpec](
                repeating: .dense(
                    units: 32, activation: .relu, weightInit: .normal(mean: 0, std: 1)),
                count: 5) + [.dense(units: 3)]
        let net = try Network<Float>(inputs: 2, layers: specs, rng: &rng)
        let trainer = try Trainer(network: net, optimizer: Optimizer(.sgd(lr: 0.1)))
        var options = TrainingOptions<Float>()
        options.epochs = 5
        options.statistics = statistics
        return (try trainer.train(data, options: options, rng: &rng), net)
    }

    func testTheTrailShowsTheGrowthBeforeTheOverflow() throws {
        let (h, net) = try explodingRun()
        guard case .nonFinite(let report) = h.ending else {
            return XCTFail("the run was expected to overflow, it ended \(h.ending)")
        }
        let trail = try XCTUnwrap(report.trail)
        // The last finished steps (at most 4), then the failed one.
        XCTAssertEqual(trail.steps.last, report.step)
        XCTAssertEqual(trail.steps, Array((report.step - trail.steps.count + 1)...report.step))
        XCTAssertLessThanOrEqual(trail.steps.count, MagnitudeRecorder.steps + 1)
        // Every layer, each with weights, outputs and gradients, in reading order.
        XCTAssertEqual(
            trail.rows.map(\.layer),
            net.namedLayers.flatMap { [String](repeating: $0.name, count: 3) })
        XCTAssertEqual(
            trail.rows.map(\.quantity),
            Array(
                [[MagnitudeTrail.Quantity]](
                    repeating: [.weights, .outputs, .gradients], count: net.namedLayers.count
                ).joined()))
        for row in trail.rows {
            XCTAssertEqual(row.values.count, trail.steps.count)
            let finished = row.values.dropLast().compactMap { $0 }
            XCTAssertEqual(finished.count, trail.steps.count - 1, "\(row.layer) \(row.quantity)")
            XCTAssertTrue(finished.allSatisfy(\.isFinite))
            // The failed step made no update; it has gradients only when its
            // backward pass ran.
            let last = row.values.last ?? nil
            switch row.quantity {
            case .weights: XCTAssertNil(last)
            case .outputs: XCTAssertNotNil(last)
            case .gradients:
                XCTAssertEqual(last != nil, report.pass == .backward || report.pass == .update)
            }
        }
        // The weights grow at every step, by orders of magnitude in all.
        for row in trail.rows where row.quantity == .weights {
            let w = row.values.compactMap { $0 }
            XCTAssertEqual(w, w.sorted(), row.layer)
            XCTAssertGreaterThan((w.last ?? 0) / (w.first ?? 1), 1e6, row.layer)
        }
        // The last finished step's weights are the ones kept.
        let kept = try XCTUnwrap(net.namedLayers[4].mainParameter).value.summary().maxMagnitude
        let reported = try XCTUnwrap(
            trail.rows.first { $0.layer == "dense_5" && $0.quantity == .weights }?.values.dropLast()
                .last ?? nil)
        XCTAssertEqual(reported, Double(kept), accuracy: Double(kept) * 1e-6)
        // The layer that overflowed shows it.
        let quantity: MagnitudeTrail.Quantity = report.pass == .forward ? .outputs : .gradients
        let failed = try XCTUnwrap(
            trail.rows.first { $0.layer == report.layer && $0.quantity == quantity }?.values.last
                ?? nil)
        XCTAssertFalse(failed.isFinite, "\(report)")
    }

    func testWithoutStatisticsThereIsNoTrail() throws {
        let (h, _) = try explodingRun(statistics: false)
        guard case .nonFinite(let report) = h.ending else {
            return XCTFail("the run was expected to overflow, it ended \(h.ending)")
        }
        XCTAssertNil(report.trail)
    }

    /// The optimizer's pass finds the largest |new weight|, negative or positive,
    /// in the vector lanes and in the tail alike.
    func testTheUpdateMeasuresTheLargestNewWeight() throws {
        for (count, at, value) in [(37, 3, -9.5), (37, 34, 7.25), (8, 0, -2.0), (5, 4, 3.0)] {
            let p = try Parameter<Float>(role: .weight, rows: 1, columns: count)
            for i in 0..<count { p.value.base[i] = Float(i % 5) * 0.1 - 0.2 }
            p.value.base[at] = Float(value)
            for i in 0..<count { p.grad.base[i] = 0 }
            let optimizer = try Optimizer<Float>(.sgd(lr: 0.1))
            let (finite, updates) = optimizer.prepare([p])
            XCTAssertTrue(finite)
            XCTAssertEqual(
                updates.first?.newLargest ?? 0, abs(value), accuracy: 1e-6, "\(count) at \(at)")
        }
    }
}
