import Foundation
import XCTest

@testable import GradShell

/// The labelled diagnosis scenarios: each program in Scenarios/ builds (and
/// usually trains) a network with a known problem, or none, and prints
/// `diagnose(...).names` last. Its `# findings:` line says what must be found:
/// every expected finding and no other.
final class ScenarioTests: XCTestCase {
    func testDiagnosisScenarios() throws {
        guard let root = Bundle.module.url(forResource: "Scenarios", withExtension: nil) else {
            return XCTFail("the Scenarios resource folder is missing from the test bundle")
        }
        let programs = GoldenTests.programs(under: root)
        XCTAssertGreaterThanOrEqual(programs.count, 24, "the suite must hold at least 24 scenarios")
        var correct = 0
        var report: [String] = []
        for name in programs {
            let path = root.appendingPathComponent(name).path
            let text = try String(contentsOfFile: path, encoding: .utf8)
            guard
                let line = text.split(separator: "\n").first(where: { $0.hasPrefix("# findings: ") }
                )
            else {
                XCTFail("\(name): no '# findings:' line")
                continue
            }
            let expected = Set(
                line.dropFirst("# findings: ".count).split(separator: ",").map {
                    $0.trimmingCharacters(in: .whitespaces)
                })
            let outcome = GoldenTests.gradlab(["run", path])
            let last = outcome.stdout.last { !$0.isEmpty } ?? ""
            let found = Set(
                last.trimmingCharacters(in: CharacterSet(charactersIn: "[]")).split(separator: ",")
                    .map {
                        $0.trimmingCharacters(in: CharacterSet(charactersIn: " \""))
                    })
            XCTAssertEqual(
                outcome.code, 0,
                "\(name) exited \(outcome.code): \(outcome.stderr.joined(separator: "\n"))")
            if expected.contains("healthy") {
                XCTAssertFalse(
                    found.contains("vanishing") || found.contains("exploding"),
                    "\(name): a healthy network was called vanishing or exploding: \(last)")
            }
            if found == expected {
                correct += 1
            } else {
                let missing = expected.subtracting(found).sorted()
                let extra = found.subtracting(expected).sorted()
                report.append(
                    "\(name): expected \(expected.sorted()), found \(found.sorted()) (missing \(missing), unexpected \(extra))"
                )
            }
        }
        print("Diagnosis scenarios: \(correct) of \(programs.count) correct")
        for r in report { print("  " + r) }
        XCTAssertEqual(correct, programs.count, report.joined(separator: "\n"))
    }
}
