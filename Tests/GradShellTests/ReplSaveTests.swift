import Foundation
import XCTest

@testable import GradShell

/// `:save` writes the session through the project's one atomic write: the
/// file is replaced whole (keeping its permissions), and a failure leaves
/// neither a partial file nor a temporary one.
final class ReplSaveTests: XCTestCase {
    /// A fresh folder, removed after the test.
    func temporaryFolder() throws -> String {
        let path = NSTemporaryDirectory() + "gradlab-save-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(atPath: path) }
        return path
    }

    /// A session that ran `entries`, and what it printed.
    func session(_ entries: [String]) -> (ReplSession, () -> [String], () -> [String]) {
        final class Lines { var all: [String] = [] }
        let out = Lines()
        let err = Lines()
        let s = ReplSession(output: { out.all.append($0) }, errors: { err.all.append($0) })
        for e in entries { s.evaluate(e) }
        return (s, { out.all }, { err.all })
    }

    func testSaveReplacesTheFileWholeAndKeepsItsPermissions() throws {
        let folder = try temporaryFolder()
        let path = folder + "/session.grad"
        try String(repeating: "# an older, longer session\n", count: 100).write(
            toFile: path, atomically: false, encoding: .utf8)
        XCTAssertEqual(chmod(path, 0o600), 0)
        let (s, out, err) = session(["let x = 2", "let y = x * 21"])
        XCTAssertTrue(s.meta(":save \(path)"))
        XCTAssertEqual(err(), [])
        XCTAssertEqual(out().last, "saved 2 entries to \(path)")
        XCTAssertEqual(
            try String(contentsOfFile: path, encoding: .utf8),
            "# GradLab session, saved by :save\nlet x = 2\nlet y = x * 21\n")
        var info = stat()
        XCTAssertEqual(stat(path, &info), 0)
        XCTAssertEqual(info.st_mode & 0o777, 0o600)
        XCTAssertEqual(
            try FileManager.default.contentsOfDirectory(atPath: folder), ["session.grad"])
    }

    func testASaveThatFailsLeavesNothingBehind() throws {
        let folder = try temporaryFolder()
        let path = folder + "/missing/session.grad"
        let (s, out, err) = session(["let x = 2"])
        XCTAssertTrue(s.meta(":save \(path)"))
        XCTAssertEqual(err(), ["cannot write \(path): No such file or directory"])
        XCTAssertFalse(out().contains { $0.hasPrefix("saved") })
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder), [])
        // A folder in the way is refused, and stays a folder.
        XCTAssertTrue(s.meta(":save \(folder)"))
        XCTAssertEqual(err().last, "cannot write \(folder): it is a directory")
    }
}
