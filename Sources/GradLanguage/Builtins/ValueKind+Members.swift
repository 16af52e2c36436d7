import GradEngine

/// The members of each kind of value, declared once: name, doc line, and how
/// each is computed.
extension ValueKind {
    var members: [Member] {
        switch self {
        case .model: ValueKind.modelMembers
        case .dataset: ValueKind.datasetMembers
        case .history: ValueKind.historyMembers
        case .optimizer: ValueKind.optimizerMembers
        case .diagnosis: ValueKind.diagnosisMembers
        case .plot: ValueKind.plotMembers
        case .table: ValueKind.tableMembers
        case .remedies: ValueKind.tableMembers + ValueKind.remediesMembers
        case .list: ValueKind.listMembers
        }
    }

    private static let modelMembers: [Member] = [
        .model("params", "the number of trainable parameters") {
            .number(Double($0.network.parameterCount))
        },
        .model("inputs", "the input width") { .number(Double($0.network.inputs)) },
        .model("outputs", "the output width") { .number(Double($0.network.outputs)) },
        .model("layers", "the top-level layers as a list of layer values") {
            .list($0.network.specs.map { .layer($0) })
        },
        .model("optimizer", "the optimizer of the last train or step, or none before any") {
            $0.optimizer.map { .optimizer($0) } ?? .none
        },
    ]

    private static let datasetMembers: [Member] = [
        .dataset("size", "the number of samples (also len(d))") { .number(Double($0.count)) },
        .dataset("features", "the number of input columns") { .number(Double($0.features)) },
        .dataset("classes", "the number of classes, or none for regression") {
            $0.isClassification ? .number(Double($0.targetWidth)) : .none
        },
        .dataset("kind", "\"classification\" or \"regression\"") {
            .string($0.isClassification ? "classification" : "regression")
        },
        .dataset("name", "the generator's name, or the CSV path") { .string($0.name) },
        // Through the Float's shortest text, as predict does: a CSV's 0.1 reads 0.1.
        .dataset("x", "the inputs: a list of rows of numbers") {
            .list($0.x.rowArrays.map { .list($0.map { .number(shortest($0)) }) })
        },
        .dataset("y", "the targets: class indices, or numbers (rows for several targets)") {
            switch $0.targets {
            case .classes(let l, _): return .list(l.map { .number(Double($0)) })
            case .values(let y):
                return .list(
                    y.rowArrays.map { r in
                        r.count == 1
                            ? .number(shortest(r[0])) : .list(r.map { .number(shortest($0)) })
                    })
            }
        },
    ]

    private static let historyMembers: [Member] = [
        .history("loss", "mean training loss per epoch (data loss + regularization)") {
            numbers($0.epochs.map(\.loss))
        },
        .history("data_loss", "the data part of .loss, per epoch") {
            numbers($0.epochs.map(\.dataLoss))
        },
        .history("penalty_loss", "the L1/L2 part of .loss, per epoch") {
            numbers($0.epochs.map(\.penaltyLoss))
        },
        .history("val_loss", "validation loss per epoch (none without val:)") {
            .list($0.epochs.map { $0.validationLoss.map { .number($0) } ?? .none })
        },
        .history("accuracy", "training accuracy per epoch (none for regression)") {
            .list($0.epochs.map { $0.accuracy.map { .number($0) } ?? .none })
        },
        .history("val_accuracy", "validation accuracy per epoch (none where not applicable)") {
            .list($0.epochs.map { $0.validationAccuracy.map { .number($0) } ?? .none })
        },
        .history("epochs", "finished epochs") { .number(Double($0.epochs.count)) },
        .history("steps", "optimizer steps taken") { .number(Double($0.steps)) },
        .history("seconds", "training time in seconds, over the finished epochs") {
            .number($0.epochs.reduce(0) { $0 + $1.seconds })
        },
        .history("step_loss", "the loss of every step") { numbers($0.stepLoss) },
        .history("layers", "the layers .grad_norms and .update_ratios refer to") {
            .list($0.layerNames.map { .string($0) })
        },
        .history("grad_norms", "per layer, the weight gradient's L2 norm at every step") {
            perLayer($0.layerGradientNorms, layers: $0.layerNames.count)
        },
        .history("update_ratios", "per layer, the update:data ratio at every step") {
            perLayer($0.layerUpdateToData, layers: $0.layerNames.count)
        },
        .history("clipped", "a clipping record: count, steps, norms, median_norm, ...") {
            clippingRecord($0)
        },
    ]

    private static let optimizerMembers: [Member] = [
        .optimizer(
            "name",
            "\"sgd\", \"adam\", \"adamw\", \"rmsprop\", \"adagrad\", \"adadelta\", \"adamax\" or \"nadam\""
        ) {
            .string($0.kind.name)
        },
        .optimizer("lr", "the learning rate") { .number($0.kind.learningRate) },
        .optimizer("steps", "steps taken so far") { .number(Double($0.steps)) },
    ]

    private static let diagnosisMembers: [Member] = [
        .diagnosis("names", "the findings' short names (healthy when there is no other)") { r, _ in
            .list(r.names.map { .string($0) })
        },
        .diagnosis("findings", "records: name, title, layers, evidence, remedies, step") {
            r, interp in .list(r.findings.map { .record(interp.record($0)) })
        },
        .diagnosis(
            "measured",
            "records (as findings) of what was measured but is not a problem here: the run learns, or before training the change is mild"
        ) { r, interp in
            .list(
                r.observations.compactMap {
                    if case .finding(let f, _) = $0 { return .record(interp.record(f)) }
                    return nil
                })
        },
        .diagnosis("observations", "what was measured besides the findings") { r, _ in
            .list(DiagnosisText.observations(r).map { .string($0) })
        },
        .diagnosis("healthy", "true when nothing was found") { r, _ in
            .bool(r.names == ["healthy"])
        },
    ]

    private static let plotMembers: [Member] = [
        .plot("svg", "the SVG document as a string") { .string($0.svg()) },
        .plot("title", "the title") { .string($0.title) },
        .plot("labels", "the names in the legend") { .list($0.labels.map { .string($0) }) },
        .plot("kind", "\"lines\" or \"histogram\"") {
            .string($0.series.isEmpty ? "histogram" : "lines")
        },
        .plot("log", "whether the y axis is logarithmic") { .bool($0.logY) },
    ]

    private static let tableMembers: [Member] = [
        .table("rows", "the rows as records") { t in
            .list(t.rows.compactMap { t.record($0.layer).map(Value.record) })
        },
        .table("layers", "the row names") { .list($0.rows.map { .string($0.layer) }) },
        .table("columns", "the rows' field names") { .list($0.keys.map { .string($0) }) },
        .table("notes", "the lines under the table") { .list($0.notes.map { .string($0) }) },
    ]

    private static let remediesMembers: [Member] = [
        .table(
            "best",
            "the row to take, a record: name, change (text to paste), verdict, net (trained, first seed), history"
        ) { $0.best.map(Value.record) ?? .none }
    ]

    private static let listMembers: [Member] = [
        Member(name: "length", summary: "the number of items") { v, _ in
            guard case .list(let items) = v else { return nil }
            return .number(Double(items.count))
        }
    ]
}

/// One constructor per kind: it unwraps the value, so each declaration above
/// reads its subject directly.
extension Member {
    fileprivate static func model(
        _ name: String, _ summary: String, _ get: @escaping @Sendable (Model) -> Value
    ) -> Member {
        Member(name: name, summary: summary) { v, _ in
            guard case .model(let m) = v else { return nil }
            return get(m)
        }
    }

    fileprivate static func dataset(
        _ name: String, _ summary: String, _ get: @escaping @Sendable (Dataset<Float>) -> Value
    ) -> Member {
        Member(name: name, summary: summary) { v, _ in
            guard case .dataset(let d) = v else { return nil }
            return get(d.data)
        }
    }

    fileprivate static func history(
        _ name: String, _ summary: String, _ get: @escaping @Sendable (History) -> Value
    ) -> Member {
        Member(name: name, summary: summary) { v, _ in
            guard case .history(let h) = v else { return nil }
            return get(h.history)
        }
    }

    fileprivate static func optimizer(
        _ name: String, _ summary: String, _ get: @escaping @Sendable (Optimizer<Float>) -> Value
    ) -> Member {
        Member(name: name, summary: summary) { v, _ in
            guard case .optimizer(let o) = v else { return nil }
            return get(o.optimizer)
        }
    }

    fileprivate static func diagnosis(
        _ name: String, _ summary: String,
        _ get: @escaping @Sendable (DiagnosisReport, Interpreter) -> Value
    ) -> Member {
        Member(name: name, summary: summary) { v, interp in
            guard case .findings(let f) = v else { return nil }
            return get(f.report, interp)
        }
    }

    fileprivate static func plot(
        _ name: String, _ summary: String, _ get: @escaping @Sendable (PlotValue) -> Value
    ) -> Member {
        Member(name: name, summary: summary) { v, _ in
            guard case .plot(let p) = v else { return nil }
            return get(p)
        }
    }

    fileprivate static func table(
        _ name: String, _ summary: String, _ get: @escaping @Sendable (TableValue) -> Value
    ) -> Member {
        Member(name: name, summary: summary) { v, _ in
            guard case .table(let t) = v else { return nil }
            return get(t)
        }
    }
}

private func numbers(_ xs: [Double]) -> Value { .list(xs.map { .number($0) }) }

/// One list per layer, one value per step, from the history's step-major series.
private func perLayer(_ series: [Float], layers: Int) -> Value {
    guard layers > 0, !series.isEmpty else { return .list([]) }
    return .list(
        (0..<layers).map { l in
            numbers(stride(from: l, to: series.count, by: layers).map { Double(series[$0]) })
        })
}

/// `h.clipped`: how often clipping fired and the gradient norms it saw.
private func clippingRecord(_ h: History) -> Value {
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
}

/// A Float as the Double its shortest text reads as (0.1f is 0.1, not 0.10000000149).
private func shortest(_ x: Float) -> Double { Double(x.description) ?? Double(x) }
