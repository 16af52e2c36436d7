import Foundation
import XCTest

@testable import GradLanguage

/// The builtin table is the one place a builtin is declared; these tests fail
/// when something derived from it, or checked against it, drifts: the `help()`
/// overview, the parser's block takers, the builtin list of docs/language.md,
/// the defaults `help` shows, and the named values.
final class BuiltinTableTests: XCTestCase {
    /// What `help()` returns in a program.
    private func overview() -> String {
        let interpreter = Interpreter()
        var lines: [String] = []
        interpreter.output = { lines.append($0) }
        _ = interpreter.run(Source(name: "t.grad", text: "print(help())"))
        return lines.joined(separator: "\n")
    }

    func testHelpOverviewListsEveryBuiltinOnceUnderItsGroup() {
        let text = overview()
        XCTAssertEqual(Builtins.table.count, Builtins.all.count, "a builtin is declared twice")
        // Each builtin: its signature, then its summary, under its group's heading.
        for b in Builtins.all {
            XCTAssertTrue(
                text.contains("\n  \(b.signature)\n      \(b.summary)"), "help() lacks \(b.name)")
        }
        // Every entry line names a builtin of the table, each once.
        let entries = text.split(separator: "\n").filter {
            $0.hasPrefix("  ") && !$0.hasPrefix("      ")
        }.map { String($0.dropFirst(2).prefix { $0 != "(" }) }
        XCTAssertEqual(entries.sorted(), Builtins.all.map(\.name).sorted())
        // The issue that made the overview derived: `out` was missing from it.
        XCTAssertTrue(text.contains("\n  out(n)\n"))
        let headings = text.split(separator: "\n").filter { $0.hasSuffix(":") }
        XCTAssertEqual(
            headings,
            [
                "Builtins (help(name) for details):", "Models and layers:", "Data:", "Training:",
                "Looking at gradients:", "Numbers:", "Files and the rest:",
            ])
        XCTAssertTrue(
            text.hasSuffix(
                """
                Activations: identity, relu, leaky_relu, elu, gelu, selu, sigmoid, tanh, softplus, exponential, softsign, hard_sigmoid, silu (swish), softmax
                Init schemes: he_normal (he, kaiming, kaiming_normal), he_uniform (kaiming_uniform), xavier_normal (glorot_normal), xavier_uniform (xavier, glorot, glorot_uniform), lecun_normal, lecun_uniform, orthogonal, normal, uniform, zeros, constant(v)
                Losses: mse, mae, cross_entropy, bce
                """))
    }

    /// Whether the parser reads `name { 1 }` as a call of `name` with a trailing block.
    private func parsesWithBlock(_ name: String) -> Bool {
        let (statements, diagnostics) = Parser.parse(Source(name: "p.grad", text: "\(name) { 1 }"))
        guard diagnostics.isEmpty, statements.count == 1,
            case .expression(.call(.variable(name, _), _, let trailing?, _)) = statements[0]
        else { return false }
        return trailing.count == 1
    }

    func testTheParserTakesBlocksForExactlyTheBuiltinsThatDeclareOne() throws {
        let probed = Set(Builtins.all.map(\.name).filter(parsesWithBlock))
        XCTAssertEqual(probed, Set(Builtins.all.filter(\.takesBlock).map(\.name)))
        // What users read: docs/language.md names the block takers in one sentence.
        let docs = try Self.languageDocs()
        let sentence = try XCTUnwrap(
            docs.split(separator: "\n").first { $0.contains("take a `{ }` block") })
        let named = Self.codeSpans(in: String(sentence)).filter { $0.allSatisfy(\.isLetter) }
        XCTAssertEqual(probed, Set(named))
        // The grammar takes whatever set it is given.
        let (statements, _) = Parser.parse(
            Source(name: "p.grad", text: "spiral { 1 }"), blockTakers: ["spiral"])
        guard case .expression(.call(_, _, .some, _))? = statements.first else {
            return XCTFail("spiral { 1 } was not read as a call with a block")
        }
    }

    func testDocsListEveryBuiltinWithItsSignature() throws {
        let docs = try Self.languageDocs()
        let start = try XCTUnwrap(docs.range(of: "\n## 6. Builtins"))
        let end = try XCTUnwrap(docs.range(of: "\n## 7. Errors"))
        let section = docs[start.upperBound..<end.lowerBound]
        // The first cell of every row of the builtin tables (headed "signature"
        // or "builtin"; the init-scheme table lists values): the signatures documented.
        var documented: [String] = []
        var inBuiltinTable = false
        for line in section.split(separator: "\n", omittingEmptySubsequences: false) {
            let firstCell = line.dropFirst(2).prefix { $0 != "|" }
                .trimmingCharacters(in: .whitespaces)
            if !line.hasPrefix("|") {
                inBuiltinTable = false
            } else if firstCell == "signature" || firstCell == "builtin" {
                inBuiltinTable = true
            } else if inBuiltinTable && firstCell.hasPrefix("`") {
                documented += Self.codeSpans(in: firstCell)
            }
        }
        let names = Set(documented.map { String($0.prefix { $0 != "(" }) })
        // Documented differently, on purpose: diagnose by the forms it takes
        // (`diagnose(h)`, `diagnose(net, data: none, ...)`), thresholds by its pattern.
        let shownByForm: Set = ["diagnose", "thresholds"]
        for b in Builtins.all {
            if shownByForm.contains(b.name) {
                XCTAssertTrue(names.contains(b.name), "docs/language.md lacks \(b.name)")
            } else {
                XCTAssertTrue(
                    documented.contains(b.signature),
                    "docs/language.md lacks \(b.signature) (section 6, first column)")
            }
        }
        XCTAssertEqual(names.subtracting(Builtins.table.keys), [], "documented, not builtins")
    }

    func testDefaultsReadAsTheValuesBindingSupplies() {
        // help shows a default as program text; that text, run, is the value a
        // call without the argument gets.
        let interpreter = Interpreter()
        var checked = 0
        for b in Builtins.all {
            for p in b.parameters {
                guard let value = p.defaultValue?.value, let text = p.defaultValue?.text else {
                    continue
                }
                var shown: [String] = []
                interpreter.output = { shown.append($0) }
                _ = interpreter.run(Source(name: "t.grad", text: "print([\(text)])"))
                XCTAssertEqual(
                    shown, [interpreter.display(.list([value]))], "\(b.name)(\(p.name): \(text))")
                checked += 1
            }
        }
        XCTAssertGreaterThan(checked, 50)
    }

    func testNamedValuesResolveWithTheirAliasesAndParameters() {
        let all = NamedValue.all.flatMap(\.names)
        XCTAssertEqual(Set(all).count, all.count, "a value name is declared twice")
        XCTAssertEqual(Set(all).intersection(Builtins.table.keys), [])
        let interpreter = Interpreter()
        for entry in NamedValue.all {
            for name in entry.names {
                XCTAssertEqual(
                    interpreter.builtinValue(name).map(interpreter.display),
                    interpreter.display(entry.value), name)
            }
            XCTAssertEqual(
                interpreter.display(entry.value(with: [:])), interpreter.display(entry.value))
        }
        XCTAssertEqual(interpreter.argumentLabels(of: "leaky_relu"), ["slope"])
        XCTAssertEqual(interpreter.argumentLabels(of: "glorot"), ["gain"])
        XCTAssertEqual(interpreter.argumentLabels(of: "normal"), ["mean", "std"])
        XCTAssertEqual(interpreter.argumentLabels(of: "relu"), [])
        XCTAssertEqual(interpreter.argumentLabels(of: "cross_entropy"), ["from_logits"])
        XCTAssertEqual(interpreter.argumentLabels(of: "bce"), ["from_logits"])
        XCTAssertEqual(interpreter.argumentLabels(of: "mae"), [])
        XCTAssertEqual(interpreter.argumentLabels(of: "plot").prefix(2), ["what", "labels"])
    }

    /// `.name` of an optimizer documents the names it can have: every builtin
    /// that makes an optimizer, and nothing else.
    func testTheOptimizerNameMemberListsEveryOptimizer() throws {
        let makers = Builtins.all.filter { $0.returns == .optimizer }.map(\.name)
        XCTAssertGreaterThanOrEqual(makers.count, 8)
        let summary = try XCTUnwrap(ValueKind.optimizer.members.first { $0.name == "name" }).summary
        let quoted = summary.split(separator: "\"", omittingEmptySubsequences: false).enumerated()
            .filter { $0.offset % 2 == 1 }.map { String($0.element) }
        XCTAssertEqual(quoted.sorted(), makers.sorted())
    }

    func testEveryDeclaredMemberIsServed() {
        // One value of each kind with members; each declared member reads from it.
        let interpreter = Interpreter()
        interpreter.output = { _ in }
        _ = interpreter.run(Source(name: "t.grad", text: Self.valuesOfEveryKind))
        var kinds: Set<ValueKind> = []
        for name in Self.valueNames {
            guard let value = interpreter.globals.lookup(name), let kind = ValueKind(of: value)
            else { continue }
            kinds.insert(kind)
            for m in kind.members {
                XCTAssertNotNil(m.read(value, interpreter), "\(name).\(m.name)")
            }
        }
        XCTAssertEqual(kinds, Set(ValueKind.allCases), "a kind with members has no sample here")
    }

    /// A program binding a value of every kind with members (and a record).
    static let valuesOfEveryKind = """
        seed(1)
        let data = spiral(points: 30)
        let net = model(inputs: 2) { dense(4, act: relu); dense(3) }
        let h = train(net, data, epochs: 1, batch: 10)
        let opt = sgd()
        let d = diagnose(h)
        let p = plot([1, 2, 3])
        let t = grads(net, data)
        let xs = [1, 2]
        let r = evaluate(net, data)
        let tr = try_remedies(h, seeds: 2, top: 1)
        """
    static let valueNames = ["data", "net", "h", "opt", "d", "p", "t", "xs", "r", "tr"]

    static func languageDocs() throws -> String {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        return try String(
            contentsOf: root.appendingPathComponent("docs/language.md"), encoding: .utf8)
    }

    /// The `code` spans of a line of Markdown.
    static func codeSpans(in line: String) -> [String] {
        line.split(separator: "`", omittingEmptySubsequences: false).enumerated()
            .filter { $0.offset % 2 == 1 }.map { String($0.element) }
    }
}
