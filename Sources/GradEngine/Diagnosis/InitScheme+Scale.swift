/// The scale of the weights an init scheme draws, for the `poor_init` check.
extension InitScheme {
    /// The expected mean square of the weights it draws for a dense layer of
    /// `fanIn` inputs and `fanOut` units (torch.nn.init's formulas: a uniform
    /// U(±b) has mean square b²/3).
    func meanSquare(fanIn: Int, fanOut: Int) -> Double {
        let fi = Double(max(fanIn, 1))
        let fo = Double(max(fanOut, 1))
        switch self {
        case .heNormal, .heUniform: return 2 / fi
        case .xavierNormal(let g), .xavierUniform(let g): return g * g * 2 / (fi + fo)
        case .lecunNormal, .lecunUniform: return 1 / fi
        // Orthonormal rows (or columns, whichever are fewer) of unit length.
        case .orthogonal(let g): return g * g / max(fi, fo)
        case .normal(let m, let s): return m * m + s * s
        case .uniform(let lo, let hi): return (lo * lo + lo * hi + hi * hi) / 3
        case .zeros: return 0
        case .constant(let v): return v * v
        }
    }
}
