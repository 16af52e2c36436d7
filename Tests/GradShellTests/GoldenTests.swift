import Foundation
import XCTest

@testable import GradShell

/// The golden suite: every `.grad` program under `Golden/` is run through
/// `gradlab run` (in-process, `--no-color`) and its output compared with the
/// expectations written in its comments, jlox-style.
///
/// Expectation comments (anywhere on a line, the text after the colon and one
/// space is taken verbatim):
///
///     print(1 + 2)   # expect: 3
///     # expect-error: name.grad:3:5: error: 'loses' is not defined: did you mean 'losses'?
///     # expect-stderr:     print(loses)
///     # expect-exit: 70
///
/// - `# expect: LINE`: the program's standard output, line by line, in order.
///   Every stdout line must be matched exactly and there must be no extra line.
/// - `# expect-match: REGEX`: like `# expect:`, for a line whose numbers depend
///   on the engine (training losses): the whole line must match the regular
///   expression.
/// - `# expect-error: LINE`: the exact first line of standard error. Without it,
///   standard error must be empty.
/// - `# expect-stderr: LINE`: further lines that must appear in standard error
///   after its first line, in this order (other lines may come between them,
///   e.g. the source line and caret of each syntax error).
/// - `# expect-exit: N`: the exit code (default 0).
/// - `# env: NAME=VALUE`: an environment variable for the output style
///   (`GRADLAB_ASCII`, `TERM`, `LC_ALL`, `LC_CTYPE`, `LANG`); none is set
///   otherwise, and standard output is not a terminal, so plots are 80 columns
///   wide and Unicode.
///
/// File names in messages: each program runs with the working directory set to
/// the folder that holds it, and is named by its bare file name on the command
/// line (`gradlab run spiral.grad`), so its errors read `spiral.grad:4:15: ...`,
/// and fixtures beside it (CSV files) are found by relative paths. The runner
/// works on a fresh temporary copy of the Golden folder, so programs may write
/// files (`save(net, "net.json")`) next to themselves.
final class GoldenTests: XCTestCase {
    struct Expected {
        /// Each stdout line: exact text, or a regular expression when `isPattern`.
        var stdout: [(line: Int, text: String, isPattern: Bool)] = []
        var firstError: (line: Int, text: String)?
        var stderr: [(line: Int, text: String)] = []
        var exit: (line: Int, code: Int32)?
        /// Environment variables the output style reads (`# env: GRADLAB_ASCII=1`).
        var environment: [String: String] = [:]
    }

    struct Outcome {
        var code: Int32
        var stdout: [String]
        var stderr: [String]
    }

    /// Reads the expectation comments of a program.
    static func expectations(in text: String) -> Expected {
        var e = Expected()
        // By Character, "\r\n" is one newline (a CRLF file splits into its lines too).
        for (i, line) in text.split(
            omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }
        ).enumerated() {
            let n = i + 1
            var line = Substring(line)
            if line.hasSuffix("\r") { line = line.dropLast() }
            func value(_ marker: String) -> String? {
                guard let r = line.range(of: marker) else { return nil }
                var rest = line[r.upperBound...]
                if rest.hasPrefix(" ") { rest = rest.dropFirst() }
                return String(rest)
            }
            if let v = value("# expect:") {
                e.stdout.append((n, v, false))
            } else if let v = value("# expect-match:") {
                e.stdout.append((n, v, true))
            } else if let v = value("# expect-error:") {
                e.firstError = (n, v)
            } else if let v = value("# expect-stderr:") {
                e.stderr.append((n, v))
            } else if let v = value("# expect-exit:") {
                e.exit = (n, Int32(v.trimmingCharacters(in: .whitespaces)) ?? -1)
            } else if let v = value("# env:"), let eq = v.firstIndex(of: "=") {
                e.environment[String(v[..<eq])] = String(v[v.index(after: eq)...])
            }
        }
        return e
    }

    /// Runs the command line in-process and captures both streams.
    static func gradlab(
        _ arguments: [String], stdin: String = "", environment: [String: String] = [:]
    ) -> Outcome {
        final class Lines { var all: [String] = [] }
        let out = Lines()
        var err = ""
        let code = GradLab.main(
            arguments + ["--no-color"],
            output: { chunk in
                out.all += chunk.split(separator: "\n", omittingEmptySubsequences: false).map(
                    String.init)
            }, errors: &err, stdinIsTerminal: false, readStandardInput: { Array(stdin.utf8) },
            environment: environment)
        var errLines = err.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if errLines.last == "" { errLines.removeLast() }
        return Outcome(code: code, stdout: out.all, stderr: errLines)
    }

    /// Every mismatch between a program's expectations and what it did, as
    /// `path:line: message`.
    static func compare(_ e: Expected, _ o: Outcome, path: String) -> [String] {
        var problems: [String] = []
        func q(_ s: String) -> String { "\"\(s)\"" }
        for (i, want) in e.stdout.enumerated() {
            if i < o.stdout.count {
                if want.isPattern ? !matches(o.stdout[i], want.text) : o.stdout[i] != want.text {
                    problems.append(
                        "\(path):\(want.line): stdout line \(i + 1): expected \(want.isPattern ? "a match of /\(want.text)/" : q(want.text)), got \(q(o.stdout[i]))"
                    )
                }
            } else {
                problems.append(
                    "\(path):\(want.line): stdout line \(i + 1): expected \(q(want.text)), got nothing (the program printed \(o.stdout.count) line\(o.stdout.count == 1 ? "" : "s"))"
                )
            }
        }
        if o.stdout.count > e.stdout.count {
            for (i, extra) in o.stdout.enumerated().dropFirst(e.stdout.count).prefix(5) {
                problems.append("\(path): unexpected stdout line \(i + 1): \(q(extra))")
            }
        }
        let wantExit = e.exit?.code ?? 0
        if o.code != wantExit {
            problems.append(
                "\(path):\(e.exit?.line ?? 1): expected exit code \(wantExit), got \(o.code)"
                    + (o.stderr.first.map { " (stderr: \(q($0)))" } ?? ""))
        }
        if let first = e.firstError {
            if o.stderr.first != first.text {
                problems.append(
                    "\(path):\(first.line): first stderr line: expected \(q(first.text)), got \(o.stderr.first.map(q) ?? "nothing")"
                )
            }
        } else if !o.stderr.isEmpty {
            problems.append(
                "\(path): unexpected stderr: \(q(o.stderr.prefix(3).joined(separator: " | ")))")
        }
        // Further stderr lines: in order, after the first line.
        var from = 1
        for want in e.stderr {
            if let k = o.stderr.indices.dropFirst(from).first(where: { o.stderr[$0] == want.text })
            {
                from = k + 1
            } else {
                problems.append(
                    "\(path):\(want.line): expected a stderr line \(q(want.text)) (in order); stderr was:\n    "
                        + o.stderr.joined(separator: "\n    "))
            }
        }
        return problems
    }

    /// Whether the whole of `line` matches the regular expression `pattern`.
    /// The first claim (an `# expect:` or `# expect-match:` line) that no
    /// output line matches in order, after the lines the earlier claims
    /// matched; nil when every claim holds. Examples and walkthroughs print
    /// more than they claim, so the claims are a subsequence of the output.
    static func firstFailingClaim(
        _ claims: [(line: Int, text: String, isPattern: Bool)], in output: [String]
    ) -> (line: Int, text: String)? {
        var rest = output[...]
        for claim in claims {
            let holds = { (line: String) in
                claim.isPattern ? matches(line, claim.text) : line == claim.text
            }
            guard let i = rest.firstIndex(where: holds) else { return (claim.line, claim.text) }
            rest = rest[(i + 1)...]
        }
        return nil
    }

    static func matches(_ line: String, _ pattern: String) -> Bool {
        guard let regex = try? NSRegularExpression(pattern: "^(?:" + pattern + ")$") else {
            return false
        }
        return regex.firstMatch(in: line, range: NSRange(line.startIndex..., in: line)) != nil
    }

    /// The Golden folder in the test bundle.
    static func goldenFolder() throws -> URL {
        guard let url = Bundle.module.url(forResource: "Golden", withExtension: nil) else {
            struct MissingResource: Error {}
            XCTFail("the Golden resource folder is missing from the test bundle")
            throw MissingResource()
        }
        return url
    }

    /// The `.grad` programs under `root`, as paths relative to it, sorted.
    static func programs(under root: URL) -> [String] {
        let base = root.standardizedFileURL.path
        var found: [String] = []
        if let walker = FileManager.default.enumerator(atPath: base) {
            while let relative = walker.nextObject() as? String {
                if relative.hasSuffix(".grad") { found.append(relative) }
            }
        }
        return found.sorted()
    }

    /// Runs `body` in a fresh temporary directory (the working directory meanwhile).
    static func inTemporaryDirectory<T>(copying source: URL? = nil, _ body: (URL) throws -> T)
        throws -> T
    {
        let fm = FileManager.default
        let temp = fm.temporaryDirectory.appendingPathComponent(
            "gradlab-golden-\(UUID().uuidString)")
        if let source {
            try fm.copyItem(at: source, to: temp)
        } else {
            try fm.createDirectory(at: temp, withIntermediateDirectories: true)
        }
        let previous = fm.currentDirectoryPath
        defer {
            _ = fm.changeCurrentDirectoryPath(previous)
            try? fm.removeItem(at: temp)
        }
        _ = fm.changeCurrentDirectoryPath(temp.path)
        return try body(temp)
    }

    // MARK: - The golden programs

    func testGoldenPrograms() throws {
        let source = try Self.goldenFolder()
        try Self.inTemporaryDirectory(copying: source) { root in
            let programs = Self.programs(under: root)
            XCTAssertFalse(programs.isEmpty, "no .grad programs under \(source.path)")
            var passed = 0
            var failed: [String] = []
            var errorCases = 0
            for relative in programs {
                let url = root.appendingPathComponent(relative)
                // Leniently decoded: a golden program may hold invalid UTF-8 on purpose.
                guard let bytes = try? Data(contentsOf: url) else {
                    XCTFail("\(relative): cannot read the program")
                    continue
                }
                let text = String(decoding: bytes, as: UTF8.self)
                let expected = Self.expectations(in: text)
                if expected.firstError != nil { errorCases += 1 }
                _ = FileManager.default.changeCurrentDirectoryPath(
                    url.deletingLastPathComponent().path)
                let started = Date()
                let outcome = Self.gradlab(
                    ["run", url.lastPathComponent], environment: expected.environment)
                let seconds = Date().timeIntervalSince(started)
                let problems = Self.compare(expected, outcome, path: "Golden/" + relative)
                if problems.isEmpty {
                    passed += 1
                } else {
                    failed.append(relative)
                    for p in problems { XCTFail(p) }
                }
                if seconds > 5 {
                    print("golden: \(relative) took \(String(format: "%.1f", seconds)) s")
                }
            }
            print(
                "golden: \(programs.count) programs (\(errorCases) error cases): \(passed) passed, \(failed.count) failed"
                    + (failed.isEmpty ? "" : ": " + failed.joined(separator: ", ")))
        }
    }

    /// The suite covers at least 45 error cases, each with its first line and exit code.
    func testErrorCasesAreAsserted() throws {
        let root = try Self.goldenFolder()
        var cases = 0
        for relative in Self.programs(under: root) {
            let text = String(
                decoding: try Data(contentsOf: root.appendingPathComponent(relative)), as: UTF8.self
            )
            let e = Self.expectations(in: text)
            guard e.firstError != nil else { continue }
            cases += 1
            XCTAssertNotNil(
                e.exit, "\(relative): an error case must state its exit code (# expect-exit: N)")
        }
        XCTAssertGreaterThanOrEqual(cases, 45)
    }

    // MARK: - LANGUAGE.md examples through `gradlab -e`

    /// Runs a snippet with `-e` and checks its exit code, stdout and stderr.
    func snippet(
        _ code: String, _ expected: [String]? = nil, exit: Int32 = 0, firstError: String? = nil,
        file: StaticString = #filePath, line: UInt = #line
    ) -> Outcome {
        let o = Self.gradlab(["-e", code])
        XCTAssertEqual(
            o.code, exit, "exit code of \(code.debugDescription): stderr \(o.stderr)", file: file,
            line: line)
        if let expected {
            XCTAssertEqual(
                o.stdout, expected, "stdout of \(code.debugDescription)", file: file, line: line)
        }
        if let firstError {
            XCTAssertEqual(
                o.stderr.first, firstError, "first stderr line of \(code.debugDescription)",
                file: file, line: line)
        } else if exit == 0 {
            XCTAssertEqual(
                o.stderr, [], "stderr of \(code.debugDescription)", file: file, line: line)
        }
        return o
    }

    static let section3Model = """
        let net = model(inputs: 2) {
            dense(32, act: relu, init: he_normal)
            repeat(6) { dense(32, act: relu, init: he_normal) }
            residual { dense(32, act: relu); dense(32) }
            dense(32); batchnorm(); tanh
            dropout(0.1)
            dense(3)
        }
        """

    static let section5Training = """
        let parts = split(spiral(points: 600, classes: 3, noise: 0.1), 0.8)
        let data = parts.train
        let h = train(net, data, loss: cross_entropy, opt: sgd(lr: 0.1, momentum: 0.9),
                      epochs: 20, batch: 32, clip_norm: 1.0, l2: 1e-4, val: parts.test)
        train(net, data, epochs: 5)        # training again continues from where it was
        step(net, data, batch: 32)         # one optimizer step on one batch, returns the loss;
                                           # takes the same options as train
        evaluate(net, data)                # a record: .loss, .accuracy (a fraction in [0, 1]);
                                           # eval mode, no update
        predict(net, [0.5, -1.0])          # a list of outputs (logits); a list of rows gives rows
        """

    static let section7Files = """
        save(net, "net.json")              # weights, architecture, optimizer-free
        save(net, "net.json", grads: true) # also the last gradients
        let net2 = load("net.json")
        export(net, "net.py", example: [0.5, -1.0])
                                           # a PyTorch script that rebuilds the model with its
                                           # weights; `python net.py` prints the model's outputs
                                           # (eval mode) for the example input (default: zeros)
        seed(42)                           # one seed for data, init, shuffling, dropout
        print("loss", h.loss[-1]); len(xs); help(dense); help()
        """

    func testSection1ShapeOfAProgram() {
        _ = snippet("print(1 + 1)", ["2"])
        _ = snippet(
            """
            # a comment
            ## prose: Markdown narration, shown by walkthroughs and notebook export
            #%% Title of a new cell          (a cell marker; the title is optional)
            """, [])
        _ = snippet("let x = 1; x = x + 1; x", ["2"])
        _ = snippet("let x = 1\nx = 5\nx", ["5"])
        _ = snippet(
            "for x in [1, 2] { print(x) }; for x in 1..3 { print(x) }", ["1", "2", "1", "2", "3"])
        _ = snippet("let cond = 1 < 2; if cond { print(\"yes\") } else { print(\"no\") }", ["yes"])
        _ = snippet(
            "fn name(a, b: 2) { return a + b }; print(name(1), name(1, b: 5), name(1, 3))",
            ["3 6 4"])
        _ = snippet(
            "3\n0.5\n1e-3\n10_000\n\"a\\n\"\ntrue\nfalse\nnone\n[1, 2]\n1..5\nlen(1..10)",
            ["3", "0.5", "0.001", "10000", "a", "", "true", "false", "[1, 2]", "1..5", "10"])
        _ = snippet("let xs = [1, 2, 3]; print(xs[0], xs[-1], (1 + 2) * 3)", ["1 3 9"])
        _ = snippet("print(-2 ^ 2, 2 ^ 3 ^ 2)", ["-4 512"])
        _ = snippet(
            "print([1] + [2], \"a\" + \"b\", [0] * 3, [1, 2] == [1, 2], \"a\" != \"b\", true == true)",
            ["[1, 2] ab [0, 0, 0] true true true"])
        _ = snippet(
            "print(3, 0.1, 1e-5); print([1, 2, 3]); print(\"a\", \"b\")",
            ["3 0.1 1e-05", "[1, 2, 3]", "a b"])
        _ = snippet(
            "print(true or false and false, not 1 == 2, 1 + 1..2 * 2, 7 - 2 * 3 % 4)",
            ["true true 2..4 5"])
        _ = snippet(
            "let a = 1 +\n  2\nlet b = [1,\n  2]\nprint(a,\n  b)\nlet c =\n  3\n-c",
            ["3 [1, 2]", "-3"])
        _ = snippet(
            "if false { print(1) }\nelse { print(2) }", exit: 65,
            firstError: "<-e>:2:1: error: 'else' must follow the '}' of an 'if' on the same line")
    }

    func testSection2Errors() {
        _ = snippet(
            "let a = 1\nlet b = 2\nlet c = 3\nlet d = spiral(points: 300", exit: 65,
            firstError: "<-e>:4:15: error: '(' is never closed: expected ')' after arguments")
        _ = snippet(
            "let a = 1\nsigmoud(a)", exit: 70,
            firstError: "<-e>:2:1: error: 'sigmoud' is not defined: did you mean 'sigmoid'?")
        _ = snippet(
            "dense(8, actt: relu)", exit: 70,
            firstError: "<-e>:1:10: error: dense() has no argument 'actt': did you mean 'act'?")
        _ = snippet(
            "dense(\"8\")", exit: 70,
            firstError: "<-e>:1:6: error: dense(): 'units' must be a number, found a string")
        let o = snippet("model(inputs: 2) { dense(4); residual { dense(3) } }", exit: 70)
        XCTAssertTrue(
            (o.stderr.first ?? "").contains("4") && (o.stderr.first ?? "").contains("3"),
            "names both widths: \(o.stderr)")
    }

    func testSection3Models() {
        let o = snippet(Self.section3Model + "\nprint(net.params, len(net.layers))\nsummary(net)")
        XCTAssertEqual(o.stdout.first, "9763 13")
        XCTAssertEqual(o.stdout.last, "  Total params: 9,763")
        _ = snippet(
            """
            let a = model(inputs: 2, layers: [dense(8, act: relu), dense(1)])
            let b = model(inputs: 2) { dense(8, act: relu); dense(1) }
            print(a.layers == b.layers, a.params == b.params, a.params)
            """, ["true true 33"])
        _ = snippet(
            """
            print(dense(8, act: relu, init: he, bias: true), batchnorm(momentum: 0.1, eps: 1e-5), dropout(0.5))
            print(identity, relu, leaky_relu(slope: 0.2), gelu, selu, sigmoid, tanh, softplus)
            print(he_normal, he_uniform, xavier_normal, xavier_uniform, lecun_normal, lecun_uniform, orthogonal, zeros)
            print(normal(mean: 0, std: 1), uniform(low: -1, high: 1), constant(0.5))
            print(he == he_normal, xavier == xavier_uniform, glorot == xavier_uniform, xavier_uniform(gain: 5/3) == xavier_uniform(gain: gain(tanh)))
            let net = model(inputs: 2) { residual { dense(2, act: relu); dense(2) } }
            let twin = copy(net)
            let same = reinit(net, init: he)
            print(net.params, twin.params, same == net, twin == net)
            """,
            [
                "dense(8, act: relu, init: he_normal) batchnorm() dropout(0.5)",
                "identity relu leaky_relu(slope: 0.2) gelu selu sigmoid tanh softplus",
                "he_normal he_uniform xavier_normal xavier_uniform lecun_normal lecun_uniform orthogonal zeros",
                "normal(mean: 0, std: 1) uniform(low: -1, high: 1) constant(0.5)",
                "true true true true",
                "12 12 true false",
            ])
    }

    func testSection4Data() throws {
        _ = snippet(
            """
            let s = spiral(points: 30, classes: 3, noise: 0.1)
            print(s.size, s.features, s.classes)
            print(moons(points: 20, noise: 0.1).size, circles(points: 20, noise: 0.05).size, xor(points: 20, noise: 0.1).size)
            print(blobs(points: 30, classes: 3, noise: 0.5).classes, sine(points: 20, noise: 0.1).classes)
            let parts = split(s, 0.8)
            print(parts.train.size, parts.test.size)
            seed(5); let a = spiral(points: 30).x; seed(5); let b = spiral(points: 30).x
            print(a == b)
            """, ["30 2 3", "20 20 20", "3 none", "24 6", "true"])
        try Self.inTemporaryDirectory { _ in
            try "x1,x2,label\n0,1,b\n1,0,a\n1,1,b\n".write(
                toFile: "data.csv", atomically: true, encoding: .utf8)
            try "x,y\n0,0.5\n1,1.5\n".write(toFile: "reg.csv", atomically: true, encoding: .utf8)
            _ = snippet(
                """
                let d = csv("data.csv", target: "label")
                print(d.size, d.features, d.classes, d.y)
                let r = csv("reg.csv", target: "y")
                print(r.classes, r.y)
                let k = csv("reg.csv", target: "x", classes: 2)
                print(k.classes, k.y)
                """, ["3 2 2 [1, 0, 1]", "none [0.5, 1.5]", "2 [0, 1]"])
        }
    }

    /// §5 verbatim. Its contract is the values it shows: the second `train`'s
    /// history (two lines), `step`'s loss, `evaluate`'s record and `predict`'s
    /// three outputs. The live checks of the two `train` calls may also print
    /// findings, depending on how the matrix products round on this CPU (with
    /// OpenBLAS's Haswell kernels: dead ReLUs in dense_8, which is true, more
    /// than half its units output 0 for the batch, while the network still
    /// learns). Those blocks are allowed, and each must be well-formed.
    func testSection5Training() {
        let o = snippet(Self.section3Model + "\n" + Self.section5Training)
        let (problems, values) = Self.separatingLiveChecks(o.stdout)
        for problem in problems { XCTFail(problem) }
        let number = "-?[0-9]+(\\.[0-9]+)?(e[-+]?[0-9]+)?"
        let shapes = [
            "History: 5 epochs, 75 steps; loss \(number) → \(number)  .+",
            "  accuracy \(number)",
            number,
            "\\{loss: \(number), accuracy: \(number)\\}",
            "\\[\(number), \(number), \(number)\\]",
        ]
        XCTAssertEqual(values.count, shapes.count, "\(o.stdout)")
        for (line, shape) in zip(values, shapes) {
            XCTAssertTrue(Self.matches(line, shape), "\"\(line)\" is not /\(shape)/")
        }
        _ = snippet(
            """
            let d = sine(points: 40, noise: 0.1)
            let net = model(inputs: 1, layers: [dense(8, act: tanh), dense(1)])
            for o in [sgd(lr: 0.1, momentum: 0, nesterov: false), adam(lr: 0.01, beta1: 0.9, beta2: 0.999, eps: 1e-8),
                      adamw(lr: 0.01, weight_decay: 0.01), rmsprop(lr: 0.01, alpha: 0.99)] {
                let h = train(net, d, loss: mse, opt: o, epochs: 2, clip_value: 1, l1: 1e-4)
                print(o.steps, len(h.loss), h.epochs, len(h.val_loss), len(h.accuracy), len(h.grad_norms), h.clipped.steps)
            }
            let c = model(inputs: 2, layers: [dense(1)])
            print(len(train(c, xor(points: 16), loss: bce, epochs: 1).loss))
            """, ["4 2 2 2 2 2 4", "4 2 2 2 2 2 4", "4 2 2 2 2 2 4", "4 2 2 2 2 2 4", "1"])
    }

    func testLiveCheckAnnouncementsAreSeparatedAndTheirShapeChecked() {
        let hint = "  (diagnose(h) on the returned history tells more)"
        let good = Self.separatingLiveChecks([
            "⚠ step 32: dead ReLUs: dense_8: 53% of its units output 0 for every sample",
            "  try: dense_8 use relu: try leaky_relu", hint, "0.5",
            "⚠ step 40: loss plateau: the loss stayed at 1.1", hint, "[1, 2]",
        ])
        XCTAssertEqual(good.problems, [])
        XCTAssertEqual(good.rest, ["0.5", "[1, 2]"])
        let bad = Self.separatingLiveChecks(["⚠ step: dead ReLUs", hint, "⚠ step 3: x", "0.5"])
        XCTAssertEqual(bad.problems.count, 2, "\(bad.problems)")
        XCTAssertEqual(bad.rest, ["0.5"])
    }

    /// Splits output into the live checks' announcements and the other lines.
    /// An announcement is `⚠ step N: finding: evidence`, an optional
    /// `  try: remedy` line and the closing hint; returns a problem for each
    /// announcement not of that shape, and the other lines in order.
    static func separatingLiveChecks(_ lines: [String]) -> (problems: [String], rest: [String]) {
        let hint = "  (diagnose(h) on the returned history tells more)"
        var problems: [String] = []
        var rest: [String] = []
        var i = 0
        while i < lines.count {
            let line = lines[i]
            i += 1
            guard line.hasPrefix("⚠ ") else {
                rest.append(line)
                continue
            }
            if !matches(line, "⚠ step [0-9]+: .+") {
                problems.append("a live check's first line is malformed: \(line)")
            }
            if i < lines.count, lines[i].hasPrefix("  try: ") { i += 1 }
            if i < lines.count, lines[i] == hint {
                i += 1
            } else {
                problems.append("the live check \"\(line)\" does not end with \"\(hint)\"")
            }
        }
        return (problems, rest)
    }

    func testSection7Files() throws {
        try Self.inTemporaryDirectory { dir in
            let o = snippet(
                Self.section3Model + """

                    let d = spiral(points: 60, classes: 3)
                    let h = train(net, d, epochs: 2)
                    let xs = [1, 2, 3]
                    """ + "\n" + Self.section7Files
                    + "\nprint(predict(net2, [0.5, -1.0]) == predict(net, [0.5, -1.0]))")
            XCTAssertTrue(o.stdout.first?.hasPrefix("loss ") ?? false, "\(o.stdout.prefix(3))")
            XCTAssertEqual(o.stdout.dropFirst().first, "3")
            XCTAssertTrue(
                o.stdout.dropFirst(2).first?.hasPrefix("dense(units, act: identity") ?? false)
            XCTAssertTrue(o.stdout.contains("Builtins (help(name) for details):"))
            XCTAssertEqual(o.stdout.last, "true")
            let script = try String(
                contentsOf: dir.appendingPathComponent("net.py"), encoding: .utf8)
            XCTAssertTrue(script.contains("\nEXAMPLE = [0.5, -1.0]\n"), "export's example: is kept")
            // The model file's documented shape.
            let data = try Data(contentsOf: dir.appendingPathComponent("net.json"))
            let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: data) as? [String: Any])
            XCTAssertEqual(json["format"] as? String, "gradlab-model")
            XCTAssertEqual(json["version"] as? Int, 1)
            XCTAssertEqual(json["inputs"] as? Int, 2)
            let layers = try XCTUnwrap(json["layers"] as? [[String: Any]])
            XCTAssertEqual(layers.count, 13)
            XCTAssertEqual(layers.first?["kind"] as? String, "dense")
            XCTAssertEqual(layers.first?["in"] as? Int, 2)
            XCTAssertEqual(layers.first?["out"] as? Int, 32)
            XCTAssertEqual((layers.first?["weight"] as? [[Double]])?.count, 32)
            XCTAssertNotNil(layers.first?["weight_grad"], "save(grads: true) stores weight_grad")
            XCTAssertNotNil(layers.first?["bias_grad"])
            XCTAssertEqual(
                layers.map { $0["kind"] as? String }.filter { $0 == "residual" }.count, 1)
            let bn = try XCTUnwrap(layers.first { $0["kind"] as? String == "batchnorm" })
            for key in [
                "gamma", "beta", "running_mean", "running_var", "momentum", "eps", "gamma_grad",
                "beta_grad",
            ] {
                XCTAssertNotNil(bn[key], "batchnorm stores \(key)")
            }
            _ = snippet(
                "save(model(inputs: 1, layers: [dense(1, act: leaky_relu(slope: 0.2))]), \"leaky.json\")",
                [])
            let leaky =
                try JSONSerialization.jsonObject(
                    with: Data(contentsOf: dir.appendingPathComponent("leaky.json")))
                as? [String: Any]
            let act = ((leaky?["layers"] as? [[String: Any]])?.first?["act"]) as? [String: Any]
            XCTAssertEqual(act?["name"] as? String, "leaky_relu")
            XCTAssertEqual(act?["slope"] as? Double, 0.2)
        }
    }

    // MARK: - gradlab check

    func testCheckReportsEverySyntaxError() throws {
        try Self.inTemporaryDirectory { _ in
            let program = """
                let a = 1 +
                let ok = 2
                print("a\\q")
                if true { print(1) }
                else { print(2) }
                print(1 < 2 < 3)
                let b = 3 $
                let = 4
                """
            try program.write(toFile: "several.grad", atomically: true, encoding: .utf8)
            let o = Self.gradlab(["check", "several.grad"])
            XCTAssertEqual(o.code, 65)
            XCTAssertEqual(o.stdout, [])
            let errors = o.stderr.filter { $0.hasPrefix("several.grad:") }
            XCTAssertEqual(
                errors,
                [
                    "several.grad:2:1: error: expected an expression, found 'let'",
                    "several.grad:3:10: error: unknown escape '\\q': expected \\n, \\t, \\r, \\0, \\\", \\\\ or \\u{...}",
                    "several.grad:5:1: error: 'else' must follow the '}' of an 'if' on the same line",
                    "several.grad:6:13: error: comparisons do not chain: write 'a < b and b < c'",
                    "several.grad:7:11: error: unexpected character '$'",
                    "several.grad:8:5: error: expected a name after 'let', found '='",
                ])
            XCTAssertEqual(o.stderr.last, "6 syntax errors in several.grad")
            // check never runs the program.
            try "print(\"ran\")\n".write(toFile: "fine.grad", atomically: true, encoding: .utf8)
            let fine = Self.gradlab(["check", "fine.grad"])
            XCTAssertEqual(fine.code, 0)
            XCTAssertEqual(fine.stdout, ["fine.grad: no syntax errors"])
            XCTAssertEqual(fine.stderr, [])
            let missing = Self.gradlab(["check", "missing.grad"])
            XCTAssertEqual(missing.code, 66)
            XCTAssertEqual(
                missing.stderr.first,
                "gradlab: cannot read 'missing.grad': No such file or directory")
            let usage = Self.gradlab(["check"])
            XCTAssertEqual(usage.code, 64)
        }
    }

    /// Exit codes and file handling of `gradlab run`, `-e` and standard input.
    func testCommandLine() throws {
        try Self.inTemporaryDirectory { _ in
            try "print(6 * 7)\n".write(toFile: "answer.grad", atomically: true, encoding: .utf8)
            var o = Self.gradlab(["run", "answer.grad"])
            XCTAssertEqual([String(o.code)] + o.stdout + o.stderr, ["0", "42"])
            o = Self.gradlab(["answer.grad"])  // as a #! line runs it
            XCTAssertEqual([String(o.code)] + o.stdout + o.stderr, ["0", "42"])
            o = Self.gradlab(["run", "missing.grad"])
            XCTAssertEqual(o.code, 66)
            XCTAssertEqual(
                o.stderr, ["gradlab: cannot read 'missing.grad': No such file or directory"])
            o = Self.gradlab(["run"])
            XCTAssertEqual(o.code, 64)
            o = Self.gradlab(["run", "answer.grad", "other.grad"])
            XCTAssertEqual(o.code, 64)
            o = Self.gradlab(["frobnicate"])
            XCTAssertEqual(o.code, 64)
            XCTAssertEqual(o.stderr.first, "gradlab: unknown command 'frobnicate'")
            o = Self.gradlab([], stdin: "let x = 2\nprint(x ^ 10)\n")
            XCTAssertEqual([String(o.code)] + o.stdout + o.stderr, ["0", "1024"])
            o = Self.gradlab([], stdin: "print(1)\nprint(y)\n")
            XCTAssertEqual(o.code, 70)
            XCTAssertEqual(o.stdout, ["1"])
            XCTAssertEqual(o.stderr.first, "<stdin>:2:7: error: 'y' is not defined")
            o = Self.gradlab(["-e", "print(1 +)"])
            XCTAssertEqual(o.code, 65)
            XCTAssertEqual(
                o.stderr,
                [
                    "<-e>:1:10: error: expected an expression, found ')'", "    print(1 +)",
                    "             ^",
                    "1 syntax error in <-e>",
                ])
            o = Self.gradlab(["-e", "print(\"a\"); nope"])
            XCTAssertEqual(o.code, 70)
            XCTAssertEqual(o.stdout, ["a"])
            XCTAssertEqual(
                o.stderr,
                [
                    "<-e>:1:13: error: 'nope' is not defined", "    print(\"a\"); nope",
                    "                ^",
                ])
            o = Self.gradlab([
                "-e", "seed(1); print(spiral(points: 5).x == spiral(points: 5).x)", "--seed", "3",
            ])
            XCTAssertEqual(o.stdout, ["false"])
            o = Self.gradlab(["--seed", "x", "-e", "1"])
            XCTAssertEqual(o.code, 64)
            o = Self.gradlab(["--version"])
            XCTAssertEqual(o.code, 0)
            XCTAssertEqual(o.stdout, ["gradlab \(GradLab.version)"])
        }
    }

    /// The runner's own reading of expectations.
    func testExpectationComments() {
        let e = Self.expectations(
            in:
                "print(1) # expect: 1\n# expect: \n# expect-error: f.grad:1:1: error: x\n# expect-stderr:     x\n# expect-exit: 70\n"
        )
        XCTAssertEqual(e.stdout.map(\.text), ["1", ""])
        XCTAssertEqual(
            Self.expectations(in: "# expect-match: loss [0-9.]+").stdout.map(\.isPattern), [true])
        XCTAssertTrue(Self.matches("loss 0.25", "loss [0-9.]+"))
        XCTAssertFalse(Self.matches("loss 0.25 extra", "loss [0-9.]+"))
        XCTAssertEqual(e.firstError?.text, "f.grad:1:1: error: x")
        XCTAssertEqual(e.stderr.map(\.text), ["    x"])
        XCTAssertEqual(e.exit?.code, 70)
    }
}
