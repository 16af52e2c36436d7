import GradEngine

#if canImport(Glibc)
    import Glibc
#endif

/// A per-layer table value: gradients, activations or weights of a model.
public final class TableValue {
    public enum Kind: String {
        case gradients, activations, weights, gradcheck, comparison, remedies
    }
    public let kind: Kind
    /// Column headings as shown, and the field names rows have as records.
    public let columns: [String]
    public let keys: [String]
    public let rows: [(layer: String, cells: [Value])]
    /// Lines shown under the table (legend, depth trend).
    public let notes: [String]
    /// For each row, what its mark (the last cell) says: true for healthy or
    /// passed, false for a problem; nil for a row without a mark. Notebooks
    /// colour the marks by it.
    public let verdicts: [Bool?]
    /// For a remedies table: the record of the row to take (`r.best`).
    public let best: Record?
    /// For a remedies table: the line it is shown under.
    let heading: String?

    init(
        kind: Kind, columns: [String], keys: [String], rows: [(layer: String, cells: [Value])],
        notes: [String], verdicts: [Bool?]? = nil, best: Record? = nil, heading: String? = nil
    ) {
        self.kind = kind
        self.columns = columns
        self.keys = keys
        self.rows = rows
        self.notes = notes
        self.verdicts = verdicts ?? rows.map { _ in nil }
        self.best = best
        self.heading = heading
    }

    /// A row as a record: `t["dense_2"].norm`; a remedies table's rows name
    /// their first field `remedy`.
    func record(_ layer: String) -> Record? {
        guard let row = rows.first(where: { $0.layer == layer }) else { return nil }
        return Record(
            kind: "row",
            fields: [(kind == .remedies ? "remedy" : "layer", .string(row.layer))]
                + zip(keys.dropFirst(), row.cells.dropFirst()).map { ($0, $1) })
    }
}

extension Interpreter {
    /// Compact scientific form with three significant digits: 1.23e-3, 0.456, 12.3.
    func compact(_ x: Double?) -> String {
        guard let x else { return "—" }
        return x.isFinite ? NumberText.compact(x) : formatNumber(x)
    }

    /// Each layer's health in this pass, by layer name, as `diagnose` judges it
    /// (without the data's baseline loss, which only the checks of a run read).
    func layerHealth(_ model: Model, _ stats: [LayerStatistics]) -> [String: LayerHealth] {
        let report = Diagnosis.pass(
            stats, network: model.network, profile: profile(model, data: nil, loss: nil),
            thresholds: thresholds, learning: lastLearning(model))
        return Dictionary(report.health.map { ($0.layer, $0) }, uniquingKeysWith: { a, _ in a })
    }

    func gradientTable(_ model: Model, _ stats: [LayerStatistics]) -> TableValue {
        let table = GradientTable(network: model.network, statistics: stats)
        let health = layerHealth(model, stats)
        let columns = [
            "layer", "shape", "act", "‖∇W‖₂", "mean", "std", "max |g|", "zero %", "grad:data",
            "update:data", "health",
        ]
        var verdicts: [Bool?] = []
        let rows = table.rows.map { r -> (String, [Value]) in
            let g = r.statistics.gradient
            let norm = g?.norm ?? 0
            let zeros = g.map { $0.count > 0 ? Double($0.zeros) / Double($0.count) : 0 } ?? 0
            let mark = HealthMark.gradient(health[r.layer])
            verdicts.append(mark.isHealthy)
            let cells: [Value] = [
                .string(r.layer), .string(r.shape), .string(r.activation.map(activationText) ?? ""),
                .number(norm),
                .number(g?.mean ?? 0), .number(g?.std ?? 0), .number(g?.maxMagnitude ?? 0),
                .number(100 * zeros), r.statistics.gradToData.map { .number($0) } ?? .none,
                r.statistics.updateToData.map { .number($0) } ?? .none, .string(mark.text),
            ]
            return (r.layer, cells)
        }
        var notes = [HealthMark.gradientLegend(thresholds)]
        if table.rows.contains(where: { HealthMark.gradient(health[$0.layer]).isObserved }) {
            notes.append(HealthMark.observedLegend)
        }
        if let trend = table.depthTrend {
            notes.append(
                "gradient norm \(DepthTrendText.perLayer(trend.perLayer)), \(compact(trend.firstToLast)) from last to first layer"
            )
        }
        return TableValue(
            kind: .gradients, columns: columns,
            keys: [
                "layer", "shape", "act", "norm", "mean", "std", "max", "zeros", "grad_data",
                "update_data", "health",
            ],
            rows: rows, notes: notes, verdicts: verdicts)
    }

    func activationTable(_ model: Model, _ stats: [LayerStatistics]) -> TableValue {
        let columns = ["layer", "act", "mean", "std", "saturated %", "dead %", "health"]
        var rows: [(String, [Value])] = []
        var verdicts: [Bool?] = []
        let health = layerHealth(model, stats)
        for (named, s) in zip(model.network.namedLayers, stats) {
            guard let a = s.activation else { continue }
            let mark = HealthMark.activation(health[named.name])
            verdicts.append(mark.isHealthy)
            rows.append(
                (
                    named.name,
                    [
                        .string(named.name),
                        .string(named.activation.map(activationText) ?? named.spec.kind),
                        .number(a.mean), .number(a.std), .number(100 * a.saturated),
                        .number(100 * a.dead), .string(mark.text),
                    ]
                ))
        }
        let shown = zip(model.network.namedLayers, stats).compactMap { named, s in
            s.activation == nil ? nil : named.activation
        }
        var notes = [HealthMark.activationLegend(shown: shown)]
        if model.network.namedLayers.contains(where: {
            HealthMark.activation(health[$0.name]).isObserved
        }) {
            notes.append(HealthMark.observedLegend)
        }
        return TableValue(
            kind: .activations, columns: columns,
            keys: ["layer", "act", "mean", "std", "saturated", "dead", "health"], rows: rows,
            notes: notes, verdicts: verdicts)
    }

    func weightTable(_ model: Model) -> TableValue {
        let columns = ["layer", "shape", "mean", "std", "max |w|", "‖W‖₂"]
        var rows: [(String, [Value])] = []
        for named in model.network.namedLayers {
            guard let p = named.mainParameter else { continue }
            let s = p.value.summary()
            let shape =
                p.role == .weight ? "\(p.value.rows)×\(p.value.columns)" : "\(p.value.columns)"
            rows.append(
                (
                    named.name,
                    [
                        .string(named.name), .string(shape), .number(s.mean), .number(s.std),
                        .number(s.maxMagnitude), .number(s.norm),
                    ]
                ))
        }
        return TableValue(
            kind: .weights, columns: columns,
            keys: ["layer", "shape", "mean", "std", "max", "norm"],
            rows: rows, notes: [])
    }

    /// A table cell as the table shows it: numbers in compact form, `none` as
    /// "—", text as this interpreter's style shows it (notebooks reuse it).
    public func tableCellText(_ cell: Value) -> String {
        switch cell {
        case .number(let x): return style.shows(compact(x))
        case .none: return style.shows("—")
        case .string(let s): return style.shows(s)
        default: return display(cell)
        }
    }

    /// The line a table is shown under: "Gradients (9 layers)", "Comparison of 2 runs".
    public func tableHeading(_ t: TableValue) -> String {
        switch t.kind {
        case .gradcheck:
            return "Gradient check (\(t.rows.count) parameter\(t.rows.count == 1 ? "" : "s"))"
        case .comparison: return "Comparison of \(t.columns.count - 1) runs"
        case .remedies: return t.heading ?? "Remedies tried"
        default:
            return t.kind.rawValue.prefix(1).uppercased() + t.kind.rawValue.dropFirst()
                + " (\(t.rows.count) layer\(t.rows.count == 1 ? "" : "s"))"
        }
    }

    /// The table as aligned text.
    func render(_ t: TableValue) -> String {
        // Transliterated before measuring, so ASCII columns line up too.
        let header = t.columns.map(style.shows)
        let body = t.rows.map { row in row.cells.map(tableCellText) }
        let widths = header.indices.map { i in
            ([header[i].count] + body.map { $0[i].count }).max() ?? 0
        }
        func line(_ cells: [String], marks: Bool = false) -> String {
            var text =
                "  "
                + cells.enumerated().map { i, c in
                    let pad = String(repeating: " ", count: widths[i] - c.count)
                    // The last column holds the health mark: coloured on a colour terminal.
                    if i == cells.count - 1 && marks && color {
                        return ANSIColor.healthMark(c) + pad
                    }
                    return i == 0 || i == cells.count - 1 ? c + pad : pad + c
                }.joined(separator: "  ")
            while text.last == " " { text.removeLast() }
            return text
        }
        var out = [tableHeading(t), line(header)]
        out += body.map { line($0, marks: true) }
        out += t.notes.map { "  " + style.shows($0) }
        return out.joined(separator: "\n")
    }
}

extension Interpreter {
    /// Per-layer statistics for `grads`/`acts`: of one pass over the `data`
    /// argument (no update), or of the model's last training step.
    func passStatistics(_ model: Model, _ args: Arguments, untrained message: String)
        throws(Diagnostic) -> [LayerStatistics]
    {
        if args.optional("data") != nil {
            var data = try args.dataset("data")
            let loss = try args.loss(data)
            if args.optional("batch") != nil {
                // One batch as a training step would see it without shuffling:
                // the first `batch` samples.
                let size = try args.integer("batch", in: 1...Int(Int32.max))
                if size < data.count {
                    data = try engine(args.location) { () throws(EngineError) in
                        try data.subset(Array(0..<size))
                    }
                }
            }
            return try engine(args.location) { () throws(EngineError) in
                try model.network.inspect(data, loss: loss, rng: &rng)
            }
        }
        if args.optional("batch") != nil {
            throw args.error(
                "\(args.function)(): 'batch' chooses the samples of a pass over data: give data too, as in \(args.function)(net, data, batch: 32)",
                "batch")
        }
        guard let last = model.trainer?.lastRecord else {
            throw args.error(message)
        }
        return model.network.currentStatistics(updates: last)
    }
}

extension Builtins {
    static let inspectBuiltins: [Builtin] = [
        Builtin(
            name: "grads", group: .gradients,
            parameters: [
                .init(name: "net", expects: "a model"),
                .init(name: "data", default: .noValue, expects: "a dataset"),
                .init(
                    name: "loss", default: .computed("by data"),
                    expects: Builtins.lossExpectation),
                .init(name: "batch", default: .computed("all"), expects: "a whole number ≥ 1"),
            ],
            summary:
                "Per-layer gradient table: of the last backward pass, or of one pass over `data` (or its first `batch` samples; no update).",
            example: "grads(net, data)", returns: .table
        ) { args, interp throws(Diagnostic) in
            let model = try args.model("net")
            let stats = try interp.passStatistics(
                model, args,
                untrained:
                    "grads(): the model has not been trained yet; give data, as in grads(net, data), to see the gradients at initialization"
            )
            return .table(interp.gradientTable(model, stats))
        },
        Builtin(
            name: "acts", group: .gradients,
            parameters: [
                .init(name: "net", expects: "a model"),
                .init(name: "data", default: .noValue, expects: "a dataset"),
            ],
            summary:
                "Per-layer activation table (mean, std, saturated %, dead %) of the last forward pass, or of `data`.",
            example: "acts(net, data)", returns: .table
        ) { args, interp throws(Diagnostic) in
            let model = try args.model("net")
            let stats = try interp.passStatistics(
                model, args,
                untrained:
                    "acts(): the model has not run yet; give data, as in acts(net, data)")
            return .table(interp.activationTable(model, stats))
        },
        Builtin(
            name: "weights", group: .gradients,
            parameters: [.init(name: "net", expects: "a model")],
            summary: "Per-layer weight statistics: mean, std, largest magnitude and norm.",
            example: "weights(net)", returns: .table
        ) { args, interp throws(Diagnostic) in
            .table(interp.weightTable(try args.model("net")))
        },
        Builtin(
            name: "gradcheck", group: .gradients,
            parameters: [
                .init(name: "net", expects: "a model"), .init(name: "data", expects: "a dataset"),
                .init(
                    name: "loss", default: .computed("by data"),
                    expects: Builtins.lossExpectation),
            ],
            summary:
                "Analytic gradients against central finite differences (in Double), per layer and parameter.",
            example: "gradcheck(net, data)", returns: .table
        ) { args, interp throws(Diagnostic) in
            let model = try args.model("net")
            let data = try args.dataset("data")
            let loss = try args.loss(data)
            guard data.count <= 512 else {
                throw args.error(
                    "gradcheck(): use at most 512 samples (got \(data.count)); finite differences run the whole batch twice per weight",
                    "data")
            }
            let rows = try interp.engine(args.location) { () throws(EngineError) in
                try GradientCheck.run(
                    model.network.converted(to: Double.self), data: data.converted(to: Double.self),
                    loss: loss, maxElements: 64)
            }
            let table = TableValue(
                kind: .gradcheck,
                columns: [
                    "layer", "parameter", "checked", "max relative error", "max absolute error",
                    "result",
                ],
                keys: ["layer", "parameter", "checked", "relative", "absolute", "result"],
                rows: rows.map { r in
                    (
                        r.layer + "." + r.parameter.rawValue,
                        [
                            .string(r.layer), .string(r.parameter.rawValue),
                            .number(Double(r.checked)),
                            .number(r.maxRelativeError), .number(r.maxAbsoluteError),
                            .string(
                                r.maxRelativeError < GradientCheck.passingRelativeError ? "✓" : "✗"),
                        ]
                    )
                },
                notes: [
                    "central differences with h = 1e-5 in Double; relative error |a − n| / max(|a|, |n|, 1e-3); ✓ below \(formatNumber(GradientCheck.passingRelativeError))"
                ],
                verdicts: rows.map { $0.maxRelativeError < GradientCheck.passingRelativeError })
            return .table(table)
        },
        curvatureBuiltin,
    ]
}
