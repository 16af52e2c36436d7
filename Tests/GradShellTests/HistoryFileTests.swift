import XCTest

@testable import GradShell

final class HistoryFileTests: XCTestCase {
    var path = ""

    override func setUp() {
        path = NSTemporaryDirectory() + "gradlab-history-test-\(getpid())/state/gradlab/history"
    }

    override func tearDown() {
        try? FileManager.default.removeItem(
            atPath: NSTemporaryDirectory() + "gradlab-history-test-\(getpid())")
    }

    func testEntriesPersistWholeWithoutConsecutiveDuplicates() {
        var h = HistoryFile(path: path)
        h.append("let a = [\n1, 2]")
        h.append("x")
        h.append("x")
        h.append("print(\"a\\\\b\")")
        h.append("x")
        XCTAssertEqual(
            HistoryFile(path: path).entries, ["let a = [\n1, 2]", "x", "print(\"a\\\\b\")", "x"])
    }

    func testTwoSessionsAtOnceInterleaveWholeEntries() {
        var a = HistoryFile(path: path)
        var b = HistoryFile(path: path)
        for i in 0..<200 {
            a.append("a\(i)\nline two")
            b.append("b\(i)")
        }
        let entries = HistoryFile(path: path).entries
        XCTAssertEqual(entries.count, 400)
        XCTAssertEqual(entries.filter { $0.hasPrefix("a") }.count, 200)
        XCTAssertTrue(
            entries.filter { $0.hasPrefix("a") }.allSatisfy { $0.hasSuffix("\nline two") })
    }

    func testTheFileIsBoundedToTenThousandEntries() {
        var h = HistoryFile(path: path)
        for i in 0..<(HistoryFile.limit + HistoryFile.limit / 10 + 5) { h.append("e\(i)") }
        let reloaded = HistoryFile(path: path).entries
        XCTAssertLessThanOrEqual(reloaded.count, HistoryFile.limit)
        XCTAssertEqual(reloaded.last, "e\(HistoryFile.limit + HistoryFile.limit / 10 + 4)")
    }
}
