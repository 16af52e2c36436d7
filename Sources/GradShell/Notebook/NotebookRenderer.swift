import GradLanguage

/// Draws values and errors as notebooks show them: the one place a value
/// becomes text, HTML and SVG, for the notebook export (`.ipynb`, `.md`,
/// `.html`) and the Jupyter kernel alike, so a notebook GradLab writes and the
/// same cells run in the kernel show the same things.
struct NotebookRenderer {
    /// How values are drawn as text in a notebook: Unicode, no colour, 80 columns.
    static let style = OutputStyle(unicode: true, color: false, width: OutputStyle.standardWidth)

    let interpreter: Interpreter

    /// `value` as a notebook keeps it, drawn in the notebook's style whatever
    /// the interpreter's own style is (the terminal's, in the REPL).
    func render(_ value: Value) -> NotebookValue {
        let saved = interpreter.style
        interpreter.style = NotebookRenderer.style
        // Whether values show times is the session's choice, not the format's.
        interpreter.style.times = saved.times
        defer { interpreter.style = saved }
        let text = interpreter.display(value)
        switch value {
        case .plot(let plot):
            return NotebookValue(
                text: text,
                rich: .plot(svg: plot.svg(), title: plot.title.isEmpty ? "plot" : plot.title))
        case .table(let table):
            let cells = table.rows.map { $0.cells.map(interpreter.tableCellText) }
            return NotebookValue(
                text: text,
                rich: .table(
                    NotebookTable(
                        heading: interpreter.tableHeading(table), columns: table.columns,
                        rows: cells, notes: table.notes, verdicts: table.verdicts)))
        case .model(let model):
            let summary = interpreter.modelSummaryTable(model)
            // Leading spaces would collapse in HTML and Markdown: a nested
            // layer keeps its indent as no-break spaces.
            let rows = summary.rows.map { row in
                var cells = row.cells
                if let name = cells.first {
                    let indent = name.prefix { $0 == " " }.count
                    cells[0] = String(repeating: "\u{00A0}", count: indent) + name.dropFirst(indent)
                }
                return cells
            }
            return NotebookValue(
                text: text,
                rich: .table(
                    NotebookTable(
                        heading: summary.heading, columns: ModelSummary.columns, rows: rows,
                        notes: [summary.total])))
        case .findings(let findings):
            return NotebookValue(
                text: text,
                rich: .diagnosis(
                    NotebookDiagnosis(summary: interpreter.diagnosisSummary(findings.report))))
        default:
            return NotebookValue(text: text, rich: .plain)
        }
    }

    /// The error output for an outcome that failed (nil for success): its
    /// kind, its one-line message, and its report as a script prints it, each
    /// error showing the lines of the source it names. No colour.
    func error(_ outcome: Interpreter.Outcome, in source: Source) -> NotebookError? {
        let report = ProgramReport(outcome, of: interpreter, named: source.name, color: false).lines
            .joined(separator: "\n")
        switch outcome {
        case .success:
            return nil
        case .syntaxErrors(let list):
            return NotebookError(
                name: NotebookError.syntaxName, message: list.first?.message ?? "syntax error",
                report: report)
        case .runtimeError(let d):
            return NotebookError(
                name: NotebookError.runtimeName, message: d.message, report: report)
        case .cancelled:
            return NotebookError(
                name: NotebookError.interruptedName, message: GradLabExit.interruptedMessage,
                report: report)
        }
    }
}
