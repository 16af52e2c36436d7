import XCTest

/// The real `gradlab` binary in a tmux terminal, typed at as a person would.
final class TerminalTests: XCTestCase {
    let session = "gradlab-test-\(getpid())"
    var state = ""

    /// The gradlab binary of this build (next to the test bundle).
    var binary: String { Subprocess.gradlabBinary }

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

    override func setUpWithError() throws {
        guard tmuxWorks() else {
            throw XCTSkip(
                "tmux is not installed (scripts/install-deps installs it): terminal tests skipped")
        }
        state = NSTemporaryDirectory() + "gradlab-state-\(getpid())"
        try? FileManager.default.removeItem(atPath: state)
    }

    override func tearDown() {
        tmux(["kill-session", "-t", session])
        try? FileManager.default.removeItem(atPath: state)
    }

    func start(_ arguments: String = "") {
        tmux([
            "new-session", "-d", "-s", session, "-x", "120", "-y", "50",
            "env XDG_STATE_HOME=\(state) TERM=xterm \(binary) \(arguments); sleep 30",
        ])
    }

    func keys(_ k: String...) { tmux(["send-keys", "-t", session] + k) }
    func type(_ text: String) { tmux(["send-keys", "-t", session, "-l", text]) }
    var screen: String { tmux(["capture-pane", "-t", session, "-p", "-S", "-200"], capture: true) }

    /// Waits up to 20 s for `text` on the screen.
    func waitFor(_ text: String, file: StaticString = #filePath, line: UInt = #line) {
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline {
            if screen.contains(text) { return }
            usleep(50_000)
        }
        XCTFail("never saw \"\(text)\" on the screen:\n\(screen)", file: file, line: line)
    }

    func testATerminalSession() {
        start()
        waitFor("In [1]:")
        // An entry that continues, and its result.
        type("let x = 1 +")
        keys("Enter")
        waitFor("   ...:")
        type("41")
        keys("Enter")
        waitFor("In [2]:")
        type("x")
        keys("Enter")
        waitFor("Out[2]: 42")
        // Up-arrow recall.
        keys("Up")
        keys("Enter")
        waitFor("Out[3]: 42")
        // Tab completion of a builtin and of an argument label.
        type("den")
        keys("Tab")
        type("(8, ac")
        keys("Tab")
        type("relu)")
        keys("Enter")
        waitFor("Out[4]: dense(8, act: relu)")
        // A pasted multi-line model with a blank line inside.
        tmux([
            "set-buffer", "let net = model(inputs: 2) {\n  dense(16, act: relu)\n\n  dense(3)\n}\n",
        ])
        tmux(["paste-buffer", "-t", session])
        waitFor("In [6]:")
        type("net.params")
        keys("Enter")
        waitFor("Out[6]: 99")
        // Ctrl-C during a long train keeps the model and the finished epochs.
        type("let h = train(net, spiral(points: 600), epochs: 1000000)")
        keys("Enter")
        usleep(1_500_000)
        keys("C-c")
        waitFor("training interrupted after")
        type("h.epochs > 0 and net.params == 99")
        keys("Enter")
        waitFor("Out[8]: true")
        // Ctrl-C at the prompt clears the line.
        type("let abandoned = ")
        keys("C-c")
        type("7")
        keys("Enter")
        waitFor("Out[9]: 7")
        // Ctrl-D leaves; the history is there in the next session.
        keys("C-d")
        usleep(500_000)
        tmux(["kill-session", "-t", session])
        start()
        waitFor("In [1]:")
        keys("Up")
        waitFor("In [1]: 7")
    }

    /// A newcomer's tour of the first walkthrough on a real terminal: a cell is
    /// shown and run, the prompt is theirs, Enter goes on, :cells and :back work.
    func testATourOfTheFirstWalkthrough() {
        start("tour vanishing")
        waitFor("01-vanishing · cell 1 of")
        waitFor("In [1]:")
        keys("Enter")
        waitFor("01-vanishing · cell 2 of")
        waitFor("(Enter: cell 3 of")
        // The walkthrough's state is the learner's: inspect it.
        type("data.size")
        keys("Enter")
        waitFor("Out[1]: 300")
        type(":cells")
        keys("Enter")
        waitFor(" → 3.")
        // Back from cell 2: cell 1 is shown and run again.
        type(":back")
        keys("Enter")
        waitFor(":back\n── 01-vanishing · cell 1 of")
        type(":quit")
        keys("Enter")
        waitFor("left the tour of 01-vanishing")
        keys("C-d")
    }
}
