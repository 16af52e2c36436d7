import XCTest

@testable import GradEngine

/// The compute team: every part of every job runs once, and matrix products
/// split over it give the product.
final class ComputeTeamTests: XCTestCase {
    override func tearDown() {
        ComputeThreads.set(1)
        super.tearDown()
    }

    /// Thousands of short jobs in a row (the hand-off a training step makes
    /// dozens of times), with 2 and 3 parts: each part exactly once per job.
    func testEveryPartRunsOncePerJob() {
        var counts = [Int](repeating: 0, count: 3)
        counts.withUnsafeMutableBufferPointer { buffer in
            let slots = UncheckedSendable(buffer)
            for job in 0..<5000 {
                ComputeThreads.split(job % 2 == 0 ? 2 : 3) { part in slots.value[part] += 1 }
            }
        }
        XCTAssertEqual(counts, [5000, 5000, 2500])
    }

    /// A job after the workers have gone to sleep still runs on them.
    func testWorkersWakeAfterSleeping() {
        var hits = [Int](repeating: 0, count: 2)
        hits.withUnsafeMutableBufferPointer { buffer in
            let slots = UncheckedSendable(buffer)
            ComputeThreads.split(2) { part in slots.value[part] += 1 }
            usleep(20_000)  // far beyond the workers' half millisecond of polling
            ComputeThreads.split(2) { part in slots.value[part] += 1 }
        }
        XCTAssertEqual(hits, [2, 2])
    }

    /// Each product shape a dense layer makes (x·Wᵀ, dZᵀ·x, dZ·W), large
    /// enough to be split over 2 threads, with sizes that do not divide
    /// evenly: every element matches the product summed in Double.
    func testSplitProductsMatchTheProduct() throws {
        var rng = RandomGenerator(seed: 9)
        func random(_ rows: Int, _ columns: Int) throws -> Tensor<Float> {
            try Self.normalTensor(rows, columns, &rng)
        }
        ComputeThreads.set(2)
        for (transA, transB, m, n, k) in [
            (false, true, 100, 300, 90), (true, false, 260, 70, 50), (false, false, 90, 130, 70),
            (false, true, 40, 20, 400), (true, false, 20, 300, 60),
        ] {
            XCTAssertGreaterThanOrEqual(m * n * k, Tensor<Float>.splitThreshold)
            let a = try transA ? random(k, m) : random(m, k)
            let b = try transB ? random(n, k) : random(k, n)
            let c = try Tensor<Float>(rows: m, columns: n)
            Tensor.gemm(a, b, into: c, transposeA: transA, transposeB: transB)
            var worst = 0.0
            for i in 0..<m {
                for j in 0..<n {
                    var s = 0.0
                    for l in 0..<k {
                        let x = Double(transA ? a[l, i] : a[i, l])
                        let y = Double(transB ? b[j, l] : b[l, j])
                        s += x * y
                    }
                    worst = max(worst, abs(Double(c[i, j]) - s))
                }
            }
            XCTAssertLessThan(
                worst, 1e-4, "\(transA ? "T" : "N")\(transB ? "T" : "N") \(m)×\(n)×\(k)")
        }
    }

    /// With beta 0 the engine zeroes C itself and asks the BLAS for beta 1: the
    /// result must overwrite whatever C held (NaN included, as beta 0 does), and
    /// a block of C (row stride wider than the block) must leave its neighbours alone.
    func testAProductWithBetaZeroOverwritesOnlyItsBlockOfC() {
        let (m, n, k, ldc) = (5, 3, 4, 7)
        let a = (0..<(m * k)).map { Float($0 % 5) - 2 }
        let b = (0..<(k * n)).map { Float($0 % 3) + 0.5 }
        var c = [Float](repeating: .nan, count: m * ldc)
        c.withUnsafeMutableBufferPointer { cp in
            Float.gemm(
                transA: false, transB: false, m: m, n: n, k: k, alpha: 1, a: a, lda: k,
                b: b, ldb: n, beta: 0, c: cp.baseAddress! + 2, ldc: ldc)
        }
        for i in 0..<m {
            for j in 0..<ldc {
                let got = c[i * ldc + j]
                if (2..<(2 + n)).contains(j) {
                    var s: Float = 0
                    for l in 0..<k { s += a[i * k + l] * b[l * n + j - 2] }
                    XCTAssertEqual(got, s, "C[\(i), \(j)]")
                } else {
                    XCTAssertTrue(got.isNaN, "C[\(i), \(j)] outside the block was written")
                }
            }
        }
    }

    /// On two threads a dense layer's dW and dX run side by side, each whole:
    /// both must be the one-thread products to the last bit.
    func testWeightAndInputGradientsSideBySideAreTheOneThreadProducts() throws {
        var rng = RandomGenerator(seed: 12)
        func random(_ rows: Int, _ columns: Int) throws -> Tensor<Float> {
            try Self.normalTensor(rows, columns, &rng)
        }
        let saved = ComputeThreads.current
        defer { ComputeThreads.set(saved) }
        for (batch, outputs, inputs) in [(64, 64, 64), (128, 10, 256), (96, 300, 130)] {
            XCTAssertGreaterThanOrEqual(batch * outputs * inputs, Tensor<Float>.splitThreshold / 2)
            let dZ = try random(batch, outputs)
            let x = try random(batch, inputs)
            let w = try random(outputs, inputs)
            func run(threads: Int) throws -> ([Float], [Float]) {
                ComputeThreads.set(threads)
                let dW = try random(outputs, inputs)
                let dX = try random(batch, inputs)
                Tensor.weightAndInputGradients(
                    dZ, x, w, weightGradient: dW, inputGradient: dX)
                return (dW.scalars, dX.scalars)
            }
            let one = try run(threads: 1)
            let two = try run(threads: 2)
            XCTAssertEqual(one.0, two.0, "dW \(batch)×\(outputs)×\(inputs)")
            XCTAssertEqual(one.1, two.1, "dX \(batch)×\(outputs)×\(inputs)")
            // And they are the products: spot-check one element of each.
            var s = 0.0
            for b in 0..<batch { s += Double(dZ[b, 3]) * Double(x[b, 5]) }
            XCTAssertEqual(Double(one.0[3 * inputs + 5]), s, accuracy: 1e-3)
            s = 0
            for o in 0..<outputs { s += Double(dZ[7, o]) * Double(w[o, 9]) }
            XCTAssertEqual(Double(one.1[7 * inputs + 9]), s, accuracy: 1e-3)
        }
    }

    /// A rows × columns tensor of standard normal values.
    static func normalTensor(
        _ rows: Int, _ columns: Int, _ rng: inout RandomGenerator
    ) throws -> Tensor<Float> {
        let t = try Tensor<Float>(rows: rows, columns: columns)
        t.fill(with: { rng.normal() })
        return t
    }
}
