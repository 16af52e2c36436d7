import GradLanguage

/// `:tour NAME` and the commands inside a tour.
extension ReplSession {
    /// Starts the walkthrough `name` in a fresh session (or lists them when `name` is empty).
    func startTour(_ name: String) {
        guard let folder = Walkthrough.folder(environment: environment) else {
            printError(
                "the walkthroughs folder was not found beside the gradlab executable; set GRADLAB_WALKTHROUGHS to it"
            )
            return
        }
        let list = Walkthrough.all(in: folder)
        guard !name.isEmpty else {
            print(Walkthrough.listing(list, width: interpreter.style.width))
            return
        }
        guard let w = Walkthrough.find(name, in: list) else {
            var m = "no walkthrough '\(name)'"
            if let near = Walkthrough.suggestion(for: name, in: list) {
                m += ": did you mean '\(near)'?"
            }
            printError(m + " (:tour lists them)")
            return
        }
        let (loaded, problems) = Tour.load(w)
        guard let t = loaded else {
            for p in problems { printError(p) }
            return
        }
        interpreter.resetGlobals()
        tour = t
        beginTour()
    }

    /// The tour's introduction and its first cell (after the banner, when the
    /// session starts with a tour).
    func beginTour() {
        guard let t = tour else { return }
        let lines = t.introduction.split(separator: "\n").map(String.init)
        print(ProseWrap.lines(lines, width: interpreter.style.width).joined(separator: "\n"))
        showNextCell()
    }

    /// Shows and runs the next cell of the tour; ends the tour after the last.
    func showNextCell() {
        guard let t = tour else { return }
        guard !t.isFinished else {
            print(
                "── end of \(t.walkthrough.name) ── the session keeps its state; :tour lists the other walkthroughs"
            )
            tour = nil
            return
        }
        print(t.presentation(of: t.next, width: interpreter.style.width))
        if let failure = t.run(t.next, in: interpreter, color: color) { printError(failure) }
        t.next += 1
        if t.isFinished {
            print(
                "── end of \(t.walkthrough.name) ── the session keeps its state; :tour lists the other walkthroughs"
            )
            tour = nil
        } else {
            print("(Enter: cell \(t.next + 1) of \(t.cells.count) · :back · :cells · :quit)")
        }
    }

    /// `:back`: a fresh session, the cells before the previous one re-run
    /// quietly (nothing shown but a note, or an error), then the previous cell
    /// shown and run again.
    func goBack(_ t: Tour) {
        let target = max(0, t.next - 2)
        interpreter.resetGlobals()
        for i in 0..<target {
            if let failure = quietly({ t.run(i, in: interpreter, color: color) }) {
                printError(failure)
                return
            }
        }
        t.next = target
        if target == 1 { print("(re-ran cell 1 quietly)") }
        if target > 1 { print("(re-ran cells 1–\(target) quietly)") }
        showNextCell()
    }

    /// Runs `body` with everything the interpreter shows dropped: printed
    /// lines, the progress line, and displayed values (a cell ending in `net`
    /// shows its model table through `richDisplay`, not `output`).
    private func quietly<T>(_ body: () -> T) -> T {
        let (output, progress, richDisplay) = (
            interpreter.output, interpreter.progress, interpreter.richDisplay
        )
        interpreter.output = { _ in }
        interpreter.progress = nil
        interpreter.richDisplay = { _ in true }
        defer {
            interpreter.output = output
            interpreter.progress = progress
            interpreter.richDisplay = richDisplay
        }
        return body()
    }
}
