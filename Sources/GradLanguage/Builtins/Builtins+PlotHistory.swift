import GradEngine

#if canImport(Glibc)
    import Glibc
#endif

extension Builtins {
    /// `plot(h, what)`: loss or accuracy per epoch (or per step), gradient
    /// norms or update:data ratios per layer.
    static func historyPlot(_ h: History, _ what: String, _ args: Arguments)
        throws(Diagnostic) -> PlotValue
    {
        switch what {
        case "loss", "step_loss", "accuracy":
            let perStep = what == "step_loss" || h.epochs.count <= 1
            return curvesPlot(
                try curves(h, what, perStep: perStep, run: nil, args), what, perStep: perStep)
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
            throw unknownWhat(what, args)
        }
    }

    /// `plot(h1, h2, ..., what:)`: the loss or accuracy of several runs on one
    /// plot, each run's lines named by `labels:` or "run 1", "run 2", ... as
    /// `compare` names them.
    static func runsPlot(_ runs: [History], _ what: String, _ args: Arguments)
        throws(Diagnostic) -> PlotValue
    {
        guard historyPlots.contains(what) else { throw unknownWhat(what, args) }
        guard !perLayerPlots.contains(what) else {
            throw args.error(
                "plot(): \"\(what)\" draws one line per layer, so it takes one history; plot each run on its own, as in plot(h1, \"\(what)\")",
                "what")
        }
        var labels = (1...runs.count).map { "run \($0)" }
        if let v = args.optional("labels") {
            guard case .list(let items) = v, items.count == runs.count else {
                throw args.error(
                    "plot(): 'labels' must be a list of \(runs.count) strings, one per run",
                    "labels")
            }
            labels = try items.map { item throws(Diagnostic) -> String in
                guard case .string(let s) = item else {
                    throw args.mismatch("labels", "a list of strings", item)
                }
                return s
            }
        }
        // One x axis for all: epochs, unless a run has a single epoch to show.
        let perStep = what == "step_loss" || runs.contains { $0.epochs.count <= 1 }
        var series: [PlotSeries] = []
        for (h, label) in zip(runs, labels) {
            series += try curves(h, what, perStep: perStep, run: label, args)
        }
        return curvesPlot(series, what, perStep: perStep)
    }

    /// A plot of loss or accuracy lines, titled and with its axes named.
    private static func curvesPlot(_ series: [PlotSeries], _ what: String, perStep: Bool)
        -> PlotValue
    {
        let quantity = what == "accuracy" ? "accuracy" : "loss"
        return PlotValue(
            kind: .lines(series),
            title: "\(quantity == "loss" ? "Loss" : "Accuracy") per \(perStep ? "step" : "epoch")",
            xLabel: perStep ? "step" : "epoch", yLabel: quantity)
    }

    /// One run's training line for `what` (loss, step_loss or accuracy), and
    /// its validation line when it has one (per epoch only): named "train"
    /// and "validation" alone, or after the run ("run 2", "run 2 validation").
    private static func curves(
        _ h: History, _ what: String, perStep: Bool, run: String?, _ args: Arguments
    ) throws(Diagnostic) -> [PlotSeries] {
        let subject = run.map { "'\($0)'" } ?? "the history"
        let train = run ?? "train"
        let validation = run.map { "\($0) validation" } ?? "validation"
        guard h.steps > 0 else {
            throw args.error("plot(): \(subject) has no finished step to plot", "data")
        }
        if what == "accuracy" {
            // A loss that measures no accuracy (mse, mae) leaves NaN per step, nil per epoch.
            guard h.stepAccuracy.contains(where: \.isFinite) else {
                throw args.error(
                    "plot(): \(subject) has no accuracy to plot: its loss measures none (a regression run)",
                    "data")
            }
            if perStep { return [PlotSeries(label: train, ys: h.stepAccuracy)] }
            var lines = [PlotSeries(label: train, ys: h.epochs.map { $0.accuracy ?? .nan })]
            if h.epochs.contains(where: { $0.validationAccuracy != nil }) {
                lines.append(
                    PlotSeries(
                        label: validation, ys: h.epochs.map { $0.validationAccuracy ?? .nan }))
            }
            return lines
        }
        if perStep { return [PlotSeries(label: train, ys: h.stepLoss)] }
        var lines = [PlotSeries(label: train, ys: h.epochs.map(\.loss))]
        if h.epochs.contains(where: { $0.validationLoss != nil }) {
            lines.append(
                PlotSeries(label: validation, ys: h.epochs.map { $0.validationLoss ?? .nan }))
        }
        return lines
    }

    /// The error for a `what` that names no history plot.
    private static func unknownWhat(_ what: String, _ args: Arguments) -> Diagnostic {
        var m =
            "plot(): 'what' must be \"loss\", \"step_loss\", \"accuracy\", \"grad_norms\" or \"update_ratios\", found \"\(what)\""
        if let near = nearest(what, among: historyPlots) { m += ": did you mean \"\(near)\"?" }
        return args.error(m, "what")
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
}
