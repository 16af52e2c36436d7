import GradEngine

#if canImport(Glibc)
    import Glibc
#endif

extension Builtins {
    /// What `plot(h, what)` can draw from a history.
    static let historyPlots = ["loss", "step_loss", "accuracy", "grad_norms", "update_ratios"]

    /// The history plots that draw one line per layer, so one run at a time.
    static let perLayerPlots = ["grad_norms", "update_ratios"]

    static let plotBuiltins: [Builtin] = [
        Builtin(
            name: "plot", group: .gradients,
            parameters: [
                .init(
                    name: "data...",
                    expects:
                        "a history, several histories, a list of numbers or a list of lists of numbers"
                ),
                .init(
                    name: "what", default: .string("loss"),
                    expects:
                        "\"loss\", \"step_loss\", \"accuracy\", \"grad_norms\" or \"update_ratios\""
                ),
                .init(
                    name: "labels", default: .noValue,
                    expects: "a list of strings, one per line (one per run for several histories)"),
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
                "A plot of a history's loss, accuracy, per-layer gradient norms or update:data ratios (several histories overlaid), or of lists of numbers; save() writes it as SVG.",
            example: "plot(h1, h2, what: \"accuracy\")", returns: .plot
        ) { args, _ throws(Diagnostic) in
            var p: PlotValue
            let (data, written) = try plotted(args)
            func what() throws(Diagnostic) -> String {
                if let written { return written }
                return try args.string("what")
            }
            switch data.first {
            case .history(let hv)? where data.count == 1:
                p = try historyPlot(hv.history, try what(), args)
                try relabel(&p, args)
            case .history?:
                let runs = data.compactMap {
                    if case .history(let h) = $0 { h.history } else { nil }
                }
                p = try runsPlot(runs, try what(), args)
            case .list(let items)?:
                if written != nil || args.optional("what") != nil {
                    throw args.error(
                        "plot(): 'what' applies to a history; a list is plotted as it is", "what")
                }
                p = try listPlot(items, args)
                try relabel(&p, args)
            case let other?:
                throw args.mismatch(
                    "data", "a history, a list of numbers or a list of lists of numbers", other)
            case nil:
                throw args.error(
                    "plot() needs 'data': a history (plot(h)), several (plot(h1, h2)) or a list of numbers"
                )
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

    /// The values to plot and the `what` written by position: a string after
    /// the data (`plot(h, "grad_norms")`) is `what`, as before several
    /// histories could be given.
    private static func plotted(_ args: Arguments) throws(Diagnostic) -> ([Value], String?) {
        var data = (0..<args.count).map { args.positional($0) }
        guard data.count > 1 else { return (data, nil) }
        var what: String?
        if case .string(let s)? = data.last {
            if args.optional("what") != nil {
                throw args.error("plot(): 'what' is given twice: by position and by name", "what")
            }
            what = s
            data.removeLast()
        }
        guard case .history = data.first else {
            if case .list = data.first, data.count > 1 {
                throw args.error(
                    "plot(): give several lines as one list of lists, as in plot([xs, ys])", "data")
            }
            return (data, what)
        }
        for (i, v) in data.enumerated().dropFirst() {
            if case .history = v { continue }
            // plot(h, 3): the second argument used to be 'what' alone.
            if data.count == 2 && what == nil { throw args.mismatch("what", "a string", v) }
            throw args.error(
                "plot(): to draw several runs give histories, as in plot(h1, h2); argument \(i + 1) is \(v.typeName)",
                "data")
        }
        return (data, what)
    }

    /// `labels:` names the lines of one plot, one name per line (reference lines aside).
    private static func relabel(_ p: inout PlotValue, _ args: Arguments) throws(Diagnostic) {
        guard let v = args.optional("labels") else { return }
        let names = try strings(v, args)
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

    /// The strings of a `labels:` list.
    private static func strings(_ v: Value, _ args: Arguments) throws(Diagnostic) -> [String] {
        guard case .list(let items) = v else {
            throw args.mismatch("labels", "a list of strings", v)
        }
        let names = items.compactMap { if case .string(let s) = $0 { s } else { nil } }
        guard names.count == items.count else {
            throw args.mismatch("labels", "a list of strings", v)
        }
        return names
    }

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
