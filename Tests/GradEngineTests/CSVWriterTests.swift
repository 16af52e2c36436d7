import Foundation
import XCTest

@testable import GradEngine

/// A dataset saved as CSV reads back through `CSVLoader` as the same dataset:
/// the same numbers bit for bit, the same kind, the same classes.
final class CSVWriterTests: XCTestCase {
    /// The dataset `CSVWriter` writes for `data`, read back by the loader.
    func roundTrip<S: EngineScalar>(
        _ data: Dataset<S>, classes: Int? = nil, as: S.Type = S.self
    ) throws -> (text: String, back: Dataset<S>) {
        let text = try CSVWriter.text(of: data)
        let back = try CSVLoader.parse(
            text: text, source: "saved.csv", target: data.targetName, classes: classes,
            as: S.self)
        return (text, back)
    }

    func assertSameNumbers<S: EngineScalar>(
        _ a: Tensor<S>, _ b: Tensor<S>, file: StaticString = #filePath, line: UInt = #line
    ) {
        XCTAssertEqual(a.rows, b.rows, file: file, line: line)
        XCTAssertEqual(a.columns, b.columns, file: file, line: line)
        XCTAssertEqual(a.scalars, b.scalars, file: file, line: line)
        XCTAssertEqual(
            a.scalars.map(\.sign), b.scalars.map(\.sign), "signs (of zeros too)", file: file,
            line: line)
    }

    func testAGeneratorsClassesComeBackAsIndices() throws {
        var rng = RandomGenerator(seed: 4)
        let data = try DataGenerator.spiral(
            points: 90, classes: 3, noise: 0.2, rng: &rng, as: Float.self)
        XCTAssertFalse(CSVWriter.writesClassNames(data))
        let (text, back) = try roundTrip(data, classes: 3)
        XCTAssertTrue(text.hasPrefix("x1,x2,label\n"), text)
        assertSameNumbers(back.x, data.x)
        guard case .classes(let labels, 3) = back.targets,
            case .classes(let original, _) = data.targets
        else { return XCTFail("expected 3 classes, got \(back.targets)") }
        XCTAssertEqual(labels, original)
        XCTAssertEqual(back.classNames, data.classNames)
        XCTAssertEqual(back.featureNames, data.featureNames)
        // Without classes: k the index column reads as numbers: regression.
        XCTAssertFalse(
            try CSVLoader.parse(text: text, source: "s", target: "label", as: Float.self)
                .isClassification)
    }

    func testClassNamesComeBackAsTheSameClasses() throws {
        let source = [
            #"width,"height, cm",kind"#, #"1,2,"dog, large""#, "3,4,cat", #"5,6," bird ""#,
            #"7,8,"say ""hi""""#, "9,10,\"two\nlines\"", "11,12,ünïcode",
        ].joined(separator: "\n")
        let data = try CSVLoader.parse(
            text: source, source: "in.csv", target: "kind", as: Float.self)
        XCTAssertTrue(CSVWriter.writesClassNames(data))
        let (text, back) = try roundTrip(data)
        XCTAssertEqual(back.classNames, data.classNames)
        XCTAssertEqual(back.featureNames, ["width", "height, cm"])
        XCTAssertEqual(back.targetName, "kind")
        guard case .classes(let a, let k) = back.targets,
            case .classes(let b, let k2) = data.targets
        else { return XCTFail("expected classes") }
        XCTAssertEqual(a, b)
        XCTAssertEqual(k, k2)
        assertSameNumbers(back.x, data.x)
        XCTAssertTrue(text.hasPrefix("width,\"height, cm\",kind\n1.0,2.0,\"dog, large\"\n"), text)
    }

    func testClassesAreWrittenByIndexWhenNamesWouldNotReadBack() throws {
        let x = try Tensor<Float>(rows: 3, columns: 1, values: [1, 2, 3])
        func data(_ names: [String], labels: [Int] = [0, 1, 2]) throws -> Dataset<Float> {
            try Dataset(x: x, targets: .classes(labels, count: names.count), classNames: names)
        }
        // Numbers would read as regression; unsorted names would change the
        // indices; a class no sample has would be lost.
        XCTAssertFalse(CSVWriter.writesClassNames(try data(["a", "2", "1"])))
        XCTAssertFalse(CSVWriter.writesClassNames(try data(["1", "2", "3"])))
        XCTAssertFalse(CSVWriter.writesClassNames(try data(["a", "b", "c"], labels: [0, 1, 1])))
        XCTAssertTrue(CSVWriter.writesClassNames(try data(["1", "2", "x"])))
        let (text, back) = try roundTrip(try data(["c", "b", "a"]), classes: 3)
        XCTAssertEqual(text, "x1,label\n1.0,0\n2.0,1\n3.0,2\n")
        XCTAssertEqual(back.classNames, ["0", "1", "2"])
    }

    func testRegressionNumbersComeBackBitForBit() throws {
        let tricky: [Float] = [
            0.1, -0.0, 0, 1e-45, 1.17549435e-38, .greatestFiniteMagnitude, 16_777_216,
            1 / 3, -2.5e-7, 123_456.79,
        ]
        var rng = RandomGenerator(seed: 9)
        let random = (0..<200).map { _ in Float(rng.normal(std: 1e3)) }
        let values = tricky + random
        let x = try Tensor<Float>(rows: values.count, columns: 1, values: values)
        let y = try Tensor<Float>(rows: values.count, columns: 1, values: values.reversed())
        let data = try Dataset(x: x, targets: .values(y), featureNames: ["v"])
        let (_, back) = try roundTrip(data)
        assertSameNumbers(back.x, x)
        guard case .values(let yb) = back.targets else { return XCTFail("expected values") }
        assertSameNumbers(yb, y)
        // A Double dataset as well.
        let (_, double) = try roundTrip(data.converted(to: Double.self))
        assertSameNumbers(double.x, x.converted(to: Double.self))
    }

    func testWhatCannotBeReadBackIsRefused() throws {
        let x = try Tensor<Float>(rows: 2, columns: 2, values: [1, 2, 3, 4])
        let twoTargets = try Dataset(
            x: x, targets: .values(try Tensor<Float>(rows: 2, columns: 3)))
        XCTAssertThrowsError(try CSVWriter.text(of: twoTargets)) {
            XCTAssertEqual(
                ($0 as? EngineError)?.description,
                "the data has 3 target columns, and csv() reads one")
        }
        let clash = try Dataset(
            x: x, targets: .classes([0, 1], count: 2), featureNames: ["label", "b"])
        XCTAssertThrowsError(try CSVWriter.text(of: clash)) {
            XCTAssertEqual(
                ($0 as? EngineError)?.description,
                "the column name \"label\" appears twice, which csv() cannot read back")
        }
        let infinite = try Tensor<Float>(rows: 2, columns: 2, values: [1, .infinity, 3, 4])
        XCTAssertThrowsError(
            try CSVWriter.text(of: try Dataset(x: infinite, targets: .classes([0, 1], count: 2)))
        ) {
            XCTAssertEqual(
                ($0 as? EngineError)?.description,
                "the data holds inf, which csv() cannot read back")
        }
    }

    func testOnlyEmptyOrCSVFilesAreReplacedWithoutForce() {
        XCTAssertTrue(CSVWriter.looksLikeCSV([]))
        XCTAssertTrue(CSVWriter.looksLikeCSV(Array(" \n\r\n".utf8)))
        XCTAssertTrue(CSVWriter.looksLikeCSV(Array("\n\na,b\n1,2\n".utf8)))
        XCTAssertFalse(CSVWriter.looksLikeCSV(Array("{\"format\": \"gradlab-model\"}".utf8)))
        XCTAssertFalse(CSVWriter.looksLikeCSV(Array("my notes\nare, here\n".utf8)))
        XCTAssertFalse(CSVWriter.looksLikeCSV([0x61, 0x2C, 0x00, 0x62]))
        XCTAssertFalse(CSVWriter.looksLikeCSV([0x61, 0x2C, 0xFF, 0x0A]))
        // A prefix cut inside a multi-byte character is still text.
        XCTAssertTrue(CSVWriter.looksLikeCSV(Array("é,a\n1,2\né".utf8).dropLast()))
    }

    func testSavingWritesTheFileAndRefusesAForeignOne() throws {
        let dir = NSTemporaryDirectory() + "gradlab-csv-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var rng = RandomGenerator(seed: 2)
        let data = try DataGenerator.moons(points: 20, noise: 0.1, rng: &rng, as: Float.self)
        let path = dir + "/moons.csv"
        try data.saveCSV(to: path)
        let back = try CSVLoader.load(path: path, target: "label", classes: 2, as: Float.self)
        assertSameNumbers(back.x, data.x)
        // A CSV file is replaced; notes are not, unless asked.
        try data.saveCSV(to: path)
        let notes = dir + "/notes.csv"
        try "my notes\n".write(toFile: notes, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try data.saveCSV(to: notes)) {
            XCTAssertEqual(
                ($0 as? EngineError)?.description,
                "cannot save \(notes): the file exists and is not a CSV file; save(data, \"\(notes)\", force: true) replaces it"
            )
        }
        XCTAssertEqual(try String(contentsOfFile: notes, encoding: .utf8), "my notes\n")
        try data.saveCSV(to: notes, replacingForeignFile: true)
        XCTAssertEqual(
            try String(contentsOfFile: notes, encoding: .utf8), try CSVWriter.text(of: data))
    }
}
