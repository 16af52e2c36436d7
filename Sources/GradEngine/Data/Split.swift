extension Dataset {
    /// A random train/test split: shuffle, then cut.
    ///
    /// With n = `count` and p = `rng.permutation(n)`, the train part is the
    /// samples p[0..<k] and the test part p[k..<n], where
    /// k = round(trainFraction · n) (halves rounded away from zero). Both parts
    /// keep the shuffled order, the feature and class names, and `name`. The two
    /// parts are disjoint and together hold every sample once.
    ///
    /// - Parameters:
    ///   - trainFraction: the share of samples for training, strictly between 0 and 1.
    ///   - rng: the generator to shuffle with (it advances by one permutation).
    /// - Throws: `EngineError.invalidArgument` if the fraction is outside (0, 1) or
    ///   leaves either part empty (so at least 2 samples are needed).
    public func split(trainFraction: Double, rng: inout RandomGenerator)
        throws(EngineError) -> (train: Dataset, test: Dataset)
    {
        if let p = splitProblem(trainFraction: trainFraction) {
            throw .invalidArgument("split: \(p)")
        }
        let n = count
        let k = trainSize(trainFraction)
        let order = rng.permutation(n)
        let train = try subset(Array(order[..<k]))
        let test = try subset(Array(order[k...]))
        return (train, test)
    }

    /// Why `split(trainFraction:)` cannot cut this dataset so, or nil: the one
    /// check of a split (the language words it for its arguments).
    public func splitProblem(trainFraction: Double) -> SplitProblem? {
        let fractionRule = "between 0 and 1 (exclusive)"
        if let p = SettingProblem.check(
            "trainFraction", trainFraction, fractionRule,
            admits: {
                $0 > 0 && $0 < 1
            })
        {
            return .fraction(p)
        }
        guard count >= 2 else { return .tooFewSamples(count) }
        let k = trainSize(trainFraction)
        if k < 1 { return .emptyPart("train", trainFraction: trainFraction, samples: count) }
        if k >= count { return .emptyPart("test", trainFraction: trainFraction, samples: count) }
        return nil
    }

    /// k = round(trainFraction · n), halves away from zero.
    private func trainSize(_ trainFraction: Double) -> Int {
        Int((trainFraction * Double(count)).rounded())
    }
}
