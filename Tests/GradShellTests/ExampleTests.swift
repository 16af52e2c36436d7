import Foundation
import XCTest

@testable import GradShell

/// The bundled examples in examples/ run as a user runs them, and their claims
/// hold. An example's `# expect:` and `# expect-match:` comments are claims:
/// lines that must appear in its output, in order (other lines may come
/// between them, since examples also print tables and plots for the reader).
final class ExampleTests: XCTestCase {
    static var examplesFolder: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("examples")
    }

    func testBundledExamplesRunAndTheirClaimsHold() throws {
        let programs = GoldenTests.programs(under: Self.examplesFolder)
        XCTAssertTrue(programs.contains("vanishing.grad"), "examples/vanishing.grad is missing")
        for name in programs {
            let path = Self.examplesFolder.appendingPathComponent(name).path
            let text = try String(contentsOfFile: path, encoding: .utf8)
            let claims = GoldenTests.expectations(in: text).stdout
            let outcome = try GoldenTests.inTemporaryDirectory { _ in
                GoldenTests.gradlab(["run", path])
            }
            XCTAssertEqual(
                outcome.code, 0,
                "\(name) exited \(outcome.code): \(outcome.stderr.joined(separator: "\n"))")
            XCTAssertEqual(outcome.stderr, [], "\(name) wrote to standard error")
            if let failing = GoldenTests.firstFailingClaim(claims, in: outcome.stdout) {
                XCTFail(
                    "\(name):\(failing.line): no output line after the previous claim matches \"\(failing.text)\""
                )
            }
        }
    }
}
