import GradEngine

#if canImport(Glibc)
    import Glibc
#endif

/// The live one-line display of a training run: epoch, loss, accuracy, the
/// gradient norm and its trend, and time left; redrawn in place at most ten
/// times a second. At the end it is drawn once more with the last step and
/// the time taken, then cleared: a terminal shows nothing of it afterwards,
/// while a display that keeps the last line it was given (the Jupyter
/// kernel's) shows how the run ended.
final class TrainingProgress {
    private let epochs: Int
    private let stepsPerEpoch: Int
    private let sink: ((String) -> Void)?
    /// How to stop the run, shown in brackets at the end of the line.
    private let hint: String
    /// The last step, drawn or not, for the final line.
    private var lastRecord: StepRecord?
    private let started = TrainingProgress.now()
    private var lastDraw = 0.0
    private var epoch = 1
    private var lastEpochLoss: Double?
    private var lastEpochAccuracy: Double?
    private var firstNorm: Double?
    private var drew = false
    /// Whether any line was drawn, before a pause too: then the run ends with a final line.
    private var everDrew = false

    init(epochs: Int, stepsPerEpoch: Int, sink: ((String) -> Void)?, hint: String) {
        self.epochs = epochs
        self.stepsPerEpoch = max(1, stepsPerEpoch)
        self.sink = sink
        self.hint = hint
    }

    static func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
    }

    func update(_ event: Trainer<Float>.Event) {
        guard let sink else { return }
        switch event {
        case .finding:
            break
        case .epochFinished(let e):
            epoch = e.epoch + 1
            lastEpochLoss = e.loss
            lastEpochAccuracy = e.accuracy
        case .stepFinished(let r):
            if firstNorm == nil { firstNorm = r.gradientNorm }
            lastRecord = r
            let t = TrainingProgress.now()
            guard t - lastDraw >= 0.1 else { return }
            lastDraw = t
            let done = Double(r.step)
            let total = Double(epochs * stepsPerEpoch)
            let elapsed = t - started
            let left = done > 0 ? max(0, elapsed / done * (total - done)) : 0
            sink("\r\u{1B}[K" + line(r) + "  \(Int(left.rounded()))s left  (\(hint))")
            drew = true
            everDrew = true
        }
    }

    /// The state after step `r`: epoch, loss, accuracy, gradient norm.
    private func line(_ r: StepRecord) -> String {
        var line = "epoch \(min(epoch, epochs))/\(epochs)  loss \(short(r.loss))"
        if let a = lastEpochAccuracy { line += "  acc \(short(a))" }
        line += "  |∇| \(short(r.gradientNorm))"
        if let f = firstNorm, f > 0 {
            let ratio = r.gradientNorm / f
            line += ratio < 1e-3 ? " (vanishing?)" : ratio > 1e3 ? " (exploding?)" : ""
        }
        if r.clipped { line += " clipped" }
        return line
    }

    /// Clears the line for a live finding to print on; the next step draws it again.
    func pause() {
        if drew { sink?("\r\u{1B}[K") }
        drew = false
    }

    /// Draws the final line (the last step and the time taken), then clears it.
    func finish() {
        if everDrew, let r = lastRecord {
            let seconds = (TrainingProgress.now() - started) * 10
            sink?(
                "\r\u{1B}[K" + line(r)
                    + "  \(r.step) step\(r.step == 1 ? "" : "s") in \(formatNumber(seconds.rounded() / 10))s"
            )
            sink?("\r\u{1B}[K")
        }
        drew = false
    }

    private func short(_ x: Double) -> String {
        guard x.isFinite, x != 0 else { return formatNumber(x) }
        if abs(x) >= 1e-3 && abs(x) < 1e5 {
            let scale = pow(10, Double(3 - Int(log10(abs(x)).rounded(.down))))
            return formatNumber((x * scale).rounded() / scale)
        }
        let e = Int(log10(abs(x)).rounded(.down))
        return "\(formatNumber((x / pow(10, Double(e)) * 100).rounded() / 100))e\(e)"
    }
}
