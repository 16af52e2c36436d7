/// One layer as diagnosis sees it: its name, role and latest statistics.
public struct LayerView: Sendable {
    public var name: String
    /// Whether it is a dense layer (its statistics describe W).
    public var isDense: Bool
    public var activation: Activation?
    /// 0 at the top level, 1 inside a residual block, and so on.
    public var depth: Int
    public var statistics: LayerStatistics

    /// The views of every layer of `network`, from statistics aligned with `namedLayers`.
    public static func of<S>(_ network: Network<S>, _ statistics: [LayerStatistics]) -> [LayerView]
    {
        zip(network.namedLayers, statistics).map { named, s in
            LayerView(
                name: named.name, isDense: named.layer.kind == .dense,
                activation: named.activation, depth: named.depth, statistics: s)
        }
    }
}
