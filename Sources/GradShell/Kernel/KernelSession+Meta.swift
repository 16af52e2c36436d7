import GradLanguage

/// The `:` commands in a cell: those that make sense in a notebook work as in
/// the REPL (through `SessionCommands`, the REPL's own code); the others
/// answer with what to use instead.
extension KernelSession {
    /// The commands a cell may be.
    static let cellCommands = ["vars", "time", "help", "reset", "history", "load"]

    /// The REPL's commands that a notebook does another way: for each, what
    /// to use instead.
    static let replOnlyCommands: [String: String] = {
        let quit =
            "a notebook's kernel stops from Jupyter (Kernel ▸ Shut Down Kernel, or closing the notebook)"
        let tour =
            "a walkthrough opens as a notebook: gradlab run walkthroughs/NAME.grad --notebook NAME.ipynb, then open NAME.ipynb (gradlab tour lists the walkthroughs)"
        return [
            "quit": quit, "q": quit, "exit": quit,
            "save":
                "Jupyter saves the notebook (File ▸ Save Notebook); File ▸ Save and Export Notebook As ▸ Executable Script writes its code as a .grad script",
            "notebook":
                "this is a notebook already: File ▸ Save and Export Notebook As ▸ HTML or Markdown writes it in another format",
            "tour": tour, "next": tour, "back": tour, "cells": tour,
        ]
    }()

    /// The `ename` of a `:` command that cannot run: unknown, the REPL's
    /// only, or without what it needs (IPython's name for a bad magic).
    static let usageErrorName = "UsageError"

    /// Runs the `:` command that cell `cell` is.
    func run(_ command: MetaCommand, in cell: KernelCell, _ outputs: KernelCellOutputs)
        -> KernelExecution.Status
    {
        let name = command.name
        let argument = command.argument
        if name != "time" && cell.code.trimmingCharacters().contains("\n") {
            return KernelSession.usage(
                ":\(name) stands alone in its cell (only :time takes the lines after it); put the code in a cell of its own"
            )
        }
        switch name {
        case "vars":
            outputs.say(SessionCommands.variables(of: interpreter))
        case "reset":
            outputs.say([SessionCommands.reset(interpreter)])
        case "help":
            outputs.say([argument.isEmpty ? KernelSession.helpText : SessionCommands.help(argument)]
            )
        case "history":
            // The cells before this one, as many as asked (20 by default).
            let earlier = cell.numbered ? history.entries.dropLast() : history.entries[...]
            let recent = earlier.suffix(max(0, Int(argument) ?? 20))
            outputs.say(SessionCommands.historyLines(recent.map { ($0.line, $0.input) }))
        case "time":
            guard !argument.isEmpty else {
                return KernelSession.usage(SessionCommands.timeNeedsEntry)
            }
            let stopwatch = Stopwatch()
            let status = runCode(argument, of: cell, outputs)
            outputs.say([SessionCommands.elapsed(stopwatch.seconds)])
            return status
        case "load":
            return load(argument, outputs)
        default:
            if let instead = KernelSession.replOnlyCommands[name] {
                return KernelSession.usage(":\(name) is the REPL's: \(instead)")
            }
            return KernelSession.usage(
                SessionCommands.unknown(
                    name,
                    among: KernelSession.cellCommands + KernelSession.replOnlyCommands.keys.sorted()
                ))
        }
        return .ok
    }

    /// `:load FILE`: runs a script into the session, as the REPL's `:load`
    /// does (a relative path is read from the kernel's folder, the notebook's).
    private func load(_ path: String, _ outputs: KernelCellOutputs) -> KernelExecution.Status {
        guard !path.isEmpty else {
            return KernelSession.usage(":load needs a file, e.g. :load model.grad")
        }
        switch ScriptRunner.load(path) {
        case .failure(let f):
            return KernelSession.usage(f.message)
        case .success(let source):
            let outcome = interpreter.run(source)
            outputs.finish()
            if let error = renderer.error(outcome, in: source) { return error.status }
            outputs.say(["loaded \(path)"])
            return .ok
        }
    }

    /// A `:` command that cannot run: its message as the error's value and traceback.
    static func usage(_ message: String) -> KernelExecution.Status {
        .error(ename: usageErrorName, evalue: message, traceback: [message])
    }

    /// `:help` in a cell: the commands a notebook has.
    static let helpText = """
        Type GradLab code in a cell and run it (Shift-Enter); the cell's last value is
        its result, Out[n] (the last one is `_`, earlier ones Out[n]). Tab completes
        names, argument labels and members; Shift-Tab shows help for the name at the
        cursor; the ■ button (Kernel ▸ Interrupt) stops a running cell.
        Commands, each alone in a cell:
          :help [name]      this text, or a builtin's documentation (as help(name))
          :vars             the names you have defined
          :reset            forget every name
          :time CODE        run CODE (the rest of the cell) and show how long it took
          :history [n]      the last n cells run (default 20)
          :load FILE        run a script into this session
        The REPL's :quit, :save, :notebook and :tour are done by Jupyter here.
        """
}
