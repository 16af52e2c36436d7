/// Which layers each per-layer check names, in depth order (an exploding run's
/// non-finite layer first).
struct LayerJudgement {
    var vanishing: [String] = []
    var exploding: [String] = []
    var dead: [String] = []
    var saturated: [String] = []

    /// The finding kinds that name `layer`, in the order of `Finding.Kind.allCases`.
    func problems(_ layer: String) -> [Finding.Kind] {
        let named: [Finding.Kind: [String]] = [
            .vanishing: vanishing, .exploding: exploding, .deadReLU: dead, .saturation: saturated,
        ]
        return Finding.Kind.allCases.filter { named[$0]?.contains(layer) == true }
    }
}
