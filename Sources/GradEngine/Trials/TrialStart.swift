/// Where a row of `RemedyTrials` starts its runs from.
public enum TrialStart: Sendable, Equatable {
    /// The original run's initial weights: every value of the network is the
    /// original's, or fixed by its init (a new batch norm's γ = 1, β = 0; zero
    /// biases).
    case sameWeights
    /// Some layers' weights drawn anew, from this seed (their init or shape
    /// changed); every unchanged dense layer keeps the original's.
    case sameSeed(UInt64)
}

extension RunChange {
    /// The network a run with this change starts from, and how it starts.
    ///
    /// Without new layers it is the original network exactly. With them it is
    /// built from `seed`, then each dense layer takes the starting weight and
    /// bias of its original (`denseOrigin`) when the fan-in, units and inits
    /// are the same; it is `.sameWeights` when no value is left drawn from
    /// the seed.
    func network(from start: NetworkSnapshot<Float>, seed: UInt64) throws(EngineError) -> (
        Network<Float>, TrialStart
    ) {
        guard let specs else { return (try start.network(), .sameWeights) }
        let original = try start.network()
        var rng = RandomGenerator(seed: seed)
        let net = try Network<Float>(inputs: start.inputs, layers: specs, rng: &rng)
        let before = Self.denseLayers(original)
        let after = Self.denseLayers(net)
        var drawn = false
        for (i, (layer, spec)) in after.enumerated() {
            guard case .dense(_, _, let weightInit, let biasInit, _) = spec else { continue }
            var source: (layer: Dense<Float>, spec: LayerSpec)?
            if i < denseOrigin.count, let k = denseOrigin[i], k >= 0, k < before.count {
                source = before[k]
            }
            if let s = source, case .dense(_, _, let w0, let b0, _) = s.spec,
                s.layer.inputs == layer.inputs, s.layer.units == layer.units
            {
                if w0 == weightInit {
                    layer.weight.value.assign(s.layer.weight.value)
                } else {
                    drawn = drawn || weightInit.drawsAtRandom
                }
                if let bias = layer.bias {
                    if let b = s.layer.bias, b0 == biasInit {
                        bias.value.assign(b.value)
                    } else {
                        drawn = drawn || biasInit.drawsAtRandom
                    }
                }
            } else {
                drawn =
                    drawn || weightInit.drawsAtRandom
                    || (layer.bias != nil && biasInit.drawsAtRandom)
            }
        }
        // Batch norms carried in order when the change kept their number (a
        // network trained before has moved its γ, β and running statistics).
        let normsBefore = Self.batchNorms(original)
        let normsAfter = Self.batchNorms(net)
        if normsBefore.count == normsAfter.count {
            for (a, b) in zip(normsBefore, normsAfter) where a.features == b.features {
                b.gamma.value.assign(a.gamma.value)
                b.beta.value.assign(a.beta.value)
                b.runningMean.assign(a.runningMean)
                b.runningVar.assign(a.runningVar)
            }
        }
        return (net, drawn ? .sameSeed(seed) : .sameWeights)
    }

    private static func batchNorms(_ network: Network<Float>) -> [BatchNorm<Float>] {
        network.namedLayers.compactMap { named in
            guard case .batchNorm(let b) = named.layer else { return nil }
            return b
        }
    }

    /// The dense layers of `network` with their specs, in `namedLayers` order.
    private static func denseLayers(_ network: Network<Float>) -> [(
        layer: Dense<Float>, spec: LayerSpec
    )] {
        network.namedLayers.compactMap { named in
            guard case .dense(let d) = named.layer else { return nil }
            return (d, named.spec)
        }
    }
}

extension InitScheme {
    /// Whether the values it gives are drawn from a random generator (false
    /// for zeros and constants).
    var drawsAtRandom: Bool {
        switch self {
        case .zeros, .constant: false
        case .heNormal, .heUniform, .xavierNormal, .xavierUniform, .lecunNormal, .lecunUniform,
            .orthogonal, .normal, .uniform:
            true
        }
    }
}
