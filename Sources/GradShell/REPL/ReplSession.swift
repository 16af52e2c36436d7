import GradEngine
import GradLanguage

/// The REPL: reads entries (continuing while they are incomplete), runs them in
/// one interpreter session, shows results as `Out[n]`, and handles the `:`
/// meta commands. Errors never end the session. Every entry is also recorded,
/// with what it showed, for `:notebook`.
final class ReplSession {
    let interpreter: Interpreter
    /// Keeps what each entry shows, for `:notebook`.
    private let recorder: NotebookRecorder
    /// The session so far as notebook cells: one code cell per entry (and per `:load`).
    private(set) var notebookCells: [NotebookCell] = []
    /// The number of the next entry, shown as `In [n]:`.
    private(set) var entryNumber = 1
    /// Entries that ran without error, for `:save`.
    private(set) var savedEntries: [String] = []
    let print: (String) -> Void
    let printError: (String) -> Void
    var color = false
    /// Every entry read this session, for `:history`.
    var history: [String] = []
    /// Whether the last read ended with Ctrl-C (which must not advance a tour).
    private var lastReadWasInterrupted = false

    static let metaCommands = [
        "help", "load", "save", "notebook", "vars", "reset", "history", "time", "quit",
        "tour", "next", "back", "cells",
    ]
    /// The walkthrough being stepped through, if any (`:tour NAME`).
    var tour: Tour?
    /// Where walkthroughs are looked for (`GRADLAB_WALKTHROUGHS` and the like).
    var environment: [String: String] = [:]

    /// A session printing to `output` and `errors`, its interpreter set up
    /// from `options` (at the REPL's top level `let` may always rebind a name).
    init(
        output: @escaping (String) -> Void, errors: @escaping (String) -> Void,
        options: SessionOptions = SessionOptions()
    ) {
        print = output
        printError = errors
        var options = options
        options.allowsRedefinition = true
        interpreter = options.makeInterpreter(output: output)
        color = options.color
        recorder = NotebookRecorder(interpreter: interpreter, echo: output)
    }

    static let banner = "GradLab \(GradLab.version): :help for help, :quit or Ctrl-D to leave"

    /// Runs until `:quit` or end of input; returns how the command ends.
    func run(reader: inout some LineReader) -> GradLabExit {
        print(ReplSession.banner)
        beginTour()
        while true {
            guard let entry = readEntry(&reader) else { return .ok }
            if entry.trimmingCharacters().isEmpty {
                // In a tour, Enter on an empty line goes on to the next cell.
                if tour != nil && !lastReadWasInterrupted { showNextCell() }
                continue
            }
            reader.remember(entry)
            history.append(entry)
            if entry.trimmingCharacters().hasPrefix(":") {
                if !meta(entry.trimmingCharacters()) { return .ok }
                continue
            }
            evaluate(entry)
        }
    }

    /// The prompt of entry `number`: `In [n]: `.
    static func prompt(_ number: Int) -> String { "In [\(number)]: " }

    /// The prompt of an entry's further lines, aligned with its first: `   ...: `.
    static func continuationPrompt(_ number: Int) -> String {
        String(repeating: " ", count: max(0, prompt(number).count - 5)) + "...: "
    }

    /// The name of entry `number` as a source, after its prompt as IPython
    /// names cells: errors in it read `In[n]:line:column`.
    static func entryName(_ number: Int) -> String { "In[\(number)]" }

    /// Reads one entry: the first line, then more while it is incomplete. Nil
    /// at the end of input; an empty entry after Ctrl-C.
    private func readEntry(_ reader: inout some LineReader) -> String? {
        let prompt = ReplSession.prompt(entryNumber)
        let continuation = ReplSession.continuationPrompt(entryNumber)
        var lines: [String] = []
        lastReadWasInterrupted = false
        // The note last shown for this entry, so Enter again does not repeat it.
        var noted: String?
        while true {
            switch reader.readLine(prompt: lines.isEmpty ? prompt : continuation) {
            case .end:
                if lines.isEmpty { return nil }
                return lines.joined(separator: "\n")
            case .interrupted:
                if !lines.isEmpty { print("(entry abandoned)") }
                lastReadWasInterrupted = true
                return ""
            case .line(let line):
                lines.append(line)
                let text = lines.joined(separator: "\n")
                if lines.count == 1 && line.trimmingCharacters().hasPrefix(":") { return text }
                if !Lexer.needsMoreInput(text) { return text }
                // A blank line typed at `...:`: say what keeps the entry open.
                if lines.count > 1, line.trimmingCharacters().isEmpty, !reader.hasPendingInput,
                    let open = BracketLayout.unfinished(text), open != noted
                {
                    print("(\(open); Ctrl-C drops the entry)")
                    noted = open
                }
            }
        }
    }

    /// Runs an entry and shows its result.
    func evaluate(_ entry: String) {
        let number = entryNumber
        entryNumber += 1
        let source = Source(name: ReplSession.entryName(number), text: entry)
        let (ran, shown) = recorder.capture { interpreter.runEntry(source) }
        let (outcome, value) = ran
        var cellOutputs = shown + recorder.errorOutputs(outcome, in: source)
        defer { notebookCells.append(.code(entry, executionCount: number, outputs: cellOutputs)) }
        switch outcome {
        case .success:
            savedEntries.append(entry)
            if let value {
                cellOutputs.append(.value(recorder.render(value), isResult: true))
                if case .plot = value {
                    // A drawing starts on its own line, so its axes line up.
                    print("Out[\(number)]:\n" + interpreter.display(value))
                } else {
                    print("Out[\(number)]: " + interpreter.display(value))
                }
                interpreter.recordResult(value, ofEntry: number)
            }
        case .syntaxErrors, .runtimeError, .cancelled:
            // What ran before an error stays defined; the entry is kept for
            // :save only when it finished.
            reportErrors(of: outcome, in: source)
        }
    }

    /// Prints a failed outcome's errors, each with the source its location names.
    private func reportErrors(of outcome: Interpreter.Outcome, in source: Source) {
        let report = ProgramReport(outcome, of: interpreter, named: source.name, color: color)
        for e in report.errors { printError(e) }
    }

    /// Handles a `:command`; false for `:quit`.
    func meta(_ line: String) -> Bool {
        guard let command = MetaCommand(line) else { return true }
        let name = command.name
        let argument = command.argument
        switch name {
        case "quit", "q", "exit":
            if let t = tour {
                tour = nil
                print(
                    "left the tour of \(t.walkthrough.name); its names stay defined (:quit again leaves GradLab)"
                )
                return true
            }
            return false
        case "tour":
            startTour(argument)
        case "next", "back", "cells":
            guard let t = tour else {
                printError(
                    ":\(name) works inside a tour; start one with :tour NAME (:tour lists them)")
                return true
            }
            if name == "next" { showNextCell() }
            if name == "cells" { print(t.cellList) }
            if name == "back" { goBack(t) }
        case "help":
            print(argument.isEmpty ? ReplSession.helpText : SessionCommands.help(argument))
        case "load":
            load(argument)
        case "save":
            save(argument)
        case "notebook":
            writeNotebook(argument)
        case "vars":
            for line in SessionCommands.variables(of: interpreter) { print(line) }
        case "reset":
            print(SessionCommands.reset(interpreter))
            savedEntries = []
        case "history":
            let n = Int(argument) ?? 20
            let recent = history.dropLast().suffix(max(0, n))
            let first = history.count - 1 - recent.count
            let numbered = recent.enumerated().map {
                (number: first + $0.offset + 1, text: $0.element)
            }
            for line in SessionCommands.historyLines(numbered) { print(line) }
        case "time":
            guard !argument.isEmpty else {
                printError(SessionCommands.timeNeedsEntry)
                return true
            }
            let stopwatch = Stopwatch()
            evaluate(argument)
            print(SessionCommands.elapsed(stopwatch.seconds))
        default:
            printError(SessionCommands.unknown(name, among: ReplSession.metaCommands))
        }
        return true
    }

    private func load(_ path: String) {
        guard !path.isEmpty else {
            printError(":load needs a file, e.g. :load model.grad")
            return
        }
        switch ScriptRunner.load(path) {
        case .failure(let f): printError(f.message)
        case .success(let source):
            let (outcome, shown) = recorder.capture { interpreter.run(source) }
            notebookCells.append(
                .code(
                    "# :load \(path)\n" + source.text.trimmingCharacters(), executionCount: nil,
                    outputs: shown + recorder.errorOutputs(outcome, in: source)))
            switch outcome {
            case .success:
                savedEntries.append(source.text)
                print("loaded \(path)")
            case .syntaxErrors, .runtimeError, .cancelled:
                reportErrors(of: outcome, in: source)
            }
        }
    }

    private func save(_ path: String) {
        guard !path.isEmpty else {
            printError(":save needs a file, e.g. :save session.grad")
            return
        }
        let text =
            "# GradLab session, saved by :save\n" + savedEntries.joined(separator: "\n") + "\n"
        do {
            try AtomicFile.write(text, to: path)
        } catch {
            printError("\(error)")
            return
        }
        print("saved \(savedEntries.count) entr\(savedEntries.count == 1 ? "y" : "ies") to \(path)")
    }

    /// `:notebook FILE`: the session so far as a notebook, in the format the extension names.
    private func writeNotebook(_ path: String) {
        guard !path.isEmpty else {
            printError(":notebook needs a file, e.g. :notebook session.ipynb (or .md, .html)")
            return
        }
        guard let format = NotebookFormat(path: path) else {
            printError(NotebookFormat.unsupported(path))
            return
        }
        let notebook = Notebook(cells: notebookCells, fallbackTitle: "GradLab session")
        do {
            let written = try format.write(notebook, to: path)
            let n = notebook.codeCellCount
            var message = "wrote \(n) entr\(n == 1 ? "y" : "ies") to \(path)"
            if written.count > 1 {
                message +=
                    " and \(written.count - 1) plot file\(written.count == 2 ? "" : "s") beside it"
            }
            print(message)
        } catch {
            printError("\(error)")
        }
    }

    static let helpText = """
        Type an entry and press Enter; an entry with an open bracket, or ending with an
        operator, a comma or '=', continues on the next line. The last value is `_`,
        earlier ones Out[n].
          :help [name]      this text, or a builtin's documentation (as help(name))
          :load FILE        run a script into this session
          :save FILE.grad   write this session's successful entries as a script
          :notebook FILE    write this session's entries and outputs as a notebook
                            (FILE.ipynb for Jupyter, FILE.md or FILE.html)
          :vars             the names you have defined
          :reset            forget every name
          :history [n]      the last n entries (default 20)
          :time ENTRY       run an entry and show how long it took
          :tour [NAME]      list the walkthroughs, or step through one; inside a tour:
                            Enter or :next runs the next cell, :back the previous,
                            :cells lists them, :quit leaves the tour
          :quit             leave (Ctrl-D on an empty line too)
        Keys: arrows and emacs keys edit, Up/Down and Ctrl-R search the history,
        Tab completes, Ctrl-C abandons the line or interrupts a running command.
        """
}

extension String {
    func trimmingCharacters() -> String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" || f == "\n" || f == "\r" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" || l == "\n" || l == "\r" { s = s.dropLast() }
        return String(s)
    }

    func replacingNewlines() -> String {
        split(separator: "\n", omittingEmptySubsequences: false).joined(separator: " ⏎ ")
    }

    func replacingQuotes() -> String { filter { $0 != "\"" && $0 != "\\" } }
}
