#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Synthetic two-dimensional datasets (and one 1-D regression) for studying how
/// gradients behave on problems of known shape.
///
/// Every generator takes `points`, the total number of samples, and draws all its
/// randomness from `rng`, so one seed gives bit-identical data. The arithmetic is
/// done in `Double` and converted to `Scalar` once at the end. Classification
/// samples come in class order (class 0 first); shuffle with `Dataset.split` or
/// the trainer. Arguments are checked, and a bad one throws
/// `EngineError.invalidArgument` naming the generator and the argument.
///
/// `linspace(a, b, m)` below means NumPy's: `a + i·(b − a)/(m − 1)` for
/// i = 0..<m, with the last value exactly `b` (and just `[a]` when m = 1).
public enum DataGenerator {
    /// The most points any generator makes (keeps a typo from allocating gigabytes).
    public static let maxPoints = 10_000_000

    /// Interleaved spiral arms, one per class (the CS231n "spiral" dataset).
    ///
    /// Arm j (0 ≤ j < classes) has m_j points: `points / classes`, plus one more
    /// for the first `points % classes` arms, so the arms add up to `points`.
    /// Point i of arm j is
    ///
    ///     r = linspace(0, 1, m_j)[i]
    ///     t = linspace(4j, 4(j+1), m_j)[i] + noise · z,   z ~ N(0, 1)
    ///     x = (r · sin t, r · cos t),   label j
    ///
    /// so `noise` jitters the angle (in radians), not the position.
    ///
    /// - Parameters:
    ///   - points: total samples, in `classes...maxPoints`.
    ///   - classes: number of arms, at least 2.
    ///   - noise: standard deviation of the angle noise, finite and ≥ 0.
    public static func spiral<Scalar: EngineScalar>(
        points: Int, classes: Int, noise: Double = 0.2, rng: inout RandomGenerator,
        as scalar: Scalar.Type = Scalar.self
    ) throws(EngineError) -> Dataset<Scalar> {
        let g = "spiral"
        try checkClasses(g, classes)
        try checkPoints(g, points, minimum: classes, why: "classes (\(classes)), one per class")
        try checkNoise(g, noise)
        try MemoryBudget.checkDataset(
            g, samples: points, features: 2, scalarSize: MemoryLayout<Scalar>.stride)
        var x = [Double]()
        var labels = [Int]()
        x.reserveCapacity(2 * points)
        labels.reserveCapacity(points)
        for j in 0..<classes {
            let m = points / classes + (j < points % classes ? 1 : 0)
            let t0 = Double(4 * j)
            let t1 = Double(4 * (j + 1))
            for i in 0..<m {
                let r = linspace(0, 1, m, i)
                let t = linspace(t0, t1, m, i) + noise * rng.normal()
                x.append(r * sin(t))
                x.append(r * cos(t))
                labels.append(j)
            }
        }
        return try make(g, x: x, columns: 2, labels: labels, classes: classes)
    }

    /// Two interleaving half circles (scikit-learn's `make_moons`).
    ///
    /// With n_out = points / 2 and n_in = points − n_out:
    ///
    ///     class 0:  (cos s, sin s),             s = linspace(0, π, n_out)[i]
    ///     class 1:  (1 − cos s, 0.5 − sin s),   s = linspace(0, π, n_in)[i]
    ///
    /// then N(0, noise²) is added to each coordinate.
    ///
    /// - Parameters:
    ///   - points: total samples, in `2...maxPoints`.
    ///   - noise: standard deviation of the Gaussian noise, finite and ≥ 0.
    public static func moons<Scalar: EngineScalar>(
        points: Int, noise: Double = 0.1, rng: inout RandomGenerator,
        as scalar: Scalar.Type = Scalar.self
    ) throws(EngineError) -> Dataset<Scalar> {
        let g = "moons"
        try checkPoints(g, points, minimum: 2, why: "2, one per class")
        try checkNoise(g, noise)
        try MemoryBudget.checkDataset(
            g, samples: points, features: 2, scalarSize: MemoryLayout<Scalar>.stride)
        let nOut = points / 2
        let nIn = points - nOut
        var x = [Double]()
        var labels = [Int]()
        x.reserveCapacity(2 * points)
        labels.reserveCapacity(points)
        for i in 0..<nOut {
            let s = linspace(0, .pi, nOut, i)
            x.append(cos(s) + noise * rng.normal())
            x.append(sin(s) + noise * rng.normal())
            labels.append(0)
        }
        for i in 0..<nIn {
            let s = linspace(0, .pi, nIn, i)
            x.append(1 - cos(s) + noise * rng.normal())
            x.append(1 - sin(s) - 0.5 + noise * rng.normal())
            labels.append(1)
        }
        return try make(g, x: x, columns: 2, labels: labels, classes: 2)
    }

    /// A small circle inside a large one (scikit-learn's `make_circles`).
    ///
    /// With n_out = points / 2 and n_in = points − n_out, evenly spaced angles
    /// s = 2π·i/n (NumPy's `linspace(0, 2π, n, endpoint=False)`):
    ///
    ///     class 0 (outer):  (cos s, sin s)                     radius 1
    ///     class 1 (inner):  (factor · cos s, factor · sin s)   radius factor
    ///
    /// then N(0, noise²) is added to each coordinate.
    ///
    /// - Parameters:
    ///   - points: total samples, in `2...maxPoints`.
    ///   - noise: standard deviation of the Gaussian noise, finite and ≥ 0.
    ///   - factor: inner radius over outer radius, in [0, 1).
    public static func circles<Scalar: EngineScalar>(
        points: Int, noise: Double = 0.05, factor: Double = 0.5, rng: inout RandomGenerator,
        as scalar: Scalar.Type = Scalar.self
    ) throws(EngineError) -> Dataset<Scalar> {
        let g = "circles"
        try checkPoints(g, points, minimum: 2, why: "2, one per class")
        try checkNoise(g, noise)
        try MemoryBudget.checkDataset(
            g, samples: points, features: 2, scalarSize: MemoryLayout<Scalar>.stride)
        if let p = factorProblem(factor) { throw .invalidArgument("\(g): \(p)") }
        let nOut = points / 2
        let nIn = points - nOut
        var x = [Double]()
        var labels = [Int]()
        x.reserveCapacity(2 * points)
        labels.reserveCapacity(points)
        for (n, radius, label) in [(nOut, 1.0, 0), (nIn, factor, 1)] {
            let step = 2 * Double.pi / Double(n)
            for i in 0..<n {
                let s = Double(i) * step
                x.append(radius * cos(s) + noise * rng.normal())
                x.append(radius * sin(s) + noise * rng.normal())
                labels.append(label)
            }
        }
        return try make(g, x: x, columns: 2, labels: labels, classes: 2)
    }

    /// The XOR problem: the sign pattern of a point decides its class.
    ///
    /// Each sample draws u, v ~ U[−1, 1), takes label
    /// `(u > 0) xor (v > 0)` (1 in the second and fourth quadrants), and is stored
    /// as (u + noise · z₁, v + noise · z₂) with z ~ N(0, 1): the noise moves the
    /// inputs after the label is fixed, so noise blurs the quadrant borders.
    /// Samples are in the order drawn, not grouped by class.
    ///
    /// - Parameters:
    ///   - points: total samples, in `1...maxPoints`.
    ///   - noise: standard deviation of the input noise, finite and ≥ 0.
    public static func xor<Scalar: EngineScalar>(
        points: Int, noise: Double = 0.1, rng: inout RandomGenerator,
        as scalar: Scalar.Type = Scalar.self
    ) throws(EngineError) -> Dataset<Scalar> {
        let g = "xor"
        try checkPoints(g, points, minimum: 1, why: "1")
        try checkNoise(g, noise)
        try MemoryBudget.checkDataset(
            g, samples: points, features: 2, scalarSize: MemoryLayout<Scalar>.stride)
        var x = [Double]()
        var labels = [Int]()
        x.reserveCapacity(2 * points)
        labels.reserveCapacity(points)
        for _ in 0..<points {
            let u = rng.uniform(-1, 1)
            let v = rng.uniform(-1, 1)
            labels.append((u > 0) != (v > 0) ? 1 : 0)
            x.append(u + noise * rng.normal())
            x.append(v + noise * rng.normal())
        }
        return try make(g, x: x, columns: 2, labels: labels, classes: 2)
    }

    /// Isotropic Gaussian blobs, one per class (like scikit-learn's `make_blobs`).
    ///
    /// First the centres c_k ~ U[−5, 5)² are drawn for k = 0..<classes (x then y),
    /// then class k gets `points / classes` samples (one more for the first
    /// `points % classes` classes), each c_k + noise · (z₁, z₂) with z ~ N(0, 1).
    ///
    /// - Parameters:
    ///   - points: total samples, in `classes...maxPoints`.
    ///   - classes: number of blobs, at least 2.
    ///   - noise: standard deviation of each blob, finite and ≥ 0.
    public static func blobs<Scalar: EngineScalar>(
        points: Int, classes: Int, noise: Double = 1.0, rng: inout RandomGenerator,
        as scalar: Scalar.Type = Scalar.self
    ) throws(EngineError) -> Dataset<Scalar> {
        let g = "blobs"
        try checkClasses(g, classes)
        try checkPoints(g, points, minimum: classes, why: "classes (\(classes)), one per class")
        try checkNoise(g, noise)
        try MemoryBudget.checkDataset(
            g, samples: points, features: 2, scalarSize: MemoryLayout<Scalar>.stride)
        var centres = [(Double, Double)]()
        centres.reserveCapacity(classes)
        for _ in 0..<classes {
            let cx = rng.uniform(-5, 5)
            let cy = rng.uniform(-5, 5)
            centres.append((cx, cy))
        }
        var x = [Double]()
        var labels = [Int]()
        x.reserveCapacity(2 * points)
        labels.reserveCapacity(points)
        for k in 0..<classes {
            let m = points / classes + (k < points % classes ? 1 : 0)
            for _ in 0..<m {
                x.append(centres[k].0 + noise * rng.normal())
                x.append(centres[k].1 + noise * rng.normal())
                labels.append(k)
            }
        }
        return try make(g, x: x, columns: 2, labels: labels, classes: classes)
    }

    /// A noisy sine wave, for regression.
    ///
    /// Each sample draws x ~ U[−π, π) and then y = sin(x) + noise · z with
    /// z ~ N(0, 1). Inputs are N×1 (feature "x"), targets `.values` N×1.
    ///
    /// - Parameters:
    ///   - points: total samples, in `1...maxPoints`.
    ///   - noise: standard deviation of the target noise, finite and ≥ 0.
    public static func sine<Scalar: EngineScalar>(
        points: Int, noise: Double = 0.1, rng: inout RandomGenerator,
        as scalar: Scalar.Type = Scalar.self
    ) throws(EngineError) -> Dataset<Scalar> {
        let g = "sine"
        try checkPoints(g, points, minimum: 1, why: "1")
        try checkNoise(g, noise)
        try MemoryBudget.checkDataset(
            g, samples: points, features: 1, scalarSize: MemoryLayout<Scalar>.stride)
        var xs = [Scalar]()
        var ys = [Scalar]()
        xs.reserveCapacity(points)
        ys.reserveCapacity(points)
        for _ in 0..<points {
            let x = rng.uniform(-.pi, .pi)
            let y = sin(x) + noise * rng.normal()
            xs.append(Scalar(x))
            ys.append(Scalar(y))
        }
        let xt = try Tensor<Scalar>(rows: points, columns: 1, values: xs)
        let yt = try Tensor<Scalar>(rows: points, columns: 1, values: ys)
        return try Dataset(x: xt, targets: .values(yt), featureNames: ["x"], name: g)
    }

    // MARK: - Helpers

    /// NumPy's `linspace(a, b, m)[i]` (endpoint included): i·(b − a)/(m − 1) + a,
    /// exactly `b` at the end, and `a` when m = 1.
    static func linspace(_ a: Double, _ b: Double, _ m: Int, _ i: Int) -> Double {
        if m <= 1 { return a }
        if i == m - 1 { return b }
        return Double(i) * ((b - a) / Double(m - 1)) + a
    }

    static func checkPoints(_ g: String, _ points: Int, minimum: Int, why: String)
        throws(EngineError)
    {
        guard points >= 1 else {
            throw .invalidArgument("\(g): points must be at least 1 (got \(points))")
        }
        guard points >= minimum else {
            throw .invalidArgument("\(g): points must be at least \(why) (got \(points))")
        }
        guard points <= maxPoints else {
            throw .invalidArgument("\(g): points must be at most \(maxPoints) (got \(points))")
        }
    }

    static func checkClasses(_ g: String, _ classes: Int) throws(EngineError) {
        guard classes >= 2 else {
            throw .invalidArgument("\(g): classes must be at least 2 (got \(classes))")
        }
        guard classes <= maxPoints else {
            throw .invalidArgument("\(g): classes must be at most \(maxPoints) (got \(classes))")
        }
    }

    /// What is wrong with a generator's `noise`, or nil: it must be a finite number ≥ 0.
    public static func noiseProblem(_ noise: Double) -> SettingProblem? {
        SettingProblem.check("noise", noise, "≥ 0") { $0 >= 0 }
    }

    /// What is wrong with `circles`' `factor`, or nil: it must be in [0, 1).
    public static func factorProblem(_ factor: Double) -> SettingProblem? {
        SettingProblem.check("factor", factor, "in [0, 1)") { $0 >= 0 && $0 < 1 }
    }

    static func checkNoise(_ g: String, _ noise: Double) throws(EngineError) {
        if let p = noiseProblem(noise) { throw .invalidArgument("\(g): \(p)") }
    }

    /// A two-feature classification dataset from row-major Double inputs.
    static func make<Scalar: EngineScalar>(
        _ g: String, x: [Double], columns: Int, labels: [Int], classes: Int
    ) throws(EngineError) -> Dataset<Scalar> {
        let xt = try Tensor<Scalar>(
            rows: labels.count, columns: columns, values: x.map { Scalar($0) })
        return try Dataset(
            x: xt, targets: .classes(labels, count: classes),
            featureNames: (1...columns).map { "x\($0)" }, name: g)
    }
}
