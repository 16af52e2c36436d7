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
        /// Where the script writes the trained model (it does not exist yet).
        public var trained: String
    }

    /// Writes a PyTorch training script for this run (`TrainingExport`) to
    /// `path`, with the model export, the data CSV (and the validation CSV)
    /// beside it, named after it: train.py → train_model.py, train_data.csv.
    /// `final` is the network the run ended with, for `.end`. Every file is
    /// written atomically; an existing script that is not a GradLab export is
    /// not replaced unless `replacingForeignFile`.
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
        let files = TrainingExport<Scalar>.Files(
            model: name + "_model.py", data: name + "_data.csv",
            validation: options.validation == nil ? nil : name + "_validation.csv",
            trained: name + "_trained.json")
        // Every file's text first, so that a run that cannot be exported writes nothing.
        let dataText = try CSVWriter.text(of: data)
        let validationText = try options.validation.map { v throws(EngineError) in
            try CSVWriter.text(of: v)
        }
        let script = try TrainingExport<Scalar>.script(
            setup: self, network: network, loss: loss, weights: weights.rawValue, files: files,
            version: version)
        let model = try PyTorchExport<Scalar>.script(of: network, version: version)
        let written = ExportedFiles(
            script: path, model: stem + "_model.py", data: stem + "_data.csv",
            validation: files.validation.map { _ in stem + "_validation.csv" },
            trained: stem + "_trained.json")
        try AtomicFile.write(model, to: written.model)
        try AtomicFile.write(dataText, to: written.data)
        if let validationText, let v = written.validation {
            try AtomicFile.write(validationText, to: v)
        }
        try AtomicFile.write(script, to: path)
        return written
    }
}
