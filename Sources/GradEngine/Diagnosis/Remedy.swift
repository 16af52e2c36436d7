/// One concrete change to try, as a value: what to change, on which layers,
/// from what, to what. The engine decides the remedy; the language words it
/// in its own syntax (GradLanguage's `RemedyText`).
public enum Remedy: Sendable, Equatable {
    /// Hidden layers with a saturating activation: switch them to a ReLU-family
    /// activation with the init matched to it.
    case switchToReLU(
        layers: LayerGroup, activation: Activation, initScheme: InitScheme,
        suggestedActivation: Activation, suggestedInit: InitScheme)
    /// Hidden layers whose init does not suit their activation: the matched init.
    case matchInit(
        layers: LayerGroup, activation: Activation, initScheme: InitScheme,
        suggestedInit: InitScheme)
    /// A batch norm after each hidden dense layer (the network has none).
    case addBatchNorm
    /// Pairs of hidden layers wrapped in residual blocks (the network has none).
    case addResidualBlocks
    /// Fewer hidden layers than the network has.
    case useFewerLayers(hiddenLayers: Int, suggested: ClosedRange<Int>)
    /// Clipping by the global norm, for a run that does not clip.
    case clipByNorm(threshold: Double)
    /// Clipping by the global norm instead of element-wise by value.
    case clipByNormInsteadOfValue(threshold: Double, valueThreshold: Double)
    /// A lower learning rate: `from` → `to` when the run's rate is known.
    case lowerLearningRate(LearningRateChange)
    /// A higher learning rate: `from` → `to` when the run's rate is known.
    case raiseLearningRate(LearningRateChange)
    /// For plain SGD on a plateau: a higher rate, or Adam at its usual rate.
    case raiseLearningRateOrUseAdam(LearningRateChange, adamLearningRate: Double)
    /// L2 weight regularization, for a run without any penalty.
    case addL2(strength: Double)
    /// Biases started below 0, which push most inputs below ReLU's kink.
    case restartBiases(layers: LayerGroup, biasInit: InitScheme, suggestedInit: InitScheme)
    /// Dead units: activations that keep a gradient for negative inputs.
    case keepNegativeGradient(
        layers: LayerGroup, activation: Activation, alternatives: [Activation])
    /// A plateau's cause is in the other findings, if any.
    case lookAtOtherFindings
    /// Clipping sets every step's size: it should be only a safety net.
    case makeClippingASafetyNet
    /// The output activation fights the loss: drop it, so the outputs are
    /// what the loss expects (`layer` is the dense layer whose `act:` it is,
    /// or the activation layer itself when `separateLayer`).
    case useLinearOutput(
        layer: String, activation: Activation, separateLayer: Bool, loss: String,
        expected: LossInput)
    /// One output per class with cross-entropy on class labels, instead of one
    /// output for `classes` classes.
    case oneOutputPerClass(classes: Int)
    /// Softmax over a single output: sigmoid for one probability, or one
    /// output per class with softmax.
    case replaceOneUnitSoftmax(layer: String, separateLayer: Bool)
    /// Softmax before targets whose rows do not sum to 1 (several labels per
    /// sample, or values): an output of its own for each column.
    case independentOutputs(layer: String, separateLayer: Bool)
    /// Input columns far from unit scale: standardize them.
    case standardizeInputs(columns: [String])
    /// Regression targets far from unit scale: train on standardized targets.
    case standardizeTargets(mean: Double, std: Double)
    /// Targets outside what the loss accepts (bce's [0, 1]): rescale them, or
    /// use a loss for real values.
    case rescaleTargets(loss: String, low: Double, high: Double, alternative: String)
    /// A learning rate far outside the usual range for its optimizer.
    case useUsualLearningRate(optimizer: String, from: Double, to: Double)
    /// An SGD rate whose first step is far from the weights' size: the rate
    /// (a power of ten) whose first step changes `layer`'s weights by about a tenth.
    case scaleRateToGradients(optimizer: String, from: Double, to: Double, layer: String)
    /// Layers whose units all start the same: a random init.
    case breakSymmetry(layers: LayerGroup, initScheme: InitScheme, suggestedInit: InitScheme)
}
