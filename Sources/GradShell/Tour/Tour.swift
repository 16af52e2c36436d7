import GradLanguage

/// A walkthrough being stepped through: its cells and how far the learner got.
///
/// A tour shows a cell (its title, prose and code), runs it in the session's
/// interpreter, and waits: the learner can inspect or change anything, and an
/// empty line (or `:next`) goes on. `:back` re-runs from the start up to the
/// previous cell; `:cells` lists them; `:quit` leaves the tour.
final class Tour {
    let walkthrough: Walkthrough
    let source: Source
    let cells: [ScriptCell]
    /// The index of the next cell to show and run.
    var next = 0

    init(walkthrough: Walkthrough, source: Source) {
        self.walkthrough = walkthrough
        self.source = source
        cells = ScriptCell.cells(of: source)
    }

    /// Loads a walkthrough; nil and the syntax errors (or file error) when it cannot run.
    static func load(_ w: Walkthrough) -> (tour: Tour?, problems: [String]) {
        switch ScriptRunner.load(w.path) {
        case .failure(let f): return (nil, [f.message])
        case .success(let source):
            let (_, diagnostics) = Parser.parse(source)
            guard diagnostics.isEmpty else {
                return (nil, diagnostics.map { $0.rendered(in: source, color: false) })
            }
            return (Tour(walkthrough: w, source: source), [])
        }
    }

    var isFinished: Bool { next >= cells.count }

    /// The tour's opening lines.
    var introduction: String {
        "\(walkthrough.title): \(cells.count) cells. Each cell is shown, then run; then the prompt is yours.\n"
            + "Enter on an empty line (or :next) runs the next cell; :back goes back one, :cells lists them, :quit leaves the tour."
    }

    /// Cell `index` as it is shown before it runs: a header, its prose (see
    /// `TerminalProse`; with `width`, running text wrapped to it), its code.
    func presentation(of index: Int, width: Int? = nil) -> String {
        let cell = cells[index]
        let title =
            cell.title.isEmpty ? (index == 0 ? "Introduction" : "Cell \(index + 1)") : cell.title
        var out = ["── \(walkthrough.name) · cell \(index + 1) of \(cells.count): \(title) ──"]
        let prose = TerminalProse.lines(cell.prose)
        out += width.map { ProseWrap.lines(prose, width: $0) } ?? prose
        let code = cell.readableCode.split(separator: "\n", omittingEmptySubsequences: false)
        if !code.isEmpty && code != [""] {
            out.append("")
            out += code.map { "    " + $0 }
        }
        out.append("")
        return out.joined(separator: "\n")
    }

    /// `:cells`: every cell, with the ones already run ticked and the next one marked.
    var cellList: String {
        cells.enumerated().map { i, c in
            let mark = i < next ? "✓" : i == next ? "→" : " "
            return
                " \(mark) \(i + 1). \(c.title.isEmpty ? (i == 0 ? "Introduction" : "Cell \(i + 1)") : c.title)"
        }.joined(separator: "\n")
    }

    /// Runs cell `index` in `interpreter`; the rendered error, if it failed.
    ///
    /// A cell keeps the walkthrough's name and its own line numbers in the
    /// file (`01-vanishing.grad:42:7`), so an error points at the line the
    /// learner can open; the learner's entries in between are `In[n]`.
    func run(_ index: Int, in interpreter: Interpreter, color: Bool) -> String? {
        let outcome = interpreter.run(cells[index], of: source)
        let report = ProgramReport(outcome, of: interpreter, named: source.name, color: color)
        return report.errors.isEmpty ? nil : report.errors.joined(separator: "\n")
    }

    /// `gradlab tour NAME` when standard input is not a terminal: every cell
    /// shown and run in order, with no pauses. Returns how the command ends.
    static func runStraightThrough(
        _ w: Walkthrough, options: SessionOptions, output: @escaping (String) -> Void,
        errors: inout some TextOutputStream
    ) -> GradLabExit {
        let (loaded, problems) = Tour.load(w)
        guard let tour = loaded else {
            for p in problems { print(p, to: &errors) }
            return .syntax
        }
        let interpreter = options.makeInterpreter(output: output)
        for i in tour.cells.indices {
            output(tour.presentation(of: i))
            if let failure = tour.run(i, in: interpreter, color: options.color) {
                print(failure, to: &errors)
                return .runtimeError
            }
            output("")
        }
        output("── end of \(w.name) ──")
        return .ok
    }
}
