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
}

/// Lines given in advance (tests, and input that is not a terminal).
struct ScriptedLineReader: LineReader {
    var lines: [LineInput]
    private(set) var prompts: [String] = []
    private(set) var remembered: [String] = []

    init(_ lines: [String]) { self.lines = lines.map { .line($0) } }
    init(inputs: [LineInput]) { lines = inputs }

    mutating func readLine(prompt: String) -> LineInput {
        prompts.append(prompt)
        return lines.isEmpty ? .end : lines.removeFirst()
    }

    mutating func remember(_ entry: String) { remembered.append(entry) }
}
