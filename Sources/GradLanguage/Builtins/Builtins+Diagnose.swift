import GradEngine

extension Interpreter {
    /// A diagnosis as a readable report: each finding with its evidence and remedies.
    func render(_ report: DiagnosisReport) -> String {
        let summary = diagnosisSummary(report)
        var out = [summary.heading]
        for e in summary.entries {
            var head = "  \(e.mark) \(e.title)"
            if let step = e.step { head += " (from step \(step))" }
            out.append(head)
            out += e.evidence.map { "      " + $0 }
            if !e.remedies.isEmpty {
                out.append("    try:")
                out += e.remedies.map { "      - " + $0 }
            }
        }
        if !summary.observations.isEmpty {
            out.append("  also measured:")
            out += summary.observations.map { "      " + $0 }
        }
        return out.joined(separator: "\n")
    }

    /// One finding as a record: `.name`, `.title`, `.layers`, `.evidence`, `.remedies`, `.step`.
    func record(_ f: Finding) -> Record {
        Record(
            kind: "finding",
            fields: [
                ("name", .string(f.kind.rawValue)), ("title", .string(f.kind.title)),
                ("layers", .list(f.layers.map { .string($0) })),
                ("evidence", .list(DiagnosisText.evidence(f).map { .string($0) })),
                ("remedies", .list(f.remedies.map { .string(DiagnosisText.remedy($0)) })),
                ("step", f.step.map { .number(Double($0)) } ?? .none),
            ])
    }

    /// The profile of a model, with the settings of its last training run when known.
    func profile(_ model: Model, data: Dataset<Float>?, loss: Loss?) -> RunProfile {
        var p = RunProfile(network: model.network)
        if let o = model.optimizer?.optimizer.kind {
            p.optimizer = o.name
            p.learningRate = o.learningRate
        }
        if let data, let loss {
            p.loss = loss
            p.baselineLoss = loss.baseline(data)
        }
        return p
    }

    /// How the run that last trained `model` learned, for judging one pass of
    /// it (nil when no `train` did, or a `step` came after it).
    func lastLearning(_ model: Model) -> LearningProgress? {
        guard let h = model.lastHistory, let p = h.profile else { return nil }
        return LearningProgress(h, profile: p, thresholds: thresholds)
    }

    /// The diagnosis of one pass of `model` over `data`, with batch-norm observations.
    func diagnosePass(
        _ model: Model, _ data: Dataset<Float>, loss: Loss, at location: SourceLocation
    ) throws(Diagnostic) -> DiagnosisReport {
        let network = model.network
        let stats = try engine(location) { () throws(EngineError) in
            try network.inspect(data, loss: loss, rng: &rng)
        }
        var report = Diagnosis.pass(
            stats, network: network, profile: profile(model, data: data, loss: loss),
            thresholds: thresholds, learning: lastLearning(model)
        ).including(
            Diagnosis.program(
                network: network, data: data, loss: loss,
                optimizer: model.optimizer?.optimizer.kind, thresholds: thresholds,
                gradients: stats))
        let gaps = try engine(location) { () throws(EngineError) in try network.batchNormGap(data) }
        report.observations += gaps.map(Observation.batchNormGap)
        return report
    }
}

extension Builtins {
    static let diagnosisBuiltins: [Builtin] = [
        Builtin(
            name: "diagnose", group: .gradients,
            parameters: [
                .init(name: "what", expects: "a history or a model"),
                .init(name: "data", default: .noValue, expects: "a dataset"),
                .init(
                    name: "loss", default: .computed("by data"),
                    expects: Builtins.lossExpectation),
            ],
            summary:
                "Findings (output_activation, target_range, unscaled_inputs, learning_rate, poor_init, divergence_risk, vanishing, exploding, dead_relu, saturation, plateau, unstable_updates, oscillation, clipping_active or healthy) with evidence and remedies; `.names` lists them. A gradient finding on a run that learns is a measurement under \"also measured\".",
            example: "diagnose(h).names", returns: .diagnosis
        ) { args, interp throws(Diagnostic) in
            let what = try args.required("what")
            switch what {
            case .history(let hv):
                if args.optional("data") != nil {
                    throw args.error(
                        "diagnose(): give a history alone, or a model and data, as in diagnose(net, data)",
                        "data")
                }
                let report = Diagnosis.run(
                    hv.history, network: hv.model.network, thresholds: interp.thresholds)
                return .findings(FindingsValue(report))
            case .model(let model):
                if args.optional("data") != nil {
                    let data = try args.dataset("data")
                    try args.checkWidth(model, data)
                    let loss = try args.loss(data)
                    return .findings(
                        FindingsValue(
                            try interp.diagnosePass(model, data, loss: loss, at: args.location)))
                }
                guard let last = model.trainer?.lastRecord else {
                    throw args.error(
                        "diagnose(): the model has not been trained yet; give data, as in diagnose(net, data), to diagnose it at initialization"
                    )
                }
                let stats = model.network.currentStatistics(updates: last)
                let report = Diagnosis.pass(
                    stats, network: model.network,
                    profile: interp.profile(model, data: nil, loss: nil),
                    thresholds: interp.thresholds, learning: interp.lastLearning(model))
                return .findings(FindingsValue(report))
            default:
                throw args.mismatch("what", "a history (from train) or a model", what)
            }
        },
        Builtin(
            name: "compare", group: .gradients,
            parameters: [
                .init(name: "runs...", expects: "histories, or models followed by a dataset"),
                .init(
                    name: "labels", default: .computed("run 1, run 2, ..."),
                    expects: "a list of strings"),
            ],
            summary:
                "Runs side by side: configuration differences, final train and val loss and accuracy, per-layer ‖∇W‖ at start and end, findings.",
            example: "compare(h_sigmoid, h_relu, labels: [\"sigmoid\", \"relu\"])",
            returns: .table
        ) { args, interp throws(Diagnostic) in
            .table(try interp.comparison(args))
        },
        Builtin(
            name: "thresholds", group: .gradients,
            parameters: DiagnosisThresholds.names.map {
                .init(name: $0.name, default: .computed("unchanged"), expects: "a number > 0")
            },
            summary:
                "Shows the thresholds behind health marks and findings; with arguments, sets them for the session.",
            example: "thresholds(vanishing: 1e-5)"
        ) { args, interp throws(Diagnostic) in
            var t = interp.thresholds
            for (name, keyPath, _) in DiagnosisThresholds.names where args.optional(name) != nil {
                let x = try args.number(name)
                if let why = DiagnosisThresholds.invalidReason(name, x) {
                    throw args.error(
                        "thresholds(): '\(name)' \(why), found \(formatNumber(x))", name)
                }
                t[keyPath: keyPath] = x
            }
            if let band = t.invertedBand {
                throw args.error(
                    "thresholds(): '\(band.low)' (\(formatNumber(band.lowValue))) must be below '\(band.high)' (\(formatNumber(band.highValue)))"
                )
            }
            interp.thresholds = t
            return .record(
                Record(
                    kind: "thresholds",
                    fields: DiagnosisThresholds.names.map {
                        ($0.name, .number(t[keyPath: $0.keyPath]))
                    }))
        },
    ]
}

extension Interpreter {
    /// A live finding during `train` (or, with no step, one of the checks
    /// before training): one line of evidence, one remedy.
    func announcement(_ f: Finding) -> String {
        var text = "⚠ \(f.step.map { "step \($0)" } ?? "before training"): \(f.kind.title)"
        if let e = DiagnosisText.evidence(f).first { text += ": " + e }
        if let r = f.remedies.first { text += "\n  try: " + DiagnosisText.remedy(r) }
        return text + "\n  (diagnose(h) on the returned history tells more)"
    }
}
