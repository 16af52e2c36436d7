/// Why a dataset cannot be split as asked.
public enum SplitProblem: Equatable, Sendable, CustomStringConvertible {
    /// The fraction is not strictly between 0 and 1.
    case fraction(SettingProblem)
    /// Fewer than 2 samples: one part would be empty whatever the fraction.
    case tooFewSamples(Int)
    /// The fraction of this many samples rounds to an empty part ("train" or "test").
    case emptyPart(String, trainFraction: Double, samples: Int)

    public var description: String {
        switch self {
        case .fraction(let p): "\(p)"
        case .tooFewSamples(let n):
            "needs at least 2 samples, one for each part (the dataset has \(n))"
        case .emptyPart(let part, let f, let n):
            "trainFraction \(f) of \(n) samples leaves the \(part) part empty"
        }
    }
}
