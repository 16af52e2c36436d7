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

    /// Throws the first unusable setting, naming it.
    public func validate() throws(EngineError) {
        guard epochs >= 0 else { throw .invalidArgument("epochs must be ≥ 0 (got \(epochs))") }
        guard batchSize >= 1 else {
            throw .invalidArgument("batch must be at least 1 (got \(batchSize))")
        }
        if let why = clipping?.invalidReason { throw .invalidArgument(why) }
        guard l1 >= 0, l1.isFinite else {
            throw .invalidArgument("l1 must be a finite number ≥ 0 (got \(l1))")
        }
        guard l2 >= 0, l2.isFinite else {
            throw .invalidArgument("l2 must be a finite number ≥ 0 (got \(l2))")
        }
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
