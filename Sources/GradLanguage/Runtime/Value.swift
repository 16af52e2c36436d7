import GradEngine

/// A value of the language. Numbers are Doubles; lists, strings and records
/// have value semantics; models, datasets, histories and optimizers are shared
/// references (training a model changes it wherever it is bound).
///
/// Big payloads are `indirect` (boxed): a list holds its items inline, so every
/// item is as large as the largest case. A plot inline made each item of a list
/// of numbers take 160 bytes; boxed plots and records bring it to 24.
public enum Value {
    case none
    case bool(Bool)
    case number(Double)
    case string(String)
    case list([Value])
    /// An inclusive range of whole numbers, `1..5`.
    case range(Int, Int)
    indirect case record(Record)
    case function(UserFunction)
    case builtin(String)
    case activation(Activation)
    case initScheme(InitScheme)
    case layer(LayerSpec)
    case loss(Loss)
    case model(Model)
    case dataset(DatasetValue)
    case history(HistoryValue)
    case optimizer(OptimizerValue)
    /// A per-layer table (`grads`, `acts`, `weights`, `compare`).
    case table(TableValue)
    /// What `diagnose` found.
    case findings(FindingsValue)
    /// A drawing (`plot`, `hist`): shown in the terminal, saved as SVG.
    indirect case plot(PlotValue)

    /// The type name used in messages ("expected a number, found a string").
    public var typeName: String {
        switch self {
        case .none: "none"
        case .bool: "a boolean"
        case .number: "a number"
        case .string: "a string"
        case .list: "a list"
        case .range: "a range"
        case .record(let r): r.kind == "record" ? "a record" : "a \(r.kind) record"
        case .function: "a function"
        case .builtin: "a builtin function"
        case .activation: "an activation"
        case .initScheme: "an init scheme"
        case .layer: "a layer"
        case .loss: "a loss"
        case .model: "a model"
        case .dataset: "a dataset"
        case .history: "a history"
        case .optimizer: "an optimizer"
        case .table(let t): "a \(t.kind.rawValue) table"
        case .findings: "a diagnosis"
        case .plot: "a plot"
        }
    }

    /// Truthiness for `if`, `and`, `or`, `not`: only booleans are conditions.
    var isNone: Bool { if case .none = self { return true } else { return false } }
}

/// Named fields in order: `split(...)` results, evaluations, `h.clipped`.
public struct Record {
    public var kind: String
    public var fields: [(name: String, value: Value)]

    public subscript(name: String) -> Value? { fields.first { $0.name == name }?.value }
}

/// A function defined with `fn`, with the scope it was defined in.
public final class UserFunction {
    let declaration: FunctionDeclaration
    let closure: Environment
    init(_ declaration: FunctionDeclaration, closure: Environment) {
        self.declaration = declaration
        self.closure = closure
    }
}

/// A model: a network and the trainer that keeps its optimizer between calls.
public final class Model {
    public let network: Network<Float>
    /// The trainer of the last `train`/`step`, which keeps its optimizer.
    var trainer: Trainer<Float>?
    /// The optimizer value that trainer uses (so `net.optimizer` is that value).
    var optimizer: OptimizerValue?
    /// The history of the last `train` (nil after a `step` or a reinit): one
    /// pass of the trained network is judged with how that run learned.
    var lastHistory: History?
    public init(_ network: Network<Float>) { self.network = network }
}

/// A dataset value.
public final class DatasetValue {
    public let data: Dataset<Float>
    public init(_ data: Dataset<Float>) { self.data = data }
}

/// A training history value.
public final class HistoryValue {
    public let history: History
    public let model: Model
    /// What the run started from (the network before its first step, data,
    /// options, optimizer), so that `try_remedies` can run it again.
    public let setup: RunSetup<Float>?
    public init(_ history: History, model: Model, setup: RunSetup<Float>? = nil) {
        self.history = history
        self.model = model
        self.setup = setup
    }
}

/// The findings of `diagnose`, with the report they display as.
public final class FindingsValue {
    public let report: DiagnosisReport
    public init(_ report: DiagnosisReport) { self.report = report }
}

/// An optimizer value: its kind and, once used, its state.
public final class OptimizerValue {
    public let optimizer: Optimizer<Float>
    public init(_ optimizer: Optimizer<Float>) { self.optimizer = optimizer }
}

/// Variables: one scope, with its enclosing scope.
public final class Environment {
    private var values: [String: Value] = [:]
    let parent: Environment?

    init(parent: Environment?) { self.parent = parent }

    func lookup(_ name: String) -> Value? { values[name] ?? parent?.lookup(name) }
    func definesLocally(_ name: String) -> Bool { values[name] != nil }
    func define(_ name: String, _ value: Value) { values[name] = value }

    /// Rebinds an existing name in the nearest scope that has it; false if none does.
    func assign(_ name: String, _ value: Value) -> Bool {
        if values[name] != nil {
            values[name] = value
            return true
        }
        return parent?.assign(name, value) ?? false
    }

    /// Every name visible from here.
    var allNames: [String] { Array(values.keys) + (parent?.allNames ?? []) }

    /// The bindings of this scope only, sorted by name.
    var bindings: [(String, Value)] { values.sorted { $0.key < $1.key } }

    func removeAll() { values.removeAll() }
}
