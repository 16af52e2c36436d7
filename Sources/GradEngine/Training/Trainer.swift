#if canImport(Glibc)
    import Glibc
#endif

/// Trains a network: mini-batch steps with penalties, clipping, statistics and
/// non-finite detection, and whole runs over epochs.
///
/// One step: forward (training mode) → data loss → penalty → backward → penalty
/// gradient → global norm (always: it is also the finiteness check) → clipping →
/// statistics → optimizer update into spare buffers → commit if finite.
/// A step that goes non-finite anywhere leaves the weights and batch norm's
/// running statistics as the last finite step left them. The optimizer's state
/// (momentum, moment estimates) is updated in place, so it has moved only when
/// the update itself overflowed although the gradients were finite
/// (docs/engine.md).
public final class Trainer<Scalar: EngineScalar> {
    public let network: Network<Scalar>
    public var optimizer: Optimizer<Scalar>
    /// Committed steps so far.
    public private(set) var steps = 0
    /// The record of the last committed step.
    public private(set) var lastRecord: StepRecord?

    private let batchX: Tensor<Scalar>
    private var batchTargets: BatchTargets<Scalar>
    private let lossGradient: Tensor<Scalar>
    private let mainLayerIndices: [Int]
    /// For each entry of `mainLayerIndices`, the index of its main parameter in `network.parameters`.
    private let mainParameterIndices: [Int]

    public init(network: Network<Scalar>, optimizer: Optimizer<Scalar>) throws(EngineError) {
        self.network = network
        self.optimizer = optimizer
        batchX = try Tensor(rows: 0, columns: network.inputs)
        batchTargets = try BatchTargets(width: network.outputs)
        lossGradient = try Tensor(rows: 0, columns: network.outputs)
        var layers: [Int] = []
        var parameters: [Int] = []
        for (i, named) in network.namedLayers.enumerated() {
            if let p = named.mainParameter,
                let k = network.parameters.firstIndex(where: { $0 === p })
            {
                layers.append(i)
                parameters.append(k)
            }
        }
        mainLayerIndices = layers
        mainParameterIndices = parameters
    }

    /// The outcome of one step.
    public enum StepOutcome: Sendable {
        case finished(StepRecord)
        case nonFinite(NonFiniteReport)
    }

    /// One optimizer step on the samples `indices` of `data`.
    @_specialize(exported:true,where Scalar == Float)
    @_specialize(exported:true,where Scalar == Double)
    public func step(
        on data: Dataset<Scalar>, indices: ArraySlice<Int>, options: TrainingOptions<Scalar>,
        epoch: Int = 0, rng: inout RandomGenerator
    ) throws(EngineError) -> StepOutcome {
        try options.validate()
        let loss = options.loss ?? Loss.defaultFor(data)
        try loss.validate(outputs: network.outputs, targets: data.targets)
        guard !indices.isEmpty else { throw .invalidData("a step needs at least 1 sample") }
        if let bad = indices.first(where: { $0 < 0 || $0 >= data.count }) {
            throw .invalidArgument("sample index \(bad) is outside the data's 0..<\(data.count)")
        }
        try batchX.resize(rows: indices.count)
        StepProfile.measure("batch gather") { batchX.gatherRows(from: data.x, indices: indices) }
        try batchTargets.gather(data.targets, indices: indices, loss: loss)
        return try step(
            x: batchX, targets: batchTargets, loss: loss, options: options, epoch: epoch, rng: &rng)
    }

    func step(
        x: Tensor<Scalar>, targets: BatchTargets<Scalar>, loss: Loss,
        options: TrainingOptions<Scalar>,
        epoch: Int, rng: inout RandomGenerator
    ) throws(EngineError) -> StepOutcome {
        let stepNumber = steps + 1
        func fail(_ pass: NonFiniteReport.Pass, _ layer: String?) -> StepOutcome {
            optimizer.discard()
            return .nonFinite(NonFiniteReport(step: stepNumber, pass: pass, layer: layer))
        }

        let output = try StepProfile.measure("forward (other)") { () throws(EngineError) in
            try network.forward(x, training: true, rng: &rng)
        }
        let dataLoss = try StepProfile.measure("loss") { () throws(EngineError) in
            try loss.evaluate(output, targets, gradient: lossGradient)
        }
        if !dataLoss.isFinite || !lossGradient.isFinite {
            if !x.isFinite { return fail(.input, nil) }
            if let name = network.firstNonFiniteOutput() { return fail(.forward, name) }
            return fail(.loss, nil)
        }
        let correct = loss.correctCount(output, targets)
        let penalty = penaltyLoss(l1: options.l1, l2: options.l2)

        try StepProfile.measure("backward (other)") { () throws(EngineError) in
            try network.backward(lossGradient)
        }
        if options.l1 > 0 || options.l2 > 0 {
            for p in network.parameters where p.isPenalized {
                p.grad.addPenaltyGradient(
                    weights: p.value, l1: Scalar(options.l1), l2: Scalar(options.l2))
            }
        }
        let norm = StepProfile.measure("gradient norm") { globalGradientNorm(network.parameters) }
        if !norm.isFinite { return fail(.backward, network.firstNonFiniteGradient()) }

        var layers =
            options.statistics
            ? StepProfile.measure("statistics") { network.layerStatistics() } : []
        let clipped = StepProfile.measure("clipping") { () -> Bool in
            switch options.clipping {
            case .norm(let c)?: clipGlobalNorm(network.parameters, maxNorm: c, norm: norm)
            case .value(let c)?: clipByValue(network.parameters, limit: c)
            case nil: false
            }
        }

        let (finite, updates) = StepProfile.measure("optimizer") {
            optimizer.prepare(network.parameters, summaries: options.statistics)
        }
        if !finite {
            let bad = zip(network.parameters, updates).first { !$0.1.finite }?.0
            return fail(.update, bad.flatMap { network.layerName(owning: $0) })
        }
        if options.statistics {
            for (i, k) in zip(mainLayerIndices, mainParameterIndices) {
                layers[i].update = updates[k]
            }
        }
        StepProfile.measure("commit") {
            optimizer.commit()
            network.commitRunningStatistics()
        }
        steps += 1
        let record = StepRecord(
            step: steps, epoch: epoch, dataLoss: dataLoss, penaltyLoss: penalty,
            gradientNorm: norm, clipped: clipped, samples: x.rows,
            correct: correct, decisionsPerSample: loss.decisionsPerSample(outputs: network.outputs),
            layers: layers)
        lastRecord = record
        return .finished(record)
    }

    /// λ₁Σ|w| + λ₂Σw² over the penalized (weight) parameters.
    func penaltyLoss(l1: Double, l2: Double) -> Double {
        guard l1 > 0 || l2 > 0 else { return 0 }
        var total = 0.0
        for p in network.parameters where p.isPenalized {
            if l1 > 0 { total += l1 * p.value.sumOfMagnitudes() }
            if l2 > 0 { total += l2 * p.value.sumOfSquares() }
        }
        return total
    }

    /// Something that happened during `train`.
    public enum Event {
        case stepFinished(StepRecord)
        case epochFinished(History.Epoch)
        /// A live check found something new (each kind at most once per run).
        case finding(Finding)
    }

    /// Trains for `options.epochs` epochs of shuffled mini-batches (the last batch
    /// of an epoch may be smaller). Stops early, keeping every finished step, when
    /// `cancel` is set or a step goes non-finite; `History.ending` says which.
    ///
    /// With `liveChecks`, the run is diagnosed as it goes (see `LiveChecks`),
    /// and each kind of finding is reported once, when it first appears. For
    /// SGD, `divergence_risk` (`DivergenceCheck`) is checked before the first
    /// step (reported with no step) and then every 512 steps whenever either
    /// kind of check is asked for, kept in `History.divergenceRisk`, and
    /// reported as an event only with `liveChecks`. With
    /// `programChecks`, the checks before training (`Diagnosis.program`) run
    /// before the first step: their findings are reported then, as `.finding`
    /// events with no step, and kept in `History.programFindings`.
    ///
    /// A run that goes non-finite with statistics on reports the largest
    /// |value| per layer over its last steps (`NonFiniteReport.trail`).
    @_specialize(exported:true,where Scalar == Float)
    @_specialize(exported:true,where Scalar == Double)
    public func train(
        _ data: Dataset<Scalar>, options: TrainingOptions<Scalar>, rng: inout RandomGenerator,
        cancel: CancellationFlag? = nil, liveChecks: DiagnosisThresholds? = nil,
        programChecks: DiagnosisThresholds? = nil, onEvent: (Event) -> Void = { _ in }
    ) throws(EngineError) -> History {
        try options.validate()
        let loss = options.loss ?? Loss.defaultFor(data)
        try loss.validate(outputs: network.outputs, targets: data.targets)
        guard data.count > 0 else { throw .invalidData("the training data has no samples") }
        guard data.features == network.inputs else {
            throw .shapeMismatch(
                "the model takes \(network.inputs) input\(network.inputs == 1 ? "" : "s") per sample, the data has \(data.features)"
            )
        }
        if let v = options.validation {
            try loss.validate(outputs: network.outputs, targets: v.targets)
            guard v.features == network.inputs else {
                throw .shapeMismatch(
                    "the validation data has \(v.features) features, the model takes \(network.inputs)"
                )
            }
        }
        let batch = min(options.batchSize, data.count)
        if network.hasBatchNorm && data.count % batch == 1 && data.count > 1 {
            // A last batch of one sample cannot be batch-normalized; PyTorch fails the same way.
            throw .invalidData(
                "the last batch of each epoch would hold 1 sample (\(data.count) samples, batch \(batch)), which batchnorm cannot train on; choose another batch size"
            )
        }
        var history = History(layerNames: mainLayerIndices.map { network.namedLayers[$0].name })
        history.profile = RunProfile(network: network)
        let batchesPerEpoch = (data.count + batch - 1) / batch
        history.profile?.record(
            options, optimizer: optimizer.kind, loss: loss, baselineLoss: loss.baseline(data),
            majorityShare: loss.majorityShare(data),
            plannedSteps: options.epochs * batchesPerEpoch)
        if let thresholds = programChecks {
            history.programFindings = Diagnosis.program(
                network: network, data: data, loss: loss, optimizer: optimizer.kind,
                thresholds: thresholds,
                gradients: Diagnosis.probeGradients(
                    network: network, data: data, loss: loss, optimizer: optimizer.kind),
                clipping: options.clipping)
            for f in history.programFindings { onEvent(.finding(f)) }
        }
        var order = Array(0..<data.count)
        var live = liveChecks.map(LiveChecks.init)
        var magnitudes = options.statistics ? MagnitudeRecorder(network) : nil
        func check() {
            guard live != nil else { return }
            for f in live?.newFindings(in: history, network: network) ?? [] { onEvent(.finding(f)) }
        }
        guard options.epochs > 0 else { return history }
        // divergence_risk: before the first step, then on its own sparse
        // schedule, once. It runs with the checks before training, so that
        // diagnose(h) reports it; it is announced only with the live checks.
        var divergence =
            programChecks == nil && liveChecks == nil
            ? nil
            : DivergenceCheck(
                network: network, data: data, loss: loss, optimizer: optimizer.kind, l2: options.l2,
                clipping: options.clipping)
        func checkDivergence() {
            guard divergence?.isDue(afterStep: history.steps) == true,
                let f = divergence?.finding(afterStep: history.steps, network: network)
            else { return }
            history.divergenceRisk = f
            divergence = nil
            if liveChecks != nil { onEvent(.finding(f)) }
        }
        checkDivergence()
        for epoch in 1...options.epochs {
            let started = monotonicSeconds()
            if options.shuffle { order = rng.permutation(data.count) }
            var sums = (loss: 0.0, data: 0.0, penalty: 0.0)
            var samples = 0
            var correct = 0
            var clipped = 0
            var stepsDone = 0
            var start = 0
            while start < data.count {
                if cancel?.isCancelled == true {
                    history.ending = .cancelled
                    return history
                }
                let end = min(start + batch, data.count)
                let outcome = try step(
                    on: data, indices: order[start..<end], options: options, epoch: epoch, rng: &rng
                )
                start = end
                switch outcome {
                case .nonFinite(var report):
                    // Numbered within this run, as `h.steps` counts.
                    report.step = history.steps + 1
                    report.trail = magnitudes?.trail(
                        network, failed: report.step,
                        backwardRan: report.pass == .backward || report.pass == .update)
                    history.ending = .nonFinite(report)
                    return history
                case .finished(let r):
                    history.record(r, mainLayerIndices: mainLayerIndices)
                    magnitudes?.record(r, step: history.steps)
                    let n = Double(r.samples)
                    sums.loss += r.loss * n
                    sums.data += r.dataLoss * n
                    sums.penalty += r.penaltyLoss * n
                    samples += r.samples
                    correct += r.correct ?? 0
                    clipped += r.clipped ? 1 : 0
                    stepsDone += 1
                    onEvent(.stepFinished(r))
                    checkDivergence()
                    check()
                }
            }
            let n = Double(samples)
            let decisions = Double(loss.decisionsPerSample(outputs: network.outputs))
            var summary = History.Epoch(
                epoch: epoch, loss: sums.loss / n, dataLoss: sums.data / n,
                penaltyLoss: sums.penalty / n,
                accuracy: loss.measuresAccuracy ? Double(correct) / (n * decisions) : nil,
                validationLoss: nil, validationAccuracy: nil, clippedSteps: clipped,
                steps: stepsDone,
                seconds: monotonicSeconds() - started)
            if let v = options.validation {
                let e = try evaluate(v, loss: loss)
                summary.validationLoss = e.loss
                summary.validationAccuracy = e.accuracy
            }
            history.epochs.append(summary)
            onEvent(.epochFinished(summary))
        }
        return history
    }

    /// Loss and accuracy in evaluation mode.
    public struct Evaluation: Sendable {
        public var loss: Double
        public var accuracy: Double?
    }

    /// Scores `data` in evaluation mode, in batches of `batchSize`; no update.
    @_specialize(exported:true,where Scalar == Float)
    @_specialize(exported:true,where Scalar == Double)
    public func evaluate(_ data: Dataset<Scalar>, loss: Loss? = nil, batchSize: Int = 1024)
        throws(EngineError) -> Evaluation
    {
        let loss = loss ?? Loss.defaultFor(data)
        try loss.validate(outputs: network.outputs, targets: data.targets)
        guard data.count > 0 else { throw .invalidData("no samples to evaluate") }
        let targets = try BatchTargets<Scalar>(width: network.outputs)
        let x = try Tensor<Scalar>(rows: 0, columns: network.inputs)
        let gradient = try Tensor<Scalar>(rows: 0, columns: network.outputs)
        var rng = RandomGenerator(seed: 0)
        var total = 0.0
        var correct = 0
        var start = 0
        while start < data.count {
            let end = min(start + max(batchSize, 1), data.count)
            let idx = Array(start..<end)[...]
            try x.resize(rows: idx.count)
            x.gatherRows(from: data.x, indices: idx)
            try targets.gather(data.targets, indices: idx, loss: loss)
            let out = try network.forward(x, training: false, rng: &rng)
            total += try loss.evaluate(out, targets, gradient: gradient) * Double(idx.count)
            correct += loss.correctCount(out, targets) ?? 0
            start = end
        }
        let n = Double(data.count) * Double(loss.decisionsPerSample(outputs: network.outputs))
        return Evaluation(
            loss: total / Double(data.count),
            accuracy: loss.measuresAccuracy ? Double(correct) / n : nil)
    }
}

/// Seconds on a monotonic clock.
func monotonicSeconds() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
}
