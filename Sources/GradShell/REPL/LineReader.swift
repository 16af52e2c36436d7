/// What reading one line gave.
enum LineInput: Equatable {
    case line(String)
    /// Ctrl-C at the prompt: the partial entry is dropped.
    case interrupted
    /// Ctrl-D on an empty line, or the end of input.
    case end
}

/// Where the REPL's lines come from: libedit on a terminal, a script in tests.
protocol LineReader {
    mutating func readLine(prompt: String) -> LineInput
    /// Records a whole entry (several lines for a multi-line entry) in the history.
    mutating func remember(_ entry: String)
    /// Whether more input is already waiting (a paste): the REPL then keeps
    /// its notes for lines a person typed.
    var hasPendingInput: Bool { get }
}

/// Lines given in advance (tests, and input that is not a terminal).
struct ScriptedLineReader: LineReader {
    var lines: [LineInput]
    private(set) var prompts: [String] = []
    private(set) var remembered: [String] = []

    /// Whether the lines count as typed one at a time (nothing pending after
    /// each); by default they arrive as a paste, the rest pending.
    var typed = false

    init(_ lines: [String]) { self.lines = lines.map { .line($0) } }
    init(inputs: [LineInput], typed: Bool = false) {
        lines = inputs
        self.typed = typed
    }

    var hasPendingInput: Bool { !typed && !lines.isEmpty }

    mutating func readLine(prompt: String) -> LineInput {
        prompts.append(prompt)
        return lines.isEmpty ? .end : lines.removeFirst()
    }

    mutating func remember(_ entry: String) { remembered.append(entry) }
}
