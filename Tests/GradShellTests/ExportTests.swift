import Foundation
import XCTest

@testable import GradLanguage
@testable import GradShell

/// export(net, "net.py"): the PyTorch script rebuilds the model and prints the
/// same outputs as GradLab. Under PyTorch when it is installed (the Python in
/// GRADLAB_TORCH_PYTHON, or python3 if it imports torch); otherwise the script
/// is compared with a committed one, exported_small.py.
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
}
