import XCTest

@testable import GradEngine

/// The CSV loader with several target columns: one target of several numbers per sample.
final class CSVTargetsTests: XCTestCase {

    private func csv(_ text: String, targets: [String], classes: Int? = nil) throws(EngineError)
        -> Dataset<Float>
    {
        try CSVLoader.parse(text: text, source: "data.csv", targets: targets, classes: classes)
    }

    /// The error parsing `text` throws, or nil (with a failure) when it parses.
    private func refusal(
        _ text: String, targets: [String], classes: Int? = nil,
        file: StaticString = #filePath, line: UInt = #line
    ) -> EngineError? {
        do {
            _ = try csv(text, targets: targets, classes: classes)
            XCTFail("expected an error", file: file, line: line)
            return nil
        } catch {
            return error
        }
    }

    func testSeveralTargetColumnsAreOneTargetRowInTheListedOrder() throws {
        // The targets may sit anywhere among the features, in any order.
        let d = try csv("y2,a,y1,b\n1,0.5,0,2\n0,1.5,1,3\n", targets: ["y1", "y2"])
        XCTAssertFalse(d.isClassification)
        XCTAssertEqual(d.featureNames, ["a", "b"])
        XCTAssertEqual(d.x.rowArrays, [[0.5, 2], [1.5, 3]])
        XCTAssertEqual(d.targetWidth, 2)
        guard case .values(let y) = d.targets else { return XCTFail("expected value targets") }
        XCTAssertEqual(y.rowArrays, [[0, 1], [1, 0]])
        XCTAssertEqual(d.classNames, [])
    }

    func testOneTargetInAListReadsAsTheSingleTarget() throws {
        let listed = try csv("f,species\n1,cat\n2,ant\n", targets: ["species"])
        let named: Dataset<Float> = try CSVLoader.parse(
            text: "f,species\n1,cat\n2,ant\n", source: "data.csv", target: "species")
        XCTAssertEqual(listed.classNames, ["ant", "cat"])
        XCTAssertEqual(listed.classNames, named.classNames)
        guard case .classes(let labels, 2) = listed.targets else {
            return XCTFail("expected two classes")
        }
        XCTAssertEqual(labels, [1, 0])
    }

    func testTheListIsCheckedBeforeTheFileIsRead() {
        XCTAssertEqual(
            refusal("a,y\n1,2\n", targets: []),
            .invalidArgument("csv: the target needs at least one column name"))
        XCTAssertEqual(
            refusal("a,y,z\n1,2,3\n", targets: ["y", "z", "y"]),
            .invalidArgument("csv: the target column \"y\" is listed twice"))
        XCTAssertEqual(
            refusal("a,y,z\n1,0,1\n", targets: ["y", "z"], classes: 2),
            .invalidArgument(
                "csv: classes applies to one target column; several target columns are read as numbers"
            ))
        // The load from a path checks the same, before looking for the file.
        XCTAssertEqual(
            Result { () throws(EngineError) -> Dataset<Float> in
                try CSVLoader.load(path: "/nonexistent/x.csv", targets: ["y", "y"])
            }.failure,
            .invalidArgument("csv: the target column \"y\" is listed twice"))
    }

    func testCellsAndColumnsAreRefusedByLineAndColumn() {
        XCTAssertEqual(
            refusal("a,y,z\n1,0,1\n2,cat,0\n", targets: ["y", "z"]),
            .invalidData(
                "data.csv:3: column \"y\": \"cat\" is not a number (several target columns are read as numbers)"
            ))
        XCTAssertEqual(
            refusal("a,y,z\n1,0,inf\n", targets: ["y", "z"]),
            .invalidData("data.csv:2: column \"z\": \"inf\" is not a finite number"))
        XCTAssertEqual(
            refusal("a,y,z\n1,0,1e39\n", targets: ["y", "z"]),
            .invalidData("data.csv:2: column \"z\": \"1e39\" is out of range for Float"))
        XCTAssertEqual(
            refusal("a,y,z\n1,0,\n", targets: ["y", "z"]),
            .invalidData("data.csv:2: column \"z\": missing value (empty cell)"))
        XCTAssertEqual(
            refusal("a,y\n1,0\n", targets: ["y", "w"]),
            .invalidData("data.csv:1: no column named \"w\"; the columns are: a, y"))
        XCTAssertEqual(
            refusal("y,z\n1,0\n", targets: ["y", "z"]),
            .invalidData(
                "data.csv:1: no feature columns (\"y\", \"z\" are the only columns, and they are the target)"
            ))
        XCTAssertEqual(
            refusal("a,y,z\n", targets: ["y", "z"]),
            .invalidData("data.csv: no data rows after the header"))
    }
}

extension Result {
    /// The error of a failed result; nil for a success.
    fileprivate var failure: Failure? {
        if case .failure(let e) = self { return e }
        return nil
    }
}
