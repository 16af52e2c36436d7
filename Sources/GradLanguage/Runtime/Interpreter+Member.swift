import GradEngine

/// `value.member`: fields of records, and the documented members of models,
/// datasets, histories and optimizers.
extension Interpreter {
    func member(_ object: Value, _ name: String, at: SourceLocation) throws(Diagnostic) -> Value {
        func numbers(_ xs: [Double]) -> Value { .list(xs.map { .number($0) }) }
        let members: [String: () -> Value]
        switch object {
        case .record(let r):
            if let v = r[name] { return v }
            members = [:]
            return try missing(object, name, r.fields.map(\.name), at)
        case .model(let m):
            let net = m.network
            members = [
                "params": { .number(Double(net.parameterCount)) },
                "inputs": { .number(Double(net.inputs)) },
                "outputs": { .number(Double(net.outputs)) },
                "layers": { .list(net.specs.map { .layer($0) }) },
                "optimizer": { m.optimizer.map { .optimizer($0) } ?? .none },
            ]
        case .dataset(let dv):
            let d = dv.data
            members = [
                "size": { .number(Double(d.count)) },
                "features": { .number(Double(d.features)) },
                "classes": { d.isClassification ? .number(Double(d.targetWidth)) : .none },
                "kind": { .string(d.isClassification ? "classification" : "regression") },
                "name": { .string(d.name) },
                // Through the Float's shortest text, as predict does: a CSV's 0.1 reads 0.1.
                "x": { .list(d.x.rowArrays.map { .list($0.map { .number(shortest($0)) }) }) },
                "y": {
                    switch d.targets {
                    case .classes(let l, _): return .list(l.map { .number(Double($0)) })
                    case .values(let y):
                        return .list(
                            y.rowArrays.map { r in
                                r.count == 1
                                    ? .number(shortest(r[0]))
                                    : .list(r.map { .number(shortest($0)) })
                            })
                    }
                },
            ]
        case .history(let hv):
            let h = hv.history
            let layers = h.layerNames.count
            members = [
                "loss": { numbers(h.epochs.map(\.loss)) },
                "data_loss": { numbers(h.epochs.map(\.dataLoss)) },
                "penalty_loss": { numbers(h.epochs.map(\.penaltyLoss)) },
                "val_loss": {
                    .list(h.epochs.map { $0.validationLoss.map { .number($0) } ?? .none })
                },
                "accuracy": { .list(h.epochs.map { $0.accuracy.map { .number($0) } ?? .none }) },
                "val_accuracy": {
                    .list(h.epochs.map { $0.validationAccuracy.map { .number($0) } ?? .none })
                },
                "epochs": { .number(Double(h.epochs.count)) },
                "steps": { .number(Double(h.steps)) },
                "seconds": { .number(h.epochs.reduce(0) { $0 + $1.seconds }) },
                "step_loss": { numbers(h.stepLoss) },
                "layers": { .list(h.layerNames.map { .string($0) }) },
                "grad_norms": {
                    // One list per layer, one value per step.
                    guard layers > 0, !h.layerGradientNorms.isEmpty else { return .list([]) }
                    return .list(
                        (0..<layers).map { l in
                            numbers(
                                stride(from: l, to: h.layerGradientNorms.count, by: layers).map {
                                    Double(h.layerGradientNorms[$0])
                                })
                        })
                },
                "update_ratios": {
                    // One list per layer, one value per step: std of the update / std W.
                    guard layers > 0, !h.layerUpdateToData.isEmpty else { return .list([]) }
                    return .list(
                        (0..<layers).map { l in
                            numbers(
                                stride(from: l, to: h.layerUpdateToData.count, by: layers).map {
                                    Double(h.layerUpdateToData[$0])
                                })
                        })
                },
                "clipped": {
                    let t = ClippingTelemetry(h, clipping: h.profile?.clipping)
                    func number(_ x: Double?) -> Value { x.map { .number($0) } ?? .none }
                    return .record(
                        Record(
                            kind: "clipping",
                            fields: [
                                ("count", .number(Double(t.fired))),
                                ("steps", .number(Double(h.steps))),
                                ("norms", numbers(h.stepGradientNorm)),
                                ("median_norm", number(t.medianNorm)),
                                ("p90_norm", number(t.p90Norm)),
                                ("max_norm", number(t.maxNorm)),
                                ("top_layer", t.topLayer.map { .string($0.name) } ?? .none),
                                ("top_share", number(t.topLayer?.share)),
                            ]))
                },
            ]
        case .optimizer(let o):
            members = [
                "name": { .string(o.optimizer.kind.name) },
                "lr": { .number(o.optimizer.kind.learningRate) },
                "steps": { .number(Double(o.optimizer.steps)) },
            ]
        case .findings(let f):
            members = [
                "names": { .list(f.report.names.map { .string($0) }) },
                "findings": { .list(f.report.findings.map { .record(self.record($0)) }) },
                "observations": {
                    .list(DiagnosisText.observations(f.report).map { .string($0) })
                },
                "healthy": { .bool(f.report.names == ["healthy"]) },
            ]
        case .plot(let p):
            members = [
                "svg": { .string(p.svg()) },
                "title": { .string(p.title) },
                "labels": { .list(p.labels.map { .string($0) }) },
                "kind": { .string(p.series.isEmpty ? "histogram" : "lines") },
                "log": { .bool(p.logY) },
            ]
        case .list(let items):
            members = ["length": { .number(Double(items.count)) }]
        case .table(let t):
            members = [
                "rows": { .list(t.rows.compactMap { t.record($0.layer).map(Value.record) }) },
                "layers": { .list(t.rows.map { .string($0.layer) }) },
                "columns": { .list(t.keys.map { .string($0) }) },
                "notes": { .list(t.notes.map { .string($0) }) },
            ]
        default:
            throw Diagnostic(
                .runtime, "\(object.typeName) has no members, so '.\(name)' is not available",
                at: at)
        }
        if let f = members[name] { return f() }
        return try missing(object, name, members.keys.sorted(), at)
    }

    private func missing(_ object: Value, _ name: String, _ known: [String], _ at: SourceLocation)
        throws(Diagnostic) -> Value
    {
        var m = "\(object.typeName) has no member '\(name)'"
        if let near = nearest(name, among: known) {
            m += ": did you mean '\(near)'?"
        } else if !known.isEmpty {
            m += " (members: \(known.joined(separator: ", ")))"
        }
        throw Diagnostic(.runtime, m, at: at)
    }
}

/// A Float as the Double its shortest text reads as (0.1f is 0.1, not 0.10000000149).
private func shortest(_ x: Float) -> Double { Double(x.description) ?? Double(x) }
