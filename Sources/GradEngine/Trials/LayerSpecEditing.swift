/// Edits of a network's layer specs that remedies make, with layers found by
/// the names `Network` gives them (`dense_3`: the third dense layer, counted
/// depth first in reading order).
enum LayerSpecEditing {
    /// `specs` with every dense layer whose name is in `names` replaced by
    /// `transform` of it; nested layers (residual blocks) included.
    static func mapDense(
        _ specs: [LayerSpec], names: Set<String>, _ transform: (LayerSpec) -> LayerSpec
    ) -> [LayerSpec] {
        var counts: [String: Int] = [:]
        func walk(_ specs: [LayerSpec]) -> [LayerSpec] {
            specs.map { spec in
                let number = counts[spec.kind, default: 0] + 1
                counts[spec.kind] = number
                switch spec {
                case .dense:
                    return names.contains("\(spec.kind)_\(number)") ? transform(spec) : spec
                case .residual(let inner):
                    return .residual(walk(inner))
                case .batchNorm, .dropout, .activation:
                    return spec
                }
            }
        }
        return walk(specs)
    }

    /// The number of dense layers in `specs`, nested ones included.
    static func denseCount(_ specs: [LayerSpec]) -> Int {
        specs.reduce(0) { n, spec in
            switch spec {
            case .dense: n + 1
            case .residual(let inner): n + denseCount(inner)
            case .batchNorm, .dropout, .activation: n
            }
        }
    }

    /// The index in `specs` of the output layer: the last top-level dense layer.
    static func outputIndex(_ specs: [LayerSpec]) -> Int? {
        specs.lastIndex { if case .dense = $0 { return true } else { return false } }
    }

    /// The width each top-level layer of `specs` reads, for a network of `inputs` inputs.
    static func inputWidths(_ specs: [LayerSpec], inputs: Int) -> [Int] {
        var width = inputs
        return specs.map { spec in
            defer { if case .dense(let units, _, _, _, _) = spec { width = units } }
            return width
        }
    }

    /// Each dense layer kept in order: the identity map of `denseCount` layers.
    static func sameDense(_ specs: [LayerSpec]) -> [Int?] {
        Array(0..<denseCount(specs))
    }

    /// A batch norm between each hidden top-level dense layer and its
    /// activation (`dense(32); batchnorm(); sigmoid`, as Ioffe and Szegedy
    /// place it); nil when there is no hidden dense layer.
    static func addingBatchNorm(_ specs: [LayerSpec]) -> [LayerSpec]? {
        guard let output = outputIndex(specs) else { return nil }
        var out: [LayerSpec] = []
        var added = false
        for (i, spec) in specs.enumerated() {
            guard i < output, case .dense(let units, let act, let w, let b, let bias) = spec else {
                out.append(spec)
                continue
            }
            out.append(
                .dense(units: units, activation: .identity, weightInit: w, biasInit: b, bias: bias))
            out.append(.batchNorm())
            if act != .identity { out.append(.activation(act)) }
            added = true
        }
        return added ? out : nil
    }

    /// Pairs of consecutive hidden top-level dense layers wrapped in residual
    /// blocks, where a pair maps its input width to the same width; nil when
    /// no pair does.
    static func addingResidualBlocks(_ specs: [LayerSpec], inputs: Int) -> [LayerSpec]? {
        guard let output = outputIndex(specs) else { return nil }
        let widths = inputWidths(specs, inputs: inputs)
        var out: [LayerSpec] = []
        var i = 0
        var added = false
        while i < specs.count {
            if i + 1 < output, case .dense = specs[i],
                case .dense(let units, _, _, _, _) = specs[i + 1], widths[i] == units
            {
                out.append(.residual([specs[i], specs[i + 1]]))
                added = true
                i += 2
            } else {
                out.append(specs[i])
                i += 1
            }
        }
        return added ? out : nil
    }

    /// The first `keep` hidden layers (each dense layer with the layers after
    /// it up to the next dense one) and the output layer with what follows
    /// it, and which original dense layer each kept one is; nil when the
    /// network has nested layers or no more than `keep` hidden layers.
    static func keepingHiddenLayers(_ specs: [LayerSpec], keep: Int) -> (
        specs: [LayerSpec], origin: [Int?]
    )? {
        guard let output = outputIndex(specs) else { return nil }
        if specs.contains(where: { if case .residual = $0 { return true } else { return false } }) {
            return nil
        }
        let dense = specs.indices.filter {
            if case .dense = specs[$0] { return true } else { return false }
        }
        guard dense.count - 1 > keep, keep >= 1 else { return nil }
        let cut = dense[keep]
        return (Array(specs[..<cut]) + Array(specs[output...]), Array(0..<keep) + [dense.count - 1])
    }

    /// The output dense layer's activation, or the activation layer named
    /// `layer`, removed; nil when there is no such layer.
    static func removingOutputActivation(_ specs: [LayerSpec], layer: String, separateLayer: Bool)
        -> [LayerSpec]?
    {
        if !separateLayer {
            let edited = mapDense(specs, names: [layer]) { spec in
                guard case .dense(let units, _, let w, let b, let bias) = spec else { return spec }
                return .dense(
                    units: units, activation: .identity, weightInit: w, biasInit: b, bias: bias)
            }
            return edited == specs ? nil : edited
        }
        var counts: [String: Int] = [:]
        func count(_ spec: LayerSpec) -> Int {
            let number = counts[spec.kind, default: 0] + 1
            counts[spec.kind] = number
            if case .residual(let inner) = spec { for s in inner { _ = count(s) } }
            return number
        }
        var out: [LayerSpec] = []
        var removed = false
        for spec in specs {
            let number = count(spec)
            if case .activation = spec, "\(spec.kind)_\(number)" == layer {
                removed = true
                continue
            }
            out.append(spec)
        }
        return removed ? out : nil
    }
}
