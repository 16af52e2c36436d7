import GradEngine

/// The live one-line display of `try_remedies`: the run and seed, its epoch
/// and loss, how far all runs are and the time left; redrawn in place at most
/// ten times a second, then cleared. Updated from the trial workers, one call
/// at a time (`RemedyTrials.run` serializes them).
final class RemedyProgress {
    private let names: [String]
    private let epochs: Int
    private let sink: ((String) -> Void)?
    private let started = TrainingProgress.now()
    private var lastDraw = 0.0
    private var drew = false

    init(names: [String], epochs: Int, sink: ((String) -> Void)?) {
        self.names = names
        self.epochs = epochs
        self.sink = sink
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
            "try_remedies: \(name), seed \(p.seed): epoch \(min(p.epoch, epochs))/\(epochs)  loss \(NumberText.compact(p.loss))  ·  \(p.runsFinished) of \(p.runs) runs done, \(Int((done * 100).rounded(.down)))%  \(Int(left.rounded()))s left  (Ctrl-C stops)"
        sink("\r\u{1B}[K" + line)
        drew = true
    }

    func finish() {
        if drew { sink?("\r\u{1B}[K") }
        drew = false
    }
}
