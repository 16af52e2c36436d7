/// Whether a run learns: the judgement that decides if a gradient finding is a
/// problem or only a measurement.
///
/// It reads the run's learning curve (`LearningCurve`: epochs, or slices of
/// steps for a short run) in windows of a quarter of its points, and compares
/// the loss with the baseline (the loss of the best constant prediction) and
/// the accuracy with always predicting the most frequent class:
///
/// - **learned**: the recent window closed at least `learned` of the gap
///   between knowing nothing and perfect (loss ≤ (1 − learned) × baseline, or
///   accuracy ≥ m + learned × (1 − m), m the majority share);
/// - **learning**: not there yet, but at the recent window's pace it would be
///   within `pace` more windows (live: or within what is left of the run);
/// - **impaired**: the run went non-finite, its loss grew to `loss_growth` ×
///   the baseline and `loss_rise` × where it started (diverging), or it has
///   not learned and its pace would not get it there;
/// - **too early**: a live check before a quarter of the planned steps, when
///   many runs that then train well still sit near the baseline;
/// - **unknown**: no baseline, or too few steps to have windows.
public struct LearningProgress: Sendable, Equatable {
    public enum Verdict: String, Sendable {
        case learned, learning, impaired, tooEarly, unknown
    }

    public var verdict: Verdict
    /// Whether each point of the curve is an epoch (else a slice of the steps).
    public var pointsAreEpochs: Bool
    /// Points on the curve, and how many make a window.
    public var points: Int
    public var window: Int
    /// The steps one window spans (about: slices of steps are equal to ±1).
    public var stepsPerWindow: Int
    /// Mean data loss of the run's first steps (`LearningCurve.minimumEpochs`
    /// of them), where training started.
    public var initialLoss: Double?
    /// Mean data loss of the previous and the most recent window.
    public var previousLoss: Double?
    public var recentLoss: Double?
    /// Mean accuracy of the previous and the most recent window (classification).
    public var previousAccuracy: Double?
    public var recentAccuracy: Double?
    /// The loss of the best constant prediction, and what it predicts.
    public var baseline: Double?
    public var baselinePrediction: String
    /// The accuracy of always predicting the most frequent class.
    public var majorityShare: Double?
    /// The run went non-finite.
    public var nonFinite: Bool
    /// The recent loss grew to `loss_growth` × the baseline and to `loss_rise` ×
    /// the loss of the first steps: it diverges (a loss that started that high
    /// does not: that is a loss fighting the output, not steps overshooting).
    public var diverging: Bool
    /// The recent window's loss fell less than `stall` of the previous one's,
    /// and its accuracy (if any) rose less than `stall` of what was left to 1.
    public var stalled: Bool

    /// Whether learning is impaired: gradient findings are problems then.
    /// `unknown` counts as impaired, so a run that cannot be judged keeps
    /// its findings, as before learning was judged.
    public var impaired: Bool { verdict == .impaired || verdict == .unknown }

    /// The loss level that counts as learned: (1 − learned) × the baseline.
    public func lossTarget(_ t: DiagnosisThresholds) -> Double? {
        baseline.map { (1 - t.learned) * $0 }
    }

    /// The accuracy that counts as learned: m + learned × (1 − m).
    public func accuracyTarget(_ t: DiagnosisThresholds) -> Double? {
        majorityShare.map { $0 + t.learned * (1 - $0) }
    }

    /// Judges `history`, run as `profile` says, with the thresholds `t`.
    public init(_ h: History, profile: RunProfile, thresholds t: DiagnosisThresholds) {
        let curve = LearningCurve(h)
        pointsAreEpochs = curve.pointsAreEpochs
        points = curve.count
        window = max(1, curve.count / 4)
        stepsPerWindow = curve.count > 0 ? max(1, h.steps * window / curve.count) : 0
        baseline = profile.baselineLoss.flatMap { $0 > 0 && $0.isFinite ? $0 : nil }
        baselinePrediction = profile.loss?.baselinePrediction ?? "class frequencies"
        majorityShare = profile.majorityShare
        if case .nonFinite = h.ending { nonFinite = true } else { nonFinite = false }
        let recent = curve.window(window, fromEnd: 0)
        let previous = curve.window(window, fromEnd: 1)
        initialLoss = GradEngine.mean(
            h.stepDataLoss.prefix(LearningCurve.minimumEpochs).filter(\.isFinite))
        recentLoss = recent.flatMap(curve.meanLoss)
        previousLoss = previous.flatMap(curve.meanLoss)
        recentAccuracy = recent.flatMap(curve.meanAccuracy)
        previousAccuracy = previous.flatMap(curve.meanAccuracy)
        diverging = false
        stalled = false
        verdict = .unknown
        if nonFinite {
            verdict = .impaired
            return
        }
        guard let recentLoss, h.steps >= LearningCurve.minimumEpochs else { return }
        // Learned: by the accuracy, or by a loss well below the baseline. (With
        // constant targets the baseline is 0 and only the accuracy can tell.)
        var learned = false
        if let a = recentAccuracy, let target = accuracyTarget(t), a >= target { learned = true }
        guard let baseline else {
            if learned { verdict = .learned }
            return
        }
        if let initial = initialLoss, recentLoss >= t.lossGrowth * baseline,
            recentLoss >= t.lossRise * initial
        {
            diverging = true
            verdict = .impaired
            return
        }
        if let previousLoss {
            let fell = previousLoss - recentLoss < t.stall * previousLoss
            let rose: Bool
            if let a = recentAccuracy, let b = previousAccuracy {
                rose = a - b >= t.stall * (1 - b)
            } else {
                rose = false
            }
            stalled = fell && !rose
        }
        let lossTarget = (1 - t.learned) * baseline
        let accuracyTarget = accuracyTarget(t)
        if learned || recentLoss <= lossTarget {
            verdict = .learned
            return
        }
        guard let previousLoss else { return }
        // Live: a run that has not done a quarter of its planned steps is not judged.
        let planned = profile.plannedSteps ?? h.steps
        let inProgress = h.ending == .completed && h.steps < planned
        if inProgress && h.steps * 4 < planned {
            verdict = .tooEarly
            return
        }
        // How many windows the recent pace would need to reach `learned`: at
        // most `pace` (another run as long), or what is left of a run in progress.
        let stepsPerWindow = Double(h.steps) / Double(curve.count) * Double(window)
        let left = inProgress ? Double(planned - h.steps) / stepsPerWindow : 0
        let horizon = max(t.pace, left)
        var progressing = false
        let lossFall = previousLoss - recentLoss
        if lossFall > 0, (recentLoss - lossTarget) / lossFall <= horizon { progressing = true }
        if let a = recentAccuracy, let b = previousAccuracy, let target = accuracyTarget, a > b,
            (target - a) / (a - b) <= horizon
        {
            progressing = true
        }
        verdict = progressing ? .learning : .impaired
    }
}
