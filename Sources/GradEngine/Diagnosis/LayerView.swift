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

/// A run of layer names as a reader wants it: "dense_1", "dense_1 and dense_2",
/// "dense_1–dense_8" for a consecutive run, or a list.
func layerRange(_ names: [String], within all: [String]) -> String {
    guard let first = names.first, let last = names.last else { return "no layer" }
    if names.count == 1 { return first }
    if names.count == 2 { return "\(first) and \(last)" }
    if let i = all.firstIndex(of: first), i + names.count <= all.count,
        Array(all[i..<(i + names.count)]) == names
    {
        return "\(first)–\(last)"
    }
    return names.dropLast().joined(separator: ", ") + " and " + last
}
