/// One change to a run's setup, as `RemedyTrials` tries it: new layers, a new
/// optimizer or learning rate, clipping or a penalty. What it leaves unset
/// stays as the run had it.
public struct RunChange: Sendable, Equatable {
    /// A new optimizer setting.
    public enum OptimizerChange: Sendable, Equatable {
        /// The same optimizer at another learning rate.
        case learningRate(Double)
        /// Adam at this learning rate, with its usual other settings.
        case adam(lr: Double)
    }

    /// The new layers; nil keeps the network's.
    public var specs: [LayerSpec]?
    /// For each dense layer of `specs`, in the order `Network` names them, the
    /// index of the original dense layer whose starting weights it takes when
    /// its shape and inits are unchanged; nil for none.
    var denseOrigin: [Int?] = []
    public var optimizer: OptimizerChange?
    public var clipping: Clipping?
    public var l2: Double?

    init(
        specs: [LayerSpec]? = nil, denseOrigin: [Int?] = [], optimizer: OptimizerChange? = nil,
        clipping: Clipping? = nil, l2: Double? = nil
    ) {
        self.specs = specs
        self.denseOrigin = denseOrigin
        self.optimizer = optimizer
        self.clipping = clipping
        self.l2 = l2
    }

    /// Whether it changes the layers (and so may change the starting weights).
    public var changesArchitecture: Bool { specs != nil }

    /// `setup` with this change made: the options and optimizer changed; the
    /// network is built by `network(from:seed:)`.
    public func applied<S>(to setup: RunSetup<S>) -> RunSetup<S> {
        var out = setup
        switch optimizer {
        case .learningRate(let lr)?: out.optimizer = setup.optimizer.withLearningRate(lr)
        case .adam(let lr)?: out.optimizer = .adam(lr: lr)
        case nil: break
        }
        if let clipping { out.options.clipping = clipping }
        if let l2 { out.options.l2 = l2 }
        return out
    }
}
