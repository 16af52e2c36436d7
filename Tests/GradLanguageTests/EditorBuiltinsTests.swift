import Foundation
import XCTest

@testable import GradLanguage

/// The editors highlight the builtin names the language has: the Pygments
/// lexer's list (`editors/pygments/gradlab_pygments/builtins.py`) and the VS
/// Code grammar's rules (`editors/vscode/syntaxes/grad.tmLanguage.json`) are
/// written by `editors/update-builtins` from `help()`. These tests compare
/// both with the builtin table and the named values themselves, so a builtin,
/// activation, init scheme or loss added without rerunning the script fails here.
final class EditorBuiltinsTests: XCTestCase {
    private static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    private static let advice = "run editors/update-builtins (after swift build -c release)"

    /// The builtin functions, in `help()` order.
    private var functions: [String] { Builtins.all.map(\.name) }
    /// The value names with their aliases, in `help()` order.
    private var values: [String] { NamedValue.all.flatMap(\.names) }

    /// The names of one tuple of builtins.py: `NAME = (` then one `"name",` a line.
    private func pythonTuple(_ name: String, in text: String) throws -> [String] {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let start = try XCTUnwrap(lines.firstIndex(of: "\(name) = ("), "\(name) is missing")
        var names: [String] = []
        for line in lines[(start + 1)...] {
            if line == ")" { return names }
            let entry = line.trimmingCharacters(in: .whitespaces)
            guard entry.hasPrefix("\""), entry.hasSuffix("\",") else {
                XCTFail("unexpected line in \(name): \(line)")
                return names
            }
            names.append(String(entry.dropFirst().dropLast(2)))
        }
        XCTFail("\(name) is never closed")
        return names
    }

    /// The names of a grammar rule `(?<!...)(?:a|b|c)(?!...)`.
    private func grammarRule(_ key: String, in grammar: [String: Any]) throws -> [String] {
        let repository = try XCTUnwrap(grammar["repository"] as? [String: Any])
        let rule = try XCTUnwrap(repository[key] as? [String: Any], "no rule \(key)")
        let match = try XCTUnwrap(rule["match"] as? String)
        let open = try XCTUnwrap(match.range(of: "(?:"), "\(key): \(match)")
        let close = try XCTUnwrap(match.range(of: ")(?!"), "\(key): \(match)")
        return match[open.upperBound..<close.lowerBound].split(separator: "|").map(String.init)
    }

    func testThePygmentsLexerListsEveryBuiltinAndValueName() throws {
        let text = try String(
            contentsOf: Self.root.appendingPathComponent(
                "editors/pygments/gradlab_pygments/builtins.py"), encoding: .utf8)
        XCTAssertEqual(
            try pythonTuple("FUNCTIONS", in: text), functions, "builtins.py: \(Self.advice)")
        XCTAssertEqual(try pythonTuple("VALUES", in: text), values, "builtins.py: \(Self.advice)")
    }

    func testTheVSCodeGrammarListsEveryBuiltinAndValueName() throws {
        let data = try Data(
            contentsOf: Self.root.appendingPathComponent(
                "editors/vscode/syntaxes/grad.tmLanguage.json"))
        let grammar = try XCTUnwrap(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        XCTAssertEqual(
            try grammarRule("builtin-functions", in: grammar), functions,
            "grad.tmLanguage.json: \(Self.advice)")
        XCTAssertEqual(
            try grammarRule("builtin-values", in: grammar), values,
            "grad.tmLanguage.json: \(Self.advice)")
    }

    func testFunctionAndValueNamesAreApart() {
        // The editors colour them differently; a name in both would be ambiguous.
        XCTAssertEqual(Set(functions).intersection(values), [])
    }
}
