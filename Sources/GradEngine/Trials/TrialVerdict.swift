/// What a row of `RemedyTrials` shows against the original, decided from the
/// numbers of every seed (docs/diagnosis.md, "Trying the remedies").
public enum TrialVerdict: Sendable, Equatable {
    /// The original setting itself.
    case original
    /// Better beyond the spread, and the findings it was suggested for gone
    /// on `seeds` of the `of` seeds.
    case fixes(seeds: Int, of: Int)
    /// Better beyond the spread, but the findings it was suggested for
    /// (`remaining`) are still found on every seed; empty when it was
    /// suggested for none (a run where nothing was found).
    case better(remaining: [Finding.Kind])
    /// The loss better beyond the spread, the accuracy worse beyond it.
    case mixed
    /// Diverged on fewer of the `of` seeds than the original (`seeds`
    /// against `original`), without a loss better beyond the spread.
    case divergesLess(seeds: Int, original: Int, of: Int)
    /// Neither better nor worse beyond the spread.
    case noMeasurableEffect
    /// Worse beyond the spread, or diverged on more seeds than the original.
    case worse
    /// Not every seed of this row, or of the original, finished (interrupted).
    case notJudged
    /// The change could not run (`TrialRow.failure` says why).
    case couldNotRun

    /// Whether it beats the original (`fixes` or `better`).
    public var beatsOriginal: Bool {
        switch self {
        case .fixes, .better: true
        case .original, .mixed, .divergesLess, .noMeasurableEffect, .worse, .notJudged,
            .couldNotRun:
            false
        }
    }

    /// The smallest change that counts: a mean loss 1% lower or higher than
    /// the original's, an accuracy 0.01 higher or lower. Smaller differences,
    /// even on every seed, are no measurable effect.
    static let smallestLossChange = 0.01
    static let smallestAccuracyChange = 0.01

    /// The verdict on a row whose runs are `runs` (the measured loss and
    /// accuracy `loss`, `accuracy`), against the original's, for a remedy
    /// suggested for `findings`.
    ///
    /// - better: every seed's loss is below every seed of the original (the
    ///   ranges do not overlap), the mean at least 1% lower, and the accuracy
    ///   not worse beyond the spread;
    /// - fixes it, k of n: better, and none of `findings` is found on k seeds;
    /// - worse: every seed's loss above every seed of the original and the
    ///   mean at least 1% higher, or the accuracy below beyond the spread, or
    ///   more seeds diverged.
    static func judge(
        loss: Estimate, accuracy: Estimate?, runs: [TrialRun],
        original: (loss: Estimate, accuracy: Estimate?), findings: [Finding.Kind]
    ) -> TrialVerdict {
        let lossBetter = loss.isWhollyBelow(original.loss, by: smallestLossChange)
        let lossWorse = original.loss.isWhollyBelow(loss, by: smallestLossChange)
        var accuracyWorse = false
        if let a = accuracy, let o = original.accuracy {
            accuracyWorse =
                a.wholly(below: o) && (o.mean ?? 0) - (a.mean ?? 0) >= smallestAccuracyChange
        }
        if lossBetter && accuracyWorse { return .mixed }
        if lossBetter {
            guard !findings.isEmpty else { return .better(remaining: []) }
            let gone = runs.filter { run in !findings.contains { run.findings.contains($0) } }.count
            return gone > 0 ? .fixes(seeds: gone, of: runs.count) : .better(remaining: findings)
        }
        if lossWorse || accuracyWorse || loss.diverged > original.loss.diverged { return .worse }
        if loss.diverged < original.loss.diverged {
            return .divergesLess(
                seeds: loss.diverged, original: original.loss.diverged, of: loss.values.count)
        }
        return .noMeasurableEffect
    }
}

extension Estimate {
    /// Whether every value of this estimate is below every value of `other`,
    /// with a mean lower than `other`'s finite mean by at least `share` of
    /// it. A diverged value is +∞: finite values are below it, and when every
    /// seed of `other` diverged, any estimate without a diverged seed is lower.
    func isWhollyBelow(_ other: Estimate, by share: Double) -> Bool {
        guard wholly(below: other), let mine = mean, diverged == 0 else { return false }
        guard let theirs = other.mean else { return true }
        return theirs - mine >= share * abs(theirs)
    }
}
