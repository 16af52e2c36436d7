import Foundation
import XCTest

@testable import GradLanguage
@testable import GradShell

/// export(h, "train.py"): a training run as a PyTorch script. Under PyTorch
/// (GRADLAB_TORCH_PYTHON, as ExportTests), the script trains like GradLab on
/// one process and on two under torchrun; without it, the script's text is
/// compared with a committed one, exported_train.py. The errors are checked
/// everywhere.
final class TrainingExportTests: XCTestCase {
    /// A small run, shuffled each epoch; the export's order file replays GradLab's shuffles.
    let run = """
        seed(5)
        let data = spiral(points: 60)
        let net = model(inputs: 2) {
            dense(16, act: relu)
            dense(3)
        }
        let h = train(net, data, epochs: 20, batch: 16, opt: adam(lr: 0.02), checks: false)
        """

    /// A run with every setting the script carries: penalties, clipping, validation, batch norm.
    let settings = """
        seed(7)
        let parts = split(spiral(points: 40), 0.75)
        let net = model(inputs: 2) {
            dense(8, act: tanh)
            batchnorm()
            dense(3)
        }
        let h = train(net, parts.train, epochs: 2, batch: 10, opt: sgd(lr: 0.1, momentum: 0.9), clip_norm: 1.5, l1: 0.001, l2: 0.01, val: parts.test, checks: false)
        """

    /// Runs `text` in a fresh interpreter; what it printed, or its error.
    func runProgram(_ text: String) -> (printed: [String], error: String?) {
        var printed: [String] = []
        let interpreter = Interpreter(output: { printed.append($0) })
        switch interpreter.run(Source(name: "t", text: text)) {
        case .success: return (printed, nil)
        case .runtimeError(let d): return (printed, d.message)
        case .syntaxErrors(let list): return (printed, list.map(\.message).joined(separator: "; "))
        case .cancelled: return (printed, "cancelled")
        }
    }

    /// The numbers after `key` on the script's "epoch N" lines.
    func epochFigures(_ out: String, _ key: String) -> [Double] {
        out.split(separator: "\n").filter { $0.hasPrefix("epoch ") }.compactMap { line in
            let words = line.split(separator: " ")
            guard let i = words.firstIndex(of: Substring(key)), i + 1 < words.count else {
                return nil
            }
            return Double(words[i + 1])
        }
    }

    func testTheScriptTrainsLikeGradLabOnOneProcessAndOnTwo() throws {
        guard let python = ExportTests.torchPython else {
            throw XCTSkip("PyTorch is not installed here: the script is not run")
        }
        try GoldenTests.inTemporaryDirectory { dir in
            let ours = runProgram(
                run + "\nexport(h, \"train.py\")\nprint(h.loss)\nprint(h.accuracy[-1])")
            XCTAssertNil(ours.error)
            let gradLabLosses = try XCTUnwrap(
                try JSONSerialization.jsonObject(
                    with: Data(ours.printed[ours.printed.count - 2].utf8)) as? [Double])
            let gradLabLoss = try XCTUnwrap(gradLabLosses.first)
            let gradLabAccuracy = try XCTUnwrap(Double(ours.printed[ours.printed.count - 1]))
            let script = dir.appendingPathComponent("train.py").path
            let order = dir.appendingPathComponent("train_order.json").path

            // GradLab's batch order: the first epoch's loss within 1%.
            let one = Subprocess.run(python, [script, "--order", order], mergingErrors: true)
            XCTAssertEqual(one.status, 0, one.output)
            let loss = try XCTUnwrap(epochFigures(one.output, "loss").first, one.output)
            XCTAssertEqual(loss, gradLabLoss, accuracy: 0.01 * gradLabLoss, one.output)
            // GradLab's order holds every epoch (no dropout): every epoch's loss within 1%.
            let losses = epochFigures(one.output, "loss")
            XCTAssertEqual(losses.count, gradLabLosses.count)
            for (epoch, (a, b)) in zip(losses, gradLabLosses).enumerated() {
                XCTAssertEqual(a, b, accuracy: 0.01 * b, "epoch \(epoch + 1)")
            }
            // The script's own shuffles: the final accuracy within 5 points.
            let own = Subprocess.run(python, [script], mergingErrors: true)
            XCTAssertEqual(own.status, 0, own.output)
            let accuracy = try XCTUnwrap(epochFigures(own.output, "accuracy").last, own.output)
            XCTAssertEqual(accuracy, gradLabAccuracy, accuracy: 0.05, own.output)
            XCTAssertTrue(
                one.output.contains("grad norms (mean over the epoch's steps): dense_1 "),
                one.output)

            // Two processes under torchrun: the same effective batch, weights that agree.
            let out = dir.appendingPathComponent("two.json").path
            let two = Subprocess.run(
                python,
                [
                    "-m", "torch.distributed.run", "--standalone", "--nproc_per_node", "2", script,
                    "--order",
                    order,
                    "--out", out,
                ],
                mergingErrors: true)
            XCTAssertEqual(two.status, 0, two.output)
            XCTAssertTrue(
                two.output.contains("batch 16 (split between 2 processes)"), two.output)
            XCTAssertTrue(
                two.output.contains("the 2 processes agree on the weights: max |difference| 0\n"),
                two.output)
            let twoLoss = try XCTUnwrap(epochFigures(two.output, "loss").first, two.output)
            XCTAssertEqual(twoLoss, gradLabLoss, accuracy: 0.01 * gradLabLoss, two.output)

            // The model the script wrote loads in GradLab and predicts what the script printed.
            let marker = "outputs for the first sample: "
            let printedLine = try XCTUnwrap(
                two.output.split(separator: "\n").first { $0.hasPrefix(marker) }, two.output)
            let torchOutputs = try XCTUnwrap(
                try JSONSerialization.jsonObject(
                    with: Data(printedLine.dropFirst(marker.count).utf8))
                    as? [Double])
            let csv = try String(
                contentsOf: dir.appendingPathComponent("train_data.csv"), encoding: .utf8)
            let firstRow = try XCTUnwrap(csv.split(separator: "\n").dropFirst().first)
                .split(separator: ",").dropLast().joined(separator: ", ")
            let back = runProgram("print(predict(load(\"two.json\"), [\(firstRow)]))")
            XCTAssertNil(back.error)
            let gradLabOutputs = try XCTUnwrap(
                try JSONSerialization.jsonObject(with: Data((back.printed.last ?? "").utf8))
                    as? [Double], "\(back.printed)")
            XCTAssertEqual(gradLabOutputs.count, torchOutputs.count)
            for (a, b) in zip(gradLabOutputs, torchOutputs) {
                XCTAssertEqual(a, b, accuracy: 1e-5 * max(1, abs(b)))
            }
        }
    }

    func testPenaltiesClippingBatchNormAndValidationTrainAlikeUnderPyTorch() throws {
        guard let python = ExportTests.torchPython else {
            throw XCTSkip("PyTorch is not installed here: the script is not run")
        }
        try GoldenTests.inTemporaryDirectory { dir in
            let ours = runProgram(
                settings + "\nexport(h, \"train.py\")\nprint(h.loss)\nprint(h.val_loss)")
            XCTAssertNil(ours.error)
            func numbers(_ text: String) throws -> [Double] {
                try XCTUnwrap(
                    try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [Double], text)
            }
            let losses = try numbers(ours.printed[ours.printed.count - 2])
            let validation = try numbers(ours.printed[ours.printed.count - 1])
            let result = Subprocess.run(
                python,
                [
                    dir.appendingPathComponent("train.py").path, "--order",
                    dir.appendingPathComponent("train_order.json").path,
                ], mergingErrors: true)
            XCTAssertEqual(result.status, 0, result.output)
            let theirs = epochFigures(result.output, "loss")
            let theirValidation = epochFigures(result.output, "val_loss")
            XCTAssertEqual(theirs.count, losses.count, result.output)
            XCTAssertEqual(theirValidation.count, validation.count, result.output)
            for (a, b) in zip(theirs, losses) { XCTAssertEqual(a, b, accuracy: 0.01 * b) }
            for (a, b) in zip(theirValidation, validation) {
                XCTAssertEqual(a, b, accuracy: 0.01 * b)
            }
        }
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
}
