/// The findings about the run as a whole: plateau, unstable updates, clipping
/// always active, and the evidence of a healthy run.
extension Checks {
    /// A loss that stays high and flat: learning impaired, the recent window's
    /// loss at or above `plateau` × the baseline, and stalled (it fell less than
    /// `stall` of the previous window's). A loss that converged low, or falls
    /// slowly but at a pace that gets it there, is not a plateau.
    func plateau() -> Finding? {
        guard history != nil, let l = learning, l.verdict == .impaired, !l.nonFinite, l.stalled,
            let baseline = l.baseline, let recent = l.recentLoss, let previous = l.previousLoss,
            recent >= t.plateau * baseline
        else { return nil }
        let span = windowText(l)
        var evidence = [
            "the loss stayed at \(c(recent)) over the last \(span), \(c(recent / baseline)) × the \(c(baseline)) of always predicting the training \(l.baselinePrediction) (above \(NumberText.plain(t.plateau)))",
            "it fell \(NumberText.percent(max(0, (previous - recent) / previous))) from the \(span) before (less than \(NumberText.percent(t.stall)))",
        ]
        if let a = l.recentAccuracy, let m = l.majorityShare {
            evidence.append(
                "accuracy \(c(a)), against the \(c(m)) of always predicting the most frequent class"
            )
        }
        return Finding(kind: .plateau, evidence: evidence, remedies: remedies.plateau())
    }

    /// "5 epochs" or "120 steps": one window of the learning curve.
    func windowText(_ l: LearningProgress) -> String {
        if l.pointsAreEpochs { return "\(l.window) epoch\(l.window == 1 ? "" : "s")" }
        let steps = max(1, (history?.steps ?? 0) * l.window / max(l.points, 1))
        return "\(steps) step\(steps == 1 ? "" : "s")"
    }

    /// An accuracy (for regression, 1 − loss / baseline) that swings, as
    /// AUTOTRAINER's oscillating-loss check reads it: its local peaks and
    /// troughs, paired in order, differ by `oscillation` or more on more than
    /// `oscillation_share` of the epochs. Epochs only: slices of steps would
    /// count batch noise.
    func oscillation() -> Finding? {
        guard let h = history, let l = learning else { return nil }
        let curve = LearningCurve(h)
        // A pattern needs epochs: over 8, a fifth is two swings, which an
        // accuracy at chance makes from sampling noise alone (a live check
        // on a plateaued run saw it); over 16 it takes four.
        guard curve.pointsAreEpochs, curve.count >= 2 * LearningCurve.minimumEpochs else {
            return nil
        }
        let score: [Double]
        var what = "accuracy"
        if curve.accuracy.allSatisfy({ $0 != nil }) {
            score = curve.accuracy.compactMap { $0 }
        } else if let baseline = l.baseline {
            score = curve.loss.map { 1 - $0 / baseline }
            what = "1 − loss / baseline"
        } else {
            return nil
        }
        guard score.allSatisfy(\.isFinite) else { return nil }
        var peaks: [Double] = []
        var troughs: [Double] = []
        for i in score.indices.dropFirst().dropLast() {
            let (before, x, after) = (score[i - 1], score[i], score[i + 1])
            if x >= before && x >= after { peaks.append(x) }
            if x <= before && x <= after { troughs.append(x) }
        }
        let swings = zip(peaks, troughs).map { abs($0 - $1) }.filter { $0 >= t.oscillation }
        guard Double(swings.count) > t.oscillationShare * Double(score.count),
            let largest = swings.max()
        else { return nil }
        return Finding(
            kind: .oscillation,
            evidence: [
                "the \(what) rose and fell by \(NumberText.plain(t.oscillation)) or more \(swings.count) times in \(score.count) epochs (more than \(NumberText.percent(t.oscillationShare)) of them); the largest swing was \(c(largest))"
            ], remedies: remedies.lowerLearningRate())
    }

    /// Updates far from ~1e-3 of the weights over most recent steps. Too-small
    /// updates that dead units or vanishing gradients explain are left to those findings.
    func unstableUpdates(lowExplained: Bool) -> Finding? {
        guard let h = history, h.steps >= 8, let series = RecentSeries(h),
            !h.layerUpdateToData.isEmpty
        else { return nil }
        // Dense weights only: a batch norm γ starts with every value 1, so its
        // spread, the ratio's denominator, is near 0 and the ratio meaningless.
        let denseNames = Set(profile.dense.map(\.name))
        let denseColumns = h.layerNames.indices.filter { denseNames.contains(h.layerNames[$0]) }
        var high = 0
        var low = 0
        var largest: [Double] = []
        for s in series.rows {
            let row = series.row(\.layerUpdateToData, s)
            let ratios = denseColumns.compactMap { $0 < row.count ? row[$0] : nil }.filter(
                \.isFinite)
            guard let m = ratios.max() else { continue }
            largest.append(m)
            if m > t.updateHigh { high += 1 } else if m < t.updateLow { low += 1 }
        }
        let n = series.rows.count
        guard let med = median(largest) else { return nil }
        if high * 2 > n {
            return Finding(
                kind: .unstableUpdates,
                evidence: [
                    "the largest layer update:data was above \(NumberText.plain(t.updateHigh)) in \(high) of the last \(n) steps (median \(c(med)); ~1e-3 is healthy)"
                ], remedies: remedies.lowerLearningRate())
        }
        if low * 2 > n && !lowExplained {
            return Finding(
                kind: .unstableUpdates,
                evidence: [
                    "even the largest layer update:data was below \(NumberText.plain(t.updateLow)) in \(low) of the last \(n) steps (median \(c(med)); ~1e-3 is healthy)"
                ], remedies: remedies.raiseLearningRate())
        }
        return nil
    }

    func clippingActive() -> Finding? {
        // The second half of the run: early steps often clip while the loss is large.
        guard let h = history, profile.clipping != nil, h.steps >= 64 else { return nil }
        let recent = h.stepClipped[(h.steps / 2)...]
        let fired = recent.filter { $0 }.count
        guard Double(fired) > t.clipping * Double(recent.count) else { return nil }
        return Finding(
            kind: .clippingActive,
            evidence: [
                "clipping fired on \(fired) of the last \(recent.count) steps (above \(NumberText.percent(t.clipping)))"
            ], clipping: ClippingTelemetry(h, clipping: profile.clipping),
            remedies: remedies.clippingActive())
    }

    func healthyEvidence() -> [String] {
        var lines: [String] = []
        if let top = dense.max(by: { $0.norm < $1.norm }),
            let low = dense.min(by: { $0.norm < $1.norm }), top.norm > 0
        {
            lines.append(
                "‖∇W‖ from \(c(low.norm)) (\(low.name)) to \(c(top.norm)) (\(top.name)): within ×\(c(top.norm / max(low.norm, .leastNonzeroMagnitude))) across \(dense.count) layers"
            )
        }
        if let h = history, let line = lossChange(h) { lines.append(line) }
        return lines
    }

    /// How the loss changed over the run, in the figures the history shows:
    /// each epoch's mean loss, first and last (its summary line, "loss 0.92 →
    /// 0.46"); for a run of fewer than 2 epochs, the mean loss of the first and
    /// of the last of `LearningCurve.minimumEpochs` equal slices of its steps.
    /// Never one batch's loss: a single batch can say the loss did not move
    /// when the epochs say it halved.
    func lossChange(_ h: History) -> String? {
        if let first = h.epochs.first, let last = h.epochs.last, h.epochs.count >= 2 {
            return
                "the loss, averaged over each epoch, went from \(c(first.loss)) in epoch \(first.epoch) to \(c(last.loss)) in epoch \(last.epoch) (\(h.steps) steps)"
        }
        let slice = h.steps / LearningCurve.minimumEpochs
        guard slice >= 1, let first = mean(Array(h.stepLoss.prefix(slice))),
            let last = mean(Array(h.stepLoss.suffix(slice))), first.isFinite, last.isFinite
        else { return nil }
        return
            "the loss, averaged over \(slice) step\(slice == 1 ? "" : "s"), went from \(c(first)) over the first \(slice) to \(c(last)) over the last \(slice) (\(h.steps) steps)"
    }
}
