/// The model file format's constants.
///
/// A model file is JSON:
///
///     {
///       "format": "gradlab-model",
///       "version": 1,
///       "inputs": 4,
///       "layers": [
///         {"kind": "dense", "in": 4, "out": 8, "act": {"name": "leaky_relu", "slope": 0.2}, "weight": [[...], ...], "bias": [...]},
///         {"kind": "batchnorm", "momentum": 0.1, "eps": 1e-05, "gamma": [...], "beta": [...], "running_mean": [...], "running_var": [...]},
///         {"kind": "residual", "layers": [
///           {"kind": "dense", ...},
///           {"kind": "activation", "act": "tanh"}
///         ]},
///         {"kind": "dropout", "rate": 0.1}
///       ]
///     }
///
/// One layer per line, in order. A dense weight is `out` rows of `in` numbers
/// (PyTorch's layout); a dense layer without bias has `"bias": null`. An
/// activation is a name, or an object when it has a parameter
/// (`leaky_relu`'s slope, `elu`'s alpha). With gradients, each parameter's
/// gradient follows it: `weight_grad`, `bias_grad`, `gamma_grad`, `beta_grad`.
/// Numbers are shortest round-trip decimals, so loading a saved network
/// predicts bit for bit as the original did.
enum ModelFile {
    /// Whether the start of a file reads as a GradLab model file: a JSON
    /// object whose "format" is "gradlab-model" near its start, or nothing at all.
    static func looksLikeModel(_ head: [UInt8]) -> Bool {
        let text = String(decoding: head, as: UTF8.self)
        let trimmed = text.drop { $0 == " " || $0 == "\n" || $0 == "\r" || $0 == "\t" }
        if trimmed.isEmpty { return true }
        return trimmed.first == "{" && text.contains("\"gradlab-model\"")
    }

    static let format = "gradlab-model"
    /// The version this build writes and the newest it reads.
    static let version = 1
    /// The largest model file `load` reads.
    static let maxFileSize = 1 << 30
    /// The layer kinds, as files spell them.
    static var kinds: [String] { LayerKind.allCases.map(\.rawValue) }
}

extension Network {
    /// The network as model-file JSON text (ending with a newline). Throws when
    /// a value is NaN or infinite, which JSON cannot hold.
    @_specialize(where Scalar == Float)
    public func modelFileJSON(includeGradients: Bool = false) throws(EngineError) -> String {
        do {
            return try ModelFileWriter<Scalar>(includeGradients: includeGradients).text(of: self)
        } catch {
            throw .file("cannot save the model: \(error.message)")
        }
    }

    /// Writes the network to `path` as a model file, atomically: a crash or
    /// error never leaves a half-written file, and an existing file is
    /// replaced whole.
    ///
    /// An existing file that is not a GradLab model (a CSV, a script, someone's
    /// notes) is not replaced unless `replacingForeignFile` says so.
    @_specialize(where Scalar == Float)
    public func save(
        to path: String, includeGradients: Bool = false, replacingForeignFile: Bool = false
    ) throws(EngineError) {
        if !replacingForeignFile, let head = AtomicFile.prefix(of: path, bytes: 4096),
            !ModelFile.looksLikeModel(head)
        {
            throw .file(
                "cannot save \(path): the file exists and is not a GradLab model file; save(net, \"\(path)\", force: true) replaces it"
            )
        }
        let text: String
        do {
            text = try ModelFileWriter<Scalar>(includeGradients: includeGradients).text(of: self)
        } catch {
            throw .file("cannot save \(path): \(error.message)")
        }
        try AtomicFile.write(text, to: path)
    }

    /// The network stored in the model file at `path`, with its weights,
    /// batch-norm running statistics and (if stored) gradients. A damaged or
    /// foreign file is refused with the reason.
    @_specialize(where Scalar == Float)
    public static func load(from path: String) throws(EngineError) -> Network {
        let bytes = try AtomicFile.read(path, limit: ModelFile.maxFileSize)
        return try decode(bytes: bytes, source: path)
    }

    /// The network in model-file text; `source` names it in error messages.
    static func decode(json: String, source: String) throws(EngineError) -> Network {
        try decode(bytes: Array(json.utf8), source: source)
    }

    /// The network in model-file bytes; `source` names it in error messages.
    /// (What `load(from:)` does after reading the file; fuzzers call it directly.)
    @_specialize(where Scalar == Float)
    public static func decode(bytes: [UInt8], source: String) throws(EngineError) -> Network {
        if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) {
            throw .file("\(source): the file is empty")
        }
        let root: JSONValue
        do {
            root = try JSONValue.parse(bytes)
        } catch {
            throw .file("\(source): not valid JSON: \(error)")
        }
        do {
            var reader = ModelFileReader<Scalar>()
            return try reader.network(from: root)
        } catch {
            throw .file("\(source): \(error.message)")
        }
    }
}

/// A reason a model cannot be written or read, without the file name.
struct ModelFileIssue: Error {
    var message: String
    init(_ message: String) { self.message = message }
}

/// "layer 3" or, inside residual blocks, "layer 3.2" (1-based).
func layerLabel(_ path: [Int], kind: String) -> String {
    "layer \(path.map { String($0 + 1) }.joined(separator: ".")) (\(kind))"
}
