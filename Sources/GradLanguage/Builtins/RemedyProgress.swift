import GradEngine

/// The live one-line display of `try_remedies`: the run and seed, its epoch
/// and loss, how far all runs are and the time left; redrawn in place at most
/// ten times a second, then, as `TrainingProgress` does, drawn once more with
/// how many runs finished and the time taken, and cleared. Updated from the
/// trial workers, one call at a time (`RemedyTrials.run` serializes them).
final class RemedyProgress {
    private let names: [String]
    private let epochs: Int
    private let sink: ((String) -> Void)?
    /// How to stop the runs, shown in brackets at the end of the line.
    private let hint: String
    private let started = TrainingProgress.now()
    private var lastDraw = 0.0
    private var drew = false

    init(names: [String], epochs: Int, sink: ((String) -> Void)?, hint: String) {
        self.names = names
        self.epochs = epochs
        self.sink = sink
        self.hint = hint
    }

    func update(_ p: RemedyTrials.Progress) {
        guard let sink else { return }
        let t = TrainingProgress.now()
        guard t - lastDraw >= 0.1 else { return }
        lastDraw = t
        let done = Double(p.steps) / Double(max(1, p.plannedSteps))
        let left = done > 0 ? max(0, (t - started) / done * (1 - done)) : 0
        let name = p.row < names.count ? names[p.row] : "row \(p.row + 1)"
        let line =
            "try_remedies: \(name), seed \(p.seed): epoch \(min(p.epoch, epochs))/\(epochs)  loss \(NumberText.compact(p.loss))  ·  \(p.runsFinished) of \(p.runs) runs done, \(Int((done * 100).rounded(.down)))%  \(Int(left.rounded()))s left  (\(hint))"
        sink("\r\u{1B}[K" + line)
        drew = true
    }

    /// Draws the final line, `finished` of `runs` runs done, then clears it.
    func finish(runsFinished finished: Int, of runs: Int) {
        if drew {
            let seconds = (TrainingProgress.now() - started) * 10
            sink?(
                "\r\u{1B}[Ktry_remedies: \(finished) of \(runs) runs done in \(formatNumber(seconds.rounded() / 10))s"
            )
        }
        if drew { sink?("\r\u{1B}[K") }
        drew = false
    }
}
