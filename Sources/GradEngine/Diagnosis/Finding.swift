/// One problem (or the absence of any) that diagnosis found, with its evidence
/// and the remedies that apply to this network.
public struct Finding: Sendable, Equatable {
    /// What was found. Raw values are the short names scripts assert on.
    public enum Kind: String, Sendable, CaseIterable {
        // The checks of the program before training (`ProgramChecks`), causes
        // first; then what training shows.
        case outputActivation = "output_activation"
        case targetRange = "target_range"
        case unscaledInputs = "unscaled_inputs"
        case learningRate = "learning_rate"
        case poorInit = "poor_init"
        // A prediction from the loss's curvature during training (`DivergenceCheck`).
        case divergenceRisk = "divergence_risk"
        case vanishing
        case exploding
        case deadReLU = "dead_relu"
        case saturation
        case plateau
        case unstableUpdates = "unstable_updates"
        case oscillation
        case clippingActive = "clipping_active"
        case healthy

        /// Whether it describes how training behaves (gradients, update sizes,
        /// swings), so that it is a problem only when learning is impaired;
        /// otherwise it is reported under "also measured".
        public var isGatedOnLearning: Bool {
            switch self {
            case .vanishing, .exploding, .deadReLU, .saturation, .unstableUpdates, .oscillation:
                true
            // divergence_risk predicts from the curvature at the time: reported
            // as made, whether or not the run then learned.
            case .plateau, .clippingActive, .healthy, .outputActivation, .targetRange,
                .unscaledInputs, .learningRate, .poorInit, .divergenceRisk:
                false
            }
        }

        /// The finding's name in words, as the seed material says it.
        public var title: String {
            switch self {
            case .outputActivation: "output activation mismatch"
            case .targetRange: "targets out of range"
            case .unscaledInputs: "unscaled inputs"
            case .learningRate: "learning rate out of range"
            case .poorInit: "poor initialization"
            case .divergenceRisk: "divergence risk"
            case .vanishing: "vanishing gradients"
            case .exploding: "exploding gradients"
            case .deadReLU: "dead ReLUs"
            case .saturation: "saturated activations"
            case .plateau: "loss plateau"
            case .unstableUpdates: "unstable updates"
            case .oscillation: "oscillation"
            case .clippingActive: "clipping always active"
            case .healthy: "healthy"
            }
        }

        /// Whether it is found by reading the program and its data before any
        /// step (`ProgramChecks`), rather than from gradients or a run.
        public var isProgramCheck: Bool {
            switch self {
            case .outputActivation, .targetRange, .unscaledInputs, .learningRate, .poorInit: true
            case .divergenceRisk, .vanishing, .exploding, .deadReLU, .saturation, .plateau,
                .unstableUpdates, .oscillation, .clippingActive, .healthy:
                false
            }
        }
    }

    public var kind: Kind
    /// The layers involved, in depth order.
    public var layers: [String]
    /// The step at which it was seen first, when known (live checks).
    public var step: Int?
    /// Sentences with the numbers that show it.
    public var evidence: [String]
    /// For `clipping_active`: the run's clipping telemetry, evidence that
    /// follows `evidence` once the language has worded it.
    public var clipping: ClippingTelemetry?
    /// Concrete things to try, most promising first.
    public var remedies: [Remedy]

    public init(
        kind: Kind, layers: [String] = [], step: Int? = nil, evidence: [String],
        clipping: ClippingTelemetry? = nil, remedies: [Remedy] = []
    ) {
        self.kind = kind
        self.layers = layers
        self.step = step
        self.evidence = evidence
        self.clipping = clipping
        self.remedies = remedies
    }
}
