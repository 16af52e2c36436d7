/// Locating non-finite values after a failed pass.
extension Network {
    /// Whether any layer is a batch norm (which needs 2+ samples per training batch).
    var hasBatchNorm: Bool {
        namedLayers.contains { $0.layer.kind == .batchNorm }
    }

    /// Indices into `namedLayers` in the order the forward pass computes them:
    /// a nesting layer (a residual block, its sum) comes after its inner layers.
    var forwardOrder: [Int] {
        var order: [Int] = []
        var openBlocks: [(index: Int, depth: Int)] = []
        for (i, named) in namedLayers.enumerated() {
            while let last = openBlocks.last, named.depth <= last.depth {
                order.append(last.index)
                openBlocks.removeLast()
            }
            if named.layer.module.nested != nil {
                openBlocks.append((i, named.depth))
            } else {
                order.append(i)
            }
        }
        order.append(contentsOf: openBlocks.reversed().map(\.index))
        return order
    }

    /// The first layer, in forward order, whose last output holds NaN or Inf.
    func firstNonFiniteOutput() -> String? {
        for i in forwardOrder {
            if let out = namedLayers[i].lastOutput, !out.isFinite { return namedLayers[i].name }
        }
        return nil
    }

    /// The first layer, in backward order, with a NaN or Inf parameter gradient.
    func firstNonFiniteGradient() -> String? {
        for i in forwardOrder.reversed() {
            let layer = namedLayers[i]
            if layer.layer.ownParameters.contains(where: { !$0.grad.isFinite }) {
                return layer.name
            }
        }
        return nil
    }

    /// The name of the layer a parameter belongs to.
    func layerName(owning p: Parameter<Scalar>) -> String? {
        namedLayers.first { $0.layer.ownParameters.contains { $0 === p } }?.name
    }
}
