import XCTest

/// The `gradlab` binary users run (the release build `scripts/gradlab` makes)
/// in a tmux terminal, typed at as a person would. The prompts are asserted as
/// the screen shows them: an optimized build once lost them all.
final class TerminalTests: XCTestCase {
    let session = "gradlab-test-\(getpid())"
    var state = ""
    /// Set by the first wait that fails (or when the release binary is
    /// unusable): the later waits return at once, as one missing prompt would
    /// make every later step wait out its timeout.
    var gaveUp = false
    /// How long a wait lasts before it fails: generous, because a loaded
    /// 2-core machine (other builds, the Jupyter tests) once took over 20 s to
    /// show the first prompt; a passing wait returns as soon as it sees its text.
    static let patience: TimeInterval = 60

    /// The repository's root folder.
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().path
    /// The binary `scripts/gradlab` builds and runs: `.build/release/gradlab`.
    static let releaseBinary = root + "/.build/release/gradlab"
    /// The debug binary `swift build` makes beside the tests.
    static let debugBinary = root + "/.build/debug/gradlab"

    /// Runs a tmux command and returns its standard output ("" on failure).
    /// posix_spawn and waitpid directly: Foundation's Process waits for a
    /// SIGCHLD notification that, after the rest of the suite ran, never came.
    @discardableResult
    func tmux(_ args: [String], capture: Bool = false) -> String {
        var pipe: [Int32] = [0, 0]
        guard Glibc.pipe(&pipe) == 0 else { return "" }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        if capture {
            posix_spawn_file_actions_adddup2(&actions, pipe[1], 1)
        } else {
            // A command that starts the tmux server must not hold our pipe.
            posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        }
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addclose(&actions, pipe[0])
        let argv = (["tmux"] + args).map { strdup($0) } + [nil]
        defer { for p in argv { free(p) } }
        var pid = pid_t()
        let spawned = posix_spawnp(&pid, "tmux", &actions, nil, argv, environ)
        close(pipe[1])
        defer { close(pipe[0]) }
        guard spawned == 0 else { return "" }
        var output: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while capture {
            let n = read(pipe[0], &buffer, buffer.count)
            if n <= 0 { break }
            output += buffer[0..<n]
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        return String(decoding: output, as: UTF8.self)
    }

    func tmuxWorks() -> Bool {
        var pid = pid_t()
        let argv: [UnsafeMutablePointer<CChar>?] = [strdup("tmux"), strdup("-V"), nil]
        defer { for p in argv { free(p) } }
        guard posix_spawnp(&pid, "tmux", nil, nil, argv, environ) == 0 else { return false }
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        return status == 0
    }

    /// Why the release binary cannot be tested (missing, or older than a
    /// source file), or nil when it is current.
    static func releaseBinaryProblem() -> String? {
        let build = "swift build -c release --product gradlab (scripts/test does)"
        let files = FileManager.default
        guard files.isExecutableFile(atPath: releaseBinary) else {
            return "\(releaseBinary) is missing: build it with \(build)"
        }
        guard let built = modified(releaseBinary) else { return nil }
        var newest: (path: String, date: Date)?
        let sources = root + "/Sources"
        for case let relative as String in files.enumerator(atPath: sources) ?? .init() {
            let path = sources + "/" + relative
            if let date = modified(path), date > newest?.date ?? .distantPast {
                newest = (path, date)
            }
        }
        if let date = modified(root + "/Package.swift"), date > newest?.date ?? .distantPast {
            newest = (root + "/Package.swift", date)
        }
        if let newest, newest.date > built {
            return "\(releaseBinary) is older than \(newest.path): rebuild it with \(build)"
        }
        return nil
    }

    static func modified(_ path: String) -> Date? {
        (try? FileManager.default.attributesOfItem(atPath: path))?[.modificationDate] as? Date
    }

    override func setUpWithError() throws {
        guard tmuxWorks() else {
            throw XCTSkip(
                "tmux is not installed (scripts/install-deps installs it): terminal tests skipped")
        }
        // Not a skip: a suite that passes without the product's binary is how
        // the release REPL lost its prompts unnoticed.
        if let problem = TerminalTests.releaseBinaryProblem() {
            XCTFail(problem)
            gaveUp = true
        }
        state = NSTemporaryDirectory() + "gradlab-state-\(getpid())"
        try? FileManager.default.removeItem(atPath: state)
    }

    override func tearDown() {
        tmux(["kill-session", "-t", session])
        try? FileManager.default.removeItem(atPath: state)
    }

    func start(_ arguments: String = "", binary: String = TerminalTests.releaseBinary) {
        tmux([
            "new-session", "-d", "-s", session, "-x", "120", "-y", "50",
            "env XDG_STATE_HOME=\(state) TERM=xterm-256color \(binary) \(arguments); sleep 30",
        ])
    }

    func keys(_ k: String...) { tmux(["send-keys", "-t", session] + k) }
    func type(_ text: String) { tmux(["send-keys", "-t", session, "-l", text]) }
    var screen: String { tmux(["capture-pane", "-t", session, "-p", "-S", "-200"], capture: true) }
    /// The screen's lines, without trailing spaces.
    var screenLines: [String] {
        screen.split(separator: "\n", omittingEmptySubsequences: false).map {
            var line = String($0)
            while line.last == " " { line.removeLast() }
            return line
        }
    }

    /// Waits up to `patience` seconds for `text` on the screen.
    func waitFor(_ text: String, file: StaticString = #filePath, line: UInt = #line) {
        guard !gaveUp else { return }
        let deadline = Date().addingTimeInterval(TerminalTests.patience)
        while Date() < deadline {
            if screen.contains(text) { return }
            usleep(50_000)
        }
        gaveUp = true
        XCTFail("never saw \"\(text)\" on the screen:\n\(screen)", file: file, line: line)
    }

    /// Waits up to `patience` seconds for a screen line that is exactly `text` (trailing spaces aside).
    func waitForLine(_ text: String, file: StaticString = #filePath, line: UInt = #line) {
        guard !gaveUp else { return }
        let deadline = Date().addingTimeInterval(TerminalTests.patience)
        while Date() < deadline {
            if screenLines.contains(text) { return }
            usleep(50_000)
        }
        gaveUp = true
        XCTFail("never saw the line \"\(text)\":\n\(screen)", file: file, line: line)
    }

    /// Waits up to `patience` seconds for `prompt` as the last line on the screen: the REPL
    /// waits for the next entry, and shows that it does.
    func waitForPrompt(_ prompt: String, file: StaticString = #filePath, line: UInt = #line) {
        guard !gaveUp else { return }
        var expected = prompt
        while expected.last == " " { expected.removeLast() }
        let deadline = Date().addingTimeInterval(TerminalTests.patience)
        while Date() < deadline {
            if screenLines.last(where: { !$0.isEmpty }) == expected { return }
            usleep(50_000)
        }
        gaveUp = true
        XCTFail("the prompt \"\(prompt)\" is not the last line:\n\(screen)", file: file, line: line)
    }

    /// Types `entry` and Enter at the prompt `prompt`, and checks that the
    /// screen shows the two together.
    func enter(
        _ entry: String, at prompt: String, file: StaticString = #filePath, line: UInt = #line
    ) {
        waitForPrompt(prompt, file: file, line: line)
        type(entry)
        keys("Enter")
        waitForLine(prompt + entry, file: file, line: line)
    }

    func testATerminalSession() { terminalSession(binary: TerminalTests.releaseBinary) }

    /// The same session on the debug build, which the other tests link.
    func testATerminalSessionOnTheDebugBuild() throws {
        guard FileManager.default.isExecutableFile(atPath: TerminalTests.debugBinary) else {
            throw XCTSkip("\(TerminalTests.debugBinary) is not built")
        }
        terminalSession(binary: TerminalTests.debugBinary)
    }

    func terminalSession(binary: String) {
        start(binary: binary)
        // The first prompt, an entry that continues, and its result.
        enter("let x = 1 +", at: "In [1]: ")
        waitForPrompt("   ...: ")
        enter("41", at: "   ...: ")
        enter("x", at: "In [2]: ")
        waitFor("Out[2]: 42")
        // Up-arrow recall.
        waitForPrompt("In [3]: ")
        keys("Up")
        keys("Enter")
        waitFor("Out[3]: 42")
        // Tab completion of a builtin and of an argument label.
        waitForPrompt("In [4]: ")
        type("den")
        keys("Tab")
        type("(8, ac")
        keys("Tab")
        type("relu)")
        keys("Enter")
        waitForLine("In [4]: dense(8, act: relu)")
        waitFor("Out[4]: dense(8, act: relu)")
        // A pasted multi-line model with a blank line inside.
        waitForPrompt("In [5]: ")
        tmux([
            "set-buffer", "let net = model(inputs: 2) {\n  dense(16, act: relu)\n\n  dense(3)\n}\n",
        ])
        tmux(["paste-buffer", "-t", session])
        waitForLine("   ...: }")
        enter("net.params", at: "In [6]: ")
        waitFor("Out[6]: 99")
        // Ctrl-C during a long train keeps the model and the finished epochs,
        // and the next prompt comes back.
        enter("let h = train(net, spiral(points: 600), epochs: 1000000)", at: "In [7]: ")
        usleep(1_500_000)
        keys("C-c")
        waitFor("training interrupted after")
        enter("h.epochs > 0 and net.params == 99", at: "In [8]: ")
        waitFor("Out[8]: true")
        // Ctrl-C at the prompt clears the line.
        waitForPrompt("In [9]: ")
        type("let abandoned = ")
        // (Seen first: Ctrl-C flushes typed input the REPL has not read yet.)
        waitForLine("In [9]: let abandoned =")
        keys("C-c")
        // The dropped line stays; the prompt comes back on a line of its own.
        enter("7", at: "In [9]: ")
        if !gaveUp { XCTAssertTrue(screenLines.contains("In [9]: let abandoned ="), screen) }
        waitFor("Out[9]: 7")
        // An error in a function from an earlier entry: that entry's line and
        // caret, the call where it was made; the prompt after it.
        enter("fn f(x) {", at: "In [10]: ")
        enter("  return x / 0", at: "    ...: ")
        enter("}", at: "    ...: ")
        enter("f(3)", at: "In [11]: ")
        waitForLine("In[10]:2:12: error: division by zero")
        waitForLine("      return x / 0")
        waitForLine(String(repeating: " ", count: 15) + "^")
        waitForLine("    in f() called at In[11]:1:1")
        waitForPrompt("In [12]: ")
        // Ctrl-D leaves; the history is there in the next session.
        keys("C-d")
        usleep(500_000)
        tmux(["kill-session", "-t", session])
        start(binary: binary)
        waitForPrompt("In [1]: ")
        keys("Up")
        waitForLine("In [1]: f(3)")
    }

    /// A newcomer's tour of the first walkthrough on a real terminal: a cell is
    /// shown and run, the prompt is theirs, Enter goes on, :cells and :back work.
    /// try_remedies draws its live line, and Ctrl-C returns the table of
    /// what finished (here nothing: every run would take 100,000 epochs).
    func testCtrlCStopsTryRemedies() {
        start()
        enter(
            "let net = model(inputs: 2) { repeat(6) { dense(16, act: sigmoid) }; dense(3) }",
            at: "In [1]: ")
        enter("let h = train(net, spiral(points: 300), epochs: 3, checks: false)", at: "In [2]: ")
        enter("let r = try_remedies(h, epochs: 100000)", at: "In [3]: ")
        waitFor("try_remedies: original, seed ")
        waitFor("(Ctrl-C stops)")
        keys("C-c")
        waitFor("try_remedies interrupted after 0 of 12 runs")
        enter("r.notes[-1]", at: "In [4]: ")
        waitFor("Out[4]: no remedy beats the original")
        waitForPrompt("In [5]: ")
        keys("C-d")
    }

    func testATourOfTheFirstWalkthrough() {
        start("tour vanishing")
        waitFor("01-vanishing · cell 1 of")
        waitForPrompt("In [1]: ")
        keys("Enter")
        waitFor("01-vanishing · cell 2 of")
        waitFor("(Enter: cell 3 of")
        // The walkthrough's state is the learner's: inspect it.
        enter("data.size", at: "In [1]: ")
        waitFor("Out[1]: 300")
        // A command is not an entry: the prompt keeps its number.
        enter(":cells", at: "In [2]: ")
        waitFor(" → 3.")
        // Back from cell 2: cell 1 is shown and run again.
        enter(":back", at: "In [2]: ")
        waitFor(":back\n── 01-vanishing · cell 1 of")
        // An error, and the prompt after it.
        enter("1 / 0", at: "In [2]: ")
        waitForLine("In[2]:1:3: error: division by zero")
        enter(":quit", at: "In [3]: ")
        waitFor("left the tour of 01-vanishing")
        waitForPrompt("In [3]: ")
        keys("C-d")
    }
}
