import GradEngine

/// One run as `compare` lines it up.
private struct RunSummary {
    var label: String
    var profile: RunProfile
    var results: [(String, Value)]
    /// Per layer name: ‖∇W‖ at the start and the end (the start is unknown for a single pass).
    var norms: [(layer: String, start: Double?, end: Double)]
    var findings: [String]
}

extension RunProfile {
    /// The settings `compare` names when runs differ, in a fixed order.
    var comparedSettings: [(String, String)] {
        let hidden = self.hidden
        func joined(_ xs: [String]) -> String {
            var seen: [String] = []
            for x in xs where !seen.contains(x) { seen.append(x) }
            return seen.isEmpty ? "—" : seen.joined(separator: " / ")
        }
        var clip = "none"
        switch clipping {
        case .norm(let c)?: clip = "clip_norm \(NumberText.plain(c))"
        case .value(let c)?: clip = "clip_value \(NumberText.plain(c))"
        case nil: break
        }
        return [
            ("layers", "\(dense.count) dense"),
            (
                "activation",
                joined(
                    (hidden.map(\.activation) + activationLayers).filter { $0 != .identity }
                        .map(activationText))
            ),
            ("init", joined(hidden.map { initSchemeText($0.weightInit) })),
            ("norm", batchNorms == 0 ? "none" : "\(batchNorms) batchnorm"),
            ("skip", residualBlocks == 0 ? "none" : "\(residualBlocks) residual"),
            ("optimizer", optimizer ?? "—"),
            ("lr", learningRate.map(NumberText.plain) ?? "—"),
            ("clip", clip),
            (
                "penalty",
                l1 == 0 && l2 == 0
                    ? "none"
                    : [
                        l1 > 0 ? "l1 \(NumberText.plain(l1))" : nil,
                        l2 > 0 ? "l2 \(NumberText.plain(l2))" : nil,
                    ].compactMap { $0 }.joined(separator: ", ")
            ),
        ]
    }
}

extension Interpreter {
    /// The `compare` table: differences in configuration, results, per-layer norms, findings.
    func comparison(_ args: Arguments) throws(Diagnostic) -> TableValue {
        var values = (0..<args.count).map { args.positional($0) }
        var data: Dataset<Float>?
        if case .dataset(let d)? = values.last {
            data = d.data
            values.removeLast()
        }
        guard values.count >= 2 else {
            throw args.error(
                "compare(): give at least 2 histories, or 2 models and a dataset, as in compare(h1, h2) or compare(net1, net2, data)"
            )
        }
        var labels = (1...values.count).map { "run \($0)" }
        if let v = args.optional("labels") {
            guard case .list(let items) = v, items.count == values.count else {
                throw args.error(
                    "compare(): 'labels' must be a list of \(values.count) strings, one per run",
                    "labels")
            }
            labels = try items.map { item throws(Diagnostic) -> String in
                guard case .string(let s) = item else {
                    throw args.mismatch("labels", "a list of strings", item)
                }
                return s
            }
        }
        var runs: [RunSummary] = []
        for (i, v) in values.enumerated() {
            switch v {
            case .history(let hv) where data == nil:
                runs.append(summary(hv, label: labels[i]))
            case .model(let m) where data != nil:
                guard let data else { break }
                guard data.features == m.network.inputs else {
                    throw args.error(
                        "compare(): model \(i + 1) takes \(m.network.inputs) inputs, but the data has \(data.features) features"
                    )
                }
                runs.append(try summary(m, data, label: labels[i], at: args.location))
            default:
                throw args.error(
                    "compare(): argument \(i + 1) is \(v.typeName); give histories, as in compare(h1, h2), or models followed by a dataset, as in compare(net1, net2, data)"
                )
            }
        }
        return table(of: runs)
    }

    private func summary(_ hv: HistoryValue, label: String) -> RunSummary {
        let h = hv.history
        let profile = h.profile ?? RunProfile(network: hv.model.network)
        var results: [(String, Value)] = [("steps", .number(Double(h.steps)))]
        // The last epoch's figures, as the history shows them; "train" and
        // "val" say which data, since a bare "accuracy" reads as the test's.
        if let last = h.epochs.last {
            results.append(("train loss", .number(last.loss)))
            if let a = last.accuracy { results.append(("train accuracy", .number(a))) }
            if let v = last.validationLoss { results.append(("val loss", .number(v))) }
            if let v = last.validationAccuracy { results.append(("val accuracy", .number(v))) }
        }
        if case .nonFinite(let r) = h.ending {
            results.append(("stopped", .string("step \(r.step), \(r.pass.rawValue)")))
        }
        let n = h.layerNames.count
        var norms: [(String, Double?, Double)] = []
        if n > 0, h.layerGradientNorms.count >= n {
            let lastRow = h.layerGradientNorms.count / n - 1
            let dense = Set(profile.dense.map(\.name))
            for (j, name) in h.layerNames.enumerated() where dense.contains(name) {
                norms.append(
                    (
                        name, Double(h.layerGradientNorms[j]),
                        Double(h.layerGradientNorms[lastRow * n + j])
                    ))
            }
        }
        let findings = Diagnosis.run(h, network: hv.model.network, thresholds: thresholds).names
        return RunSummary(
            label: label, profile: profile, results: results, norms: norms, findings: findings)
    }

    private func summary(
        _ model: Model, _ data: Dataset<Float>, label: String, at location: SourceLocation
    ) throws(Diagnostic) -> RunSummary {
        let loss = Loss.defaultFor(data)
        let network = model.network
        let (stats, evaluation) = try engine(location) { () throws(EngineError) in
            let stats = try network.inspect(data, loss: loss, rng: &rng)
            let e = try model.evaluationTrainer().evaluate(data, loss: loss)
            return (stats, e)
        }
        let profile = self.profile(model, data: data, loss: loss)
        var results: [(String, Value)] = [("loss", .number(evaluation.loss))]
        if let a = evaluation.accuracy { results.append(("accuracy", .number(a))) }
        let norms: [(String, Double?, Double)] = zip(network.namedLayers, stats).compactMap {
            named, s in
            guard case .dense = named.layer, let g = s.gradient else { return nil }
            return (named.name, nil, g.norm)
        }
        // What diagnose(net, data) names: the pass's findings and the checks before training.
        let findings = Diagnosis.pass(
            stats, network: network, profile: profile, thresholds: thresholds
        ).including(
            Diagnosis.program(
                network: network, data: data, loss: loss,
                optimizer: model.optimizer?.optimizer.kind, thresholds: thresholds,
                gradients: stats)
        ).names
        return RunSummary(
            label: label, profile: profile, results: results, norms: norms, findings: findings)
    }

    private func table(of runs: [RunSummary]) -> TableValue {
        var rows: [(layer: String, cells: [Value])] = []
        func add(_ metric: String, _ cells: [Value]) {
            rows.append((metric, [.string(metric)] + cells))
        }

        let settings = runs.map(\.profile.comparedSettings)
        var differences: [String] = []
        for (k, (name, _)) in (settings.first ?? []).enumerated() {
            let column = settings.map { $0[k].1 }
            if Set(column).count > 1 {
                add(name, column.map { .string($0) })
                differences.append("\(name) (\(column.joined(separator: " vs ")))")
            }
        }
        var metrics: [String] = []
        for r in runs { for (m, _) in r.results where !metrics.contains(m) { metrics.append(m) } }
        for m in metrics {
            add(m, runs.map { r in r.results.first { $0.0 == m }?.1 ?? .none })
        }
        var layers: [String] = []
        for r in runs {
            for n in r.norms where !layers.contains(n.layer) { layers.append(n.layer) }
        }
        for layer in layers {
            add(
                "‖∇W‖ \(layer)",
                runs.map { r -> Value in
                    guard let n = r.norms.first(where: { $0.layer == layer }) else { return .none }
                    if let start = n.start {
                        return .string("\(compact(start)) → \(compact(n.end))")
                    }
                    return .number(n.end)
                })
        }
        add("findings", runs.map { .string($0.findings.joined(separator: ", ")) })
        var notes = [
            differences.isEmpty
                ? "same configuration" : "differences: " + differences.joined(separator: "; "),
            runs.contains { r in r.norms.contains { $0.start != nil } }
                ? "‖∇W‖: first step → last step" : "‖∇W‖: one pass over the data",
        ]
        let shown = Set(runs.flatMap { $0.results.map(\.0) })
        if shown.contains("train loss") {
            notes.append(
                "train: the last epoch's mean over its batches"
                    + (shown.contains("val loss") ? "; val: on the validation data after it" : ""))
        }
        // Field names must read as `row.run_1`: labels with other characters become underscores.
        let keys = runs.map { r in String(r.label.map { $0.isLetter || $0.isNumber ? $0 : "_" }) }
        return TableValue(
            kind: .comparison, columns: [""] + runs.map(\.label), keys: ["metric"] + keys,
            rows: rows, notes: notes)
    }
}
