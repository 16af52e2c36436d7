/// A measurement worth reading that is not a problem in itself, as a value:
/// the language words it under "also measured".
public enum Observation: Sendable, Equatable {
    /// How clipping behaved over a run that clipped (when no finding carries it).
    case clipping(ClippingTelemetry)
    /// A residual block's share of the gradient through its skip path.
    case residualFlow(layer: String, ResidualFlow)
    /// A batch norm's (or the output's) train/eval gap on some data.
    case batchNormGap(BatchNormGap)
    /// How the run learned, when a finding was kept as a measurement because
    /// learning was not impaired.
    case learning(LearningProgress)
    /// A finding's measurement that is not a problem here: the run learns
    /// (`learning` says how), or, before training (`beforeTraining`), it does
    /// not predict a problem: growth or decay mild enough that training absorbs
    /// it (`initialTrend` says how much), or ReLU layers only partly dead.
    case finding(Finding, beforeTraining: Bool)
    /// Before training: how the gradient norm changes from the last dense
    /// layer to the first, when a measurement there was kept as an observation.
    case initialTrend(InitialTrend)
}
