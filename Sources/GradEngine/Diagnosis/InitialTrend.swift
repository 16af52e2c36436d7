/// Before training: how gradients and activations change across the depth of
/// a network, the numbers behind a measurement that was kept as an observation
/// because the change is too mild to predict exploding or vanishing gradients.
public struct InitialTrend: Sendable, Equatable {
    /// The dense layers the gradient trend spans.
    public var denseLayers: Int
    /// The first dense layer's ‖∇W‖ over the last one's.
    public var firstToLast: Double
    /// The fitted factor per layer going deeper (forward).
    public var perLayer: Double
    /// The hidden activations' std at the first and the last hidden layer that
    /// feed the next layer directly, when there are two or more.
    public var activationFirst: (name: String, std: Double)?
    public var activationLast: (name: String, std: Double)?
    /// The factors that would have made it exploding or vanishing: the
    /// gradient ratio (1 / `vanishing`) and the activation ratio (`activation_growth`).
    public var gradientLimit: Double
    public var activationLimit: Double
    /// The hidden layers an activation trend must span (`compounding`).
    public var compoundingLayers: Int

    public static func == (a: InitialTrend, b: InitialTrend) -> Bool {
        a.denseLayers == b.denseLayers && a.firstToLast == b.firstToLast
            && a.perLayer == b.perLayer && a.activationFirst?.name == b.activationFirst?.name
            && a.activationFirst?.std == b.activationFirst?.std
            && a.activationLast?.name == b.activationLast?.name
            && a.activationLast?.std == b.activationLast?.std
            && a.gradientLimit == b.gradientLimit && a.activationLimit == b.activationLimit
            && a.compoundingLayers == b.compoundingLayers
    }
}
