import Foundation
import XCTest

@testable import GradShell

/// The labelled diagnosis scenarios: each program in Scenarios/ builds (and
/// usually trains) a network with a known problem, or none, and prints
/// `diagnose(...).names` last. Its `# findings:` line says what must be found:
/// every expected finding and no other.
///
/// A scenario may also have an `# allowed:` line: findings that are true of
/// its run but too close to their thresholds to be required, so that they may
/// or may not be reported. The labels must hold on any machine, and training
/// is chaotic: the last bits of the matrix products (which depend on the CPU's
/// OpenBLAS kernels) change a run's last epochs. An allowed finding is a
/// consequence of the expected ones, with the reason in a comment beside it,
/// never a way to accept a wrong finding.
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
            let expected = Self.names(after: "# findings: ", in: line)
            let allowed =
                text.split(separator: "\n").first { $0.hasPrefix("# allowed: ") }.map {
                    Self.names(after: "# allowed: ", in: $0)
                } ?? []
            XCTAssertTrue(
                expected.isDisjoint(with: allowed),
                "\(name): a finding is both expected and allowed")
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
            if expected.isSubset(of: found) && found.isSubset(of: expected.union(allowed)) {
                correct += 1
            } else {
                let missing = expected.subtracting(found).sorted()
                let extra = found.subtracting(expected.union(allowed)).sorted()
                report.append(
                    "\(name): expected \(expected.sorted()), found \(found.sorted()) (missing \(missing), unexpected \(extra))"
                )
            }
        }
        print("Diagnosis scenarios: \(correct) of \(programs.count) correct")
        for r in report { print("  " + r) }
        XCTAssertEqual(correct, programs.count, report.joined(separator: "\n"))
    }

    /// The comma-separated finding names after `prefix` on a label line.
    static func names(after prefix: String, in line: Substring) -> Set<String> {
        Set(
            line.dropFirst(prefix.count).split(separator: ",").map {
                $0.trimmingCharacters(in: .whitespaces)
            })
    }
}
