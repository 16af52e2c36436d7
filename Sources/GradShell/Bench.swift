import GradEngine

#if canImport(Glibc)
    import Glibc
#endif

/// `gradlab bench`: trains the presets of `torch_mlp.py`, the PyTorch reference
/// benchmark that comes with the product brief (same shapes, batch, optimizer,
/// clipping, data recipe), and reports the same JSON fields, so the two can be
/// run side by side (`scripts/bench-compare`).
public struct Bench {
    /// One benchmark configuration.
    public struct Preset: Sendable {
        public var name: String
        public var inputs: Int
        public var hidden: [Int]
        public var classes: Int
        public var activation: Activation
        public var batchNorm = false
        public var batch: Int
        public var samples: Int
        public var optimizer: Optimizer<Float>.Kind
        public var clipNorm: Double?
        public var heInit = false
        public var spiral = false

        /// The widths a sample passes through: inputs, each hidden layer, classes.
        public var widths: [Int] { [inputs] + hidden + [classes] }

        /// The dense layers' weight counts (inputs × units), first layer first.
        public var layerWeights: [Int] { zip(widths, widths.dropFirst()).map { $0 * $1 } }

        /// The arithmetic a training step really does in its matrix products:
        /// 2·batch·weights each for the forward product and the weight gradient of
        /// every dense layer, and for the input gradient of every layer but the
        /// first (no step computes that one). Bias, activation, batch norm, loss
        /// and optimizer work is not counted, as in torch_mlp.py's estimate,
        /// which also counts the first layer's input gradient (6·batch·weights).
        public var flopsPerStep: Int {
            let all = layerWeights.reduce(0, +)
            return 2 * batch * (3 * all - (layerWeights.first ?? 0))
        }
    }

    public static let presets: [Preset] = [
        Preset(
            name: "tiny", inputs: 2, hidden: Array(repeating: 16, count: 8), classes: 3,
            activation: .sigmoid,
            batch: 32, samples: 600, optimizer: .sgd(lr: 0.1), spiral: true),
        Preset(
            name: "mnist", inputs: 784, hidden: [256, 256], classes: 10, activation: .relu,
            batch: 128, samples: 8192, optimizer: .sgd(lr: 0.01, momentum: 0.9), clipNorm: 1.0,
            heInit: true),
        Preset(
            name: "wide", inputs: 1024, hidden: [1024, 1024], classes: 10, activation: .relu,
            batch: 256, samples: 8192, optimizer: .adam(lr: 1e-3)),
        Preset(
            name: "deep", inputs: 64, hidden: Array(repeating: 64, count: 20), classes: 10,
            activation: .tanh,
            batchNorm: true, batch: 64, samples: 8192, optimizer: .sgd(lr: 0.05)),
    ]

    public var preset: Preset
    public var steps = 200
    public var warmup = 20
    public var threads = 1
    public var statistics = false
    /// Run the live diagnosis checks as `train` does (implies statistics).
    public var liveChecks = false
    public var seed: UInt64 = 0
    /// Record where the timed steps' time goes (`StepProfile`).
    public var profile = false

    public init(preset: Preset) { self.preset = preset }

    /// The layer specs: dense → [batchnorm] → activation per hidden width, then a linear output.
    func layerSpecs() -> [LayerSpec] {
        let weightInit: InitScheme = preset.heInit ? .heNormal : .defaultWeight
        var specs: [LayerSpec] = []
        for width in preset.hidden {
            if preset.batchNorm {
                specs.append(.dense(units: width, weightInit: weightInit))
                specs.append(.batchNorm())
                specs.append(.activation(preset.activation))
            } else {
                specs.append(
                    .dense(units: width, activation: preset.activation, weightInit: weightInit))
            }
        }
        specs.append(.dense(units: preset.classes, weightInit: weightInit))
        return specs
    }

    /// The data recipe of torch_mlp.py: a spiral, or Gaussian inputs labelled by a
    /// random linear teacher; shuffled once.
    func makeData(rng: inout RandomGenerator) throws(EngineError) -> Dataset<Float> {
        let n = preset.samples
        let k = preset.classes
        let d = preset.inputs
        let data: Dataset<Float>
        if preset.spiral {
            data = try DataGenerator.spiral(points: n, classes: k, noise: 0.2, rng: &rng)
        } else {
            let x = try Tensor<Float>(rows: n, columns: d)
            x.fill(with: { rng.normal() })
            let teacher = try Tensor<Float>(rows: d, columns: k)
            teacher.fill(with: { rng.normal() })
            let scores = try x.matmul(teacher)
            data = try Dataset(
                x: x, targets: .classes(scores.rowArgmax(), count: k), name: preset.name)
        }
        return try data.subset(rng.permutation(n))
    }

    /// The measured result, with torch_mlp.py's field names.
    public struct Result {
        public var seconds: Double
        public var stepSeconds: [Double]
        public var pageFaults: Int
        public var finalLoss: Double
        public var params: Int
        public var weights: Int
        public var rssGrowthKiB: Int
        /// Findings the live checks announced (with `liveChecks`).
        public var findings: Int
        /// With `liveChecks`: the seconds the divergence check took before
        /// the first step, and in total during the timed steps (part of
        /// `seconds`), measured in the run itself so that their share does
        /// not drown in the machine's run-to-run noise.
        public var firstCurvatureSeconds = 0.0
        public var curvatureSeconds = 0.0
        /// With `profile`: the timed steps' time by phase.
        public var profile: StepProfile?
        /// The process's CPU time (user and system, all threads) over the timed
        /// steps: on one thread, a measure that other jobs on the machine disturb
        /// far less than wall time.
        public var cpuSeconds = 0.0
    }

    /// Trains `warmup + steps` steps on contiguous batches cycled in order and times the last `steps`.
    public func run() throws(EngineError) -> Result {
        guard steps >= 1 else {
            throw .invalidArgument("--steps must be at least 1 (got \(steps))")
        }
        guard warmup >= 0 else { throw .invalidArgument("--warmup must be ≥ 0 (got \(warmup))") }
        guard threads >= 1 else {
            throw .invalidArgument("--threads must be at least 1 (got \(threads))")
        }
        ComputeThreads.set(threads)
        var rng = RandomGenerator(seed: seed)
        let data = try makeData(rng: &rng)
        let network = try Network<Float>(inputs: preset.inputs, layers: layerSpecs(), rng: &rng)
        let trainer = try Trainer(network: network, optimizer: try Optimizer(preset.optimizer))
        var options = TrainingOptions<Float>()
        options.loss = .crossEntropy()
        options.clipping = preset.clipNorm.map { .norm($0) }
        options.statistics = statistics || liveChecks
        let bs = preset.batch
        let batches = stride(from: 0, through: data.count - bs, by: bs).map { $0..<($0 + bs) }
        let allIndices = Array(0..<data.count)

        // With live checks, each step is also recorded into a history that the
        // checks read, exactly as `train` does.
        var history = History(
            layerNames: network.namedLayers.filter { $0.mainParameter != nil }.map(\.name))
        history.profile = RunProfile(network: network)
        var live = liveChecks ? LiveChecks(thresholds: DiagnosisThresholds()) : nil
        // And the divergence check on its own schedule, before the first step
        // and every `DivergenceCheck.interval` steps, without stopping once it
        // has found the risk (so that its cost shows whatever the preset's rate).
        var divergence =
            liveChecks
            ? DivergenceCheck(
                network: network, data: data, loss: .crossEntropy(), optimizer: preset.optimizer,
                clipping: options.clipping)
            : nil
        // As `train` does with statistics on: the largest values of the last steps,
        // for the table of a non-finite stop.
        var magnitudes = options.statistics ? MagnitudeRecorder(network) : nil
        var lastLoss = Double.nan
        var findings = 0
        var timed = false
        var curvatureSeconds = 0.0
        func step(_ i: Int) throws(EngineError) {
            let range = batches[i % batches.count]
            switch try trainer.step(
                on: data, indices: allIndices[range], options: options, rng: &rng)
            {
            case .finished(let r):
                lastLoss = r.loss
                magnitudes?.record(r, step: trainer.steps)
                if live != nil {
                    history.record(r, of: network)
                    if divergence?.isDue(afterStep: trainer.steps) == true {
                        let started = monotonic()
                        if divergence?.finding(afterStep: trainer.steps, network: network) != nil {
                            findings += 1
                        }
                        if timed { curvatureSeconds += monotonic() - started }
                    }
                    findings += live?.newFindings(in: history, network: network).count ?? 0
                }
            case .nonFinite(let report): throw .invalidData("bench: \(report)")
            }
        }
        let firstStarted = monotonic()
        if divergence?.finding(afterStep: 0, network: network) != nil { findings += 1 }
        let firstCurvatureSeconds = liveChecks ? monotonic() - firstStarted : 0
        for i in 0..<warmup { try step(i) }
        timed = true
        let faultsBefore = minorPageFaults()
        let rssBefore = residentKiB()
        var times = [Double](repeating: 0, count: steps + 1)
        let phases = profile ? StepProfile() : nil
        StepProfile.active = phases
        defer { StepProfile.active = nil }
        let cpuBefore = cpuSeconds()
        times[0] = monotonic()
        for i in 0..<steps {
            try step(warmup + i)
            times[i + 1] = monotonic()
        }
        StepProfile.active = nil
        let cpu = cpuSeconds() - cpuBefore
        let faults = minorPageFaults() - faultsBefore
        let weights = network.parameters.filter { $0.role == .weight }.reduce(0) {
            $0 + $1.value.count
        }
        return Result(
            seconds: times[steps] - times[0],
            stepSeconds: (0..<steps).map { times[$0 + 1] - times[$0] },
            pageFaults: faults, finalLoss: lastLoss, params: network.parameterCount,
            weights: weights, rssGrowthKiB: residentKiB() - rssBefore, findings: findings,
            firstCurvatureSeconds: firstCurvatureSeconds, curvatureSeconds: curvatureSeconds,
            profile: phases, cpuSeconds: cpu)
    }

    private func monotonic() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
    }

    private func cpuSeconds() -> Double {
        var usage = rusage()
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) * 1e-6 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }

    private func minorPageFaults() -> Int {
        var usage = rusage()
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        return Int(usage.ru_minflt)
    }

    /// Resident set size from /proc/self/statm, in KiB (0 where unavailable).
    private func residentKiB() -> Int {
        guard let f = fopen("/proc/self/statm", "r") else { return 0 }
        defer { fclose(f) }
        var buffer = [CChar](repeating: 0, count: 128)
        guard fgets(&buffer, 128, f) != nil else { return 0 }
        let text = String(
            decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let fields = text.split(separator: " ")
        guard fields.count >= 2, let pages = Int(fields[1]) else { return 0 }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE))) / 1024
    }
}
