import XCTest

@testable import GradEngine

/// The tensor memory budget: models, datasets and single tensors beyond it are
/// refused before anything is allocated, with the bytes needed and the budget.
final class MemoryBudgetTests: XCTestCase {
    override func tearDown() {
        MemoryBudget.bytes = MemoryBudget.defaultBytes
        super.tearDown()
    }

    func message(_ body: () throws -> Void) -> String {
        do {
            try body()
            return "no error"
        } catch { return "\(error)" }
    }

    /// What follows the budget in a message: nothing, or the bytes other tests' tensors still hold.
    func inUseSuffix() -> String {
        let n = MemoryBudget.inUse
        return n == 0 ? "" : "; \(MemoryBudget.human(n)) of it \(n == 1 ? "is" : "are") in use"
    }

    func testTheDefaultIsHalfOfPhysicalMemory() {
        XCTAssertGreaterThan(MemoryBudget.physicalBytes, 0)
        XCTAssertEqual(MemoryBudget.defaultBytes, MemoryBudget.physicalBytes / 2)
        XCTAssertEqual(MemoryBudget.bytes, MemoryBudget.defaultBytes)
    }

    func testAModelOverTheBudgetIsRefused() {
        MemoryBudget.bytes = 1 << 20
        var rng = RandomGenerator(seed: 1)
        let m = message {
            _ = try Network<Float>(inputs: 1000, layers: [.dense(units: 1000)], rng: &rng)
        }
        XCTAssertEqual(
            m,
            "the model has 1001000 parameters, which need 11.5 MiB (12,012,000 bytes) with their gradients and update buffers: over the memory budget of 1 MiB (1,048,576 bytes)"
                + inUseSuffix())
        // A model that fits is built, and its tensors count as in use until it goes.
        let before = MemoryBudget.inUse
        do {
            let net = try? Network<Float>(inputs: 10, layers: [.dense(units: 10)], rng: &rng)
            XCTAssertNotNil(net)
            XCTAssertGreaterThanOrEqual(MemoryBudget.inUse - before, 110 * 4)
        }
        XCTAssertEqual(MemoryBudget.inUse, before)
    }

    func testADatasetOverTheBudgetIsRefused() {
        MemoryBudget.bytes = 1 << 20
        var rng = RandomGenerator(seed: 1)
        let m = message {
            _ = try DataGenerator.spiral(points: 100_000, classes: 3, rng: &rng, as: Float.self)
        }
        XCTAssertEqual(
            m,
            "spiral: 100000 samples of 2 features need 1.5 MiB (1,600,000 bytes): over the memory budget of 1 MiB (1,048,576 bytes)"
                + inUseSuffix())
        XCTAssertEqual(
            message { _ = try DataGenerator.sine(points: 1000, rng: &rng, as: Float.self) },
            "no error")
    }

    func testACSVOverTheBudgetIsRefusedWhileReading() {
        MemoryBudget.bytes = MemoryBudget.inUse + 4096
        let text = "a,b,label\n" + String(repeating: "1,2,0\n", count: 1000)
        let m = message {
            _ = try CSVLoader.parse(text: text, source: "big.csv", target: "label", as: Float.self)
        }
        // 16 bytes a row: the 257th row (line 258) is one too many.
        XCTAssertTrue(
            m.hasPrefix(
                "big.csv:258: 257 samples of 2 features need 4 KiB (4,112 bytes): over the memory budget of "
            ), m)
    }

    func testATensorOverWhatIsLeftIsRefused() throws {
        MemoryBudget.bytes = MemoryBudget.inUse + 1000
        XCTAssertEqual(message { _ = try Tensor<Float>(rows: 10, columns: 20) }, "no error")
        let m = message { _ = try Tensor<Float>(rows: 1000, columns: 1000) }
        XCTAssertTrue(
            m.hasPrefix(
                "a 1000×1000 tensor needs 3.8 MiB (4,000,000 bytes): over the memory budget of "), m
        )
        // Growing a tensor is checked too.
        let t = try Tensor<Float>(rows: 1, columns: 100)
        let grow = message { try t.resize(rows: 1000) }
        XCTAssertTrue(
            grow.hasPrefix(
                "growing a 1×100 tensor to 1000×100 needs 390 KiB (399,600 bytes): over the memory budget of "
            ), grow)
    }

    func testSizesAreWrittenForPeople() {
        XCTAssertEqual(MemoryBudget.describe(1), "1 byte (1 byte)")
        XCTAssertEqual(MemoryBudget.describe(1023), "1023 bytes (1,023 bytes)")
        XCTAssertEqual(MemoryBudget.describe(32 << 20), "32 MiB (33,554,432 bytes)")
        XCTAssertEqual(MemoryBudget.human(1536), "1.5 KiB")
        XCTAssertEqual(MemoryBudget.human(3 << 40), "3072 GiB")
    }
}
