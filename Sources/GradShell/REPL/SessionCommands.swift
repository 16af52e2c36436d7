import GradLanguage

/// What the `:` commands that the REPL and the Jupyter kernel share say and
/// do (`:vars`, `:help NAME`, `:reset`, `:time`, `:history`): written once,
/// so that a cell and a REPL entry answer alike.
enum SessionCommands {
    /// `:vars`: one line per name the session defined, with its kind and the
    /// first line of its value (cut at 70 characters).
    static func variables(of interpreter: Interpreter) -> [String] {
        let bindings = interpreter.globalBindings.filter { $0.name != Interpreter.lastResultName }
        if bindings.isEmpty { return ["no names defined yet"] }
        return bindings.map { name, value in
            let summary =
                interpreter.display(value).split(separator: "\n").first.map(String.init) ?? ""
            let shown = summary.count > 70 ? String(summary.prefix(67)) + "..." : summary
            return "  \(name): \(value.typeName) = \(shown)"
        }
    }

    /// `:help NAME`: what `help("NAME")` prints, from an interpreter of its own.
    static func help(_ topic: String) -> String {
        documentation(topic) ?? "no help for '\(topic)'"
    }

    /// What `help("NAME")` prints, or nil when `topic` is no builtin or named value.
    static func documentation(_ topic: String) -> String? {
        var out: [String] = []
        let i = Interpreter(output: { out.append($0) })
        let outcome = i.run(Source(name: "<help>", text: "help(\"\(topic.replacingQuotes())\")"))
        guard case .success = outcome, !out.isEmpty else { return nil }
        return out.joined(separator: "\n")
    }

    /// `:reset`: forgets every name the session defined; returns what to say.
    static func reset(_ interpreter: Interpreter) -> String {
        interpreter.resetGlobals()
        return "session reset: every name is forgotten"
    }

    /// What `:time` without an entry says.
    static let timeNeedsEntry = ":time needs an entry to run, e.g. :time train(net, data)"

    /// The line `:time` ends with: "time: 12 ms", "time: 3.5 s".
    static func elapsed(_ seconds: Double) -> String {
        "time: \(seconds < 1 ? "\(Int((seconds * 1000).rounded())) ms" : "\((seconds * 100).rounded() / 100) s")"
    }

    /// `:history`: each entry on one line after its number (`3: let x = 1 ⏎ x`).
    static func historyLines(_ entries: [(number: Int, text: String)]) -> [String] {
        entries.map { "\($0.number): \($0.text.replacingNewlines())" }
    }

    /// What an unknown `:name` says, with the nearest of `known` when one is close.
    static func unknown(_ name: String, among known: [String]) -> String {
        var message = "unknown command ':\(name)'"
        if let near = nearestName(name, among: known) {
            message += ": did you mean ':\(near)'?"
        }
        return message + " (:help lists the commands)"
    }
}
