import GradEngine

extension Estimate {
    /// The kind of record an estimate is in a table: a cell shows it as
    /// `mean ± spread`.
    static let recordKind = "estimate"

    /// As a record: `mean`, `spread` (half the range) and `seeds` (one value
    /// per seed, inf for a run that diverged).
    var record: Record {
        Record(
            kind: Estimate.recordKind,
            fields: [
                ("mean", mean.map { .number($0) } ?? .none),
                ("spread", spread.map { .number($0) } ?? .none),
                ("seeds", .list(values.map { .number($0) })),
            ])
    }
}

extension Interpreter {
    /// An estimate record as a cell: `0.312 ± 0.0451`, with the runs that
    /// diverged counted after it.
    func estimateText(_ r: Record) -> String {
        var seeds: [Double] = []
        if case .list(let items)? = r["seeds"] {
            seeds = items.compactMap {
                if case .number(let x) = $0 { return x } else { return nil }
            }
        }
        let diverged = seeds.filter { !$0.isFinite }.count
        guard case .number(let mean)? = r["mean"], case .number(let spread)? = r["spread"] else {
            return diverged > 0 ? "diverged" : "—"
        }
        let text = "\(compact(mean)) ± \(compact(spread))"
        return diverged > 0 ? "\(text), \(diverged) diverged" : text
    }

    /// The table `try_remedies` returns: one row per setting tried, with its
    /// measurements over the seeds and its verdict, and the notes that say how
    /// to read it.
    func remediesTable(
        _ outcome: RemedyTrials.Outcome, trials: RemedyTrials
    ) -> TableValue {
        let setup = trials.setup
        let validation = setup.options.validation != nil
        let classification = outcome.rows.contains { $0.accuracy != nil }
        var columns = ["remedy", "start", "loss"]
        var keys = ["remedy", "start", "loss"]
        if classification {
            columns.append("accuracy")
            keys.append("accuracy")
        }
        if validation {
            columns.append("val loss")
            keys.append("val_loss")
            if classification {
                columns.append("val accuracy")
                keys.append("val_accuracy")
            }
        }
        columns += ["‖∇W‖ first/last", "findings", "time (s)", "verdict"]
        keys += ["grad_ratio", "findings", "seconds", "verdict"]

        let n = trials.seeds.count
        var rows: [(layer: String, cells: [Value])] = []
        for row in outcome.rows {
            let name = remedyName(row)
            func estimate(_ e: Estimate?) -> Value { e.map { .record($0.record) } ?? .none }
            var cells: [Value] = [.string(name), .string(startText(row.start)), estimate(row.loss)]
            if classification { cells.append(estimate(row.accuracy)) }
            if validation {
                cells.append(estimate(row.validationLoss))
                if classification { cells.append(estimate(row.validationAccuracy)) }
            }
            let found = row.remaining.map { f in
                f.seeds == row.runs.count
                    ? f.kind.rawValue : "\(f.kind.rawValue) (\(f.seeds) of \(row.runs.count))"
            }
            cells += [
                row.gradientRatio.map { .number($0) } ?? .none,
                .string(
                    row.runs.isEmpty ? "—" : found.isEmpty ? "none" : found.joined(separator: ", ")),
                style.times && !row.runs.isEmpty ? .number(row.seconds) : .none,
                .string(DiagnosisText.verdict(row.verdict)),
            ]
            rows.append((name, cells))
        }

        let seedList = trials.seeds.map { String($0) }.joined(separator: ", ")
        var notes = [
            "\(n) seeds (\(seedList)) × \(trials.epochs) epoch\(trials.epochs == 1 ? "" : "s") per row; a cell is the mean ± spread over the seeds (spread: half the range)",
            "loss\(classification ? ", accuracy" : ""): the last epoch's, on the training data (the loss without any penalty)"
                + (validation ? "; val: the same on the val: data, which the verdicts read" : ""),
        ]
        let drawn = outcome.rows.compactMap { row -> UInt64? in
            if case .sameSeed(let s) = row.start { return s }
            return nil
        }
        notes.append(
            "start: weights = the original run's initial weights"
                + (drawn.first.map {
                    "; seed \($0) = new weights drawn from seed \($0) where the layers changed, the original's elsewhere"
                } ?? ""))
        notes.append(
            "verdict: ✓ only when every seed of the remedy ends with a lower loss than every seed of the original; fixes it: k of n seeds also needs the finding it was suggested for gone on those k seeds"
        )
        notes.append(
            "‖∇W‖ first/last: the first dense layer's gradient norm over the last one's, late in the run (geometric mean over the seeds)"
        )
        if trials.choice.general {
            notes.append(
                "nothing was found on the run: the rows are the remedies of what was measured and changes that suit any network"
            )
        }
        for (remedy, reason) in trials.choice.untried {
            notes.append(
                "not tried: \(DiagnosisText.remedyName(remedy)) (\(DiagnosisText.untried(reason)))")
        }
        for row in outcome.rows {
            if let failure = row.failure {
                notes.append("could not run: \(remedyName(row)): \(failure.description)")
            }
        }
        if outcome.interrupted {
            notes.append(
                "interrupted: \(outcome.runsFinished) of \(outcome.runs) runs finished; a row that did not finish on every seed is not judged"
            )
        }
        let best = outcome.best
        notes.append(
            best == 0
                ? "no remedy beats the original" : "best: \(remedyName(outcome.rows[best])) (.best)"
        )
        return TableValue(
            kind: .remedies, columns: columns, keys: keys, rows: rows, notes: notes,
            verdicts: outcome.rows.map { row in
                row.verdict.beatsOriginal ? true : row.verdict == .worse ? false : nil
            },
            best: bestRecord(outcome.rows[best], index: best, trials: trials),
            heading:
                "Remedies tried: \(outcome.rows.count - 1) remed\(outcome.rows.count == 2 ? "y" : "ies") and the original, \(n) seeds each"
        )
    }

    /// A row's name: "original", or the remedy as the diagnosis names the change.
    func remedyName(_ row: TrialRow) -> String {
        guard let c = row.candidate else { return "original" }
        return DiagnosisText.remedyName(c.remedy, alternative: c.alternative)
    }

    private func startText(_ start: TrialStart) -> String {
        switch start {
        case .sameWeights: "weights"
        case .sameSeed(let s): "seed \(s)"
        }
    }

    /// `.best`: the row's name, the change as text to paste, its verdict, and
    /// its first seed's trained network and history.
    private func bestRecord(_ row: TrialRow, index: Int, trials: RemedyTrials) -> Record {
        var fields: [(String, Value)] = [
            ("name", .string(remedyName(row))),
            ("change", row.candidate.map { .string(changeText($0.change, trials.setup)) } ?? .none),
            ("verdict", .string(DiagnosisText.verdict(row.verdict))),
        ]
        if let run = row.runs.first, let network = run.network {
            let model = Model(network)
            model.lastHistory = run.history
            let setup = try? trials.setup(ofRow: index)
            fields += [
                ("net", .model(model)),
                ("history", .history(HistoryValue(run.history, model: model, setup: setup))),
            ]
        } else {
            fields += [("net", .none), ("history", .none)]
        }
        return Record(kind: "remedy", fields: fields)
    }

    /// What a change sets, as a program writes it: the model block for new
    /// layers, else the `train` arguments (`clip_norm: 1.0`, `opt: adam(lr: 0.001)`).
    func changeText(_ change: RunChange, _ setup: RunSetup<Float>) -> String {
        var parts: [String] = []
        if let specs = change.specs { parts.append(modelText(inputs: setup.start.inputs, specs)) }
        let changed = change.applied(to: setup)
        if change.optimizer != nil, let o = try? Optimizer<Float>(changed.optimizer) {
            parts.append("opt: " + describe(o))
        }
        switch change.clipping {
        case .norm(let c)?: parts.append("clip_norm: \(c)")
        case .value(let c)?: parts.append("clip_value: \(c)")
        case nil: break
        }
        if let l2 = change.l2 { parts.append("l2: \(formatNumber(l2))") }
        return parts.joined(separator: ", ")
    }

    /// A model block that builds `specs`, runs of the same layers (or of the
    /// same few layers) written as `repeat(n) { ... }`.
    func modelText(inputs: Int, _ specs: [LayerSpec]) -> String {
        var lines: [String] = []
        var i = 0
        while i < specs.count {
            var best = (period: 1, times: 1)
            for period in 1...4 where i + period <= specs.count {
                var times = 1
                while i + (times + 1) * period <= specs.count,
                    Array(specs[(i + times * period)..<(i + (times + 1) * period)])
                        == Array(specs[i..<(i + period)])
                {
                    times += 1
                }
                if times > 1 && period * times > best.period * best.times {
                    best = (period, times)
                }
            }
            let body = specs[i..<(i + best.period)].map(describe).joined(separator: "; ")
            lines.append(best.times > 1 ? "repeat(\(best.times)) { \(body) }" : body)
            i += best.period * best.times
        }
        return "model(inputs: \(inputs)) {\n" + lines.map { "    " + $0 }.joined(separator: "\n")
            + "\n}"
    }
}
