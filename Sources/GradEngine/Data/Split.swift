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
        guard trainFraction.isFinite, trainFraction > 0, trainFraction < 1 else {
            throw .invalidArgument(
                "split: trainFraction must be between 0 and 1, exclusive (got \(trainFraction))")
        }
        let n = count
        guard n >= 2 else {
            throw .invalidArgument(
                "split: needs at least 2 samples, one for each part (the dataset has \(n))")
        }
        let k = Int((trainFraction * Double(n)).rounded())
        guard k >= 1 else {
            throw .invalidArgument(
                "split: trainFraction \(trainFraction) of \(n) samples leaves the train part empty")
        }
        guard k < n else {
            throw .invalidArgument(
                "split: trainFraction \(trainFraction) of \(n) samples leaves the test part empty")
        }
        let order = rng.permutation(n)
        let train = try subset(Array(order[..<k]))
        let test = try subset(Array(order[k...]))
        return (train, test)
    }
}
