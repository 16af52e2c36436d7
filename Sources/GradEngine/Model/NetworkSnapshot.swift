/// A network as it was at one moment: its architecture and a copy of every
/// value it holds (weights, biases, batch norm's γ, β and running statistics),
/// from which the same network can be built again.
///
/// `train` in the language keeps one of the network it is about to train, so
/// that `try_remedies` can start every run from the weights the original run
/// started from. The copies count against the memory budget as long as the
/// snapshot lives.
public struct NetworkSnapshot<Scalar: EngineScalar> {
    public let inputs: Int
    public let specs: [LayerSpec]
    /// Every parameter's values, in `Network.parameters` order.
    let values: [Tensor<Scalar>]
    /// Each batch norm's running mean and variance, in `Network.namedLayers` order.
    let running: [(mean: Tensor<Scalar>, variance: Tensor<Scalar>)]

    /// A copy of `network` as it is now.
    public init(_ network: Network<Scalar>) {
        inputs = network.inputs
        specs = network.specs
        values = network.parameters.map { $0.value.copy() }
        running = network.namedLayers.compactMap { named in
            guard case .batchNorm(let b) = named.layer else { return nil }
            return (b.runningMean.copy(), b.runningVar.copy())
        }
    }

    /// A new network with exactly the values kept.
    public func network() throws(EngineError) -> Network<Scalar> {
        var rng = RandomGenerator(seed: 0)
        let net = try Network<Scalar>(inputs: inputs, layers: specs, rng: &rng)
        for (p, v) in zip(net.parameters, values) { p.value.assign(v) }
        var kept = running.makeIterator()
        for named in net.namedLayers {
            guard case .batchNorm(let b) = named.layer, let r = kept.next() else { continue }
            b.runningMean.assign(r.mean)
            b.runningVar.assign(r.variance)
        }
        return net
    }
}
