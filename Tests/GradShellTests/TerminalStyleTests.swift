import GradLanguage
import XCTest

@testable import GradShell

/// How the command line chooses Unicode, width and colour for displayed values.
final class TerminalStyleTests: XCTestCase {
    func testUnicodeFromTheEnvironment() {
        XCTAssertTrue(TerminalStyle.unicode([:]), "no locale set: Unicode")
        XCTAssertTrue(TerminalStyle.unicode(["LANG": "en_US.UTF-8"]))
        XCTAssertTrue(TerminalStyle.unicode(["LANG": "C.utf8"]))
        XCTAssertFalse(TerminalStyle.unicode(["LANG": "C"]))
        XCTAssertFalse(TerminalStyle.unicode(["LANG": "POSIX"]))
        // The first of LC_ALL, LC_CTYPE, LANG that is set decides.
        XCTAssertTrue(TerminalStyle.unicode(["LC_ALL": "de_DE.UTF-8", "LANG": "C"]))
        XCTAssertFalse(
            TerminalStyle.unicode(["LC_CTYPE": "en_US.ISO-8859-1", "LANG": "en_US.UTF-8"]))
        XCTAssertTrue(
            TerminalStyle.unicode(["LC_ALL": "", "LANG": "en_US.UTF-8"]),
            "an empty variable counts as unset")
        XCTAssertFalse(TerminalStyle.unicode(["TERM": "dumb", "LANG": "en_US.UTF-8"]))
        XCTAssertFalse(TerminalStyle.unicode(["GRADLAB_ASCII": "1", "LANG": "en_US.UTF-8"]))
        XCTAssertTrue(TerminalStyle.unicode(["GRADLAB_ASCII": "0"]))
    }

    func testWidthIsFixedWhenNotATerminal() {
        XCTAssertEqual(
            TerminalStyle.detect(environment: [:], terminalColumns: nil, color: false),
            OutputStyle(unicode: true, color: false, width: 80))
        XCTAssertEqual(
            TerminalStyle.detect(environment: ["LANG": "C"], terminalColumns: 120, color: true),
            OutputStyle(unicode: false, color: true, width: 120))
    }

    /// The environment reaches the interpreter through the command line.
    func testCommandLinePassesTheStyleOn() {
        func run(_ environment: [String: String], _ columns: Int?) -> [String] {
            var lines: [String] = []
            var err = ""
            _ = GradLab.main(
                ["-e", "plot([1, 2, 3])", "--no-color"], output: { lines.append($0) }, errors: &err,
                stdinIsTerminal: false, readStandardInput: { [] }, environment: environment,
                terminalColumns: columns)
            return lines.flatMap { $0.split(separator: "\n").map(String.init) }
        }
        let plain = run([:], nil)
        XCTAssertEqual(plain.map(\.count).max(), 80)
        XCTAssertTrue(plain.joined().contains("┤"))
        let ascii = run(["GRADLAB_ASCII": "1"], nil)
        XCTAssertTrue(ascii.joined().unicodeScalars.allSatisfy(\.isASCII), "\(ascii)")
        let wide = run([:], 120)
        XCTAssertEqual(wide.map(\.count).max(), 120)
    }
}
