import GradEngine

extension Builtins {
    /// export(h, "train.py", from: "start"|"end"): the run as a PyTorch training
    /// script, with the model export and the data CSV beside it
    /// (`RunSetup.exportTraining`). Prints the files it wrote.
    static func exportTraining(_ h: HistoryValue, _ args: Arguments, _ interp: Interpreter)
        throws(Diagnostic) -> Value
    {
        let path = try args.path("path", interp)
        guard path.hasSuffix(".py") else {
            throw args.error(
                "export(): the path must end in .py (found \"\(path)\"): the export is a Python script",
                "path")
        }
        if args.optional("example") != nil {
            throw args.error(
                "export(): 'example' is for a model's export; a training script runs on the run's data",
                "example")
        }
        let from = args.optional("from") == nil ? "start" : try args.string("from")
        guard let weights = RunSetup<Float>.ExportWeights(rawValue: from) else {
            throw args.error(
                "export(): 'from' must be \"start\" (the run's initial weights) or \"end\" (its final ones); found \"\(from)\"",
                "from")
        }
        guard let setup = h.setup else {
            throw args.error(
                "export(): this history does not keep what its run started from (its data, options and initial weights), so it cannot be exported as a training script; export the history train() returns",
                "net")
        }
        let force = try args.bool("force")
        let files = try interp.engine(args.location) { () throws(EngineError) in
            try setup.exportTraining(
                to: path, weights: weights, final: h.model.network, version: gradLabVersion,
                replacingForeignFile: force)
        }
        var wrote = [files.script, files.model, files.data]
        if let v = files.validation { wrote.append(v) }
        if let o = files.order { wrote.append(o) }
        interp.output(
            "wrote \(wrote.joined(separator: ", ")); run: python3 \(files.script), or torchrun --nproc_per_node 2 \(files.script)"
        )
        return .none
    }
}
