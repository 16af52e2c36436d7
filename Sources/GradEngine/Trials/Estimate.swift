/// A measurement over several seeds: each seed's value, their mean and their
/// spread. A loss of a run that went non-finite is +∞.
public struct Estimate: Sendable, Equatable {
    /// One value per seed, in seed order.
    public let values: [Double]

    /// Nil when there is no value.
    public init?(_ values: [Double]) {
        guard !values.isEmpty else { return nil }
        self.values = values.map { $0.isNaN ? .infinity : $0 }
    }

    /// The values that are finite.
    public var finite: [Double] { values.filter(\.isFinite) }
    /// How many are not finite (runs that diverged).
    public var diverged: Int { values.count - finite.count }

    /// The mean of the finite values (nil when none is).
    public var mean: Double? { GradEngine.mean(finite) }

    /// Half the range of the finite values, (largest − smallest) / 2: with
    /// the mean it gives `mean ± spread` as a table shows it.
    public var spread: Double? {
        guard let lo = finite.min(), let hi = finite.max() else { return nil }
        return (hi - lo) / 2
    }

    public var lowest: Double { values.min() ?? .infinity }
    public var highest: Double { values.max() ?? .infinity }

    /// Whether every value is below every value of `other`: the ranges do not
    /// overlap, this one lower.
    public func wholly(below other: Estimate) -> Bool { highest < other.lowest }
}
