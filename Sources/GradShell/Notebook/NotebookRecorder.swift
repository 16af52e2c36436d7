import GradLanguage

/// Runs code through one interpreter and keeps what it shows as notebook outputs.
///
/// Once made, the recorder owns the interpreter's `output` and `richDisplay`:
/// printed lines and displayed values still reach `echo` (the terminal) as
/// they would without it, drawn in the interpreter's own style, and inside
/// `capture` they are also kept: printed lines as text, displayed values
/// rendered for the notebook (Unicode, no colour, 80 columns; plots also as
/// SVG, tables also as cells, by `NotebookRenderer`). `gradlab run --notebook` records a whole script
/// with `record(script:)`; the REPL captures each entry.
final class NotebookRecorder {
    let interpreter: Interpreter
    /// Draws values and errors for the notebook.
    private let renderer: NotebookRenderer
    private let echo: (String) -> Void
    /// The outputs of the code running now; nil outside `capture`.
    private var captured: [NotebookOutput]?

    init(interpreter: Interpreter, echo: @escaping (String) -> Void) {
        self.interpreter = interpreter
        self.renderer = NotebookRenderer(interpreter: interpreter)
        self.echo = echo
        interpreter.output = { [weak self] line in
            guard let self else { return }
            self.echo(line)
            self.captured?.appendText(line)
        }
        interpreter.richDisplay = { [weak self] value in
            guard let self else { return false }
            self.echo(self.interpreter.display(value))
            if self.captured != nil {
                self.captured?.append(.value(self.render(value), isResult: false))
            }
            return true
        }
    }

    /// Runs `body`, keeping what the interpreter shows meanwhile.
    func capture<T>(_ body: () -> T) -> (result: T, outputs: [NotebookOutput]) {
        let outer = captured
        captured = []
        let result = body()
        let outputs = captured ?? []
        captured = outer
        return (result, outputs)
    }

    /// `value` as the notebook keeps it, drawn in the notebook's style.
    func render(_ value: Value) -> NotebookValue { renderer.render(value) }

    /// The error output for an outcome that failed (none for success): its
    /// report as a script prints it, each error showing the lines of the
    /// source it names.
    func errorOutputs(_ outcome: Interpreter.Outcome, in source: Source) -> [NotebookOutput] {
        renderer.error(outcome, in: source).map { [.error($0)] } ?? []
    }

    /// Runs the script `source` cell by cell and records it as a notebook.
    ///
    /// The whole script is parsed first: with syntax errors nothing runs and
    /// the notebook is nil. Otherwise each `#%%` cell (and the text before the
    /// first marker) gives a Markdown cell of its title and prose and a code
    /// cell of its code, run alone with the file's line numbers; a cell's
    /// last expression is its result (`Out[n]`). After a runtime error the
    /// later cells are kept, not run. The outcome is the first error, or success.
    func record(script source: Source) -> (notebook: Notebook?, outcome: Interpreter.Outcome) {
        let (_, diagnostics) = Parser.parse(source)
        guard diagnostics.isEmpty else { return (nil, .syntaxErrors(diagnostics)) }
        var cells: [NotebookCell] = []
        var outcome = Interpreter.Outcome.success
        var failed = false
        var count = 0
        for cell in ScriptCell.cells(of: source) {
            var prose: [String] = []
            if !cell.title.isEmpty { prose.append("## " + cell.title) }
            let text = NotebookRecorder.trimmingBlankLines(cell.prose)
            if !text.isEmpty { prose.append(text.joined(separator: "\n")) }
            if !prose.isEmpty { cells.append(.markdown(prose.joined(separator: "\n\n"))) }

            // What the reader sees: no #! line, no test annotations.
            let code = cell.readableCode
            guard !code.isEmpty else { continue }
            if failed {
                cells.append(.notRun(code))
                continue
            }
            count += 1
            let (ran, printed) = capture { interpreter.runEntry(cell, of: source) }
            var outputs = printed
            if let value = ran.lastValue {
                echo(interpreter.display(value))
                outputs.append(.value(render(value), isResult: true))
            }
            outputs += errorOutputs(ran.outcome, in: source)
            cells.append(.code(code, executionCount: count, outputs: outputs))
            if case .success = ran.outcome { continue }
            outcome = ran.outcome
            failed = true
        }
        let name = source.name.split(separator: "/").last.map(String.init) ?? source.name
        return (Notebook(cells: cells, fallbackTitle: name), outcome)
    }

    /// `lines` without the blank lines at either end.
    static func trimmingBlankLines(_ lines: [String]) -> [String] {
        var lines = lines[...]
        func isBlank(_ line: String) -> Bool { line.allSatisfy { $0 == " " || $0 == "\t" } }
        while lines.first.map(isBlank) == true { lines = lines.dropFirst() }
        while lines.last.map(isBlank) == true { lines = lines.dropLast() }
        return Array(lines)
    }
}
