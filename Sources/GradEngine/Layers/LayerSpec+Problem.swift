extension LayerSpec {
    /// PyTorch's BatchNorm1d defaults: the running statistics move 10% toward
    /// each batch's, and ε = 1e-5 is added to the variance.
    public static let batchNormDefaults = (momentum: 0.1, eps: 1e-5)

    /// The first setting of this layer it cannot be built with, or nil: the
    /// one check of a layer's own numbers (`Layer.make` throws it; the
    /// language words it for the argument). Activation and init parameters are
    /// checked by `Activation` and `InitScheme`; a residual block's layers by
    /// their own specs.
    public var problem: SettingProblem? {
        switch self {
        case .dense(let units, _, _, _, _):
            return units >= 1
                ? nil
                : .outOfRange(
                    setting: "units", requirement: "a whole number ≥ 1", found: Double(units))
        case .batchNorm(let momentum, let eps):
            return SettingProblem.check("momentum", momentum, "in [0, 1]") { $0 >= 0 && $0 <= 1 }
                ?? SettingProblem.check("eps", eps, "> 0") { $0 > 0 }
        case .dropout(let rate):
            return SettingProblem.check("rate", rate, "in [0, 1]") { $0 >= 0 && $0 <= 1 }
        case .activation, .residual:
            return nil
        }
    }
}
