/// The mean, spread and extremes of each column of a tensor (the inputs or
/// the regression targets of a dataset), in Double.
struct ColumnStatistics {
    var mean: [Double]
    /// The population standard deviation.
    var std: [Double]
    var minimum: [Double]
    var maximum: [Double]

    init<S: EngineScalar>(_ t: Tensor<S>) {
        let rows = t.rows
        let columns = t.columns
        var sum = [Double](repeating: 0, count: columns)
        minimum = [Double](repeating: .infinity, count: columns)
        maximum = [Double](repeating: -.infinity, count: columns)
        for r in 0..<rows {
            let row = t.base + r * columns
            for c in 0..<columns {
                let x = Double(row[c])
                sum[c] += x
                minimum[c] = Swift.min(minimum[c], x)
                maximum[c] = Swift.max(maximum[c], x)
            }
        }
        let n = Double(Swift.max(rows, 1))
        mean = sum.map { $0 / n }
        // A second pass: stable for columns whose mean is far larger than their spread.
        var squares = [Double](repeating: 0, count: columns)
        for r in 0..<rows {
            let row = t.base + r * columns
            for c in 0..<columns {
                let d = Double(row[c]) - mean[c]
                squares[c] += d * d
            }
        }
        std = squares.map { ($0 / n).squareRoot() }
    }

    var count: Int { mean.count }

    /// Whether column `c` is far from unit scale: |mean| or std above `limit`.
    func isUnscaled(_ c: Int, limit: Double) -> Bool {
        abs(mean[c]) > limit || std[c] > limit
    }
}
