/// A measurement worth reading that is not a problem in itself, as a value:
/// the language words it under "also measured".
public enum Observation: Sendable, Equatable {
    /// How clipping behaved over a run that clipped (when no finding carries it).
    case clipping(ClippingTelemetry)
    /// A residual block's share of the gradient through its skip path.
    case residualFlow(layer: String, ResidualFlow)
    /// A batch norm's (or the output's) train/eval gap on some data.
    case batchNormGap(BatchNormGap)
}
