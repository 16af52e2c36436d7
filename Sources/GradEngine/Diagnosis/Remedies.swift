/// The remedies that apply to one network, as values: which layers to change,
/// from what, to what. The language words them.
struct Remedies {
    let profile: RunProfile

    /// The clip norm suggested to a run that clips too little or by value.
    static let clipNorm = 1.0
    /// The L2 strength suggested to a run without a penalty.
    static let l2Strength = 1e-4
    /// How many times a learning rate is lowered or raised.
    static let learningRateFactor = 10.0
    /// Adam's usual learning rate, suggested to plain SGD on a plateau.
    static let adamLearningRate = 1e-3
    /// How many hidden layers to try when there are more.
    static let suggestedDepth = 2...3

    private var allNames: [String] { profile.dense.map(\.name) }

    private func group(_ layers: [RunProfile.DenseLayer]) -> LayerGroup {
        LayerGroup(layers.map(\.name), within: allNames)
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

    /// Mismatched inits to matched ones, and saturating activations to ReLU
    /// (when `preferReLU`). A saturating group with a mismatched init gets
    /// both, the matched init first: it keeps the activation and fixes the
    /// scale that saturates it (tanh with normal(std: 1) needs xavier, not
    /// necessarily another activation).
    private func activationAndInit(preferReLU: Bool) -> [Remedy] {
        var out: [Remedy] = []
        for g in groups {
            let matched = g.activation.matchedInit
            let mismatched =
                g.initScheme != matched
                && !(g.activation.isReLUFamily && g.initScheme == .heUniform)
                && !(g.activation.isSaturating
                    && [.xavierNormal(gain: 1), .orthogonal(gain: 1)].contains(g.initScheme))
            if mismatched {
                out.append(
                    .matchInit(
                        layers: group(g.layers), activation: g.activation,
                        initScheme: g.initScheme, suggestedInit: matched))
            }
            if g.activation.isSaturating && preferReLU {
                out.append(
                    .switchToReLU(
                        layers: group(g.layers), activation: g.activation,
                        initScheme: g.initScheme, suggestedActivation: .relu,
                        suggestedInit: Activation.relu.matchedInit))
            }
        }
        return out
    }

    private var batchNorm: [Remedy] {
        profile.batchNorms == 0 && !profile.hidden.isEmpty ? [.addBatchNorm] : []
    }

    private var residual: [Remedy] {
        profile.residualBlocks == 0 && profile.hidden.count >= 4 ? [.addResidualBlocks] : []
    }

    private var fewerLayers: [Remedy] {
        profile.hidden.count > Remedies.suggestedDepth.upperBound
            ? [
                .useFewerLayers(
                    hiddenLayers: profile.hidden.count, suggested: Remedies.suggestedDepth)
            ] : []
    }

    /// The run's learning rate ÷ 10.
    private var lowered: LearningRateChange {
        let f = Remedies.learningRateFactor
        return LearningRateChange(
            from: profile.learningRate, factor: f, to: profile.learningRate.map { $0 / f })
    }

    /// The run's learning rate × 10.
    private var raised: LearningRateChange {
        let f = Remedies.learningRateFactor
        return LearningRateChange(
            from: profile.learningRate, factor: f, to: profile.learningRate.map { $0 * f })
    }

    func vanishing() -> [Remedy] {
        activationAndInit(preferReLU: true) + batchNorm + residual + fewerLayers
    }

    func exploding() -> [Remedy] {
        var out: [Remedy] = []
        switch profile.clipping {
        case nil: out.append(.clipByNorm(threshold: Remedies.clipNorm))
        case .norm?: break  // Clipping already bounds every step; the cause is elsewhere.
        case .value(let c)?:
            out.append(.clipByNormInsteadOfValue(threshold: Remedies.clipNorm, valueThreshold: c))
        }
        out += lowerLearningRate()
        out += activationAndInit(preferReLU: false)
        out += batchNorm
        if profile.l2 == 0 && profile.l1 == 0 {
            out.append(.addL2(strength: Remedies.l2Strength))
        }
        return out
    }

    func deadReLUs(_ layers: [String]) -> [Remedy] {
        let affected = profile.dense.filter { layers.contains($0.name) }
        var out: [Remedy] = []
        let negative = affected.filter {
            if case .constant(let b) = $0.biasInit { return b < 0 }
            return false
        }
        if let first = negative.first {
            out.append(
                .restartBiases(
                    layers: group(negative), biasInit: first.biasInit, suggestedInit: .zeros))
        }
        if !affected.isEmpty {
            out.append(
                .keepNegativeGradient(
                    layers: group(affected), activation: .relu,
                    alternatives: [.leakyReLU(slope: 0.01), .elu(alpha: 1)]))
        }
        out += activationAndInit(preferReLU: false)
        out += lowerLearningRate()
        return out
    }

    func saturation() -> [Remedy] {
        activationAndInit(preferReLU: true) + batchNorm
    }

    func plateau() -> [Remedy] {
        var out: [Remedy] = [.lookAtOtherFindings]
        if profile.learningRate != nil, profile.optimizer == "sgd" {
            out.append(
                .raiseLearningRateOrUseAdam(raised, adamLearningRate: Remedies.adamLearningRate))
        }
        return out
    }

    func lowerLearningRate() -> [Remedy] {
        [.lowerLearningRate(lowered)]
    }

    func raiseLearningRate() -> [Remedy] {
        [.raiseLearningRate(raised)]
    }

    /// Changes that suit any network, which `RemedyChoice` tries on a run
    /// where nothing was found: clipping by norm (when the run does not
    /// clip), a lower learning rate, batch norm (when it has none).
    func general() -> [Remedy] {
        (profile.clipping == nil ? [.clipByNorm(threshold: Remedies.clipNorm)] : [])
            + lowerLearningRate() + batchNorm
    }

    func clippingActive() -> [Remedy] {
        [.makeClippingASafetyNet] + lowerLearningRate()
    }
}
