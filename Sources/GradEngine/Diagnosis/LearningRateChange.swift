/// A change of learning rate by a factor: from the run's rate to the new one,
/// when the run's rate is known.
public struct LearningRateChange: Sendable, Equatable {
    /// The run's learning rate, if known.
    public var from: Double?
    /// How many times lower or higher.
    public var factor: Double
    /// The suggested rate, when the run's rate is known.
    public var to: Double?

    public init(from: Double?, factor: Double, to: Double?) {
        self.from = from
        self.factor = factor
        self.to = to
    }
}
