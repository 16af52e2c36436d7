/// Before training, a finding is a prediction of what a default training run
/// of the network shows. Growth or decay that compounds with depth predicts
/// it; one layer's large grad:data, or a change across fewer than
/// `compounding` hidden layers, training absorbs, and it is kept as a
/// measurement with the trend that shows it.
extension Checks {
    /// Exploding gradients are predicted by hidden activations that grow by
    /// `activation_growth`× or more across `compounding` hidden layers or more,
    /// or a gradient norm that grows toward the input by 1/`vanishing` or more
    /// across `compounding` dense layers or more.
    var explodingAtInitialization: Bool {
        if let spread = hiddenActivationSpread(), Double(spread.layers) >= t.compounding,
            spread.first.std > 0, spread.last.std / spread.first.std >= t.activationGrowth
        {
            return true
        }
        if Double(dense.count) >= t.compounding, let trend = fitDepthTrend(dense.map(\.norm)),
            trend.firstToLast >= 1 / t.vanishing
        {
            return true
        }
        return false
    }

    /// Vanishing gradients are predicted by a dense layer whose ‖∇W‖ is below
    /// `vanishing` × the largest layer's in a network of `compounding` dense
    /// layers or more, or hidden activations that fade by `activation_growth`×
    /// or more across `compounding` hidden layers or more. With fewer layers a
    /// small first gradient is one small weight or slope after it, which the
    /// first steps grow (that layer's own gradient is the large one).
    var vanishingAtInitialization: Bool {
        if Double(dense.count) >= t.compounding, !judge().vanishing.isEmpty { return true }
        if let spread = hiddenActivationSpread(), Double(spread.layers) >= t.compounding,
            spread.first.std > 0, spread.last.std * t.activationGrowth <= spread.first.std
        {
            return true
        }
        return false
    }

    /// Dead ReLUs are predicted by a layer with `dead_initial` of its units (all,
    /// by default) 0 for every sample. A layer partly dead keeps live units
    /// whose gradients move the layers below, and training often revives the rest.
    var deadAtInitialization: Bool {
        views.contains { v in
            v.activation?.canDie == true
                && (v.statistics.activation?.dead ?? 0) >= t.deadInitial
        }
    }

    /// The gradient and activation trend across depth, for the observation
    /// that says why a measurement is not a prediction.
    func initialTrend() -> InitialTrend? {
        guard dense.count >= 2, let trend = fitDepthTrend(dense.map(\.norm)) else { return nil }
        let spread = hiddenActivationSpread()
        return InitialTrend(
            denseLayers: dense.count, firstToLast: trend.firstToLast, perLayer: trend.perLayer,
            activationFirst: spread.map { $0.first }, activationLast: spread.map { $0.last },
            gradientLimit: 1 / t.vanishing, activationLimit: t.activationGrowth,
            compoundingLayers: Int(t.compounding.rounded(.up)))
    }
}
