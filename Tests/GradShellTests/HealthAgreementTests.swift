import Foundation
import XCTest

@testable import GradShell

/// The health marks of the `grads` and `acts` tables and the findings of
/// `diagnose` agree, on every diagnosis scenario.
///
/// "Agree" means, for the same statistics (one pass over the data:
/// `grads(net, data)`, `acts(net, data)` and `diagnose(net, data)`; and, when
/// the scenario trained, the last training step: `grads(net)`, `acts(net)` and
/// `diagnose(net)`):
///
/// - a gradient-table row is marked ↑ exactly when the exploding finding names
///   its layer; otherwise ↓ exactly when the vanishing finding names it;
///   otherwise ∅ exactly when the dead_relu finding names it; otherwise ✓;
/// - an activation-table row is marked "saturated" exactly when the saturation
///   finding names its layer; otherwise ∅ exactly when dead_relu names it;
///   otherwise ✓;
/// - a row no finding names carries, in parentheses, the mark of a
///   measurement that names it but is not a problem there (`d.measured`: the
///   run learns, or before training the change is too mild), chosen the same way;
/// - every layer a vanishing or exploding finding names has a gradient-table row.
///
/// (`diagnose(h)` judges a run by its recent medians, which no table shows;
/// it uses the same judgement, `Checks.judge`, on those numbers.)
final class HealthAgreementTests: XCTestCase {
    /// The lines the appended code prints: "grads LABEL LAYER MARK",
    /// "acts LABEL LAYER MARK", "names LABEL FINDING LAYER", "measured LABEL FINDING LAYER".
    static let probe = """

        fn agreement_show(label, g, a, d) {
            for r in g.rows { print("grads", label, r.layer, r.health) }
            for r in a.rows { print("acts", label, r.layer, r.health) }
            for f in d.findings {
                for l in f.layers { print("names", label, f.name, l) }
            }
            for f in d.measured {
                for l in f.layers { print("measured", label, f.name, l) }
            }
        }
        """

    /// What one pass showed: table marks by layer, and the layers each finding names.
    struct Pass {
        var gradientMarks: [(layer: String, mark: String)] = []
        var activationMarks: [(layer: String, mark: String)] = []
        var named: [String: Set<String>] = [:]
        var measured: [String: Set<String>] = [:]
    }

    func testTableMarksAgreeWithFindingsOnEveryScenario() throws {
        guard let root = Bundle.module.url(forResource: "Scenarios", withExtension: nil) else {
            return XCTFail("the Scenarios resource folder is missing from the test bundle")
        }
        let programs = GoldenTests.programs(under: root)
        XCTAssertGreaterThanOrEqual(programs.count, 24)
        var marksSeen = Set<String>()
        for name in programs {
            let text = try String(
                contentsOf: root.appendingPathComponent(name), encoding: .utf8)
            // The step's statistics first: a pass over the data replaces them.
            var code = text + Self.probe
            if text.contains("train(") {
                code += "\nagreement_show(\"step\", grads(net), acts(net), diagnose(net))"
            }
            code +=
                "\nagreement_show(\"pass\", grads(net, data), acts(net, data), diagnose(net, data))\n"
            let outcome = GoldenTests.gradlab(["-e", code])
            XCTAssertEqual(
                outcome.code, 0, "\(name): \(outcome.stderr.joined(separator: "\n"))")
            let passes = Self.parse(outcome.stdout)
            XCTAssertEqual(
                passes.keys.sorted(), text.contains("train(") ? ["pass", "step"] : ["pass"],
                "\(name): the probe printed no table for some pass")
            for (label, pass) in passes.sorted(by: { $0.key < $1.key }) {
                let context = "\(name), \(label)"
                check(pass, context)
                marksSeen.formUnion(pass.gradientMarks.map(\.mark))
                marksSeen.formUnion(pass.activationMarks.map(\.mark))
            }
        }
        // The scenarios exercise every mark, so the comparison is never vacuous.
        for mark in ["✓", "↑ exploding", "↓ vanishing", "∅ dead", "saturated"] {
            XCTAssertTrue(marksSeen.contains(mark), "no scenario shows the mark \(mark)")
        }
    }

    private func check(_ pass: Pass, _ context: String) {
        func gradientMark(_ named: [String: Set<String>], _ layer: String) -> String? {
            func names(_ finding: String) -> Bool { named[finding]?.contains(layer) == true }
            return names("exploding")
                ? "↑ exploding"
                : names("vanishing") ? "↓ vanishing" : names("dead_relu") ? "∅ dead" : nil
        }
        func activationMark(_ named: [String: Set<String>], _ layer: String) -> String? {
            func names(_ finding: String) -> Bool { named[finding]?.contains(layer) == true }
            return names("saturation") ? "saturated" : names("dead_relu") ? "∅ dead" : nil
        }
        for (layer, mark) in pass.gradientMarks {
            let expected =
                gradientMark(pass.named, layer)
                ?? gradientMark(pass.measured, layer).map { "(\($0))" } ?? "✓"
            XCTAssertEqual(mark, expected, "\(context): grads marks \(layer)")
        }
        for (layer, mark) in pass.activationMarks {
            let expected =
                activationMark(pass.named, layer)
                ?? activationMark(pass.measured, layer).map { "(\($0))" } ?? "✓"
            XCTAssertEqual(mark, expected, "\(context): acts marks \(layer)")
        }
        let rows = Set(pass.gradientMarks.map(\.layer))
        for finding in ["vanishing", "exploding"] {
            for layer in pass.named[finding] ?? [] {
                XCTAssertTrue(
                    rows.contains(layer),
                    "\(context): \(finding) names \(layer), which has no gradient-table row")
            }
        }
    }

    /// The passes the probe printed, by label.
    static func parse(_ lines: [String]) -> [String: Pass] {
        var passes: [String: Pass] = [:]
        for line in lines {
            let parts = line.split(separator: " ", maxSplits: 3).map(String.init)
            guard parts.count == 4 else { continue }
            let (tag, label, third, rest) = (parts[0], parts[1], parts[2], parts[3])
            switch tag {
            case "grads": passes[label, default: Pass()].gradientMarks.append((third, rest))
            case "acts": passes[label, default: Pass()].activationMarks.append((third, rest))
            case "names": passes[label, default: Pass()].named[third, default: []].insert(rest)
            case "measured":
                passes[label, default: Pass()].measured[third, default: []].insert(rest)
            default: continue
            }
        }
        return passes
    }
}
