#if canImport(Glibc)
    import Glibc
#endif

/// One row of `RemedyTrials`: the original setting or one remedy, run once
/// per seed, with its measurements over the seeds and its verdict.
public struct TrialRow {
    /// The remedy tried; nil for the original setting.
    public let candidate: RemedyCandidate?
    public let start: TrialStart
    /// The runs that finished, in seed order.
    public let runs: [TrialRun]
    /// Whether every seed finished.
    public let complete: Bool
    /// The last epoch's training data loss per seed (+∞ for a run that diverged).
    public let loss: Estimate?
    public let accuracy: Estimate?
    /// With `val:` data: the last epoch's validation loss and accuracy per seed.
    public let validationLoss: Estimate?
    public let validationAccuracy: Estimate?
    /// The geometric mean over seeds of `TrialRun.gradientRatio`.
    public let gradientRatio: Double?
    /// Each finding found on some seed, with on how many, in the order of
    /// `Finding.Kind.allCases`.
    public let remaining: [(kind: Finding.Kind, seeds: Int)]
    /// The wall-clock seconds of its runs, added up.
    public let seconds: Double
    public internal(set) var verdict: TrialVerdict = .notJudged
    /// Why the row could not run (a change the data cannot train with, the
    /// memory budget), when it could not.
    public let failure: EngineError?

    init(
        candidate: RemedyCandidate?, start: TrialStart, runs: [TrialRun], seeds: Int,
        validation: Bool, failure: EngineError? = nil
    ) {
        self.candidate = candidate
        self.failure = failure
        self.start = start
        self.runs = runs
        complete = runs.count == seeds && runs.allSatisfy(\.finished)
        loss = Estimate(runs.map(\.loss))
        accuracy = Estimate(runs.compactMap(\.accuracy))
        validationLoss =
            validation
            ? Estimate(runs.map { $0.diverged ? .infinity : ($0.validationLoss ?? .infinity) })
            : nil
        validationAccuracy = validation ? Estimate(runs.compactMap(\.validationAccuracy)) : nil
        let ratios = runs.compactMap(\.gradientRatio).filter { $0 > 0 && $0.isFinite }
        gradientRatio =
            ratios.isEmpty ? nil : exp(ratios.map { log($0) }.reduce(0, +) / Double(ratios.count))
        remaining = Finding.Kind.allCases.compactMap { kind in
            let n = runs.filter { $0.findings.contains(kind) }.count
            return n > 0 ? (kind, n) : nil
        }
        seconds = runs.reduce(0) { $0 + $1.seconds }
    }

    /// The loss the verdict reads: the validation loss when the run had `val:`
    /// data, else the training data loss.
    public var measuredLoss: Estimate? { validationLoss ?? loss }
    /// The accuracy the verdict reads, as `measuredLoss`.
    public var measuredAccuracy: Estimate? { validationLoss != nil ? validationAccuracy : accuracy }
}
