import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// Tries remedies by experiment: the original setting of a run and each
/// chosen remedy, each run from the same start for each of several seeds,
/// measured, diagnosed and judged against the original (`try_remedies` in the
/// language; docs/diagnosis.md, "Trying the remedies").
///
/// Runs are independent: each builds its own network and trainer and draws
/// from its own generator, with one BLAS thread, so that its numbers do not
/// depend on how many run at once or in what order; with `workers: 2`, two
/// run at a time.
public struct RemedyTrials {
    /// The run's setup, as it started.
    public let setup: RunSetup<Float>
    public let choice: RemedyChoice
    /// The seeds of shuffling and dropout, one run per row each; the first
    /// also draws the weights of layers a remedy changes.
    public let seeds: [UInt64]
    public let epochs: Int
    public let thresholds: DiagnosisThresholds

    public init(
        setup: RunSetup<Float>, choice: RemedyChoice, seeds: [UInt64], epochs: Int,
        thresholds: DiagnosisThresholds
    ) {
        self.setup = setup
        self.choice = choice
        self.seeds = seeds
        self.epochs = epochs
        self.thresholds = thresholds
    }

    /// The rows: the original setting, then each candidate.
    public var changes: [RunChange?] { [nil] + choice.candidates.map(\.change) }

    /// The setup of row `row` (0: the original), as its runs start: the
    /// changed settings, `epochs`, and the network it starts from.
    public func setup(ofRow row: Int) throws(EngineError) -> RunSetup<Float> {
        let change =
            row > 0 && row <= choice.candidates.count ? choice.candidates[row - 1].change : nil
        var out = change?.applied(to: setup) ?? setup
        out.options.epochs = epochs
        if let change, change.changesArchitecture, let seed = seeds.first {
            out.start = NetworkSnapshot(try change.network(from: setup.start, seed: seed).0)
        }
        return out
    }

    /// The training steps all runs take together (saturating at `Int.max`).
    public var plannedSteps: Int {
        let batch = max(1, min(setup.options.batchSize, setup.data.count))
        let perEpoch = (setup.data.count + batch - 1) / batch
        let runs = changes.count * seeds.count
        let (a, o1) = perEpoch.multipliedReportingOverflow(by: epochs)
        let (b, o2) = a.multipliedReportingOverflow(by: runs)
        return o1 || o2 ? .max : b
    }

    /// Where the runs are, for a live progress line.
    public struct Progress: Sendable {
        /// The row and seed of the step just made.
        public var row: Int
        public var seed: UInt64
        /// The epoch of that run, and its step's loss.
        public var epoch: Int
        public var loss: Double
        /// Steps made so far by every run, and planned in all.
        public var steps: Int
        public var plannedSteps: Int
        /// Runs finished so far, and in all.
        public var runsFinished: Int
        public var runs: Int
    }

    /// What the trials found.
    public struct Outcome {
        /// The original first, then each candidate; a row that did not finish
        /// on every seed has verdict `.notJudged`.
        public var rows: [TrialRow]
        /// Whether `cancel` stopped them before every run finished.
        public var interrupted: Bool
        public var runsFinished: Int
        public var runs: Int

        /// The row to take: the remedy that beats the original with the
        /// lowest mean measured loss, else the original (row 0).
        public var best: Int {
            let beating = rows.indices.dropFirst().filter { rows[$0].verdict.beatsOriginal }
            return beating.min { a, b in
                (rows[a].measuredLoss?.mean ?? .infinity)
                    < (rows[b].measuredLoss?.mean ?? .infinity)
            } ?? 0
        }
    }

    /// The number of runs to make at once: two where there are two cores or more.
    public static var defaultWorkers: Int {
        sysconf(Int32(_SC_NPROCESSORS_ONLN)) >= 2 ? 2 : 1
    }

    /// Makes every run (row by row, each row's seeds in order), `workers` at a
    /// time; stops starting runs when `cancel` is set, and returns what
    /// finished. `progress` is called after every step, from the worker
    /// threads, one call at a time.
    public func run(
        workers: Int = RemedyTrials.defaultWorkers, cancel: CancellationFlag? = nil,
        progress: @escaping (Progress) -> Void = { _ in }
    ) throws(EngineError) -> Outcome {
        guard !seeds.isEmpty, epochs >= 1 else {
            throw .invalidArgument("remedy trials need at least 1 seed and 1 epoch")
        }
        let rows = changes
        let setups = rows.map { $0?.applied(to: setup) ?? setup }
        // Built once here: how each row starts, or why it cannot (the memory
        // budget, a change that does not build), before the first step.
        var starts: [TrialStart] = []
        var failures: [Int: EngineError] = [:]
        for (r, change) in rows.enumerated() {
            do throws(EngineError) {
                starts.append(
                    try (change ?? RunChange()).network(from: setup.start, seed: seeds[0]).1)
            } catch {
                if r == 0 { throw error }
                failures[r] = error
                starts.append(.sameWeights)
            }
        }
        let total = rows.count * seeds.count
        let shared = TrialState(
            runs: total, seedsPerRow: seeds.count, failedRows: Set(failures.keys),
            plannedSteps: plannedSteps, progress: progress)
        let threads = ComputeThreads.current
        ComputeThreads.set(1)
        defer { ComputeThreads.set(threads) }
        ComputeThreads.parallel(max(1, min(workers, total))) { _ in
            while let index = shared.nextIndex(cancel: cancel) {
                let row = index / seeds.count
                let seed = seeds[index % seeds.count]
                do throws(EngineError) {
                    let run = try self.run(
                        rows[row], setups[row], seed: seed, keepNetwork: index % seeds.count == 0,
                        cancel: cancel
                    ) { epoch, loss in
                        shared.stepped(row: row, seed: seed, epoch: epoch, loss: loss)
                    }
                    shared.finished(index, run)
                } catch {
                    shared.failed(index, error)
                }
            }
        }
        for (index, error) in shared.errors where failures[index / seeds.count] == nil {
            failures[index / seeds.count] = error
        }
        if let error = failures[0] { throw error }
        let finished = shared.results
        var out: [TrialRow] = rows.indices.map { r in
            TrialRow(
                candidate: r == 0 ? nil : choice.candidates[r - 1], start: starts[r],
                runs: (0..<seeds.count).compactMap { finished[r * seeds.count + $0] }.filter(
                    \.finished),
                seeds: seeds.count, validation: setup.options.validation != nil,
                failure: failures[r])
        }
        judge(&out)
        let done = finished.compactMap { $0 }.filter(\.finished).count
        let expected = (rows.count - failures.count) * seeds.count
        return Outcome(rows: out, interrupted: done < expected, runsFinished: done, runs: expected)
    }

    /// Sets every row's verdict against the original's.
    private func judge(_ rows: inout [TrialRow]) {
        guard let original = rows.first else { return }
        rows[0].verdict = original.complete ? .original : .notJudged
        guard original.complete, let base = original.measuredLoss else { return }
        for i in rows.indices.dropFirst() {
            if rows[i].failure != nil {
                rows[i].verdict = .couldNotRun
                continue
            }
            guard rows[i].complete, let loss = rows[i].measuredLoss else { continue }
            rows[i].verdict = TrialVerdict.judge(
                loss: loss, accuracy: rows[i].measuredAccuracy, runs: rows[i].runs,
                original: (base, original.measuredAccuracy),
                findings: rows[i].candidate?.findings ?? [])
        }
    }

    /// One run: the row's network from its start, trained for `epochs` with
    /// `seed`'s shuffling, then diagnosed.
    private func run(
        _ change: RunChange?, _ setup: RunSetup<Float>, seed: UInt64, keepNetwork: Bool,
        cancel: CancellationFlag?, stepped: (Int, Double) -> Void
    ) throws(EngineError) -> TrialRun {
        let started = monotonicSeconds()
        let (network, _) = try (change ?? RunChange()).network(
            from: self.setup.start, seed: seeds[0])
        let trainer = try Trainer(network: network, optimizer: Optimizer(setup.optimizer))
        var options = setup.options
        options.epochs = epochs
        var rng = RandomGenerator(seed: seed)
        let history = try trainer.train(
            setup.data, options: options, rng: &rng, cancel: cancel,
            programChecks: thresholds
        ) { event in
            if case .stepFinished(let r) = event { stepped(r.epoch, r.loss) }
        }
        let findings = Diagnosis.run(history, network: network, thresholds: thresholds)
            .findings.map(\.kind).filter { $0 != .healthy }
        return TrialRun(
            seed: seed, history: history, network: keepNetwork ? network : nil,
            seconds: monotonicSeconds() - started, findings: findings)
    }
}

/// What the workers of `RemedyTrials.run` share: the next run to make, the
/// results, the errors and the progress. Every access holds `lock`.
private final class TrialState: @unchecked Sendable {
    private let lock = Mutex(())
    private var next = 0
    private var finishedRuns: [TrialRun?]
    private var failures: [(index: Int, error: EngineError)] = []
    private var steps = 0
    private var runsFinished = 0
    private let runs: Int
    private let seedsPerRow: Int
    /// Rows that cannot run: their runs are skipped.
    private var failedRows: Set<Int>
    private let plannedSteps: Int
    private let progress: (RemedyTrials.Progress) -> Void

    init(
        runs: Int, seedsPerRow: Int, failedRows: Set<Int>, plannedSteps: Int,
        progress: @escaping (RemedyTrials.Progress) -> Void
    ) {
        finishedRuns = Array(repeating: nil, count: runs)
        self.runs = runs
        self.seedsPerRow = seedsPerRow
        self.failedRows = failedRows
        self.plannedSteps = plannedSteps
        self.progress = progress
    }

    /// The next run to make, or nil when all have started, the original's
    /// runs failed, or `cancel` is set. Runs of a row that failed are skipped.
    func nextIndex(cancel: CancellationFlag?) -> Int? {
        lock.withLock { _ in
            while next < runs, failedRows.contains(next / seedsPerRow) { next += 1 }
            guard next < runs, !failedRows.contains(0), cancel?.isCancelled != true else {
                return nil
            }
            defer { next += 1 }
            return next
        }
    }

    func finished(_ index: Int, _ run: TrialRun) {
        lock.withLock { _ in
            finishedRuns[index] = run
            if run.finished { runsFinished += 1 }
        }
    }

    /// Records why run `index` failed; its row's other runs are skipped.
    func failed(_ index: Int, _ error: EngineError) {
        lock.withLock { _ in
            failures.append((index, error))
            failedRows.insert(index / seedsPerRow)
        }
    }

    func stepped(row: Int, seed: UInt64, epoch: Int, loss: Double) {
        lock.withLock { _ in
            steps += 1
            progress(
                RemedyTrials.Progress(
                    row: row, seed: seed, epoch: epoch, loss: loss, steps: steps,
                    plannedSteps: plannedSteps, runsFinished: runsFinished, runs: runs))
        }
    }

    var results: [TrialRun?] { lock.withLock { _ in finishedRuns } }

    /// The runs that failed, by index, earliest first.
    var errors: [(index: Int, error: EngineError)] {
        lock.withLock { _ in failures.sorted { $0.index < $1.index } }
    }
}
