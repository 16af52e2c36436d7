/// Remedies worded for one network: which layers to change, from what, to what.
struct Remedies {
    let profile: RunProfile

    private var hiddenNames: [String] { profile.hidden.map(\.name) }
    private var allNames: [String] { profile.dense.map(\.name) }

    private func range(_ layers: [RunProfile.DenseLayer]) -> String {
        layerRange(layers.map(\.name), within: allNames)
    }

    /// Hidden layers grouped by (activation, init), largest group first.
    private var groups:
        [(activation: Activation, initScheme: InitScheme, layers: [RunProfile.DenseLayer])]
    {
        var out: [(Activation, InitScheme, [RunProfile.DenseLayer])] = []
        for l in profile.hidden {
            if let i = out.firstIndex(where: { $0.0 == l.activation && $0.1 == l.weightInit }) {
                out[i].2.append(l)
            } else {
                out.append((l.activation, l.weightInit, [l]))
            }
        }
        return out.sorted { $0.2.count > $1.2.count }.map { ($0.0, $0.1, $0.2) }
    }

    /// The init that suits an activation (PyTorch's conventions).
    static func matchedInit(for a: Activation) -> InitScheme {
        switch a {
        case .sigmoid, .tanh, .identity, .softplus: .xavierUniform(gain: 1)
        case .selu: .lecunNormal
        default: .heNormal
        }
    }

    static func isReLUFamily(_ a: Activation) -> Bool {
        switch a {
        case .relu, .leakyReLU, .elu, .gelu, .selu: true
        default: false
        }
    }

    static func isSaturating(_ a: Activation) -> Bool { a == .sigmoid || a == .tanh }

    private func text(_ s: InitScheme) -> String { s.text }

    /// Change saturating activations to ReLU, and mismatched inits to matched ones.
    private func activationAndInit(preferReLU: Bool) -> [String] {
        var out: [String] = []
        for g in groups {
            let matched = Remedies.matchedInit(for: g.activation)
            if Remedies.isSaturating(g.activation) && preferReLU {
                out.append(
                    "\(range(g.layers)) use \(g.activation.description) with \(text(g.initScheme)): try relu with he_normal (the ReLU family passes gradients at full strength for positive inputs)"
                )
            } else if g.initScheme != matched
                && !(Remedies.isReLUFamily(g.activation) && g.initScheme == .heUniform)
                && !(Remedies.isSaturating(g.activation)
                    && [.xavierNormal(gain: 1), .orthogonal(gain: 1)].contains(g.initScheme))
            {
                out.append(
                    "\(range(g.layers)) use \(g.activation.description) with \(text(g.initScheme)): try \(text(matched)), matched to \(g.activation.description) so each layer keeps its signal's variance"
                )
            }
        }
        return out
    }

    private var batchNorm: [String] {
        profile.batchNorms == 0 && !profile.hidden.isEmpty
            ? [
                "add batchnorm() after each hidden dense layer, so every layer sees inputs of mean 0 and variance 1"
            ] : []
    }

    private var residual: [String] {
        profile.residualBlocks == 0 && profile.hidden.count >= 4
            ? [
                "wrap pairs of hidden layers in residual { } blocks: the skip path carries the gradient past them unchanged"
            ] : []
    }

    private var fewerLayers: [String] {
        profile.hidden.count > 3
            ? ["use fewer layers: \(profile.hidden.count) hidden layers now; try 2 or 3"] : []
    }

    func vanishing() -> [String] {
        activationAndInit(preferReLU: true) + batchNorm + residual + fewerLayers
    }

    func exploding() -> [String] {
        var out: [String] = []
        switch profile.clipping {
        case nil:
            out.append(
                "clip the gradients: clip_norm: 1.0 rescales any step whose global gradient norm exceeds 1"
            )
        case .norm?: break  // Clipping already bounds every step; the cause is elsewhere.
        case .value(let c)?:
            out.append(
                "clip by norm instead of by value: clip_norm: 1.0 (clip_value \(NumberText.plain(c)) lets the norm grow with the layer size)"
            )
        }
        out += lowerLearningRate()
        out += activationAndInit(preferReLU: false)
        out += batchNorm
        if profile.l2 == 0 && profile.l1 == 0 {
            out.append(
                "add L2 weight regularization: l2: 1e-4 pulls the weights toward 0 every step")
        }
        return out
    }

    func deadReLUs(_ layers: [String]) -> [String] {
        let affected = profile.dense.filter { layers.contains($0.name) }
        var out: [String] = []
        let negative = affected.filter {
            if case .constant(let b) = $0.biasInit { return b < 0 }
            return false
        }
        if !negative.isEmpty {
            out.append(
                "\(range(negative)) start their biases at \(text(negative[0].biasInit)), which puts most inputs below 0: start them at zeros (the default)"
            )
        }
        if !affected.isEmpty {
            out.append(
                "\(range(affected)) use relu: try leaky_relu or elu, which keep a gradient for negative inputs so units can recover"
            )
        }
        out += activationAndInit(preferReLU: false)
        out += lowerLearningRate()
        return out
    }

    func saturation(_ layers: [String]) -> [String] {
        activationAndInit(preferReLU: true) + batchNorm
    }

    func plateau() -> [String] {
        var out = [
            "look at the other findings for the cause; a network that learns nothing from its inputs keeps predicting the average"
        ]
        if let lr = profile.learningRate, profile.optimizer == "sgd" {
            out.append(
                "if no other finding applies: raise the learning rate (lr \(NumberText.compact(lr)) → \(NumberText.compact(lr * 10))) or use adam(lr: 1e-3)"
            )
        }
        return out
    }

    func lowerLearningRate() -> [String] {
        guard let lr = profile.learningRate else { return ["lower the learning rate (by 10x)"] }
        return [
            "lower the learning rate: lr \(NumberText.compact(lr)) → \(NumberText.compact(lr / 10))"
        ]
    }

    func raiseLearningRate() -> [String] {
        guard let lr = profile.learningRate else { return ["raise the learning rate (by 10x)"] }
        return [
            "raise the learning rate: lr \(NumberText.compact(lr)) → \(NumberText.compact(lr * 10))"
        ]
    }

    func clippingActive() -> [String] {
        [
            "clipping now sets every step's size: lower the learning rate, or fix what makes the gradients large (init, normalization), so clipping is only a safety net"
        ]
            + lowerLearningRate()
    }
}

extension InitScheme {
    /// The scheme as the language writes it: he_normal, normal(mean: 0, std: 1), constant(-3).
    public var text: String {
        switch self {
        case .xavierNormal(let g) where g != 1, .xavierUniform(let g) where g != 1,
            .orthogonal(let g) where g != 1:
            "\(name)(gain: \(NumberText.plain(g)))"
        case .normal(let m, let sd):
            "normal(mean: \(NumberText.plain(m)), std: \(NumberText.plain(sd)))"
        case .uniform(let lo, let hi):
            "uniform(low: \(NumberText.plain(lo)), high: \(NumberText.plain(hi)))"
        case .constant(let v): "constant(\(NumberText.plain(v)))"
        default: name
        }
    }
}
