/// Locating non-finite values after a failed pass.
extension Network {
    /// Whether any layer is a batch norm (which needs 2+ samples per training batch).
    var hasBatchNorm: Bool {
        namedLayers.contains { if case .batchNorm = $0.layer { return true } else { return false } }
    }

    /// Indices into `namedLayers` in the order the forward pass computes them:
    /// a residual block's sum comes after its inner layers.
    var forwardOrder: [Int] {
        var order: [Int] = []
        var openResiduals: [(index: Int, depth: Int)] = []
        for (i, named) in namedLayers.enumerated() {
            while let last = openResiduals.last, named.depth <= last.depth {
                order.append(last.index)
                openResiduals.removeLast()
            }
            if case .residual = named.layer {
                openResiduals.append((i, named.depth))
            } else {
                order.append(i)
            }
        }
        order.append(contentsOf: openResiduals.reversed().map(\.index))
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
            if case .residual = layer.layer { continue }
            if layer.layer.parameters.contains(where: { !$0.grad.isFinite }) { return layer.name }
        }
        return nil
    }

    /// The name of the layer a parameter belongs to.
    func layerName(owning p: Parameter<Scalar>) -> String? {
        namedLayers.first { named in
            if case .residual = named.layer { return false }
            return named.layer.parameters.contains { $0 === p }
        }?.name
    }
}
