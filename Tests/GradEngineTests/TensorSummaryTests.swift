import XCTest

@testable import GradEngine

/// `Tensor.summary()` walks a tensor in blocks; the optimizer's
/// `UpdateAccumulator` merges per-block results. Both must give the figures of
/// one pass over the whole tensor, and a NaN anywhere must stay NaN.
final class TensorSummaryTests: XCTestCase {
    /// More than two blocks and a tail that is not a whole run of eight.
    private let count = 2 * Tensor<Float>.summaryBlock + 1_003

    private func tensor(_ value: (Int) -> Float) throws -> Tensor<Float> {
        try Tensor(rows: 1, columns: count, values: (0..<count).map(value))
    }

    func testSummaryOverSeveralBlocksCountsEveryElement() throws {
        // Zeros in every block and in the tail; the largest |x| in the last block.
        let t = try tensor { i in i % 7 == 0 ? 0 : Float(i % 13) - 6 }
        t.base[count - 5] = -40
        let s = t.summary()
        var sum = 0.0
        var squares = 0.0
        var zeros = 0
        for i in 0..<count {
            let x = Double(t.base[i])
            sum += x
            squares += x * x
            zeros += x == 0 ? 1 : 0
        }
        XCTAssertEqual(s.count, count)
        XCTAssertEqual(s.zeros, zeros)
        XCTAssertEqual(s.maxMagnitude, 40)
        XCTAssertEqual(s.sum, sum, accuracy: 1e-9 * Double(count))
        XCTAssertEqual(s.sumOfSquares, squares, accuracy: 1e-6 * squares)
    }

    func testSummaryKeepsANaNFromAnEarlierBlock() throws {
        let t = try tensor { i in Float(i % 5) }
        t.base[3] = .nan
        t.base[count - 1] = 1e30  // a larger finite value in a later block
        XCTAssertTrue(t.summary().maxMagnitude.isNaN)
        t.base[3] = 1
        t.base[count - 1] = -.infinity
        XCTAssertEqual(t.summary().maxMagnitude, .infinity)
    }

    func testUpdateAccumulatorKeepsANaNWhateverTheOrderOfItsBlocks() throws {
        let old = try tensor { _ in 0 }
        let new = try tensor { i in Float(i % 3) }
        new.base[10] = .nan
        let half = Tensor<Float>.summaryBlock
        // Blocks added in order: the NaN block first, a finite one after.
        var sequential = UpdateAccumulator<Float>()
        sequential.add(new: new.base, old: old.base, 0, half)
        sequential.add(new: new.base, old: old.base, half, count)
        XCTAssertTrue(sequential.summary(count: count).newLargest.isNaN)
        XCTAssertFalse(sequential.summary(count: count).finite)
        // Partials merged either way round.
        var withNaN = UpdateAccumulator<Float>()
        withNaN.add(new: new.base, old: old.base, 0, half)
        var finite = UpdateAccumulator<Float>()
        finite.add(new: new.base, old: old.base, half, count)
        var first = withNaN
        first.merge(finite)
        var second = finite
        second.merge(withNaN)
        XCTAssertTrue(first.summary(count: count).newLargest.isNaN)
        XCTAssertTrue(second.summary(count: count).newLargest.isNaN)
        // With no NaN, the largest magnitude of all blocks.
        new.base[10] = 0
        new.base[count - 2] = -7
        var clean = UpdateAccumulator<Float>()
        clean.add(new: new.base, old: old.base, 0, half)
        clean.add(new: new.base, old: old.base, half, count)
        XCTAssertEqual(clean.summary(count: count).newLargest, 7)
        XCTAssertTrue(clean.summary(count: count).finite)
    }
}
