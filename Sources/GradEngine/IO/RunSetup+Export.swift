extension RunSetup {
    /// Which weights an exported training script starts from.
    public enum ExportWeights: String, Sendable {
        /// The network as it was before the run's first step.
        case start
        /// The network the run ended with.
        case end
    }

    /// The files `exportTraining(to:...)` writes beside the script, by path.
    public struct ExportedFiles: Equatable, Sendable {
        public var script: String
        public var model: String
        public var data: String
        public var validation: String?
        /// GradLab's shuffle order, for the script's `--order`; nil when the run did not shuffle.
        public var order: String?
        /// Where the script writes the trained model (it does not exist yet).
        public var trained: String
    }

    /// Writes a PyTorch training script for this run (`TrainingExport`) to
    /// `path`, with the model export, the data CSV (and the validation CSV)
    /// beside it, named after it: train.py → train_model.py, train_data.csv.
    /// `final` is the network the run ended with, for `.end`. Every file is
    /// written atomically; an existing script that is not a GradLab export is
    /// not replaced unless `replacingForeignFile`, nor, when there is no
    /// export at `path` yet, a file already where a companion goes.
    @discardableResult
    public func exportTraining(
        to path: String, weights: ExportWeights, final: Network<Scalar>?, version: String,
        replacingForeignFile: Bool = false
    ) throws(EngineError) -> ExportedFiles {
        guard path.hasSuffix(".py") else {
            throw .invalidArgument("cannot export to \(path): a training script's name ends in .py")
        }
        if !replacingForeignFile, let head = AtomicFile.prefix(of: path, bytes: 256),
            !head.isEmpty,
            !String(decoding: head, as: UTF8.self).hasPrefix("# A GradLab training run exported")
        {
            throw .file(
                "cannot export to \(path): the file exists and is not a GradLab export; export(h, \"\(path)\", force: true) replaces it"
            )
        }
        let network: Network<Scalar>
        switch weights {
        case .start:
            network = try start.network()
        case .end:
            guard let final else {
                throw .invalidArgument("cannot export the run's end: its network is not known")
            }
            network = final
        }
        let loss = options.loss ?? Loss.defaultFor(data)
        let stem = String(path.dropLast(3))
        let name = AtomicFile.split(stem).name
        let orders = shuffleOrders()
        let files = TrainingExport<Scalar>.Files(
            model: name + "_model.py", data: name + "_data.csv",
            validation: options.validation == nil ? nil : name + "_validation.csv",
            order: orders == nil ? nil : name + "_order.json",
            trained: name + "_trained.json")
        // Every file's text first, so that a run that cannot be exported writes nothing.
        let dataText = try CSVWriter.text(of: data, targetNames: Self.targetColumns(of: data))
        let validationText = try options.validation.map { v throws(EngineError) in
            try CSVWriter.text(of: v, targetNames: Self.targetColumns(of: v))
        }
        let script = try TrainingExport<Scalar>.script(
            setup: self, network: network, loss: loss, weights: weights.rawValue, files: files,
            version: version)
        let model = try PyTorchExport<Scalar>.script(of: network, version: version)
        let written = ExportedFiles(
            script: path, model: stem + "_model.py", data: stem + "_data.csv",
            validation: files.validation.map { _ in stem + "_validation.csv" },
            order: orders == nil ? nil : stem + "_order.json",
            trained: stem + "_trained.json")
        // A companion file where there is no export yet is someone else's file.
        if !replacingForeignFile, AtomicFile.prefix(of: path, bytes: 1) == nil,
            let taken = [written.model, written.data, written.validation, written.order]
                .compactMap({ $0 }).first(where: { AtomicFile.prefix(of: $0, bytes: 1) != nil })
        {
            throw .file(
                "cannot export to \(path): \(taken) exists and is not part of a GradLab export; export(h, \"\(path)\", force: true) replaces it"
            )
        }
        try AtomicFile.write(model, to: written.model)
        try AtomicFile.write(dataText, to: written.data)
        if let validationText, let v = written.validation {
            try AtomicFile.write(validationText, to: v)
        }
        if let orders, let o = written.order {
            let lists = orders.map { "[" + $0.map(String.init).joined(separator: ",") + "]" }
            try AtomicFile.write("[\n" + lists.joined(separator: ",\n") + "\n]\n", to: o)
        }
        try AtomicFile.write(script, to: path)
        return written
    }

    /// The samples' order in GradLab's epochs, replayed from the run's
    /// generator: every epoch's when nothing else drew from it between
    /// shuffles (no dropout) and the lists stay under a million numbers, else
    /// the first epoch's. nil when the run did not shuffle or its generator is unknown.
    func shuffleOrders() -> [[Int]]? {
        guard options.shuffle, options.epochs > 0, var generator else { return nil }
        let all = !Self.hasDropout(start.specs) && options.epochs * data.count <= 1_000_000
        return (0..<(all ? options.epochs : 1)).map { _ in generator.permutation(data.count) }
    }

    /// The names of the data CSV's target columns: the target's own name, or,
    /// for several target values (multi-output regression, multi-label bce),
    /// the name numbered from 1 (label_1, label_2, ...): a dataset keeps one
    /// target name. The script reads the last columns as the targets, whatever
    /// their names.
    static func targetColumns(of data: Dataset<Scalar>) -> [String] {
        guard case .values(let y) = data.targets, y.columns > 1 else { return [data.targetName] }
        return (1...y.columns).map { "\(data.targetName)_\($0)" }
    }

    /// Whether any layer, nested ones included, is a dropout (it draws from the generator).
    private static func hasDropout(_ specs: [LayerSpec]) -> Bool {
        specs.contains { spec in
            switch spec {
            case .dropout: true
            case .residual(let inner): hasDropout(inner)
            case .dense, .batchNorm, .activation: false
            }
        }
    }
}
