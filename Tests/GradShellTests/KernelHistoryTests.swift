import XCTest

@testable import GradShell

/// `history_request`: the cells a kernel ran with `store_history`.
final class KernelHistoryTests: XCTestCase {
    func session() -> KernelSession {
        let s = KernelSession()
        for cell in ["let a = 1", "a + 1", "print(a)", "a + 1", "a * 2"] { _ = s.run(cell) }
        _ = s.run("let hidden = 3", storeHistory: false)
        _ = s.run("let quiet = 4", silent: true)
        return s
    }

    func entries(_ list: [KernelHistoryEntry]) -> [String] {
        list.map { "\($0.session)/\($0.line): \($0.input)" }
    }

    func testTailRangeAndSearch() {
        let s = session()
        XCTAssertEqual(entries(s.history(.tail(count: 2))), ["1/4: a + 1", "1/5: a * 2"])
        XCTAssertEqual(s.history(.tail(count: 100)).count, 5, "only cells stored in history")
        XCTAssertEqual(
            entries(s.history(.range(start: 2, stop: 4))), ["1/2: a + 1", "1/3: print(a)"])
        XCTAssertEqual(
            entries(s.history(.search(pattern: "*hidden*", count: nil, unique: false))), [])
        XCTAssertEqual(
            entries(s.history(.search(pattern: "a ? 1", count: nil, unique: false))),
            ["1/2: a + 1", "1/4: a + 1"])
        // Each input once, where it was last run.
        XCTAssertEqual(
            entries(s.history(.search(pattern: "a*", count: nil, unique: true))),
            ["1/4: a + 1", "1/5: a * 2"])
        XCTAssertEqual(
            entries(s.history(.search(pattern: "*a*", count: 2, unique: true))),
            ["1/4: a + 1", "1/5: a * 2"])
    }

    func testGlobMatchesTheWholeInputAsSQLiteDoes() {
        XCTAssertTrue(KernelHistory.glob("*", matches: ""))
        XCTAssertTrue(KernelHistory.glob("tr*(*)", matches: "train(net, data)"))
        XCTAssertTrue(KernelHistory.glob("?", matches: "λ"))
        XCTAssertFalse(KernelHistory.glob("train", matches: "train(net)"), "a whole match")
        XCTAssertFalse(KernelHistory.glob("A*", matches: "a"), "case counts")
        XCTAssertTrue(KernelHistory.glob("*a*b*c", matches: "xxaxxbxxbxc"))
        XCTAssertFalse(KernelHistory.glob("*a*b*c", matches: "xxaxxbxxbx"))
        // No exponential backtracking on many stars.
        XCTAssertFalse(
            KernelHistory.glob(
                String(repeating: "*a", count: 40) + "b",
                matches: String(repeating: "a", count: 2000)))
    }
}
