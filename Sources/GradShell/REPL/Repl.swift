import GradLanguage

#if canImport(Glibc)
    import Glibc
#endif

/// Starts the interactive REPL on the terminal.
enum Repl {
    /// With `tour`, the session starts by stepping through that walkthrough.
    static func run(options: SessionOptions, tour: Walkthrough? = nil) -> GradLabExit {
        let out: (String) -> Void = { line in
            var o = StandardOutput()
            o.write(line + "\n")
        }
        let err: (String) -> Void = { line in
            var e = StandardError()
            e.write(line + "\n")
        }
        var options = options
        options.cancellation = Interrupts.flag
        if isatty(1) != 0 {
            options.progress = { text in
                var o = StandardOutput()
                o.write(text)
            }
        }
        let session = ReplSession(output: out, errors: err, options: options)
        session.environment = TerminalStyle.processEnvironment()
        var historyFile = HistoryFile.defaultPath.map { HistoryFile(path: $0) }
        guard
            let editor = EditLineReader(
                entries: historyFile?.entries ?? [], limit: HistoryFile.limit)
        else {
            err(GradLabExit.terminalUnavailableMessage)
            return .unavailable
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
                return .syntax
            }
            // The session prints the introduction after its banner.
            session.tour = t
        }
        // Wrapped prose follows the terminal's width from the first line shown.
        if let columns = TerminalStyle.standardOutputColumns(session.environment) {
            interpreter.style.width = columns
        }
        let exit = session.run(reader: &reader)
        // The last entry (`:quit`) turned the echo off; the shell gets it back.
        reader.echo.restore()
        return exit
    }
}

/// libedit's reader that also appends every entry to the history file.
private struct PersistingReader: LineReader {
    let editor: EditLineReader
    var file: HistoryFile?
    /// Called before each prompt.
    let beforePrompt: () -> Void
    /// Off while an entry runs: typed-ahead keys show once, at the next prompt.
    let echo = TypeAheadEcho()

    mutating func readLine(prompt: String) -> LineInput {
        beforePrompt()
        echo.restore()
        Interrupts.flag.reset()
        let input = editor.readLine(prompt: prompt)
        if input == .interrupted { Interrupts.flag.reset() }
        if case .line = input { echo.suppress() }
        return input
    }

    mutating func remember(_ entry: String) {
        editor.remember(entry)
        file?.append(entry)
    }

    var hasPendingInput: Bool { editor.hasPendingInput }
}
