import XCTest

@testable import GradEngine

/// The machine's product rates that `gradlab bench --peak` reports.
final class GemmRateTests: XCTestCase {
    override func tearDown() {
        ComputeThreads.set(1)
        super.tearDown()
    }

    /// A step's products alone take longer for a network with 512 times the
    /// work, at one and two threads, and bad sizes are refused by name.
    func testStepProductsGrowWithTheWorkAndRefuseBadSizes() throws {
        for threads in [1, 2] {
            let small = try GemmRate.stepProducts(
                widths: [8, 8, 8], batch: 8, threads: threads, trials: 2, seconds: 0.02)
            let large = try GemmRate.stepProducts(
                widths: [64, 64, 64], batch: 64, threads: threads, trials: 2, seconds: 0.02)
            XCTAssertGreaterThan(small, 0)
            XCTAssertGreaterThan(large, small * 4, "threads \(threads)")
        }
        for (widths, batch) in [([8], 8), ([8, 0, 8], 8), ([8, 8], 0)] {
            XCTAssertThrowsError(
                try GemmRate.stepProducts(widths: widths, batch: batch, threads: 1)
            ) { error in
                XCTAssertTrue("\(error)".contains("step products: at least two widths"), "\(error)")
            }
        }
    }
}
