import Synchronization

/// How `Trainer.train` and `Trainer.step` run.
public struct TrainingOptions<Scalar: EngineScalar> {
    /// The objective; nil picks the dataset's default (cross-entropy or mse).
    public var loss: Loss?
    public var epochs: Int = 10
    public var batchSize: Int = 32
    /// Reshuffle the samples at the start of every epoch.
    public var shuffle: Bool = true
    public var clipping: Clipping?
    /// λ of the L1 penalty λ·Σ|w| on dense weights.
    public var l1: Double = 0
    /// λ of the L2 penalty λ·Σw² on dense weights.
    public var l2: Double = 0
    /// Record per-layer gradient, weight, update and activation statistics every step.
    public var statistics: Bool = true
    /// Data scored in evaluation mode at the end of every epoch.
    public var validation: Dataset<Scalar>?

    public init() {}

    /// The first setting training cannot run with, or nil. The one check of
    /// these settings: `validate()` throws it, and the language words it for
    /// the argument it names.
    public var problem: SettingProblem? {
        if epochs < 0 {
            return .outOfRange(
                setting: "epochs", requirement: "a whole number ≥ 0", found: Double(epochs))
        }
        if batchSize < 1 {
            return .outOfRange(
                setting: "batch", requirement: "a whole number ≥ 1", found: Double(batchSize))
        }
        if let p = clipping?.problem { return p }
        if let p = SettingProblem.check("l1", l1, "≥ 0", admits: { $0 >= 0 }) { return p }
        return SettingProblem.check("l2", l2, "≥ 0") { $0 >= 0 }
    }

    /// Throws the first unusable setting, naming it.
    public func validate() throws(EngineError) {
        if let p = problem { throw .invalidArgument(p.description) }
    }
}

/// A flag another thread (a Ctrl-C handler) sets to stop training at the next step boundary.
public final class CancellationFlag: Sendable {
    private let storage = AtomicFlag()
    public init() {}
    public func cancel() { storage.set(true) }
    public func reset() { storage.set(false) }
    public var isCancelled: Bool { storage.get() }
}

/// A Sendable boolean (Synchronization's Atomic wrapped in a class).
final class AtomicFlag: Sendable {
    private let value = Atomic<Bool>(false)
    func set(_ v: Bool) { value.store(v, ordering: .relaxed) }
    func get() -> Bool { value.load(ordering: .relaxed) }
}
