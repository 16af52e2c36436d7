import Foundation
import XCTest

@testable import GradShell

/// export(h, "train.py"): a training run as a PyTorch script. The script's
/// text is compared with a committed one, exported_train.py, and the errors
/// and companion files are checked; TrainingExportTorchTests runs the script
/// under PyTorch.
final class TrainingExportTests: XCTestCase {
    /// A run with every setting the script carries: penalties, clipping, validation, batch norm.
    static let settings = """
        seed(7)
        let parts = split(spiral(points: 40), 0.75)
        let net = model(inputs: 2) {
            dense(8, act: tanh)
            batchnorm()
            dense(3)
        }
        let h = train(net, parts.train, epochs: 2, batch: 10, opt: sgd(lr: 0.1, momentum: 0.9), clip_norm: 1.5, l1: 0.001, l2: 0.01, val: parts.test, checks: false)
        """

    /// A multi-label run: two 0/1 target columns (multi.csv, `writeMultiLabelCSV`), bce.
    static let multiLabel = """
        seed(3)
        let d = csv("multi.csv", target: ["a", "b"])
        let net = model(inputs: 2) {
            dense(8, act: tanh)
            dense(2)
        }
        let h = train(net, d, loss: bce, epochs: 5, batch: 8, opt: adam(lr: 0.05), checks: false)
        """

    /// Writes multi.csv: 40 samples of features u, v and two yes/no targets a (u > 0), b (u + v > 0).
    static func writeMultiLabelCSV(in dir: URL) throws {
        var text = "u,v,a,b\n"
        for i in 0..<40 {
            let u = Double(i % 8) / 4 - 0.875
            let v = Double(i / 8) / 2 - 1.125
            text += "\(u),\(v),\(u > 0 ? 1 : 0),\(u + v > 0 ? 1 : 0)\n"
        }
        try text.write(
            to: dir.appendingPathComponent("multi.csv"), atomically: true, encoding: .utf8)
    }

    var settings: String { Self.settings }

    func runProgram(_ text: String) -> (printed: [String], error: String?) {
        TrainingRunScript.runProgram(text)
    }

    func testTheScriptMatchesTheCommittedOne() throws {
        guard let folder = Bundle.module.url(forResource: "Golden/export", withExtension: nil)
        else {
            return XCTFail("the Golden/export folder is missing from the test bundle")
        }
        let expected = try String(
            contentsOf: folder.appendingPathComponent("exported_train.py"), encoding: .utf8)
        try GoldenTests.inTemporaryDirectory { dir in
            let result = runProgram(settings + "\nexport(h, \"train.py\")")
            XCTAssertNil(result.error)
            XCTAssertEqual(
                result.printed.last,
                "wrote train.py, train_model.py, train_data.csv, train_validation.csv, train_order.json; run: python3 train.py, or torchrun --nproc_per_node 2 train.py"
            )
            let script = try String(
                contentsOfFile: dir.appendingPathComponent("train.py").path, encoding: .utf8)
            XCTAssertEqual(
                script,
                expected.replacingOccurrences(
                    of: "GradLab 0.2.0", with: "GradLab \(GradLab.version)"))
            // The model beside it is the model export of the run's start, not a copy in the script.
            let model = try String(
                contentsOfFile: dir.appendingPathComponent("train_model.py").path, encoding: .utf8)
            XCTAssertTrue(model.hasPrefix("# A GradLab model exported to PyTorch"))
            XCTAssertFalse(script.contains("WEIGHTS = {"))
        }
    }

    func testWhatCannotBeExportedSaysSo() throws {
        try GoldenTests.inTemporaryDirectory { dir in
            let cases: [(String, String)] = [
                (
                    "export(h, \"train.py\", from: \"middle\")",
                    "export(): 'from' must be \"start\" (the run's initial weights) or \"end\" (its final ones); found \"middle\""
                ),
                (
                    "export(h, \"train.txt\")",
                    "export(): the path must end in .py (found \"train.txt\"): the export is a Python script"
                ),
                (
                    "export(h, \"train.py\", example: [0, 0])",
                    "export(): 'example' is for a model's export; a training script runs on the run's data"
                ),
                (
                    "export(net, \"net.py\", from: \"end\")",
                    "export(): 'from' chooses a training history's weights; a model is exported with its own"
                ),
            ]
            for (call, message) in cases {
                XCTAssertEqual(runProgram(settings + "\n" + call).error, message, call)
            }
            try "print('mine')\n".write(
                to: dir.appendingPathComponent("mine.py"), atomically: true, encoding: .utf8)
            XCTAssertEqual(
                runProgram(settings + "\nexport(h, \"mine.py\")").error,
                "cannot export to mine.py: the file exists and is not a GradLab export; export(h, \"mine.py\", force: true) replaces it"
            )
            XCTAssertEqual(
                try String(contentsOf: dir.appendingPathComponent("mine.py"), encoding: .utf8),
                "print('mine')\n")
            XCTAssertFalse(
                FileManager.default.fileExists(
                    atPath: dir.appendingPathComponent("mine_data.csv").path),
                "a refused export wrote the data")
            // Where there is no export yet, a file where a companion goes is someone else's.
            try "a,b\n1,2\n".write(
                to: dir.appendingPathComponent("other_data.csv"), atomically: true,
                encoding: .utf8)
            XCTAssertEqual(
                runProgram(settings + "\nexport(h, \"other.py\")").error,
                "cannot export to other.py: other_data.csv exists and is not part of a GradLab export; export(h, \"other.py\", force: true) replaces it"
            )
            XCTAssertEqual(
                try String(
                    contentsOf: dir.appendingPathComponent("other_data.csv"), encoding: .utf8),
                "a,b\n1,2\n")
            XCTAssertNil(runProgram(settings + "\nexport(h, \"other.py\", force: true)").error)
            // A second export over the first replaces its files.
            XCTAssertNil(runProgram(settings + "\nexport(h, \"other.py\")").error)
        }
    }

    func testFromEndStartsFromTheFinalWeights() throws {
        try GoldenTests.inTemporaryDirectory { dir in
            XCTAssertNil(
                runProgram(
                    settings
                        + "\nexport(h, \"start.py\")\nexport(h, \"end.py\", from: \"end\")\nexport(net, \"net.py\")"
                ).error)
            func text(_ name: String) throws -> String {
                try String(contentsOf: dir.appendingPathComponent(name), encoding: .utf8)
            }
            XCTAssertEqual(try text("end_model.py"), try text("net.py"))
            XCTAssertNotEqual(try text("start_model.py"), try text("net.py"))
            XCTAssertTrue(try text("end.py").contains("starts from the run's end weights"))
        }
    }

    func testSeveralTargetColumnsAreWrittenAndRead() throws {
        try GoldenTests.inTemporaryDirectory { dir in
            try Self.writeMultiLabelCSV(in: dir)
            XCTAssertNil(runProgram(Self.multiLabel + "\nexport(h, \"multi.py\")").error)
            let data = try String(
                contentsOf: dir.appendingPathComponent("multi_data.csv"), encoding: .utf8)
            let rows = data.split(separator: "\n")
            // A dataset keeps one target name: the columns are numbered after it.
            XCTAssertEqual(rows.first, "u,v,label_1,label_2")
            XCTAssertEqual(rows.dropFirst().first, "-0.875,-1.125,0.0,0.0")
            XCTAssertEqual(rows.count, 41)
            let script = try String(
                contentsOf: dir.appendingPathComponent("multi.py"), encoding: .utf8)
            XCTAssertTrue(
                script.contains(
                    "# The data: 40 samples of 2 features; the 2 target columns are the last.\nFEATURES = 2\nTARGET_COLUMNS = 2\nTARGETS = \"values\"\n"
                ), script)
            XCTAssertTrue(script.contains("LOSS = \"bce\"\n"))
            // What csv() reads back from the written file is the run's data.
            let back = runProgram(
                Self.multiLabel
                    + "\nlet w = csv(\"multi_data.csv\", target: [\"label_1\", \"label_2\"])\nprint(w.y == d.y, w.x == d.x)"
            )
            XCTAssertNil(back.error)
            XCTAssertEqual(back.printed.last, "true true")
        }
    }
}
