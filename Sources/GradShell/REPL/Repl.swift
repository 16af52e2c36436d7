import GradEngine
import GradLanguage

#if canImport(Glibc)
    import Glibc
#endif

/// Starts the interactive REPL on the terminal.
enum Repl {
    /// With `tour`, the session starts by stepping through that walkthrough.
    static func run(options: ScriptRunner.Options, tour: Walkthrough? = nil) -> Int32 {
        let out: (String) -> Void = { line in
            var o = StandardOutput()
            o.write(line + "\n")
        }
        let err: (String) -> Void = { line in
            var e = StandardError()
            e.write(line + "\n")
        }
        let session = ReplSession(output: out, errors: err)
        session.color = options.color
        session.environment = TerminalStyle.processEnvironment()
        session.interpreter.style = options.style
        session.interpreter.maxSteps = options.maxSteps
        session.interpreter.cancellation = Interrupts.flag
        if isatty(1) != 0 {
            session.interpreter.progress = { text in
                var o = StandardOutput()
                o.write(text)
            }
        }
        if let seed = options.seed {
            session.interpreter.seedOverride = seed
            session.interpreter.rng = RandomGenerator(seed: seed)
        }
        var historyFile = HistoryFile.defaultPath.map { HistoryFile(path: $0) }
        guard
            let editor = EditLineReader(
                entries: historyFile?.entries ?? [], limit: HistoryFile.limit)
        else {
            err("gradlab: the terminal could not be set up for line editing")
            return 69
        }
        let completer = Completer(interpreter: session.interpreter)
        editor.setCompletion { text in completer.complete(text) { choices in out("\n" + choices) } }
        Interrupts.install()
        let interpreter = session.interpreter
        var reader = PersistingReader(editor: editor, file: historyFile) {
            // The terminal may have been resized since the last entry: plots follow its width.
            if let columns = TerminalStyle.standardOutputColumns(TerminalStyle.processEnvironment())
            {
                interpreter.style.width = columns
            }
        }
        historyFile = nil
        if let tour {
            let (loaded, problems) = Tour.load(tour)
            guard let t = loaded else {
                for p in problems { err(p) }
                return ScriptRunner.Exit.syntax
            }
            session.tour = t
            out(t.introduction)
        }
        return session.run(reader: &reader)
    }
}

/// libedit's reader that also appends every entry to the history file.
private struct PersistingReader: LineReader {
    let editor: EditLineReader
    var file: HistoryFile?
    /// Called before each prompt.
    let beforePrompt: () -> Void

    mutating func readLine(prompt: String) -> LineInput {
        beforePrompt()
        Interrupts.flag.reset()
        let input = editor.readLine(prompt: prompt)
        if input == .interrupted { Interrupts.flag.reset() }
        return input
    }

    mutating func remember(_ entry: String) {
        editor.remember(entry)
        file?.append(entry)
    }
}
