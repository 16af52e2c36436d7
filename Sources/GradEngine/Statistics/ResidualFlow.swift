/// How a residual block y = x + f(x) splits the gradient reaching its input:
/// dx = dy + J_fᵀ·dy, with `skipNorm` = ‖dy‖₂ (the skip path) and
/// `branchNorm` = ‖J_fᵀ·dy‖₂ (through the block), from one backward pass.
///
/// The two parts are vectors, so ‖dx‖ lies between |skip − branch| and
/// skip + branch; the share compares their sizes, not their sum.
public struct ResidualFlow: Sendable, Equatable {
    /// ‖dy‖₂: the gradient the skip connection passes on unchanged.
    public var skipNorm: Double
    /// ‖J_fᵀ·dy‖₂: the gradient that comes back through the block.
    public var branchNorm: Double

    public init(skipNorm: Double, branchNorm: Double) {
        self.skipNorm = skipNorm
        self.branchNorm = branchNorm
    }

    /// skip / (skip + branch): 1 when the block passes no gradient back, 0.5
    /// when both paths carry as much. NaN when both are 0 (no gradient at all)
    /// or either is non-finite.
    public var skipShare: Double {
        let total = skipNorm + branchNorm
        guard total > 0, total.isFinite else { return .nan }
        return skipNorm / total
    }
}
