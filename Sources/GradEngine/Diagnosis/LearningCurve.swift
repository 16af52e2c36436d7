/// A run's learning curve as the learning checks read it: its data loss and
/// accuracy in points that each average one epoch, or, for a run of fewer than
/// `minimumEpochs` epochs, an equal share of its steps.
///
/// Epochs, not steps: one batch's loss is noisy, and the question is whether
/// the network learns from one pass over the data to the next. A run too short
/// for that (one epoch of 5000 steps, or 3 epochs) falls back to `minimumEpochs`
/// equal slices of its steps, so the same windows exist for every run.
struct LearningCurve {
    /// Whether each point is an epoch (else a slice of steps).
    let pointsAreEpochs: Bool
    /// The mean data loss of each point.
    let loss: [Double]
    /// The mean accuracy of each point (nil when the loss measures none).
    let accuracy: [Double?]

    /// Below this many completed epochs, points are slices of the steps.
    static let minimumEpochs = 8

    init(_ h: History) {
        let epochs = h.epochs
        if epochs.count >= Self.minimumEpochs {
            pointsAreEpochs = true
            loss = epochs.map(\.dataLoss)
            accuracy = epochs.map(\.accuracy)
            return
        }
        pointsAreEpochs = false
        let steps = h.steps
        let count = min(Self.minimumEpochs, steps)
        var loss: [Double] = []
        var accuracy: [Double?] = []
        for j in 0..<count {
            let range = (j * steps / count)..<((j + 1) * steps / count)
            loss.append(GradEngine.mean(h.stepDataLoss[range].filter(\.isFinite)) ?? .nan)
            let right = range.compactMap { $0 < h.stepAccuracy.count ? h.stepAccuracy[$0] : nil }
            accuracy.append(GradEngine.mean(right.filter(\.isFinite)))
        }
        self.loss = loss
        self.accuracy = accuracy
    }

    var count: Int { loss.count }

    /// The points of one window over the curve: `window` points ending
    /// `fromEnd` windows before the last point (0: the most recent window).
    func window(_ size: Int, fromEnd: Int) -> Range<Int>? {
        let upper = count - fromEnd * size
        let lower = upper - size
        guard size > 0, lower >= 0 else { return nil }
        return lower..<upper
    }

    /// The mean loss over `range`, nil unless every value is finite.
    func meanLoss(_ range: Range<Int>) -> Double? {
        let values = Array(loss[range])
        guard values.allSatisfy(\.isFinite) else { return nil }
        return GradEngine.mean(values)
    }

    /// The mean accuracy over `range`, nil when a point has none.
    func meanAccuracy(_ range: Range<Int>) -> Double? {
        let values = accuracy[range].compactMap { $0 }
        guard values.count == range.count else { return nil }
        return GradEngine.mean(values)
    }
}
