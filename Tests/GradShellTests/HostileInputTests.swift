import XCTest

@testable import GradShell

/// Input meant to break the interpreter gets a clear error, never a crash.
final class HostileInputTests: XCTestCase {
    struct Run {
        var code: Int32
        var out: [String]
        var err: String
    }

    func run(_ arguments: [String], stdin: [UInt8] = []) -> Run {
        var out: [String] = []
        var err = ""
        let code = GradLab.main(
            arguments + ["--no-color"], output: { out.append($0) }, errors: &err,
            stdinIsTerminal: false, readStandardInput: { stdin })
        return Run(code: code, out: out, err: err)
    }

    func snippet(_ code: String) -> Run { run(["-e", code]) }

    func testHundredThousandNestedBrackets() {
        let r = snippet(
            String(repeating: "(", count: 100_000) + "1" + String(repeating: ")", count: 100_000))
        XCTAssertEqual(r.code, 65)
        XCTAssertTrue(r.err.hasPrefix("<-e>:1:257: error: brackets nested deeper than 256"), r.err)
    }

    func testATenMegabyteLine() {
        let r = snippet(
            "let s = \"" + String(repeating: "a", count: 10_000_000) + "\"\nprint(len(s))")
        XCTAssertEqual(r.code, 0, r.err)
        XCTAssertEqual(r.out, ["10000000"])
    }

    func testALongOperatorChainIsRefusedNotOverflowed() {
        let r = snippet("let x = " + Array(repeating: "1", count: 50_000).joined(separator: "+"))
        XCTAssertEqual(r.code, 65)
        XCTAssertTrue(
            r.err.contains(
                "error: expression too long: more than 20000 operators in one statement"), r.err)
    }

    func testInvalidUTF8() {
        let bytes = Array("print(1)\nprint(\"".utf8) + [0xFF, 0xFE] + Array("\")\n".utf8)
        let r = run([], stdin: bytes)
        XCTAssertEqual(r.code, 65)
        XCTAssertEqual(r.err, "<stdin>:2:8: error: the file is not valid UTF-8 here\n")
    }

    func testUnterminatedString() {
        let r = snippet("print(\"abc)\nprint(2)")
        XCTAssertEqual(r.code, 65)
        XCTAssertTrue(
            r.err.contains(
                "<-e>:1:7: error: unterminated string: expected '\"' before the end of the line"),
            r.err)
    }

    func testRunawayRecursion() {
        let r = snippet("fn f(n) { return f(n + 1) }\nf(0)")
        XCTAssertEqual(r.code, 70)
        XCTAssertTrue(
            r.err.hasPrefix(
                "<-e>:1:19: error: recursion too deep: more than 1000 nested calls (in 'f')"), r.err
        )
        XCTAssertTrue(r.err.contains("in f() called at <-e>:1:18 (999 times)"), r.err)
    }

    func testAMillionIterationLoopWorks() {
        let r = snippet("let s = 0\nfor i in 1..1000000 { s = s + i }\nprint(s)")
        XCTAssertEqual(r.out, ["500000500000"], r.err)
    }

    func testNumbersBeyondTwoToTheFiftyThree() {
        // Numbers are Doubles: integral values below 1e16 print as integers, the
        // rest in exponent form; beyond 2^53 not every integer is representable.
        let r = snippet("print(2 ^ 53, 2 ^ 53 + 1, 2 ^ 60, 10 ^ 400)")
        XCTAssertEqual(
            r.out, ["9007199254740992 9007199254740992 1.152921504606847e+18 inf"], r.err)
    }

    func testDivisionByZeroIsAnError() {
        let r = snippet("let x = 1\nprint(x / 0)")
        XCTAssertEqual(r.code, 70)
        XCTAssertTrue(r.err.hasPrefix("<-e>:2:9: error: division by zero"), r.err)
    }

    func testMissingScriptExits66() {
        let r = run(["run", "/nonexistent/x.grad"])
        XCTAssertEqual(r.code, 66)
        XCTAssertEqual(
            r.err, "gradlab: cannot read '/nonexistent/x.grad': No such file or directory\n")
    }

    func testUsageErrorsExit64() {
        XCTAssertEqual(run(["frobnicate"]).code, 64)
        XCTAssertEqual(run(["run"]).code, 64)
        XCTAssertEqual(run(["--seed", "x", "-e", "1"]).code, 64)
    }

    func testSeedOverridesTheScriptsSeed() {
        let a = run(["-e", "seed(1)\nprint(spiral(points: 10).x[3])", "--seed", "5"]).out
        let b = run(["-e", "seed(2)\nprint(spiral(points: 10).x[3])", "--seed", "5"]).out
        let c = run(["-e", "seed(1)\nprint(spiral(points: 10).x[3])"]).out
        XCTAssertEqual(a, b)
        XCTAssertNotEqual(a, c)
    }

    func testAHugeRangeIsWalkedLazily() {
        // It used to be built as an array first: 1..10^9 aborted the process.
        let r = run(["-e", "for i in 1..1000000000000 { }", "--max-steps", "1000"])
        XCTAssertEqual(r.code, 70)
        XCTAssertTrue(
            r.err.hasPrefix(
                "<-e>:1:1: error: step budget exhausted: the run took more than 1000 steps"), r.err)
        let sums = snippet(
            "print(sum(1..100000000000000), mean(1..1000000000000), min(-3..999999999999999), max(5..100000000000000), sum(1..100))"
        )
        XCTAssertEqual(
            sums.out, ["5.00000000000005e+27 500000000000.5 -3 100000000000000 5050"], sums.err)
        XCTAssertTrue(snippet("min(5..1)").err.contains("error: min(): the list is empty"))
    }

    func testDeeplyNestedListsAreFreedShownAndComparedWithoutOverflowingTheStack() {
        let r = snippet(
            "let l = []\nfor i in 1..200000 { l = [l] }\nprint(l)\nprint(l == l, l == [l], len(l))")
        XCTAssertEqual(r.code, 0, r.err)
        XCTAssertEqual(r.out.count, 2)
        XCTAssertEqual(
            r.out.first,
            String(repeating: "[", count: 101) + "...]" + String(repeating: "]", count: 100))
        XCTAssertEqual(r.out.last, "true false 1")
    }

    func testResidualBlocksNestAtMostAHundredDeep() {
        let r = snippet(
            "let r = residual { dense(2) }\nfor i in 1..1000 { r = residual(layers: r) }")
        XCTAssertEqual(r.code, 70)
        XCTAssertTrue(
            r.err.hasPrefix("<-e>:2:32: error: residual blocks nested deeper than 100"), r.err)
        let ok = snippet(
            "let r = residual { dense(2) }\nfor i in 1..99 { r = residual(layers: r) }\nprint(model(inputs: 2, layers: r).params)"
        )
        XCTAssertEqual(ok.out, ["6"], ok.err)
    }

    func testStandardInputRunsAsAScript() {
        let r = run([], stdin: Array("let x = 2\nx * 21\n".utf8))
        XCTAssertEqual(r.out, ["42"])
        XCTAssertEqual(r.code, 0)
    }
}
