/// What a model is trained to predict for each sample.
public enum Targets<Scalar: EngineScalar> {
    /// Class labels in 0..<count, one per sample.
    case classes([Int], count: Int)
    /// Real-valued targets, one row per sample (regression, or 0/1 for bce).
    case values(Tensor<Scalar>)
}

/// Samples (rows of `x`) with their targets.
public struct Dataset<Scalar: EngineScalar> {
    /// Inputs, one row per sample.
    public let x: Tensor<Scalar>
    public let targets: Targets<Scalar>
    /// Names of the input columns (from a CSV header, or x1, x2, ...).
    public let featureNames: [String]
    /// Names of the classes, for classification (CSV text labels, or "0", "1", ...).
    public let classNames: [String]
    /// The name of the target column: the CSV column it was read from, or
    /// `CSVLoader.defaultTarget` ("label"), the column `csv()` reads by default.
    public let targetName: String
    /// Where the data came from, e.g. "spiral" or the CSV path.
    public let name: String

    /// A dataset; the targets must have one entry per row of `x`, labels in range.
    public init(
        x: Tensor<Scalar>, targets: Targets<Scalar>, featureNames: [String]? = nil,
        classNames: [String]? = nil, targetName: String = CSVLoader.defaultTarget,
        name: String = "data"
    ) throws(EngineError) {
        switch targets {
        case .classes(let labels, let count):
            guard labels.count == x.rows else {
                throw .shapeMismatch("\(x.rows) samples but \(labels.count) labels")
            }
            guard count > 0 else {
                throw .invalidData("a classification dataset needs at least 1 class")
            }
            if let bad = labels.first(where: { $0 < 0 || $0 >= count }) {
                throw .invalidData("label \(bad) is outside 0..<\(count)")
            }
        case .values(let y):
            guard y.rows == x.rows else {
                throw .shapeMismatch("\(x.rows) samples but \(y.rows) target rows")
            }
        }
        self.x = x
        self.targets = targets
        self.featureNames = featureNames ?? (0..<x.columns).map { "x\($0 + 1)" }
        if case .classes(_, let k) = targets {
            self.classNames = classNames ?? (0..<k).map(String.init)
        } else {
            self.classNames = []
        }
        self.targetName = targetName
        self.name = name
    }

    /// The number of samples.
    public var count: Int { x.rows }
    /// The number of input features.
    public var features: Int { x.columns }
    /// Whether targets are class labels.
    public var isClassification: Bool {
        if case .classes = targets { return true }
        return false
    }
    /// The output width a model needs: the class count, or the target columns.
    public var targetWidth: Int {
        switch targets {
        case .classes(_, let k): k
        case .values(let y): y.columns
        }
    }

    /// The samples at `indices`, in that order.
    public func subset(_ indices: [Int]) throws(EngineError) -> Dataset {
        let xs = try Tensor<Scalar>(rows: indices.count, columns: x.columns)
        xs.gatherRows(from: x, indices: indices[...])
        let t: Targets<Scalar>
        switch targets {
        case .classes(let labels, let k):
            t = .classes(indices.map { labels[$0] }, count: k)
        case .values(let y):
            let ys = try Tensor<Scalar>(rows: indices.count, columns: y.columns)
            ys.gatherRows(from: y, indices: indices[...])
            t = .values(ys)
        }
        return try Dataset(
            x: xs, targets: t, featureNames: featureNames,
            classNames: isClassification ? classNames : nil, targetName: targetName, name: name)
    }

    /// The same data in another scalar type.
    public func converted<T: EngineScalar>(to: T.Type = T.self) -> Dataset<T> {
        let t: Targets<T>
        switch targets {
        case .classes(let l, let k): t = .classes(l, count: k)
        case .values(let y): t = .values(y.converted(to: T.self))
        }
        // Shapes are unchanged, so the checks cannot fail.
        return Dataset<T>(
            unchecked: x.converted(to: T.self), targets: t, featureNames: featureNames,
            classNames: classNames, targetName: targetName, name: name)
    }

    init(
        unchecked x: Tensor<Scalar>, targets: Targets<Scalar>, featureNames: [String],
        classNames: [String], targetName: String, name: String
    ) {
        self.x = x
        self.targets = targets
        self.featureNames = featureNames
        self.classNames = classNames
        self.targetName = targetName
        self.name = name
    }
}
