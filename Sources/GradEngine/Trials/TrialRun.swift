/// One training run of a row of `RemedyTrials`, for one seed.
public struct TrialRun {
    /// The seed of its shuffling and dropout.
    public let seed: UInt64
    public let history: History
    /// The trained network; kept for a row's first seed only (`.best.net`).
    public let network: Network<Float>?
    /// Its wall-clock time, training and diagnosis.
    public let seconds: Double
    /// What `Diagnosis.run` found on it (never `healthy`: an empty list).
    public let findings: [Finding.Kind]

    /// Whether it ran all its epochs or stopped on a non-finite value
    /// (false: interrupted).
    public var finished: Bool { history.ending != .cancelled }

    /// Whether it stopped on a non-finite value.
    public var diverged: Bool {
        if case .nonFinite = history.ending { return true }
        return false
    }

    /// The last epoch's training data loss (penalty left out, so that a run
    /// with L2 compares with one without); +∞ when it diverged.
    public var loss: Double {
        guard !diverged, let e = history.epochs.last else { return .infinity }
        return e.dataLoss
    }

    public var accuracy: Double? { diverged ? nil : history.epochs.last?.accuracy }

    /// The last epoch's validation loss, when the run had `val:` data (+∞
    /// when it diverged).
    public var validationLoss: Double? {
        guard let v = history.epochs.last?.validationLoss else { return nil }
        return diverged ? .infinity : v
    }

    public var validationAccuracy: Double? {
        diverged ? nil : history.epochs.last?.validationAccuracy
    }

    /// The first dense layer's ‖∇W‖ over the last one's, each the median of
    /// the run's recent window (as the diagnosis reads them).
    public var gradientRatio: Double? {
        guard let names = history.profile?.dense.map(\.name), let first = names.first,
            let last = names.last, first != last, let series = RecentSeries(history),
            let i = history.layerNames.firstIndex(of: first),
            let j = history.layerNames.firstIndex(of: last),
            let a = series.median(\.layerGradientNorms, layer: i),
            let b = series.median(\.layerGradientNorms, layer: j), b > 0
        else { return nil }
        return a / b
    }
}
