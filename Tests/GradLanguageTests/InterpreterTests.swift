import XCTest

@testable import GradLanguage

final class InterpreterTests: XCTestCase {
    /// Runs `text` in `interpreter` and returns what it printed, or the first error line.
    @discardableResult
    func run(_ text: String, in interpreter: Interpreter? = nil) -> [String] {
        var lines: [String] = []
        let i = interpreter ?? Interpreter()
        i.output = { lines.append($0) }
        let source = Source(name: "t.grad", text: text)
        switch i.run(source) {
        case .success: return lines
        case .syntaxErrors(let d):
            return lines
                + d.map { "syntax \($0.location.line):\($0.location.column): \($0.message)" }
        case .runtimeError(let d):
            return lines + ["error \(position(d)): \(d.message)"] + d.callChain
        case .cancelled: return lines + ["cancelled"]
        }
    }

    private func position(_ d: Diagnostic) -> String { "\(d.location.line):\(d.location.column)" }

    func testArithmeticAndDisplay() {
        XCTAssertEqual(
            run("1 + 2\n0.1\n1e-5\n-2 ^ 2\n2 ^ 3 ^ 2\n7 % 3\n-7 % 3\n10 / 4\n10_000"),
            ["3", "0.1", "1e-05", "-4", "512", "1", "2", "2.5", "10000"])
        XCTAssertEqual(
            run("[1, 2] + [3]\n[0] * 3\n\"a\" + \"b\"\n1..4\n[1, \"x\", true, none]"),
            ["[1, 2, 3]", "[0, 0, 0]", "ab", "1..4", "[1, \"x\", true, none]"])
        XCTAssertEqual(
            run("print(1 == 1, [1, 2] == [1, 2], \"a\" != \"b\", 1 < 2 and not false)"),
            ["true true true true"])
    }

    func testDivisionByZeroIsAnError() {
        XCTAssertEqual(run("1 / 0"), ["error 1:3: division by zero"])
        XCTAssertEqual(run("1 % 0"), ["error 1:3: remainder of division by zero"])
    }

    func testBindingRules() {
        XCTAssertEqual(
            run("let x = 1\nlet x = 2"),
            ["error 2:1: 'x' is already defined in this scope: use 'x = ...' to change it"])
        XCTAssertEqual(
            run("y = 2"), ["error 1:1: 'y' is not defined: use 'let y = ...' to define it"])
        XCTAssertEqual(run("let x = 1\nif true { let x = 5; x = 6 }\nx"), ["1"])
        XCTAssertEqual(run("let x = 1\nif true { x = 5 }\nx"), ["5"])
        XCTAssertEqual(
            run("let x = 1\nsigmoud"),
            ["error 2:1: 'sigmoud' is not defined: did you mean 'sigmoid'?"])
    }

    func testTheREPLMayRedefineAtTheTopLevel() {
        let i = Interpreter()
        i.allowsRedefinition = true
        run("let x = 1", in: i)
        XCTAssertEqual(run("let x = 2\nx", in: i), ["2"])
    }

    func testOneSessionKeepsItsGlobals() {
        let i = Interpreter()
        run("let a = 40\nfn add(x, y: 2) { return x + y }", in: i)
        XCTAssertEqual(run("add(a)", in: i), ["42"])
        XCTAssertEqual(run("nope", in: i), ["error 1:1: 'nope' is not defined"])
        XCTAssertEqual(run("add(a, y: 1)", in: i), ["41"])
    }

    func testFunctionsClosuresAndRecursion() {
        XCTAssertEqual(
            run("fn fib(n) { if n < 2 { return n }\n return fib(n - 1) + fib(n - 2) }\nfib(15)"),
            ["610"])
        XCTAssertEqual(
            run("fn adder(n) { fn add(x) { return x + n }\n return add }\nlet a = adder(3)\na(4)"),
            ["7"])
        XCTAssertEqual(
            run("fn f(a, b: 2) { return a * b }\nf(3)\nf(3, b: 4)\nf(b: 1, a: 5)"),
            ["6", "12", "5"])
        XCTAssertEqual(
            run("fn f(a) { return a }\nf(1, 2)"), ["error 2:2: f() takes 1 argument, got 2"])
        XCTAssertEqual(
            run("fn f(a) { return a }\nf(c: 1)"), ["error 2:3: f() has no parameter 'c'"])
    }

    func testErrorsInsideFunctionsShowTheCallChain() {
        XCTAssertEqual(
            run("fn inner() { return 1 / 0 }\nfn outer() { return inner() }\nouter()"),
            [
                "error 1:23: division by zero", "in inner() called at t.grad:2:21",
                "in outer() called at t.grad:3:1",
            ])
    }

    func testRecursionTooDeep() {
        let out = run("fn f(n) { return f(n + 1) }\nf(0)")
        XCTAssertEqual(
            out.first, "error 1:19: recursion too deep: more than 1000 nested calls (in 'f')")
    }

    func testLoopsAndConditions() {
        XCTAssertEqual(run("let s = 0\nfor i in 1..100 { s = s + i }\ns"), ["5050"])
        XCTAssertEqual(
            run("for c in \"ab\" { print(c) }\nfor x in [3, 4] { print(x) }"), ["a", "b", "3", "4"])
        XCTAssertEqual(
            run("if 1 { 2 }"),
            ["error 1:4: an 'if' condition must be true or false, found a number"])
        XCTAssertEqual(run("let s = 0\nfor i in 1..1000000 { s = s + 1 }\ns"), ["1000000"])
    }

    func testIndexing() {
        XCTAssertEqual(
            run("let xs = [1, 2, 3]\nxs[0]\nxs[-1]\n\"abc\"[-2]\n(1..5)[2]"), ["1", "3", "b", "3"])
        XCTAssertEqual(
            run("[1, 2][2]"), ["error 1:7: index 2 is out of range for 2 items (valid: -2 to 1)"])
        XCTAssertEqual(
            run("[1, 2][0.5]"), ["error 1:7: an index must be a whole number, found 0.5"])
    }

    func testBuilderBlocksCollectLayers() {
        XCTAssertEqual(
            run(
                "let net = model(inputs: 2) {\n  dense(4, act: relu)\n  repeat(2) { dense(4) }\n  for i in 1..2 { dense(4) }\n  tanh\n  dense(3)\n}\nnet.params\nlen(net.layers)"
            ),
            ["107", "7"])
        XCTAssertEqual(
            run("model(inputs: 2) { 3 }"),
            ["error 1:20: a model block takes layers, found a number"])
        XCTAssertEqual(
            run("model(inputs: 4) { residual { dense(3) } }").first,
            "error 1:6: residual block maps width 4 to width 3: its output width must equal its input width 4"
        )
    }

    func testBuiltinArgumentsAreChecked() {
        XCTAssertEqual(
            run("dense(8, actt: relu)"),
            ["error 1:10: dense() has no argument 'actt': did you mean 'act'?"])
        XCTAssertEqual(
            run("dense(\"8\")"), ["error 1:6: dense(): 'units' must be a number, found a string"])
        XCTAssertEqual(run("dense()"), ["error 1:6: dense() needs 'units'"])
        XCTAssertEqual(
            run("dense(0)"), ["error 1:6: dense(): 'units' must be a whole number ≥ 1, found 0"])
        XCTAssertEqual(run("leaky_relu(slope: 0.2)"), ["leaky_relu(slope: 0.2)"])
        XCTAssertEqual(
            run("relu(1)"), ["error 1:5: relu takes no arguments: write 'relu' without parentheses"]
        )
    }

    func testSeedMakesRunsReproducible() {
        let a = run("seed(7)\nlet d = spiral(points: 30)\nd.x[0]")
        let b = run("seed(7)\nlet d = spiral(points: 30)\nd.x[0]")
        XCTAssertEqual(a, b)
        XCTAssertNotEqual(a, run("seed(8)\nlet d = spiral(points: 30, noise: 0.5)\nd.x[5]"))
    }
}
