import GradEngine

extension Arguments {
    /// The seeds of `try_remedies`: `seeds: 3` is 1, 2, 3; a list gives them.
    func trialSeeds(_ name: String) throws(Diagnostic) -> [UInt64] {
        let v = try required(name)
        let expected = Builtins.seedsExpectation
        if case .number = v { return (1...UInt64(try integer(name, in: 2...20))).map { $0 } }
        guard case .list(let items) = v, (2...20).contains(items.count) else {
            throw mismatch(name, expected, v)
        }
        var seeds: [UInt64] = []
        for item in items {
            guard case .number(let x) = item, x == x.rounded(), x >= 0, x < 1e15 else {
                throw error(
                    "\(function)(): '\(name)' must be \(expected), found \(item.typeName) in the list",
                    name)
            }
            guard !seeds.contains(UInt64(x)) else {
                throw error("\(function)(): '\(name)' lists the seed \(Int(x)) twice", name)
            }
            seeds.append(UInt64(x))
        }
        return seeds
    }
}

extension Builtins {
    /// What `try_remedies`'s 'seeds' must be.
    static let seedsExpectation = "a whole number from 2 to 20, or a list of 2 to 20 whole numbers"

    static let remedyBuiltins: [Builtin] = [
        Builtin(
            name: "try_remedies", group: .gradients,
            parameters: [
                .init(name: "h", expects: "a history (from train)"),
                .init(
                    name: "seeds", default: .number(3),
                    expects: Builtins.seedsExpectation),
                .init(name: "epochs", default: .computed("as h"), expects: "a whole number ≥ 1"),
                .init(name: "top", default: .number(3), expects: "a whole number from 1 to 10"),
            ],
            summary:
                "Runs the original setting and the top remedies of the run's findings from the same start, once per seed; a table of the measured effects (mean ± spread) with verdicts, and `.best`.",
            example: "let r = try_remedies(h, seeds: 3)", returns: .remedies
        ) { args, interp throws(Diagnostic) in
            let what = try args.required("h")
            guard case .history(let hv) = what else {
                throw args.mismatch("h", "a history (from train)", what)
            }
            guard let setup = hv.setup else {
                throw args.error(
                    "try_remedies(): this history does not say how its run started; give one that train returned",
                    "h")
            }
            let seeds = try args.trialSeeds("seeds")
            let epochs =
                args.optional("epochs") != nil
                ? try args.integer("epochs", in: 1...10_000_000) : setup.options.epochs
            guard epochs >= 1 else {
                throw args.error(
                    "try_remedies(): the run had 0 epochs; give some, as in try_remedies(h, epochs: 10)",
                    "epochs")
            }
            let top = try args.integer("top", in: 1...10)
            let report = Diagnosis.run(
                hv.history, network: hv.model.network, thresholds: interp.thresholds)
            let profile = hv.history.profile ?? RunProfile(network: hv.model.network)
            let choice = RemedyChoice.choose(report, profile: profile, setup: setup, top: top)
            let trials = RemedyTrials(
                setup: setup, choice: choice, seeds: seeds, epochs: epochs,
                thresholds: interp.thresholds)
            try interp.countSteps(trials.plannedSteps, for: "try_remedies()", at: args.location)
            interp.cancellation.reset()
            let names =
                ["original"]
                + choice.candidates.map {
                    DiagnosisText.remedyName($0.remedy, alternative: $0.alternative)
                }
            let display = RemedyProgress(
                names: names, epochs: epochs, sink: interp.progress, hint: interp.progressHint)
            let cancel = interp.cancellation
            let outcome = try interp.engine(args.location) {
                () throws(EngineError) -> RemedyTrials.Outcome in
                try trials.run(cancel: cancel) { display.update($0) }
            }
            display.finish(runsFinished: outcome.runsFinished, of: outcome.runs)
            if outcome.interrupted {
                interp.output(
                    "try_remedies interrupted after \(outcome.runsFinished) of \(outcome.runs) runs"
                )
            }
            return .table(interp.remediesTable(outcome, trials: trials))
        }
    ]
}
