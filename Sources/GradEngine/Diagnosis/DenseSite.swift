/// One dense layer as the checks before training see it: its weights, the
/// activation its output goes through, and what reads that output.
struct DenseSite<Scalar: EngineScalar> {
    /// What reads a dense layer's output (through any activation, dropout or
    /// batch norm after it).
    enum Reader: Equatable {
        /// Another dense layer: the index of its site.
        case dense(Int)
        /// The loss: this is the network's output layer.
        case loss
        /// A residual sum: this is the last dense layer of a residual branch.
        case residualSum
        /// A residual block, which passes every unit on through its skip path.
        case residualBlock
    }

    let name: String
    let fanIn: Int
    let units: Int
    let weightInit: InitScheme
    let weight: Parameter<Scalar>
    let bias: Parameter<Scalar>?
    /// Its own `act:`, or an activation layer right after it (past dropout).
    let activation: Activation
    /// Whether a batch norm normalizes its output before any activation, so
    /// that the scale of its weights does not reach the next layer.
    let normalized: Bool
    var reader: Reader

    /// The dense layers of `network`, in reading order (residual branches
    /// included).
    static func of(_ network: Network<Scalar>) -> [DenseSite] {
        var sites: [DenseSite] = []
        var nameIndex = 0
        walk(
            network.body, names: network.namedLayers, nameIndex: &nameIndex, sites: &sites,
            end: .loss)
        return sites
    }

    /// Adds the sites of `sequence` (whose first layer is `names[nameIndex]`);
    /// its last dense layer is read by `end`.
    private static func walk(
        _ sequence: Sequential<Scalar>, names: [NamedLayer<Scalar>], nameIndex: inout Int,
        sites: inout [DenseSite], end: Reader
    ) {
        let specs = sequence.specs
        var width = sequence.inputs
        // The site waiting for its reader: the last dense layer seen in this sequence.
        var waiting: Int?
        for (i, layer) in sequence.layers.enumerated() {
            let name = nameIndex < names.count ? names[nameIndex].name : "layer"
            nameIndex += 1
            switch layer {
            case .dense(let d):
                if let w = waiting { sites[w].reader = .dense(sites.count) }
                guard case .dense(let units, let act, let weightInit, _, _) = specs[i] else {
                    break
                }
                let after = specs[(i + 1)...].drop { if case .dropout = $0 { true } else { false } }
                var activation = act
                if act == .identity, case .activation(let a)? = after.first { activation = a }
                var normalized = false
                if act == .identity, case .batchNorm? = after.first { normalized = true }
                sites.append(
                    DenseSite(
                        name: name, fanIn: width, units: units, weightInit: weightInit,
                        weight: d.weight, bias: d.bias, activation: activation,
                        normalized: normalized, reader: end))
                waiting = sites.count - 1
            case .residual(let r):
                if let w = waiting { sites[w].reader = .residualBlock }
                waiting = nil
                walk(r.block, names: names, nameIndex: &nameIndex, sites: &sites, end: .residualSum)
            case .batchNorm, .dropout, .activation:
                break
            }
            width = layer.outputWidth
        }
    }
}
