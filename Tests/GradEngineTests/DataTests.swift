import XCTest

@testable import GradEngine

#if canImport(Glibc)
    import Glibc
#endif

/// Data generators, the CSV loader and train/test splitting.
final class DataTests: XCTestCase {

    // MARK: - Helpers

    private func labels<S>(_ d: Dataset<S>, file: StaticString = #filePath, line: UInt = #line)
        -> [Int]
    {
        guard case .classes(let l, _) = d.targets else {
            XCTFail("expected class targets", file: file, line: line)
            return []
        }
        return l
    }

    private func values<S>(_ d: Dataset<S>, file: StaticString = #filePath, line: UInt = #line)
        -> [S]
    {
        guard case .values(let y) = d.targets else {
            XCTFail("expected value targets", file: file, line: line)
            return []
        }
        return y.scalars
    }

    private func classCounts<S>(_ d: Dataset<S>) -> [Int] {
        var counts = [Int](repeating: 0, count: d.targetWidth)
        for l in labels(d) { counts[l] += 1 }
        return counts
    }

    /// The error `body` throws, or nil (with a failure) if it returns.
    private func error<T>(
        _ body: () throws(EngineError) -> T,
        file: StaticString = #filePath, line: UInt = #line
    ) -> EngineError? {
        do {
            _ = try body()
            XCTFail("expected an error", file: file, line: line)
            return nil
        } catch {
            return error
        }
    }

    private func assertThrows<T>(
        _ expected: EngineError, _ body: () throws(EngineError) -> T,
        file: StaticString = #filePath, line: UInt = #line
    ) {
        XCTAssertEqual(error(body, file: file, line: line), expected, file: file, line: line)
    }

    private func csv<S: EngineScalar>(
        _ text: String, target: String = "y", classes: Int? = nil,
        _: S.Type = Float.self
    ) throws(EngineError) -> Dataset<S> {
        try CSVLoader.parse(text: text, source: "data.csv", target: target, classes: classes)
    }

    private func csvError(_ text: String, target: String = "y", classes: Int? = nil) -> (
        () throws(EngineError) -> Dataset<Float>
    ) {
        { () throws(EngineError) in
            try CSVLoader.parse(text: text, source: "data.csv", target: target, classes: classes)
        }
    }

    // MARK: - Determinism

    func testGeneratorsAreDeterministicPerSeed() throws {
        func all(_ seed: UInt64) throws -> [[UInt32]] {
            var rng = RandomGenerator(seed: seed)
            let sets: [Dataset<Float>] = [
                try DataGenerator.spiral(points: 300, classes: 3, noise: 0.2, rng: &rng),
                try DataGenerator.moons(points: 200, noise: 0.1, rng: &rng),
                try DataGenerator.circles(points: 200, noise: 0.05, factor: 0.5, rng: &rng),
                try DataGenerator.xor(points: 200, noise: 0.1, rng: &rng),
                try DataGenerator.blobs(points: 200, classes: 4, noise: 0.5, rng: &rng),
                try DataGenerator.sine(points: 200, noise: 0.1, rng: &rng),
            ]
            return sets.flatMap { d -> [[UInt32]] in
                let t: [UInt32]
                switch d.targets {
                case .classes(let l, _): t = l.map { UInt32($0) }
                case .values(let y): t = y.scalars.map(\.bitPattern)
                }
                return [d.x.scalars.map(\.bitPattern), t]
            }
        }
        let a = try all(42)
        let b = try all(42)
        let c = try all(43)
        XCTAssertEqual(a, b)
        XCTAssertEqual(a.count, 12)
        // Every generator's inputs depend on the seed.
        for i in stride(from: 0, to: 12, by: 2) {
            XCTAssertNotEqual(a[i], c[i], "dataset \(i / 2) ignores the seed")
        }
    }

    func testFloatDataIsDoubleDataRounded() throws {
        var r1 = RandomGenerator(seed: 7)
        var r2 = RandomGenerator(seed: 7)
        let f: Dataset<Float> = try DataGenerator.spiral(points: 50, classes: 2, rng: &r1)
        let d = try DataGenerator.spiral(points: 50, classes: 2, rng: &r2, as: Double.self)
        XCTAssertEqual(f.x.scalars, d.x.scalars.map { Float($0) })
        XCTAssertEqual(labels(f), labels(d))
    }

    // MARK: - Spiral

    func testSpiralCountsDistributeTheRemainder() throws {
        var rng = RandomGenerator(seed: 1)
        let d: Dataset<Float> = try DataGenerator.spiral(points: 11, classes: 3, rng: &rng)
        XCTAssertEqual(d.count, 11)
        XCTAssertEqual(d.features, 2)
        XCTAssertEqual(labels(d), [0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2])
        XCTAssertEqual(d.targetWidth, 3)
        XCTAssertEqual(d.name, "spiral")
        XCTAssertEqual(d.featureNames, ["x1", "x2"])
        XCTAssertEqual(d.classNames, ["0", "1", "2"])

        let e: Dataset<Float> = try DataGenerator.spiral(points: 3, classes: 3, rng: &rng)
        XCTAssertEqual(labels(e), [0, 1, 2])
        // One point per arm sits at r = 0.
        XCTAssertEqual(e.x.scalars, [0, 0, 0, 0, 0, 0])
    }

    func testSpiralGeometryWithoutNoise() throws {
        var rng = RandomGenerator(seed: 1)
        let d = try DataGenerator.spiral(
            points: 30, classes: 3, noise: 0, rng: &rng, as: Double.self)
        // 10 points per arm: r = i/9, t = 4j + 4i/9.
        for j in 0..<3 {
            for i in 0..<10 {
                let row = j * 10 + i
                let r = Double(i) / 9
                let t = Double(4 * j) + 4 * Double(i) / 9
                XCTAssertEqual(d.x[row, 0], r * sin(t), accuracy: 1e-12)
                XCTAssertEqual(d.x[row, 1], r * cos(t), accuracy: 1e-12)
            }
        }
        // The arm ends exactly at t = 4(j+1), r = 1.
        XCTAssertEqual(d.x[9, 0], sin(4.0))
        XCTAssertEqual(d.x[9, 1], cos(4.0))
    }

    func testSpiralNoiseOnlyMovesTheAngle() throws {
        var rng = RandomGenerator(seed: 5)
        let d = try DataGenerator.spiral(
            points: 200, classes: 2, noise: 0.2, rng: &rng, as: Double.self)
        var moved = 0
        for arm in 0..<2 {
            for i in 0..<100 {
                let row = arm * 100 + i
                let (a, b) = (d.x[row, 0], d.x[row, 1])
                XCTAssertEqual((a * a + b * b).squareRoot(), Double(i) / 99, accuracy: 1e-12)
                let clean = Double(4 * arm) + 4 * Double(i) / 99
                if i > 0, abs(sin(clean) * Double(i) / 99 - a) > 1e-9 { moved += 1 }
            }
        }
        XCTAssertGreaterThan(moved, 190)
    }

    func testSpiralRejectsBadArguments() {
        var rng = RandomGenerator(seed: 1)
        func spiral(_ p: Int, _ c: Int, _ n: Double) -> () throws(EngineError) -> Dataset<Float> {
            { () throws(EngineError) in
                try DataGenerator.spiral(points: p, classes: c, noise: n, rng: &rng)
            }
        }
        assertThrows(
            .invalidArgument("spiral: points must be at least 1 (got 0)"), spiral(0, 3, 0.2))
        assertThrows(
            .invalidArgument("spiral: points must be at least 1 (got -5)"), spiral(-5, 3, 0.2))
        assertThrows(
            .invalidArgument("spiral: points must be at least classes (3), one per class (got 2)"),
            spiral(2, 3, 0.2))
        assertThrows(
            .invalidArgument("spiral: points must be at most 10000000 (got 10000001)"),
            spiral(10_000_001, 3, 0.2))
        assertThrows(
            .invalidArgument("spiral: classes must be at least 2 (got 1)"), spiral(10, 1, 0.2))
        assertThrows(
            .invalidArgument("spiral: classes must be at least 2 (got 0)"), spiral(10, 0, 0.2))
        assertThrows(
            .invalidArgument("spiral: noise must be ≥ 0 (got -0.1)"),
            spiral(10, 2, -0.1))
        assertThrows(
            .invalidArgument("spiral: noise must be a finite number ≥ 0 (got nan)"),
            spiral(10, 2, .nan))
        assertThrows(
            .invalidArgument("spiral: noise must be a finite number ≥ 0 (got inf)"),
            spiral(10, 2, .infinity))
    }

    // MARK: - Moons, circles, xor, blobs

    func testMoonsGeometry() throws {
        var rng = RandomGenerator(seed: 3)
        let d = try DataGenerator.moons(points: 101, noise: 0, rng: &rng, as: Double.self)
        XCTAssertEqual(classCounts(d), [50, 51])
        XCTAssertEqual(d.name, "moons")
        let l = labels(d)
        for i in 0..<d.count {
            let (a, b) = (d.x[i, 0], d.x[i, 1])
            if l[i] == 0 {
                XCTAssertEqual(a * a + b * b, 1, accuracy: 1e-12)  // upper unit half circle
                XCTAssertGreaterThanOrEqual(b, -1e-12)
            } else {
                XCTAssertEqual((a - 1) * (a - 1) + (b - 0.5) * (b - 0.5), 1, accuracy: 1e-12)
                XCTAssertLessThanOrEqual(b, 0.5 + 1e-12)  // lower half circle centred (1, 0.5)
            }
        }
        // Ends of the arcs: (1, 0) → (−1, 0) and (0, 0.5) → (2, 0.5).
        XCTAssertEqual(d.x[0, 0], 1)
        XCTAssertEqual(d.x[0, 1], 0)
        XCTAssertEqual(d.x[49, 0], -1)
        XCTAssertEqual(d.x[49, 1], 0, accuracy: 1e-15)
        XCTAssertEqual(d.x[50, 0], 0)
        XCTAssertEqual(d.x[50, 1], 0.5)
        XCTAssertEqual(d.x[100, 0], 2)
        XCTAssertEqual(d.x[100, 1], 0.5, accuracy: 1e-15)

        let noisy = try DataGenerator.moons(points: 4000, noise: 0.1, rng: &rng, as: Double.self)
        // The noise is N(0, 0.1²) per coordinate: residual radius spread ≈ 0.1.
        var sq = 0.0
        for i in 0..<2000 {
            let r = (noisy.x[i, 0] * noisy.x[i, 0] + noisy.x[i, 1] * noisy.x[i, 1]).squareRoot()
            sq += (r - 1) * (r - 1)
        }
        XCTAssertEqual((sq / 2000).squareRoot(), 0.1, accuracy: 0.01)
        assertThrows(
            .invalidArgument("moons: points must be at least 2, one per class (got 1)"),
            { () throws(EngineError) -> Dataset<Float> in
                try DataGenerator.moons(points: 1, noise: 0.1, rng: &rng)
            })
    }

    func testCirclesRadii() throws {
        var rng = RandomGenerator(seed: 4)
        for factor in [0.5, 0.3] {
            let d = try DataGenerator.circles(
                points: 200, noise: 0, factor: factor, rng: &rng, as: Double.self)
            XCTAssertEqual(classCounts(d), [100, 100])
            let l = labels(d)
            for i in 0..<d.count {
                let r = (d.x[i, 0] * d.x[i, 0] + d.x[i, 1] * d.x[i, 1]).squareRoot()
                XCTAssertEqual(r, l[i] == 0 ? 1 : factor, accuracy: 1e-12)
            }
            // Angles are evenly spaced from 0 without the endpoint: the first is (1, 0),
            // the second at 2π/100.
            XCTAssertEqual(d.x[0, 0], 1)
            XCTAssertEqual(d.x[0, 1], 0)
            XCTAssertEqual(d.x[1, 1], sin(2 * Double.pi / 100), accuracy: 1e-15)
        }
        let noisy = try DataGenerator.circles(
            points: 4000, noise: 0.05, factor: 0.5, rng: &rng, as: Double.self)
        let l = labels(noisy)
        var sums = [0.0, 0.0]
        for i in 0..<noisy.count {
            sums[l[i]] += (noisy.x[i, 0] * noisy.x[i, 0] + noisy.x[i, 1] * noisy.x[i, 1])
                .squareRoot()
        }
        XCTAssertEqual(sums[0] / 2000, 1, accuracy: 0.01)
        XCTAssertEqual(sums[1] / 2000, 0.5, accuracy: 0.01)
        XCTAssertEqual(noisy.name, "circles")

        for (bad, message) in [
            (1.0, "must be in [0, 1) (got 1)"), (-0.1, "must be in [0, 1) (got -0.1)"),
            (Double.nan, "must be a finite number in [0, 1) (got nan)"),
        ] {
            assertThrows(
                .invalidArgument("circles: factor \(message)"),
                { () throws(EngineError) -> Dataset<Float> in
                    try DataGenerator.circles(points: 10, noise: 0, factor: bad, rng: &rng)
                })
        }
    }

    func testXorLabelsFollowQuadrants() throws {
        var rng = RandomGenerator(seed: 9)
        let d = try DataGenerator.xor(points: 2000, noise: 0, rng: &rng, as: Double.self)
        let l = labels(d)
        for i in 0..<d.count {
            let (a, b) = (d.x[i, 0], d.x[i, 1])
            XCTAssert(a >= -1 && a < 1 && b >= -1 && b < 1)
            XCTAssertEqual(l[i], (a > 0) != (b > 0) ? 1 : 0)
        }
        let ones = l.reduce(0, +)
        XCTAssert((900...1100).contains(ones), "unbalanced xor: \(ones) of 2000")
        XCTAssertEqual(d.name, "xor")

        // With noise, labels come from the clean point: a few cross the axes.
        let n = try DataGenerator.xor(points: 2000, noise: 0.1, rng: &rng, as: Double.self)
        let ln = labels(n)
        let agree = (0..<n.count).filter {
            ln[$0] == ((n.x[$0, 0] > 0) != (n.x[$0, 1] > 0) ? 1 : 0)
        }.count
        XCTAssert(agree < 2000 && agree > 1800, "agreement \(agree)")
    }

    func testBlobsCentresAndSpread() throws {
        var rng = RandomGenerator(seed: 11)
        let d = try DataGenerator.blobs(
            points: 100, classes: 3, noise: 0, rng: &rng, as: Double.self)
        XCTAssertEqual(classCounts(d), [34, 33, 33])
        let l = labels(d)
        for i in 1..<d.count where l[i] == l[i - 1] {
            XCTAssertEqual(d.x[i, 0], d.x[i - 1, 0])
            XCTAssertEqual(d.x[i, 1], d.x[i - 1, 1])
        }
        for i in 0..<d.count {
            XCTAssert(abs(d.x[i, 0]) <= 5 && abs(d.x[i, 1]) <= 5)
        }
        XCTAssertNotEqual(d.x[0, 0], d.x[34, 0])

        let s = try DataGenerator.blobs(
            points: 3000, classes: 3, noise: 0.5, rng: &rng, as: Double.self)
        let ls = labels(s)
        for k in 0..<3 {
            let rows = (0..<s.count).filter { ls[$0] == k }
            XCTAssertEqual(rows.count, 1000)
            for c in 0..<2 {
                let v = rows.map { s.x[$0, c] }
                let mean = v.reduce(0, +) / 1000
                let std = (v.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 999).squareRoot()
                XCTAssertEqual(std, 0.5, accuracy: 0.04)
            }
        }
        assertThrows(
            .invalidArgument("blobs: classes must be at least 2 (got 1)"),
            { () throws(EngineError) -> Dataset<Float> in
                try DataGenerator.blobs(points: 10, classes: 1, noise: 1, rng: &rng)
            })
        assertThrows(
            .invalidArgument("blobs: points must be at least classes (5), one per class (got 4)"),
            { () throws(EngineError) -> Dataset<Float> in
                try DataGenerator.blobs(points: 4, classes: 5, noise: 1, rng: &rng)
            })
    }

    // MARK: - Sine

    func testSineValuesAreWithinNoiseOfSin() throws {
        var rng = RandomGenerator(seed: 2)
        let d = try DataGenerator.sine(points: 2000, noise: 0.1, rng: &rng, as: Double.self)
        XCTAssertFalse(d.isClassification)
        XCTAssertEqual(d.features, 1)
        XCTAssertEqual(d.targetWidth, 1)
        XCTAssertEqual(d.featureNames, ["x"])
        XCTAssertEqual(d.name, "sine")
        let y = values(d)
        var sq = 0.0
        for i in 0..<d.count {
            let x = d.x[i, 0]
            XCTAssert(x >= -Double.pi && x < Double.pi)
            let r = y[i] - sin(x)
            XCTAssertLessThan(abs(r), 0.5)  // 5 σ
            sq += r * r
        }
        XCTAssertEqual((sq / 2000).squareRoot(), 0.1, accuracy: 0.01)

        let clean = try DataGenerator.sine(points: 100, noise: 0, rng: &rng, as: Double.self)
        let yc = values(clean)
        for i in 0..<100 { XCTAssertEqual(yc[i], sin(clean.x[i, 0])) }

        assertThrows(
            .invalidArgument("sine: points must be at least 1 (got 0)"),
            { () throws(EngineError) -> Dataset<Float> in
                try DataGenerator.sine(points: 0, noise: 0.1, rng: &rng)
            })
        assertThrows(
            .invalidArgument("sine: noise must be ≥ 0 (got -1)"),
            { () throws(EngineError) -> Dataset<Float> in
                try DataGenerator.sine(points: 5, noise: -1, rng: &rng)
            })
    }

    // MARK: - CSV: successful parses

    func testCSVNumericTargetIsRegression() throws {
        let d: Dataset<Float> = try csv("a,y,b\n1,3,2\n4,-6.5,5e1\n")
        XCTAssertFalse(d.isClassification)
        XCTAssertEqual(d.featureNames, ["a", "b"])
        XCTAssertEqual(d.x.rowArrays, [[1, 2], [4, 50]])
        XCTAssertEqual(values(d), [3, -6.5])
        XCTAssertEqual(d.name, "data.csv")
        XCTAssertEqual(d.classNames, [])
        // Integers without `classes:` are still regression targets.
        let i: Dataset<Float> = try csv("x,y\n1,0\n2,1\n3,2\n")
        XCTAssertFalse(i.isClassification)
        XCTAssertEqual(values(i), [0, 1, 2])
    }

    func testCSVTextTargetClassesAreSorted() throws {
        let d: Dataset<Float> = try csv(
            "f,species\n1,zebra\n2,ant\n3,cat\n4,ant\n", target: "species")
        XCTAssertEqual(d.classNames, ["ant", "cat", "zebra"])
        XCTAssertEqual(labels(d), [2, 0, 1, 0])
        XCTAssertEqual(d.targetWidth, 3)
        XCTAssertEqual(d.x.scalars, [1, 2, 3, 4])
        // One text cell makes the whole column labels, numbers included.
        let m: Dataset<Float> = try csv("f,y\n1,2\n2,10\n3,other\n")
        XCTAssertEqual(m.classNames, ["10", "2", "other"])
        XCTAssertEqual(labels(m), [1, 0, 2])
    }

    func testCSVClassesOption() throws {
        let d: Dataset<Float> = try csv(
            "x,label\n0.5,2\n1.5,0\n2.5,1.0\n3.5,0\n", target: "label", classes: 3)
        XCTAssertEqual(labels(d), [2, 0, 1, 0])
        XCTAssertEqual(d.targetWidth, 3)
        XCTAssertEqual(d.classNames, ["0", "1", "2"])
        assertThrows(
            .invalidData(
                "data.csv:2: column \"label\": \"2\" is not a class index (an integer in 0..<2)"),
            csvError("x,label\n0.5,2\n", target: "label", classes: 2))
        assertThrows(
            .invalidData(
                "data.csv:3: column \"label\": \"1.5\" is not a class index (an integer in 0..<3)"),
            csvError("x,label\n0.5,2\n0.5,1.5\n", target: "label", classes: 3))
        assertThrows(
            .invalidData(
                "data.csv:2: column \"label\": \"cat\" is not a class index (an integer in 0..<3)"),
            csvError("x,label\n0.5,cat\n", target: "label", classes: 3))
        assertThrows(
            .invalidData(
                "data.csv:2: column \"label\": \"-1\" is not a class index (an integer in 0..<3)"),
            csvError("x,label\n0.5,-1\n", target: "label", classes: 3))
        assertThrows(
            .invalidArgument("csv: classes must be at least 1 (got 0)"),
            csvError("x,label\n0.5,0\n", target: "label", classes: 0))
    }

    func testCSVQuotedFields() throws {
        let text =
            "x,\"the label\"\n1,\"a,b\"\n\"2\",\"say \"\"hi\"\"\"\n 3 ,  plain  \n4,\"two\nlines\"\n"
        let d: Dataset<Float> = try csv(text, target: "the label")
        XCTAssertEqual(d.classNames, ["a,b", "plain", "say \"hi\"", "two\nlines"])
        XCTAssertEqual(labels(d), [0, 2, 1, 3])
        XCTAssertEqual(d.x.scalars, [1, 2, 3, 4])
        // A line break inside quotes still counts as a line in messages.
        assertThrows(
            .invalidData("data.csv:5: expected 2 fields like the header, found 1"),
            csvError("x,y\n1,\"two\nlines\"\n2,b\n3\n"))
        assertThrows(
            .invalidData("data.csv:2: a quoted field is not closed"),
            csvError("x,y\n1,\"open\n2,3\n"))
        assertThrows(
            .invalidData("data.csv:2: field 2 has text after its closing quote"),
            csvError("x,y\n1,\"a\"b\n"))
    }

    func testCSVLineEndingsBlankLinesAndSpaces() throws {
        let d: Dataset<Float> = try csv("\u{FEFF}a , y\r\n\r\n 1 , 2 \r\n   \r\n3,4")
        XCTAssertEqual(d.featureNames, ["a"])
        XCTAssertEqual(d.x.scalars, [1, 3])
        XCTAssertEqual(values(d), [2, 4])
        let cr: Dataset<Float> = try csv("a,y\r1,2\r3,4\r")
        XCTAssertEqual(cr.x.scalars, [1, 3])
        // Line numbers count the skipped blank lines, with CRLF as one break.
        assertThrows(
            .invalidData("data.csv:4: expected 3 fields like the header, found 2"),
            csvError("a,b,y\r\n1,2,3\r\n\r\n4,5\r\n"))
        assertThrows(
            .invalidData("data.csv:5: expected 3 fields like the header, found 4"),
            csvError("\n\na,b,y\n1,2,3\n4,5,6,7\n"))
    }

    func testCSVDoubleKeepsWhatFloatCannotHold() throws {
        let d: Dataset<Double> = try csv("a,y\n1e39,1e300\n", Double.self)
        XCTAssertEqual(d.x.scalars, [1e39])
        XCTAssertEqual(values(d), [1e300])
        assertThrows(
            .invalidData("data.csv:2: column \"a\": \"1e39\" is out of range for Float"),
            csvError("a,y\n1e39,1\n"))
        assertThrows(
            .invalidData("data.csv:2: column \"y\": \"-1e39\" is out of range for Float"),
            csvError("a,y\n1,-1e39\n"))
    }

    // MARK: - CSV: errors

    func testCSVErrorMessages() {
        assertThrows(
            .invalidData("data.csv:4: expected 3 fields like the header, found 2"),
            csvError("a,b,y\n1,2,3\n4,5,6\n7,8\n"))
        assertThrows(
            .invalidData("data.csv:7: column \"age\": \"abc\" is not a number"),
            csvError("age,y\n1,1\n2,2\n3,3\n4,4\n5,5\nabc,6\n"))
        assertThrows(
            .invalidData("data.csv:2: column \"age\": \"12abc\" is not a number"),
            csvError("age,y\n12abc,1\n"))
        for bad in ["nan", "NaN", "inf", "-Infinity", "+INF", "1e999"] {
            assertThrows(
                .invalidData("data.csv:3: column \"age\": \"\(bad)\" is not a finite number"),
                csvError("age,y\n1,1\n\(bad),2\n"))
        }
        for bad in ["0x10", "1,5", "1.2.3", "e5", ".", "-", "1e", "1_000"] {
            let quoted = "\"\(bad)\""
            assertThrows(
                .invalidData("data.csv:2: column \"age\": \"\(bad)\" is not a number"),
                csvError("age,y\n\(quoted),1\n"))
        }
        assertThrows(
            .invalidData("data.csv:3: column \"age\": missing value (empty cell)"),
            csvError("age,y\n1,1\n ,2\n"))
        assertThrows(
            .invalidData("data.csv:2: column \"y\": missing value (empty cell)"),
            csvError("age,y\n1,\n"))
        assertThrows(
            .invalidData("data.csv:3: column \"y\": \"nan\" is not a finite number"),
            csvError("age,y\n1,1\n2,nan\n"))
        assertThrows(
            .invalidData(
                "data.csv:1: no column named \"label\"; the columns are: age, height, species"),
            csvError("age,height,species\n1,2,cat\n", target: "label"))
        assertThrows(
            .invalidData("data.csv: the file is empty (a header row is required)"), csvError(""))
        assertThrows(
            .invalidData("data.csv: the file is empty (a header row is required)"),
            csvError("\n \r\n\n"))
        assertThrows(.invalidData("data.csv: no data rows after the header"), csvError("a,y\n"))
        assertThrows(.invalidData("data.csv: no data rows after the header"), csvError("a,y\n\n\n"))
        assertThrows(
            .invalidData("data.csv:1: column name \"x\" appears twice (columns 1 and 3)"),
            csvError("x,y,x\n1,2,3\n"))
        assertThrows(
            .invalidData("data.csv:1: column 2 of the header has no name"),
            csvError("x,,y\n1,2,3\n"))
        assertThrows(
            .invalidData(
                "data.csv:1: no feature columns (\"y\" is the only column, and it is the target)"),
            csvError("y\n1\n2\n"))
    }

    // MARK: - CSV: files

    private func temporaryDirectory() throws -> String {
        var template = Array("/tmp/gradlab-datatests-XXXXXX".utf8CString)
        let dir = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        let path = try XCTUnwrap(dir.map { String(cString: $0) })
        addTeardownBlock { _ = system("rm -rf '\(path)'") }
        return path
    }

    private func write(_ bytes: [UInt8], to path: String) throws {
        let f = try XCTUnwrap(fopen(path, "wb"))
        defer { fclose(f) }
        XCTAssertEqual(
            bytes.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, f) }, bytes.count)
    }

    func testCSVLoadFromFile() throws {
        let dir = try temporaryDirectory()
        let path = dir + "/iris.csv"
        try write(
            Array(
                "sepal,petal,kind\r\n5.1,1.4,setosa\r\n7.0,4.7,versicolor\r\n6.3,6.0,virginica\r\n"
                    .utf8),
            to: path)
        let d: Dataset<Float> = try CSVLoader.load(path: path, target: "kind")
        XCTAssertEqual(d.name, path)
        XCTAssertEqual(d.count, 3)
        XCTAssertEqual(d.x.rowArrays, [[5.1, 1.4], [7.0, 4.7], [6.3, 6.0]])
        XCTAssertEqual(d.classNames, ["setosa", "versicolor", "virginica"])
        XCTAssertEqual(labels(d), [0, 1, 2])

        assertThrows(
            .file("\(dir)/missing.csv: cannot open (No such file or directory)"),
            { () throws(EngineError) -> Dataset<Float> in
                try CSVLoader.load(path: dir + "/missing.csv", target: "y")
            })
        assertThrows(
            .file("\(dir): is a directory, not a CSV file"),
            { () throws(EngineError) -> Dataset<Float> in try CSVLoader.load(path: dir, target: "y")
            })

        let latin1 = dir + "/latin1.csv"
        try write(Array("x,y\n1,cafe\n2,caf".utf8) + [0xE9] + Array("\n".utf8), to: latin1)
        assertThrows(
            .invalidData("\(latin1):3: field 2 is not valid UTF-8 text"),
            { () throws(EngineError) -> Dataset<Float> in
                try CSVLoader.load(path: latin1, target: "y")
            })

        // A sparse file just over the limit is refused from its size, unread.
        let big = dir + "/big.csv"
        try write(Array("x,y\n".utf8), to: big)
        XCTAssertEqual(truncate(big, off_t(CSVLoader.maxFileBytes + 1)), 0)
        assertThrows(
            .file(
                "\(big): the file is 1073741825 bytes; files over 1 GiB (1073741824 bytes) are refused"
            ),
            { () throws(EngineError) -> Dataset<Float> in try CSVLoader.load(path: big, target: "y")
            })
    }

    // MARK: - Split

    /// n samples whose single feature is the sample's index, label index % 3.
    private func indexed(_ n: Int) throws(EngineError) -> Dataset<Double> {
        try Dataset(
            x: Tensor(rows: n, columns: 1, values: (0..<n).map(Double.init)),
            targets: .classes((0..<n).map { $0 % 3 }, count: 3), name: "idx")
    }

    func testSplitSizesAndDisjointness() throws {
        let d = try indexed(10)
        var rng = RandomGenerator(seed: 21)
        let (train, test) = try d.split(trainFraction: 0.7, rng: &rng)
        XCTAssertEqual(train.count, 7)
        XCTAssertEqual(test.count, 3)
        let a = train.x.scalars.map { Int($0) }
        let b = test.x.scalars.map { Int($0) }
        XCTAssertEqual(Set(a).count, 7)
        XCTAssertTrue(Set(a).isDisjoint(with: b))
        XCTAssertEqual((a + b).sorted(), Array(0..<10))
        XCTAssertNotEqual(a + b, Array(0..<10), "split did not shuffle")
        // Labels travel with their samples.
        XCTAssertEqual(labels(train), a.map { $0 % 3 })
        XCTAssertEqual(labels(test), b.map { $0 % 3 })
        XCTAssertEqual(train.name, "idx")
        XCTAssertEqual(train.classNames, ["0", "1", "2"])

        // The split is the first k of rng.permutation(n).
        var rng2 = RandomGenerator(seed: 21)
        XCTAssertEqual(a + b, rng2.permutation(10))

        // round(0.75 · 10) = 8 (halves away from zero); round(0.5 · 3) = 2.
        var r = RandomGenerator(seed: 1)
        XCTAssertEqual(try d.split(trainFraction: 0.75, rng: &r).train.count, 8)
        XCTAssertEqual(try indexed(3).split(trainFraction: 0.5, rng: &r).train.count, 2)
        XCTAssertEqual(try indexed(2).split(trainFraction: 0.5, rng: &r).test.count, 1)
    }

    func testSplitKeepsRegressionTargetsAligned() throws {
        var rng = RandomGenerator(seed: 8)
        let d = try DataGenerator.sine(points: 50, noise: 0, rng: &rng, as: Double.self)
        let (train, test) = try d.split(trainFraction: 0.8, rng: &rng)
        XCTAssertEqual(train.count, 40)
        XCTAssertEqual(test.count, 10)
        XCTAssertEqual(test.featureNames, ["x"])
        for part in [train, test] {
            let y = values(part)
            for i in 0..<part.count { XCTAssertEqual(y[i], sin(part.x[i, 0])) }
        }
    }

    func testSplitRejectsBadFractions() throws {
        let d = try indexed(10)
        var rng = RandomGenerator(seed: 1)
        for (f, found) in [(0.0, "0"), (1.0, "1"), (-0.5, "-0.5"), (1.5, "1.5")] {
            assertThrows(
                .invalidArgument(
                    "split: trainFraction must be between 0 and 1 (exclusive) (got \(found))"),
                { () throws(EngineError) in try d.split(trainFraction: f, rng: &rng) })
        }
        assertThrows(
            .invalidArgument(
                "split: trainFraction must be a finite number between 0 and 1 (exclusive) (got nan)"
            ),
            { () throws(EngineError) in try d.split(trainFraction: .nan, rng: &rng) })
        assertThrows(
            .invalidArgument("split: trainFraction 0.01 of 10 samples leaves the train part empty"),
            { () throws(EngineError) in try d.split(trainFraction: 0.01, rng: &rng) })
        assertThrows(
            .invalidArgument("split: trainFraction 0.99 of 10 samples leaves the test part empty"),
            { () throws(EngineError) in try d.split(trainFraction: 0.99, rng: &rng) })
        assertThrows(
            .invalidArgument(
                "split: needs at least 2 samples, one for each part (the dataset has 1)"),
            { () throws(EngineError) in try indexed(1).split(trainFraction: 0.5, rng: &rng) })
    }
}
