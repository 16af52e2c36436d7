import GradEngine

#if canImport(Glibc)
    import Glibc
#endif

extension Builtins {
    /// What `plot(h, what)` can draw from a history.
    static let historyPlots = ["loss", "step_loss", "grad_norms", "update_ratios"]

    static let plotBuiltins: [Builtin] = [
        Builtin(
            name: "plot", group: .gradients,
            parameters: [
                .init(
                    name: "data",
                    expects: "a history, a list of numbers or a list of lists of numbers"),
                .init(
                    name: "what", default: .string("loss"),
                    expects: "\"loss\", \"step_loss\", \"grad_norms\" or \"update_ratios\""),
                .init(
                    name: "labels", default: .noValue, expects: "a list of strings, one per line"),
                .init(name: "log", default: .computed("auto"), expects: "true or false"),
                .init(name: "title", default: .computed("auto"), expects: "a string"),
                .init(
                    name: "width", default: .computed("auto"),
                    expects: "a whole number from 30 to 1000"),
                .init(
                    name: "height", default: .number(Double(PlotValue.defaultLineHeight)),
                    expects: "a whole number from 3 to 200"),
                .init(name: "ascii", default: .bool(false), expects: "true or false"),
            ],
            summary:
                "A plot of a history's loss, per-layer gradient norms or update:data ratios, or of lists of numbers; save() writes it as SVG.",
            example: "plot(h, \"grad_norms\")", returns: .plot
        ) { args, _ throws(Diagnostic) in
            var p: PlotValue
            let data = try args.required("data")
            switch data {
            case .history(let hv):
                p = try historyPlot(hv.history, try args.string("what"), args)
            case .list(let items):
                if args.optional("what") != nil {
                    throw args.error(
                        "plot(): 'what' applies to a history; a list is plotted as it is", "what")
                }
                p = try listPlot(items, args)
            default:
                throw args.mismatch(
                    "data", "a history, a list of numbers or a list of lists of numbers", data)
            }
            if let v = args.optional("labels") {
                guard case .list(let items) = v else {
                    throw args.mismatch("labels", "a list of strings", v)
                }
                let names = items.compactMap { if case .string(let s) = $0 { s } else { nil } }
                guard names.count == items.count else {
                    throw args.mismatch("labels", "a list of strings", v)
                }
                let lines = p.series.filter { !$0.isReference }
                guard names.count == lines.count else {
                    throw args.error(
                        "plot(): 'labels' has \(names.count) name\(names.count == 1 ? "" : "s") for \(lines.count) line\(lines.count == 1 ? "" : "s")",
                        "labels")
                }
                var all = p.series
                var k = 0
                for i in all.indices where !all[i].isReference {
                    all[i].label = names[k]
                    k += 1
                }
                p.kind = .lines(all)
            }
            p.logY = try args.bool("log", computed: p.logY)
            try finish(&p, args)
            guard let range = p.yRange(), range.lo.isFinite, p.xRange() != nil else {
                throw args.error(
                    p.logY
                        ? "plot(): 'data' has no positive finite values to show on a log scale; use log: false"
                        : "plot(): 'data' has no finite values to plot", "data")
            }
            return .plot(p)
        },
        Builtin(
            name: "hist", group: .gradients,
            parameters: [
                .init(name: "data", expects: "a model or a list of numbers"),
                .init(
                    name: "layer", default: .noValue, expects: "a layer name such as \"dense_1\""),
                .init(
                    name: "of", default: .string("grads"),
                    expects: "\"grads\", \"acts\" or \"weights\""),
                .init(name: "bins", default: .number(30), expects: "a whole number from 1 to 1000"),
                .init(name: "title", default: .computed("auto"), expects: "a string"),
                .init(
                    name: "width", default: .computed("auto"),
                    expects: "a whole number from 30 to 1000"),
                .init(
                    name: "height", default: .number(Double(PlotValue.defaultHistogramHeight)),
                    expects: "a whole number from 3 to 200"),
                .init(name: "ascii", default: .bool(false), expects: "true or false"),
            ],
            summary:
                "A histogram plot of one layer's gradients, activations or weights, or of a list of numbers.",
            example: "hist(net, \"dense_1\", of: \"grads\")", returns: .plot
        ) { args, _ throws(Diagnostic) in
            let data = try args.required("data")
            let bins = try args.integer("bins", in: 1...1000)
            var p: PlotValue
            switch data {
            case .model(let m):
                p = try layerHistogram(m, args, bins: bins)
            case .list(let items):
                if args.optional("layer") != nil {
                    throw args.error("hist(): 'layer' applies to a model", "layer")
                }
                if args.optional("of") != nil {
                    throw args.error("hist(): 'of' applies to a model", "of")
                }
                let values = try numbers(items, args, path: "data")
                guard !values.isEmpty else {
                    throw args.error("hist(): 'data' is empty: there is nothing to plot", "data")
                }
                guard values.contains(where: \.isFinite) else {
                    throw args.error("hist(): 'data' has no finite values to plot", "data")
                }
                p = PlotValue(
                    kind: .histogram(Histogram(values, bins: bins)), title: "Histogram",
                    xLabel: "value", yLabel: "count",
                    subject: "data", integerX: false)
            default:
                throw args.mismatch("data", "a model or a list of numbers", data)
            }
            try finish(&p, args)
            return .plot(p)
        },
    ]

    /// The options every plot takes: title, width, height, ascii.
    private static func finish(_ p: inout PlotValue, _ args: Arguments) throws(Diagnostic) {
        p.title = try args.string("title", computed: p.title)
        if args.optional("width") != nil { p.width = try args.integer("width", in: 30...1000) }
        p.height = try args.integer("height", in: 3...200)
        p.ascii = try args.bool("ascii")
    }

    /// The numbers of a list; `none` items become gaps (NaN), as in `h.val_loss`.
    private static func numbers(_ items: [Value], _ args: Arguments, path: String)
        throws(Diagnostic) -> [Double]
    {
        var out: [Double] = []
        out.reserveCapacity(items.count)
        for (i, item) in items.enumerated() {
            switch item {
            case .number(let x): out.append(x)
            case .none: out.append(.nan)
            default:
                throw args.error(
                    "\(args.function)(): 'data' must hold numbers, found \(item.typeName) at \(path)[\(i)]",
                    "data")
            }
        }
        return out
    }

    /// `plot(list)` and `plot(list_of_lists)`: one line per list, x = 1, 2, 3...
    private static func listPlot(_ items: [Value], _ args: Arguments) throws(Diagnostic)
        -> PlotValue
    {
        var series: [PlotSeries] = []
        let nested = items.contains { if case .list = $0 { true } else { false } }
        if nested {
            for (i, item) in items.enumerated() {
                guard case .list(let inner) = item else {
                    throw args.error(
                        "plot(): 'data' mixes lists with other values (data[\(i)] is \(item.typeName)): give a list of numbers or a list of lists of numbers",
                        "data")
                }
                series.append(
                    PlotSeries(
                        label: "line \(i + 1)", ys: try numbers(inner, args, path: "data[\(i)]")))
            }
        } else {
            series = [PlotSeries(label: "line 1", ys: try numbers(items, args, path: "data"))]
        }
        guard series.contains(where: { !$0.ys.isEmpty }) else {
            throw args.error("plot(): 'data' is empty: there is nothing to plot", "data")
        }
        return PlotValue(kind: .lines(series))
    }

    /// `plot(h, what)`: loss per epoch (or per step), gradient norms or update:data ratios per layer.
    private static func historyPlot(_ h: History, _ what: String, _ args: Arguments)
        throws(Diagnostic) -> PlotValue
    {
        switch what {
        case "loss" where h.epochs.count > 1:
            var series = [PlotSeries(label: "train", ys: h.epochs.map(\.loss))]
            if h.epochs.contains(where: { $0.validationLoss != nil }) {
                series.append(
                    PlotSeries(label: "validation", ys: h.epochs.map { $0.validationLoss ?? .nan }))
            }
            return PlotValue(
                kind: .lines(series), title: "Loss per epoch", xLabel: "epoch", yLabel: "loss")
        case "loss", "step_loss":
            guard h.steps > 0 else {
                throw args.error("plot(): the history has no finished step to plot", "data")
            }
            return PlotValue(
                kind: .lines([PlotSeries(label: "train", ys: h.stepLoss)]),
                title: "Loss per step", xLabel: "step", yLabel: "loss")
        case "grad_norms", "update_ratios":
            let norms = what == "grad_norms"
            let values = norms ? h.layerGradientNorms : h.layerUpdateToData
            let layers = h.layerNames.count
            guard layers > 0, !values.isEmpty else {
                throw args.error(
                    "plot(): the history has no per-layer statistics to plot (no finished step)",
                    "data")
            }
            let steps = values.count / layers
            // Per-step values are noisy; several lines of noise hide the depth
            // ordering that is the point of this plot. Past 60 steps, each point
            // is the geometric mean of a window of consecutive steps.
            let window = max(1, (steps + 59) / 60)
            var series = h.layerNames.enumerated().map { l, name in
                smoothed(
                    label: name,
                    stride(from: l, to: values.count, by: layers).map { Double(values[$0]) },
                    window: window)
            }
            if !norms { series.append(.reference("1e-3 rule of thumb", at: 1e-3)) }
            return PlotValue(
                kind: .lines(series),
                title: norms ? "Gradient norm per layer" : "Update:data ratio per layer",
                xLabel: window > 1 ? "step (geometric mean of \(window) steps)" : "step",
                yLabel: norms ? "gradient norm" : "update:data", logY: true)
        default:
            var m =
                "plot(): 'what' must be \"loss\", \"step_loss\", \"grad_norms\" or \"update_ratios\", found \"\(what)\""
            if let near = nearest(what, among: historyPlots) { m += ": did you mean \"\(near)\"?" }
            throw args.error(m, "what")
        }
    }

    /// Geometric means of consecutive windows of `ys`, each placed at its window's last step.
    private static func smoothed(label: String, _ ys: [Double], window: Int) -> PlotSeries {
        guard window > 1 else { return PlotSeries(label: label, ys: ys) }
        var xs: [Double] = []
        var means: [Double] = []
        var start = 0
        while start < ys.count {
            let end = min(start + window, ys.count)
            let logs = ys[start..<end].filter { $0 > 0 && $0.isFinite }.map { log10($0) }
            xs.append(Double(end))
            // A window of zeros stays 0 (the note counts it as ≤ 0), not NaN.
            let zeros = ys[start..<end].allSatisfy { $0 == 0 }
            means.append(
                logs.isEmpty ? (zeros ? 0 : .nan) : pow(10, logs.reduce(0, +) / Double(logs.count)))
            start = end
        }
        return PlotSeries(label: label, xs: xs, ys: means)
    }

    /// `hist(net, layer, of:)`: the values of one layer's main parameter, its gradient or its output.
    private static func layerHistogram(_ model: Model, _ args: Arguments, bins: Int)
        throws(Diagnostic) -> PlotValue
    {
        let layers = model.network.namedLayers
        let names = layers.map(\.name).joined(separator: ", ")
        guard let v = args.optional("layer") else {
            throw args.error(
                "hist(): give the layer, as in hist(net, \"\(layers.first?.name ?? "dense_1")\") (layers: \(names))"
            )
        }
        guard case .string(let name) = v else {
            throw args.mismatch("layer", "a layer name such as \"dense_1\"", v)
        }
        guard let layer = layers.first(where: { $0.name == name }) else {
            var m = "hist(): the model has no layer '\(name)'"
            if let near = nearest(name, among: layers.map(\.name)) {
                m += ": did you mean '\(near)'?"
            }
            throw args.error(m + " (layers: \(names))", "layer")
        }
        let of = try args.string("of")
        let withWeights = layers.filter { $0.mainParameter != nil }.map(\.name).joined(
            separator: ", ")
        let values: [Float]
        let title: String
        let subject: String
        let axis: String
        switch of {
        case "grads", "weights":
            guard let p = layer.mainParameter else {
                throw args.error(
                    "hist(): '\(name)' has no weights, so no \(of == "grads" ? "gradients" : "weights") to show (layers with weights: \(withWeights))",
                    "layer")
            }
            if of == "grads" {
                values = p.grad.scalars
                // Gradients exist after a training step or grads(net, data); before, they are all zero.
                if model.trainer?.lastRecord == nil && values.allSatisfy({ $0 == 0 }) {
                    throw args.error(
                        "hist(): the model has no gradients yet; train or step it, or call grads(net, data) first"
                    )
                }
                (title, subject, axis) = (
                    "Gradients of \(name) (\(p.role.rawValue))",
                    "\(name) \(p.role.rawValue) gradients", "gradient"
                )
            } else {
                values = p.value.scalars
                (title, subject, axis) = (
                    "Weights of \(name) (\(p.role.rawValue))", "\(name) \(p.role.rawValue) values",
                    "weight"
                )
            }
        case "acts":
            guard let out = layer.lastOutput, out.count > 0 else {
                throw args.error(
                    layers.contains(where: { ($0.lastOutput?.count ?? 0) > 0 })
                        ? "hist(): '\(name)' made no output of its own in the last pass"
                        : "hist(): the model has not run yet; train or step it, or call acts(net, data) first"
                )
            }
            values = out.scalars
            (title, subject, axis) = ("Activations of \(name)", "\(name) outputs", "activation")
        default:
            var m = "hist(): 'of' must be \"grads\", \"acts\" or \"weights\", found \"\(of)\""
            if let near = nearest(of, among: ["grads", "acts", "weights"]) {
                m += ": did you mean \"\(near)\"?"
            }
            throw args.error(m, "of")
        }
        return PlotValue(
            kind: .histogram(Histogram(values.map(Double.init), bins: bins)), title: title,
            xLabel: axis, yLabel: "count",
            subject: subject, integerX: false)
    }
}
