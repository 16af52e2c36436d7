/// One layer's health as diagnosis judges it: the kinds of the findings that
/// name it (vanishing, exploding, dead_relu, saturation).
///
/// Diagnosis decides it once, for its findings; a table's health marks draw
/// the same value, so a table and a diagnosis of the same pass agree.
public struct LayerHealth: Sendable, Equatable {
    public var layer: String
    /// The finding kinds that name the layer, in the order of
    /// `Finding.Kind.allCases`; empty when none does.
    public var problems: [Finding.Kind]
    /// The kinds of the measurements that name it but are not problems here
    /// (reported under "also measured"), in the same order.
    public var observed: [Finding.Kind]

    public init(layer: String, problems: [Finding.Kind], observed: [Finding.Kind] = []) {
        self.layer = layer
        self.problems = problems
        self.observed = observed
    }

    /// Whether no finding names the layer.
    public var isHealthy: Bool { problems.isEmpty }
}
