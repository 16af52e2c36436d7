import Foundation
import GradEngine
import GradLanguage
import XCTest

@testable import GradShell

#if canImport(Glibc)
    import Glibc
#endif

/// Runs every input of `FuzzRegressions/` (see its README) the way the fuzzers
/// did, through the normal interpreter and loaders: each must end in success or
/// a clean error, never a crash, and must not leave tensors behind.
final class FuzzRegressionTests: XCTestCase {
    /// The language fuzzer's limits (Fuzz/Sources/FuzzLanguage).
    static let maxSteps = 20_000
    static let memoryBudget = 32 << 20

    var folder: URL!
    var workingDirectory = ""
    var previousDirectory = ""

    override func setUpWithError() throws {
        folder = try XCTUnwrap(
            Bundle.module.url(forResource: "FuzzRegressions", withExtension: nil),
            "the FuzzRegressions resource folder is missing")
        previousDirectory = FileManager.default.currentDirectoryPath
        workingDirectory = NSTemporaryDirectory() + "gradlab-fuzz-regressions-\(getpid())"
        try FileManager.default.createDirectory(
            atPath: workingDirectory, withIntermediateDirectories: true)
        XCTAssertTrue(FileManager.default.changeCurrentDirectoryPath(workingDirectory))
    }

    override func tearDown() {
        _ = FileManager.default.changeCurrentDirectoryPath(previousDirectory)
        try? FileManager.default.removeItem(atPath: workingDirectory)
        MemoryBudget.bytes = MemoryBudget.defaultBytes
        super.tearDown()
    }

    func inputs(_ ext: String) throws -> [URL] {
        try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == ext }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
    }

    func testTheFolderHasInputs() throws {
        XCTAssertFalse(try inputs("grad").isEmpty)
    }

    func testPrograms() throws {
        for url in try inputs("grad") {
            let name = url.lastPathComponent
            let bytes = try Data(contentsOf: url)
            // As the fuzzer: invalid UTF-8 becomes U+FFFD.
            let text = String(decoding: bytes, as: UTF8.self)
            var expectedErrors: [String] = []
            var expectedOutput: [String] = []
            for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
                if line.hasPrefix("# expect-error: ") {
                    expectedErrors.append(String(line.dropFirst(16)))
                }
                if line.hasPrefix("# expect-output: ") {
                    expectedOutput.append(String(line.dropFirst(17)))
                }
            }
            MemoryBudget.bytes = Self.memoryBudget
            let tensorsBefore = MemoryBudget.inUse
            var output: [String] = []
            var message: String?
            do {
                let source = Source(name: name, text: text)
                let interpreter = Interpreter(output: { output.append($0) })
                interpreter.maxSteps = Self.maxSteps
                interpreter.fileAccess = .workingDirectoryOnly
                switch interpreter.run(source) {
                case .success, .cancelled:
                    break
                case .syntaxErrors(let list):
                    message = list.map(\.message).joined(separator: "\n")
                    for d in list { XCTAssertFalse(d.rendered(in: source, color: true).isEmpty) }
                case .runtimeError(let d):
                    message = d.message
                    XCTAssertFalse(d.rendered(in: source).isEmpty)
                }
            }
            MemoryBudget.bytes = MemoryBudget.defaultBytes
            XCTAssertEqual(
                MemoryBudget.inUse, tensorsBefore, "\(name): tensors were left alive after the run")
            for e in expectedErrors {
                XCTAssertTrue(
                    message?.contains(e) == true,
                    "\(name): expected an error containing '\(e)', got \(message ?? "success")")
            }
            if expectedErrors.isEmpty, let message {
                XCTAssertFalse(message.isEmpty, name)
            }
            for line in expectedOutput {
                XCTAssertTrue(
                    output.contains(line),
                    "\(name): expected the output line '\(line)', got \(output)")
            }
        }
    }

    func testFiles() throws {
        for url in try inputs("json") + inputs("csv") {
            let name = url.lastPathComponent
            let bytes = [UInt8](try Data(contentsOf: url))
            // The model-file reader: a model, which saves and loads again, or an error.
            do {
                let network = try Network<Float>.decode(bytes: bytes, source: name)
                let text = try network.modelFileJSON(includeGradients: true)
                XCTAssertNoThrow(
                    try Network<Float>.decode(bytes: Array(text.utf8), source: "again.json"), name)
            } catch {
                XCTAssertFalse(error.description.isEmpty, name)
            }
            // The CSV loader, with the target and class count the files fuzzer picks from the first byte.
            let selector = bytes.first ?? 0
            let targets = ["label", "y", "species", "a", "b"]
            let target = targets[Int(selector % UInt8(targets.count))]
            let classes: Int? = selector & 0x80 != 0 ? Int(selector & 0x07) + 1 : nil
            for (t, k) in [(target, classes), ("label", nil)] {
                do {
                    _ = try CSVLoader.parse(
                        bytes: bytes, source: name, target: t, classes: k, as: Float.self)
                } catch {
                    XCTAssertFalse(error.description.isEmpty, name)
                }
            }
        }
    }
}
