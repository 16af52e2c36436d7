/// Which parameters the loss does not change under a positive rescaling of.
extension Network {
    /// For each of `parameters`: whether it belongs to a dense layer whose
    /// units reach a batch norm through positively homogeneous activations
    /// only (identity, ReLU, leaky ReLU, with dropout between them or not).
    /// The batch norm undoes any positive scale of those units, so the loss
    /// depends only on each unit's weight direction: an SGD step, orthogonal to
    /// the weights, always lengthens them, and their curvature falls as
    /// 1/‖w‖² (Arora, Li and Lyu, 2019: batch norm tunes these weights' rate
    /// by itself). Their curvature is large at a small init and says nothing
    /// about divergence.
    public var scaleInvariantParameters: [Bool] {
        var invariant = Set<ObjectIdentifier>()
        func walk(_ seq: Sequential<Scalar>) {
            let layers = seq.layers
            for (i, layer) in layers.enumerated() {
                if case .residual(let r) = layer { walk(r.block) }
                guard case .dense(let d) = layer, d.activation.isPositivelyHomogeneous else {
                    continue
                }
                var j = i + 1
                scan: while j < layers.count {
                    switch layers[j] {
                    case .activation(let a) where a.activation.isPositivelyHomogeneous: j += 1
                    case .dropout: j += 1
                    case .batchNorm:
                        for p in d.ownParameters { invariant.insert(ObjectIdentifier(p)) }
                        break scan
                    case .dense, .activation, .residual, .batchNorm: break scan
                    }
                }
            }
        }
        walk(body)
        return parameters.map { invariant.contains(ObjectIdentifier($0)) }
    }
}
