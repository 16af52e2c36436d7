import Foundation
import XCTest

@testable import GradEngine

/// Parity with PyTorch: the fixtures in Fixtures/torch (written by
/// `python3 scripts/make-torch-fixtures.py`) record small networks trained for 3
/// steps on one batch with torch, float32. Each case is rebuilt here with the same
/// initial parameters and trained with `Trainer.step`; every recorded quantity
/// must match: train-mode outputs, data and penalty loss, pre-clip gradient norm,
/// clipping flag, every gradient the optimizer used, every parameter after each
/// step, batch-norm running statistics, and the final eval-mode output.
///
/// Tolerance: |engine − torch| ≤ 1e-4·max(|engine|, |torch|) + 1e-6. The relative
/// part covers float32 rounding and summation-order differences compounded over
/// 3 steps; the 1e-6 absolute floor covers values near zero (gradients that are
/// sums of cancelling terms), where a relative bound alone is meaningless.
final class TorchParityTests: XCTestCase {

    static let relativeTolerance = 1e-4
    static let absoluteFloor = 1e-6
    /// TORCH_PARITY_VERBOSE=1 prints the worst |Δ|/tolerance of every compared quantity.
    static let verbose = ProcessInfo.processInfo.environment["TORCH_PARITY_VERBOSE"] != nil

    // MARK: - One test per family

    func testActivations() throws { try runFamily("activations", minimumCases: 15) }
    func testStandaloneLayers() throws { try runFamily("layers", minimumCases: 7) }
    func testBatchNorm() throws { try runFamily("batchnorm", minimumCases: 3) }
    func testResidual() throws { try runFamily("residual", minimumCases: 3) }
    func testLosses() throws { try runFamily("losses", minimumCases: 9) }
    func testOptimizers() throws { try runFamily("optimizers", minimumCases: 15) }
    func testClipping() throws { try runFamily("clipping", minimumCases: 4) }
    func testPenalties() throws { try runFamily("penalties", minimumCases: 4) }
    /// Softmax as the last layer (fused and on its own) under mse with one-hot
    /// targets and under cross_entropy, which applies a second softmax.
    func testOutputActivations() throws { try runFamily("output_activations", minimumCases: 4) }

    /// Tiny networks whose exact Hessian torch formed (autograd's `hessian`,
    /// `eigvalsh`, float64, train mode): the engine's λ_max, by power
    /// iteration on finite-difference products in Double, within 1% of the
    /// eigenvalue of largest magnitude. Their 3 steps are compared as well.
    func testCurvature() throws {
        try runFamily("curvature", minimumCases: 4)
        for e in try Self.index() where e.family == "curvature" {
            let c = try Self.load(e.name)
            let torch = try XCTUnwrap(c.curvature, "case \(e.name): no curvature in the fixture")
            var rng = RandomGenerator(seed: 1)
            let net = try Network<Float>(inputs: c.inputs, layers: c.layers, rng: &rng)
            for (p, m) in zip(net.parameters, c.initialParameters) {
                try p.value.copy(from: try m.tensor(Float.self))
            }
            let data = try Dataset<Float>(x: try c.x.tensor(Float.self), targets: c.targets.make())
            let probe = try CurvatureProbe(network: net, data: data, loss: c.loss, l2: c.l2)
            let estimate = try probe.estimate(at: net, iterations: 1000, tolerance: 1e-7)
            let error = abs(estimate.lambdaMax - torch) / abs(torch)
            XCTAssertLessThan(
                error, 0.01,
                "case \(e.name): engine λ_max \(estimate.lambdaMax), torch \(torch)")
            print(
                "TorchParity[curvature] \(e.name): λ_max \(estimate.lambdaMax) against torch's \(torch), relative error \(error), \(estimate.iterations) products"
            )
        }
    }

    /// Every case again with the engine in Double: the engine's maths without
    /// float32 rounding, against torch's float32 numbers. A failure here and not
    /// in the Float test would be odd; a failure only in the Float test points at
    /// float32 accuracy rather than at a formula.
    func testAllCasesInDouble() throws {
        var stats = ErrorStats()
        let entries = try Self.index()
        for e in entries {
            let fixture = try Self.load(e.name)
            do {
                try check(fixture, as: Double.self, stats: &stats, file: #filePath, line: #line)
            } catch {
                XCTFail("case \(e.name) (Double engine): \(error)")
            }
        }
        print(
            "TorchParity[all, Double engine] \(entries.count) cases, \(stats.compared) values: "
                + stats.summary)
    }

    /// Every case in the index belongs to a family tested above, and every file loads.
    func testIndexCoversEveryFamily() throws {
        let tested: Set<String> = [
            "activations", "layers", "batchnorm", "residual", "losses",
            "optimizers", "clipping", "penalties", "output_activations", "curvature",
        ]
        let entries = try Self.index()
        XCTAssertFalse(entries.isEmpty, "the torch fixture index lists no cases")
        for e in entries {
            XCTAssertTrue(
                tested.contains(e.family), "case \(e.name): family \(e.family) has no test method")
            XCTAssertNoThrow(try Self.load(e.name), "case \(e.name): fixture does not load")
        }
    }

    // MARK: - Running a family

    private func runFamily(
        _ family: String, minimumCases: Int,
        file: StaticString = #filePath, line: UInt = #line
    ) throws {
        let names = try Self.index().filter { $0.family == family }.map(\.name)
        XCTAssertGreaterThanOrEqual(
            names.count, minimumCases,
            "family \(family): expected at least \(minimumCases) torch fixtures, found \(names.count)",
            file: file, line: line)
        var stats = ErrorStats()
        for name in names {
            let fixture = try Self.load(name)
            do {
                try check(fixture, stats: &stats, file: file, line: line)
            } catch {
                XCTFail("case \(name): \(error)", file: file, line: line)
            }
        }
        print(
            "TorchParity[\(family)] \(names.count) cases, \(stats.compared) values: "
                + stats.summary)
    }

    /// Builds, trains and compares one case.
    private func check<S: EngineScalar>(
        _ c: Fixture, as: S.Type = Float.self, stats: inout ErrorStats,
        file: StaticString, line: UInt
    ) throws {
        var rng = RandomGenerator(seed: 1)
        let net = try Network<S>(inputs: c.inputs, layers: c.layers, rng: &rng)
        let params = net.parameters
        guard params.count == c.initialParameters.count else {
            XCTFail(
                "case \(c.name): the engine has \(params.count) parameters, torch \(c.initialParameters.count)",
                file: file, line: line)
            return
        }
        for (i, (p, m)) in zip(params, c.initialParameters).enumerated() {
            guard p.value.rows == m.rows, p.value.columns == m.columns else {
                XCTFail(
                    "case \(c.name): parameter \(i) (\(p.role)) is \(p.value.rows)×\(p.value.columns) in the engine, \(m.rows)×\(m.columns) in torch",
                    file: file, line: line)
                return
            }
            XCTAssertEqual(
                p.role.rawValue, m.role, "case \(c.name): parameter \(i) role", file: file,
                line: line)
            try p.value.copy(from: try m.tensor(S.self))
        }
        let norms: [BatchNorm<S>] = net.namedLayers.compactMap {
            if case .batchNorm(let b) = $0.layer { return b }
            return nil
        }
        let names = parameterNames(net)

        let x = try c.x.tensor(S.self)
        let data = try Dataset<S>(x: x, targets: c.targets.make())
        let trainer = try Trainer(network: net, optimizer: try Optimizer<S>(c.optimizer.kind()))
        var options = TrainingOptions<S>()
        options.loss = c.loss
        options.clipping = c.clipping
        options.l1 = c.l1
        options.l2 = c.l2

        let label = S.self == Double.self ? "\(c.name) (Double engine)" : c.name
        var cmp = Comparer(caseName: label, stats: stats, file: file, line: line)
        defer { stats = cmp.stats }
        for s in c.steps {
            cmp.step = "step \(s.step)"
            guard s.grads.count == params.count, s.parameters.count == params.count else {
                XCTFail(
                    "case \(label) step \(s.step): the fixture lists \(s.grads.count) gradients and \(s.parameters.count) parameters for \(params.count) engine parameters",
                    file: file, line: line)
                return
            }
            let output = try net.forward(x, training: true, rng: &rng).copy()
            cmp.compare("train-mode output", output.scalars, s.output.values)

            let outcome = try trainer.step(
                on: data, indices: Array(0..<data.count)[...], options: options, rng: &rng)
            guard case .finished(let r) = outcome else {
                XCTFail(
                    "case \(label) step \(s.step): the engine step went non-finite: \(outcome)",
                    file: file, line: line)
                return
            }
            cmp.compare("data loss", r.dataLoss, s.dataLoss)
            cmp.compare("penalty loss", r.penaltyLoss, s.penaltyLoss)
            cmp.compare("pre-clip gradient norm", r.gradientNorm, s.gradNorm)
            XCTAssertEqual(
                r.clipped, s.clipped,
                "case \(label) step \(s.step): clipped (engine \(r.clipped), torch \(s.clipped))",
                file: file, line: line)
            for (i, p) in params.enumerated() {
                cmp.compare("gradient of \(names[i])", p.grad.scalars, s.grads[i])
                cmp.compare("\(names[i]) after the step", p.value.scalars, s.parameters[i])
            }
            XCTAssertEqual(
                norms.count, s.runningStats.count,
                "case \(label): batch-norm layer count (engine \(norms.count), torch \(s.runningStats.count))",
                file: file, line: line)
            for (k, (b, st)) in zip(norms, s.runningStats).enumerated() {
                cmp.compare("batchnorm_\(k + 1) running mean", b.runningMean.scalars, st.mean)
                cmp.compare("batchnorm_\(k + 1) running var", b.runningVar.scalars, st.variance)
            }
        }
        cmp.step = "after step \(c.steps.count)"
        let eval = try net.forward(x, training: false, rng: &rng).copy()
        cmp.compare("eval-mode output", eval.scalars, c.evalOutput.values)
    }

    /// "dense_1.weight", "batchnorm_1.gamma", ... aligned with `net.parameters`.
    private func parameterNames<S>(_ net: Network<S>) -> [String] {
        var names: [ObjectIdentifier: String] = [:]
        for l in net.namedLayers {
            switch l.layer {
            case .dense(let d):
                for p in [d.weight, d.bias].compactMap({ $0 }) {
                    names[ObjectIdentifier(p)] = "\(l.name).\(p.role.rawValue)"
                }
            case .batchNorm(let b):
                names[ObjectIdentifier(b.gamma)] = "\(l.name).gamma"
                names[ObjectIdentifier(b.beta)] = "\(l.name).beta"
            default: break
            }
        }
        return net.parameters.enumerated().map { i, p in
            "parameter \(i) (\(names[ObjectIdentifier(p)] ?? p.role.rawValue))"
        }
    }

    // MARK: - Comparison

    /// Largest errors seen, for the summary line each family prints.
    struct ErrorStats {
        var compared = 0
        /// max |Δ| / max(|a|, |b|) over values with max(|a|, |b|) ≥ 1e-3.
        var maxRelative = 0.0
        var maxRelativeAt = ""
        /// max |Δ| / tolerance over every value (≤ 1 passes).
        var maxToleranceUsed = 0.0
        var maxToleranceUsedAt = ""

        var summary: String {
            String(
                format: "max relative error %.3g (%@), max |Δ|/tolerance %.3g (%@)",
                maxRelative, maxRelativeAt, maxToleranceUsed, maxToleranceUsedAt)
        }
    }

    struct Comparer {
        let caseName: String
        var stats: ErrorStats
        let file: StaticString
        let line: UInt
        var step = ""
        /// Failures reported per quantity before summarizing the rest.
        let maxReported = 5

        mutating func compare(_ quantity: String, _ engine: Double, _ torch: Double) {
            compare(quantity, [engine], [torch], scalar: true)
        }

        mutating func compare<S: EngineScalar>(_ quantity: String, _ engine: [S], _ torch: [Double])
        {
            compare(quantity, engine.map(Double.init), torch, scalar: false)
        }

        mutating func compare(
            _ quantity: String, _ engine: [Double], _ torch: [Double], scalar: Bool
        ) {
            let whereText = "case \(caseName) \(step) \(quantity)"
            guard engine.count == torch.count else {
                XCTFail(
                    "\(whereText): the engine has \(engine.count) values, torch \(torch.count)",
                    file: file, line: line)
                return
            }
            var failures = 0
            for (i, (a, b)) in zip(engine, torch).enumerated() {
                stats.compared += 1
                let scale = max(abs(a), abs(b))
                let diff = abs(a - b)
                let tolerance =
                    TorchParityTests.relativeTolerance * scale + TorchParityTests.absoluteFloor
                let at = scalar ? whereText : "\(whereText)[\(i)]"
                if scale >= 1e-3, diff / scale > stats.maxRelative {
                    stats.maxRelative = diff / scale
                    stats.maxRelativeAt = at
                }
                if diff / tolerance > stats.maxToleranceUsed || !diff.isFinite {
                    stats.maxToleranceUsed = diff / tolerance
                    stats.maxToleranceUsedAt = at
                }
                if !(diff <= tolerance) {
                    failures += 1
                    if failures <= maxReported {
                        let rel = scale > 0 ? diff / scale : 0
                        XCTFail(
                            "\(scalar ? whereText : "\(whereText) index \(i)"): engine \(a), torch \(b) (|Δ| \(diff), relative \(rel), tolerance \(tolerance))",
                            file: file, line: line)
                    }
                }
            }
            if TorchParityTests.verbose {
                let worst =
                    zip(engine, torch).map { a, b in
                        abs(a - b)
                            / (TorchParityTests.relativeTolerance * max(abs(a), abs(b))
                                + TorchParityTests.absoluteFloor)
                    }.max() ?? 0
                print(String(format: "  %@: max |Δ|/tolerance %.3g", whereText, worst))
            }
            if failures > maxReported {
                XCTFail(
                    "\(whereText): \(failures - maxReported) more of \(engine.count) values out of tolerance",
                    file: file, line: line)
            }
        }
    }

    // MARK: - Fixtures

    struct Matrix {
        var rows: Int
        var columns: Int
        var values: [Double]
        var role = ""

        func tensor<S: EngineScalar>(_: S.Type = Float.self) throws -> Tensor<S> {
            try Tensor<S>(rows: rows, columns: columns, values: values.map { S($0) })
        }
    }

    struct Step {
        var step: Int
        var output: Matrix
        var dataLoss: Double
        var penaltyLoss: Double
        var gradNorm: Double
        var clipped: Bool
        var grads: [[Double]]
        var parameters: [[Double]]
        var runningStats: [(mean: [Double], variance: [Double])]
    }

    struct Fixture {
        var name: String
        var inputs: Int
        var layers: [LayerSpec]
        var loss: Loss
        var optimizer: OptimizerSpec
        var clipping: Clipping?
        var l1: Double
        var l2: Double
        var x: Matrix
        var targets: TargetSpec
        var initialParameters: [Matrix]
        var steps: [Step]
        var evalOutput: Matrix
        /// For the curvature family: the eigenvalue of largest magnitude of
        /// the exact Hessian at the initial parameters.
        var curvature: Double?
    }

    /// An optimizer kind, for any scalar type.
    enum OptimizerSpec {
        case sgd(lr: Double, momentum: Double, nesterov: Bool)
        case adam(lr: Double, beta1: Double, beta2: Double, eps: Double)
        case adamW(lr: Double, beta1: Double, beta2: Double, eps: Double, weightDecay: Double)
        case rmsprop(lr: Double, alpha: Double, eps: Double)
        case adagrad(lr: Double, eps: Double, initialAccumulator: Double)
        case adadelta(lr: Double, rho: Double, eps: Double)
        case adamax(lr: Double, beta1: Double, beta2: Double, eps: Double)
        case nadam(lr: Double, beta1: Double, beta2: Double, eps: Double, momentumDecay: Double)

        func kind<S: EngineScalar>() -> Optimizer<S>.Kind {
            switch self {
            case .sgd(let lr, let m, let n): .sgd(lr: lr, momentum: m, nesterov: n)
            case .adam(let lr, let b1, let b2, let eps):
                .adam(lr: lr, beta1: b1, beta2: b2, eps: eps)
            case .adamW(let lr, let b1, let b2, let eps, let wd):
                .adamW(lr: lr, beta1: b1, beta2: b2, eps: eps, weightDecay: wd)
            case .rmsprop(let lr, let a, let eps): .rmsprop(lr: lr, alpha: a, eps: eps)
            case .adagrad(let lr, let eps, let s0):
                .adagrad(lr: lr, eps: eps, initialAccumulator: s0)
            case .adadelta(let lr, let rho, let eps): .adadelta(lr: lr, rho: rho, eps: eps)
            case .adamax(let lr, let b1, let b2, let eps):
                .adamax(lr: lr, beta1: b1, beta2: b2, eps: eps)
            case .nadam(let lr, let b1, let b2, let eps, let psi):
                .nadam(lr: lr, beta1: b1, beta2: b2, eps: eps, momentumDecay: psi)
            }
        }
    }

    /// Targets, for any scalar type.
    enum TargetSpec {
        case classes([Int], count: Int)
        case values(Matrix)

        func make<S: EngineScalar>() throws -> Targets<S> {
            switch self {
            case .classes(let labels, let k): .classes(labels, count: k)
            case .values(let m): .values(try m.tensor(S.self))
            }
        }
    }

    struct FixtureError: Error, CustomStringConvertible {
        var description: String
        init(_ d: String) { description = d }
    }

    static func url(_ name: String) throws -> URL {
        guard
            let url = Bundle.module.url(
                forResource: name, withExtension: "json", subdirectory: "Fixtures/torch")
        else {
            throw FixtureError(
                "Fixtures/torch/\(name).json is missing from the test bundle; run python3 scripts/make-torch-fixtures.py"
            )
        }
        return url
    }

    static func json(_ name: String) throws -> [String: Any] {
        let data = try Data(contentsOf: url(name))
        guard let obj = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw FixtureError("\(name).json: not a JSON object")
        }
        return obj
    }

    static func index() throws -> [(name: String, family: String)] {
        let obj = try json("index")
        guard let cases = obj["cases"] as? [[String: Any]] else {
            throw FixtureError("index.json: no cases")
        }
        return try cases.map { e in
            guard let n = e["name"] as? String, let f = e["family"] as? String else {
                throw FixtureError("index.json: bad entry \(e)")
            }
            return (n, f)
        }
    }

    static func load(_ name: String) throws -> Fixture {
        let o = try json(name)
        let r = Reader(context: name)
        let stepObjects = try r.array(o, "steps")
        return Fixture(
            name: try r.string(o, "name"),
            inputs: try r.int(o, "inputs"),
            layers: try r.array(o, "layers").map { try r.layer($0) },
            loss: try r.loss(o),
            optimizer: try r.optimizer(try r.object(o, "optimizer")),
            clipping: try r.clipping(o["clipping"]),
            l1: try r.double(o, "l1"),
            l2: try r.double(o, "l2"),
            x: try r.matrix(try r.object(o, "x")),
            targets: try r.targets(try r.object(o, "targets")),
            initialParameters: try r.array(o, "initial_parameters").map { try r.matrix($0) },
            steps: try stepObjects.map { s in
                Step(
                    step: try r.int(s, "step"),
                    output: try r.matrix(try r.object(s, "output")),
                    dataLoss: try r.double(s, "data_loss"),
                    penaltyLoss: try r.double(s, "penalty_loss"),
                    gradNorm: try r.double(s, "grad_norm"),
                    clipped: try r.bool(s, "clipped"),
                    grads: try r.list(s, "grads").map { try r.doubles($0, "grads") },
                    parameters: try r.list(s, "parameters").map { try r.doubles($0, "parameters") },
                    runningStats: try r.array(s, "running_stats").map {
                        (try r.doubles($0["mean"], "mean"), try r.doubles($0["var"], "var"))
                    })
            },
            evalOutput: try r.matrix(try r.object(o, "eval_output")),
            curvature: try (o["curvature"] as? [String: Any]).map { try r.double($0, "lambda_max") }
        )
    }

    /// Typed access to the JSONSerialization tree, with errors naming the fixture.
    struct Reader {
        let context: String

        func fail(_ what: String) -> FixtureError { FixtureError("\(context).json: \(what)") }

        func object(_ o: [String: Any], _ key: String) throws -> [String: Any] {
            guard let v = o[key] as? [String: Any] else { throw fail("\(key) is not an object") }
            return v
        }
        func array(_ o: [String: Any], _ key: String) throws -> [[String: Any]] {
            guard let v = o[key] as? [[String: Any]] else {
                throw fail("\(key) is not an array of objects")
            }
            return v
        }
        func list(_ o: [String: Any], _ key: String) throws -> [Any] {
            guard let v = o[key] as? [Any] else { throw fail("\(key) is not an array") }
            return v
        }
        func string(_ o: [String: Any], _ key: String) throws -> String {
            guard let v = o[key] as? String else { throw fail("\(key) is not a string") }
            return v
        }
        func number(_ v: Any?, _ key: String) throws -> Double {
            if let n = v as? NSNumber { return n.doubleValue }
            if let d = v as? Double { return d }
            if let i = v as? Int { return Double(i) }
            throw fail("\(key) is not a number")
        }
        func double(_ o: [String: Any], _ key: String) throws -> Double { try number(o[key], key) }
        func int(_ o: [String: Any], _ key: String) throws -> Int {
            let d = try double(o, key)
            guard let i = Int(exactly: d) else { throw fail("\(key) is not an integer") }
            return i
        }
        func bool(_ o: [String: Any], _ key: String) throws -> Bool {
            guard let v = o[key] as? Bool else { throw fail("\(key) is not a boolean") }
            return v
        }
        func doubles(_ v: Any?, _ key: String) throws -> [Double] {
            guard let a = v as? [Any] else { throw fail("\(key) is not an array") }
            return try a.map { try number($0, key) }
        }
        func matrix(_ o: [String: Any]) throws -> Matrix {
            let m = Matrix(
                rows: try int(o, "rows"), columns: try int(o, "columns"),
                values: try doubles(o["values"], "values"), role: (o["role"] as? String) ?? "")
            guard m.values.count == m.rows * m.columns else {
                throw fail("matrix size does not match its shape")
            }
            return m
        }

        func activation(_ o: [String: Any]) throws -> Activation {
            switch try string(o, "name") {
            case "identity": return .identity
            case "relu": return .relu
            case "leaky_relu": return .leakyReLU(slope: try double(o, "slope"))
            case "elu": return .elu(alpha: try double(o, "alpha"))
            case "gelu": return .gelu
            case "selu": return .selu
            case "sigmoid": return .sigmoid
            case "tanh": return .tanh
            case "softplus": return .softplus
            case "exponential": return .exponential
            case "softsign": return .softsign
            case "hard_sigmoid": return .hardSigmoid
            case "silu": return .silu
            case "softmax": return .softmax
            case let other: throw fail("unknown activation \(other)")
            }
        }

        func layer(_ o: [String: Any]) throws -> LayerSpec {
            switch try string(o, "type") {
            case "dense":
                return .dense(
                    units: try int(o, "units"),
                    activation: try activation(try object(o, "activation")),
                    bias: try bool(o, "bias"))
            case "batchnorm":
                return .batchNorm(momentum: try double(o, "momentum"), eps: try double(o, "eps"))
            case "activation":
                return .activation(try activation(try object(o, "activation")))
            case "residual":
                return .residual(try array(o, "layers").map { try layer($0) })
            case let other: throw fail("unknown layer type \(other)")
            }
        }

        func loss(_ o: [String: Any]) throws -> Loss {
            let name = try string(o, "loss")
            guard let l = Loss.allDefaults.first(where: { $0.name == name }) else {
                throw fail("unknown loss \(name)")
            }
            // Absent in the fixtures written before the probability losses: logits.
            return l.with(fromLogits: (o["from_logits"] as? Bool) ?? true)
        }

        func optimizer(_ o: [String: Any]) throws -> OptimizerSpec {
            let lr = try double(o, "lr")
            switch try string(o, "kind") {
            case "sgd":
                return .sgd(
                    lr: lr, momentum: try double(o, "momentum"), nesterov: try bool(o, "nesterov"))
            case "adam":
                return .adam(
                    lr: lr, beta1: try double(o, "beta1"), beta2: try double(o, "beta2"),
                    eps: try double(o, "eps"))
            case "adamw":
                return .adamW(
                    lr: lr, beta1: try double(o, "beta1"), beta2: try double(o, "beta2"),
                    eps: try double(o, "eps"), weightDecay: try double(o, "weight_decay"))
            case "rmsprop":
                return .rmsprop(lr: lr, alpha: try double(o, "alpha"), eps: try double(o, "eps"))
            case "adagrad":
                return .adagrad(
                    lr: lr, eps: try double(o, "eps"),
                    initialAccumulator: try double(o, "initial_accumulator"))
            case "adadelta":
                return .adadelta(lr: lr, rho: try double(o, "rho"), eps: try double(o, "eps"))
            case "adamax":
                return .adamax(
                    lr: lr, beta1: try double(o, "beta1"), beta2: try double(o, "beta2"),
                    eps: try double(o, "eps"))
            case "nadam":
                return .nadam(
                    lr: lr, beta1: try double(o, "beta1"), beta2: try double(o, "beta2"),
                    eps: try double(o, "eps"), momentumDecay: try double(o, "momentum_decay"))
            case let other: throw fail("unknown optimizer \(other)")
            }
        }

        func clipping(_ v: Any?) throws -> Clipping? {
            guard let o = v as? [String: Any] else { return nil }  // JSON null
            let limit = try double(o, "max")
            switch try string(o, "kind") {
            case "norm": return .norm(limit)
            case "value": return .value(limit)
            case let other: throw fail("unknown clipping \(other)")
            }
        }

        func targets(_ o: [String: Any]) throws -> TargetSpec {
            switch try string(o, "kind") {
            case "classes":
                let labels = try doubles(o["labels"], "labels").map { Int($0) }
                return .classes(labels, count: try int(o, "count"))
            case "values":
                return .values(try matrix(o))
            case let other: throw fail("unknown targets \(other)")
            }
        }
    }
}
