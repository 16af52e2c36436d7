/// What a training run started from: the network as it was before its first
/// step, the data, the options and the optimizer's settings; enough to run it
/// again, or again with one thing changed (`RemedyTrials`).
public struct RunSetup<Scalar: EngineScalar> {
    public var start: NetworkSnapshot<Scalar>
    public var data: Dataset<Scalar>
    /// The run's options: epochs, batch, loss, clipping, penalties, validation data.
    public var options: TrainingOptions<Scalar>
    /// The optimizer's kind and settings (a new run starts it without state).
    public var optimizer: Optimizer<Scalar>.Kind
    /// The random generator as the run found it, when known: the first
    /// epoch's shuffle is its next permutation (the export's order file).
    public var generator: RandomGenerator?

    public init(
        start: NetworkSnapshot<Scalar>, data: Dataset<Scalar>, options: TrainingOptions<Scalar>,
        optimizer: Optimizer<Scalar>.Kind, generator: RandomGenerator? = nil
    ) {
        self.start = start
        self.data = data
        self.options = options
        self.optimizer = optimizer
        self.generator = generator
    }
}
