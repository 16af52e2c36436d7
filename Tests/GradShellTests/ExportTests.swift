import Foundation
import XCTest

@testable import GradLanguage
@testable import GradShell

/// export(net, "net.py", example:): the PyTorch script rebuilds the model and
/// prints the same outputs as GradLab, for its example row when run without
/// arguments; bad arguments get a usage line. Under PyTorch when it is
/// installed (the Python in GRADLAB_TORCH_PYTHON, or python3 if it imports
/// torch); otherwise the script is compared with a committed one,
/// exported_small.py.
final class ExportTests: XCTestCase {
    let program = """
        seed(3)
        let net = model(inputs: 2) {
            dense(8, act: relu, init: he_normal)
            residual { dense(8, act: tanh); dense(8) }
            dense(8, bias: false); batchnorm(); gelu
            dropout(0.1)
            dense(4, act: leaky_relu(slope: 0.2))
            softplus
            dense(3)
        }
        """

    /// A Python that imports torch, or nil.
    static let torchPython: String? = {
        var candidates = ["python3"]
        if let p = ProcessInfo.processInfo.environment["GRADLAB_TORCH_PYTHON"], !p.isEmpty {
            candidates.insert(p, at: 0)
        }
        for python in candidates where run(python, ["-c", "import torch"]).code == 0 {
            return python
        }
        return nil
    }()

    static func run(_ program: String, _ arguments: [String]) -> (code: Int32, out: String) {
        let r = Subprocess.run(program, arguments)
        return (r.status, r.output)
    }

    func testTheExportPrintsGradLabsOutputsUnderPyTorch() throws {
        try GoldenTests.inTemporaryDirectory { dir in
            var printed: [String] = []
            let interpreter = Interpreter(output: { printed.append($0) })
            let rows = "[[0.5, -1.0], [0.1, 0.2], [-2.0, 3.0]]"
            // Trained a little, so batch norm's running statistics are not the defaults.
            let outcome = interpreter.run(
                Source(
                    name: "t",
                    text: program + """

                        train(net, spiral(points: 60), epochs: 3, checks: false)
                        export(net, "net.py")
                        print(predict(net, \(rows)))
                        """))
            guard case .success = outcome else { return XCTFail("\(outcome)") }
            let path = dir.appendingPathComponent("net.py").path
            let script = try String(contentsOfFile: path, encoding: .utf8)
            XCTAssertTrue(script.hasPrefix("# A GradLab model exported to PyTorch"))
            XCTAssertTrue(
                script.contains("nn.BatchNorm1d(8, eps=1e-05, momentum=0.1),  # batchnorm_1"))
            guard let python = Self.torchPython else {
                throw XCTSkip(
                    "PyTorch is not installed here; testTheExportMatchesTheCommittedScript checks the script's text"
                )
            }
            let result = Self.run(python, [path, rows])
            XCTAssertEqual(result.code, 0, result.out)
            let torchRows = try XCTUnwrap(
                try JSONSerialization.jsonObject(with: Data(result.out.utf8)) as? [[Double]])
            let ours = try XCTUnwrap(
                try JSONSerialization.jsonObject(with: Data((printed.last ?? "").utf8))
                    as? [[Double]])
            XCTAssertEqual(torchRows.count, ours.count)
            for (a, b) in zip(torchRows.joined(), ours.joined()) {
                XCTAssertEqual(a, b, accuracy: 1e-5 * max(1, abs(b)), "torch \(a), GradLab \(b)")
            }
            // And back: PyTorch writes the model as a GradLab file, which predicts the same numbers exactly.
            XCTAssertEqual(
                Self.run(
                    python, [path, "--to-gradlab", dir.appendingPathComponent("back.json").path]
                ).code, 0)
            let back = interpreter.run(
                Source(
                    name: "back",
                    text: "print(predict(load(\"back.json\"), \(rows)) == predict(net, \(rows)))"))
            guard case .success = back else { return XCTFail("\(back)") }
            XCTAssertEqual(
                printed.last, "true", "the model came back from PyTorch with other numbers")
        }
    }

    /// Runs `text` after the test's model in a fresh interpreter; what it printed, or its error.
    func runAfterModel(_ text: String) -> (printed: [String], error: String?) {
        var printed: [String] = []
        let interpreter = Interpreter(output: { printed.append($0) })
        switch interpreter.run(Source(name: "t", text: program + "\n" + text)) {
        case .success: return (printed, nil)
        case .runtimeError(let d): return (printed, d.message)
        case .syntaxErrors(let list): return (printed, list.map(\.message).joined(separator: "; "))
        case .cancelled: return (printed, "cancelled")
        }
    }

    func testTheScriptRunsItsExampleWithoutArguments() throws {
        try GoldenTests.inTemporaryDirectory { dir in
            let ran = runAfterModel(
                """
                export(net, "net.py", example: [0.5, -1.0])
                print(predict(net, [0.5, -1.0]))
                print(predict(net, [0.1, 0.2]))
                """)
            XCTAssertNil(ran.error)
            let path = dir.appendingPathComponent("net.py").path
            let script = try String(contentsOfFile: path, encoding: .utf8)
            XCTAssertTrue(script.contains("\nINPUTS = 2\nEXAMPLE = [0.5, -1.0]\n"), script)
            guard let python = Self.torchPython else {
                throw XCTSkip("PyTorch is not installed here: the script is not run")
            }
            // No arguments: the example row; one row as an argument: that row. Each
            // prints one list, as predict() does for one row.
            for (arguments, expected) in [
                ([String](), ran.printed[0]), (["[0.1, 0.2]"], ran.printed[1]),
            ] {
                let result = Self.run(python, [path] + arguments)
                XCTAssertEqual(result.code, 0, result.out)
                let torch = try XCTUnwrap(
                    try JSONSerialization.jsonObject(with: Data(result.out.utf8)) as? [Double],
                    result.out)
                let ours = try XCTUnwrap(
                    try JSONSerialization.jsonObject(with: Data(expected.utf8)) as? [Double])
                XCTAssertEqual(torch.count, 3)
                for (a, b) in zip(torch, ours) {
                    XCTAssertEqual(
                        a, b, accuracy: 1e-5 * max(1, abs(b)), "torch \(a), GradLab \(b)")
                }
            }
        }
    }

    func testAnExampleThatDoesNotFitTheModelIsRefused() throws {
        try GoldenTests.inTemporaryDirectory { dir in
            let cases = [
                (
                    "export(net, \"net.py\", example: [1, 2, 3])",
                    "cannot export: the model takes 2 inputs, but the example has 3 numbers"
                ),
                (
                    "export(net, \"net.py\", example: [1])",
                    "cannot export: the model takes 2 inputs, but the example has 1 number"
                ),
                (
                    "export(net, \"net.py\", example: 0.5)",
                    "export(): 'example' must be a list of numbers, found a number"
                ),
                (
                    "export(net, \"net.py\", example: [0.5, \"x\"])",
                    "export(): 'example' must be a list of numbers, found a string"
                ),
            ]
            for (call, message) in cases {
                XCTAssertEqual(runAfterModel(call).error, message, call)
                XCTAssertFalse(
                    FileManager.default.fileExists(
                        atPath: dir.appendingPathComponent("net.py").path),
                    "\(call) wrote no file")
            }
            // `example: none` is the default: zeros.
            XCTAssertNil(runAfterModel("export(net, \"net.py\", example: none)").error)
            let script = try String(
                contentsOf: dir.appendingPathComponent("net.py"), encoding: .utf8)
            XCTAssertTrue(script.contains("\nEXAMPLE = [0.0, 0.0]\n"))
        }
    }

    func testBadArgumentsToTheScriptGetAUsageLine() throws {
        guard let python = Self.torchPython else {
            throw XCTSkip("PyTorch is not installed here: the script is not run")
        }
        try GoldenTests.inTemporaryDirectory { dir in
            XCTAssertNil(runAfterModel("export(net, \"net.py\", example: [0.5, -1.0])").error)
            let path = dir.appendingPathComponent("net.py").path
            let usage = "usage: net.py [-h] [--to-gradlab FILE.json] [rows]"
            let cases: [([String], String)] = [
                (
                    ["not json"],
                    "net.py: error: the rows must be JSON, such as '[0.5, -1.0]'; found not json"
                ),
                (
                    ["[1, 2, 3]"],
                    "net.py: error: give a row of 2 numbers, such as '[0.5, -1.0]', or a list of rows; found [1, 2, 3]"
                ),
                (
                    ["[[1, 2], [3, true]]"],
                    "net.py: error: the model takes 2 inputs: row 1 must be 2 finite numbers; found [3, true]"
                ),
                (["--to-gradlab"], "net.py: error: argument --to-gradlab: expected one argument"),
                (
                    ["[0, 1]", "--to-gradlab", "x.json"],
                    "net.py: error: give rows or --to-gradlab, not both"
                ),
            ]
            for (arguments, message) in cases {
                let result = Subprocess.run(python, [path] + arguments, mergingErrors: true)
                XCTAssertEqual(result.status, 2, "\(arguments): \(result.output)")
                // PyTorch without NumPy warns on standard error at import; that is not the script.
                let lines = result.output.split(separator: "\n").map(String.init)
                    .filter {
                        !$0.contains("Failed to initialize NumPy")
                            && !$0.contains("_conversion_method_template")
                    }
                XCTAssertEqual(lines, [usage, message], "\(arguments)")
            }
            let unwritable = Subprocess.run(
                python,
                [path, "--to-gradlab", dir.appendingPathComponent("no/such/dir/x.json").path],
                mergingErrors: true)
            XCTAssertEqual(unwritable.status, 1, unwritable.output)
            XCTAssertFalse(unwritable.output.contains("Traceback"), unwritable.output)
            XCTAssertTrue(
                unwritable.output.contains(
                    "net.py: error: cannot write \(dir.path)/no/such/dir/x.json: No such file or directory"
                ),
                unwritable.output)
        }
    }

    func testWithoutPyTorchTheScriptSaysWhatItNeeds() throws {
        guard Self.run("python3", ["-c", "import json"]).code == 0,
            Self.run("python3", ["-c", "import torch"]).code != 0
        else {
            throw XCTSkip("needs a python3 without PyTorch")
        }
        try GoldenTests.inTemporaryDirectory { dir in
            XCTAssertNil(runAfterModel("export(net, \"net.py\")").error)
            let result = Subprocess.run(
                "python3", [dir.appendingPathComponent("net.py").path], mergingErrors: true)
            XCTAssertEqual(result.status, 1)
            XCTAssertEqual(
                result.output,
                "net.py needs PyTorch (pip install torch): No module named 'torch'\n")
        }
    }

    func testTheExportMatchesTheCommittedScript() throws {
        guard let folder = Bundle.module.url(forResource: "Golden/export", withExtension: nil)
        else {
            return XCTFail("the Golden/export folder is missing from the test bundle")
        }
        let expected = try String(
            contentsOf: folder.appendingPathComponent("exported_small.py"), encoding: .utf8)
        try GoldenTests.inTemporaryDirectory { dir in
            let interpreter = Interpreter(output: { _ in })
            guard
                case .success = interpreter.run(
                    Source(name: "t", text: program + "\nexport(net, \"net.py\")\n"))
            else {
                return XCTFail("the export failed")
            }
            let script = try String(
                contentsOfFile: dir.appendingPathComponent("net.py").path, encoding: .utf8)
            XCTAssertEqual(
                script,
                expected.replacingOccurrences(
                    of: "GradLab 0.2.0", with: "GradLab \(GradLab.version)"))
        }
    }

    /// The activations Keras programs use, fused and as layers of their own:
    /// torch's modules where it has them (SiLU, Softsign, Softmax(dim=1)), the
    /// script's own for exponential and Keras 2's hard_sigmoid; the script
    /// prints GradLab's outputs under PyTorch and brings the model back exactly.
    func testKerasActivationsExportAndRunUnderPyTorch() throws {
        let kerasModels = """
            seed(5)
            let fused = model(inputs: 2) {
                dense(8, act: silu, init: normal(std: 1))
                dense(8, act: hard_sigmoid, init: normal(std: 2))
                dense(6, act: softsign, init: normal(std: 2))
                dense(6, act: exponential)
                dense(3, act: softmax, init: normal(std: 1))
            }
            let layered = model(inputs: 2) {
                dense(8, init: normal(std: 1)); swish
                dense(8, init: normal(std: 2)); hard_sigmoid
                dense(6, init: normal(std: 2)); softsign
                dense(6); exponential
                dense(3, init: normal(std: 1)); softmax
            }
            let data = spiral(points: 60)
            let h1 = train(fused, data, epochs: 2, checks: false)
            let h2 = train(layered, data, epochs: 2, checks: false)
            export(fused, "fused.py")
            export(layered, "layered.py")
            export(model(inputs: 2) { dense(3, act: silu); softsign; dense(2) }, "plain.py")
            """
        try GoldenTests.inTemporaryDirectory { dir in
            var printed: [String] = []
            let interpreter = Interpreter(output: { printed.append($0) })
            let rows = "[[0.5, -1.0], [0.1, 0.2], [-2.0, 3.0], [1.5, 1.5]]"
            let outcome = interpreter.run(
                Source(
                    name: "t",
                    text: kerasModels + """

                        print(predict(fused, \(rows)))
                        print(predict(layered, \(rows)))
                        """))
            guard case .success = outcome else { return XCTFail("\(outcome)") }
            let fused = try String(
                contentsOf: dir.appendingPathComponent("fused.py"), encoding: .utf8)
            for line in [
                "class Exponential(nn.Module):", "        return torch.exp(x)",
                "class KerasHardSigmoid(nn.Module):",
                "        return torch.clamp(0.2 * x + 0.5, 0.0, 1.0)",
                "        nn.SiLU(),", "        KerasHardSigmoid(),", "        nn.Softsign(),",
                "        Exponential(),", "        nn.Softmax(dim=1),",
            ] {
                XCTAssertTrue(fused.contains(line + "\n"), "fused.py lacks \(line)")
            }
            XCTAssertFalse(
                fused.contains("nn.Hardsigmoid("), "PyTorch's Hardsigmoid is another function")
            let layered = try String(
                contentsOf: dir.appendingPathComponent("layered.py"), encoding: .utf8)
            for line in [
                "        nn.SiLU(),  # silu_1", "        KerasHardSigmoid(),  # hard_sigmoid_1",
                "        nn.Softsign(),  # softsign_1", "        Exponential(),  # exponential_1",
                "        nn.Softmax(dim=1),  # softmax_1",
            ] {
                XCTAssertTrue(layered.contains(line + "\n"), "layered.py lacks \(line)")
            }
            // Only the classes a script uses are defined, each once.
            XCTAssertEqual(layered.components(separatedBy: "class Exponential(").count, 2)
            let plain = try String(
                contentsOf: dir.appendingPathComponent("plain.py"), encoding: .utf8)
            XCTAssertFalse(plain.contains("class Exponential"))
            XCTAssertFalse(plain.contains("class KerasHardSigmoid"))
            guard let python = Self.torchPython else {
                throw XCTSkip("PyTorch is not installed here: the scripts are not run")
            }
            for (index, name) in ["fused", "layered"].enumerated() {
                let path = dir.appendingPathComponent("\(name).py").path
                let result = Self.run(python, [path, rows])
                XCTAssertEqual(result.code, 0, result.out)
                let torchRows = try XCTUnwrap(
                    try JSONSerialization.jsonObject(with: Data(result.out.utf8)) as? [[Double]],
                    result.out)
                let ours = try XCTUnwrap(
                    try JSONSerialization.jsonObject(with: Data(printed[index].utf8))
                        as? [[Double]])
                XCTAssertEqual(torchRows.count, 4)
                for (a, b) in zip(torchRows.joined(), ours.joined()) {
                    XCTAssertEqual(
                        a, b, accuracy: 1e-5 * max(1, abs(b)), "\(name): torch \(a), GradLab \(b)")
                }
                for row in torchRows {
                    XCTAssertEqual(row.reduce(0, +), 1, accuracy: 1e-5, "\(name): softmax rows")
                }
                // And back from PyTorch, predicting the same numbers exactly.
                let back = dir.appendingPathComponent("\(name)-back.json").path
                XCTAssertEqual(Self.run(python, [path, "--to-gradlab", back]).code, 0)
                let again = interpreter.run(
                    Source(
                        name: "back",
                        text:
                            "print(predict(load(\"\(back)\"), \(rows)) == predict(\(name), \(rows)))"
                    ))
                guard case .success = again else { return XCTFail("\(again)") }
                XCTAssertEqual(
                    printed.last, "true", "\(name) came back from PyTorch with other numbers")
            }
        }
    }
}
