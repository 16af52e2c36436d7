/// A gradient norm's change across depth in words that say its direction.
///
/// The fit (`fitDepthTrend`) gives a factor per layer going deeper, forward;
/// the gradient flows backward, and "×2.39 per layer going deeper" read as
/// growth to some when it meant a norm that shrinks toward the input. So the
/// factor is told as growth or shrinkage toward the input, always ≥ 1.
public enum DepthTrendText {
    /// "shrinks 2.39x per layer toward the input", "grows 1.8x per layer
    /// toward the input", or "stays about the same from layer to layer" when
    /// the factor rounds to 1 at three significant digits.
    public static func perLayer(_ goingDeeper: Double) -> String {
        guard goingDeeper > 0, goingDeeper.isFinite else {
            return "changes ×\(NumberText.compact(goingDeeper)) per layer going deeper"
        }
        let towardInput = 1 / goingDeeper
        if NumberText.compact(goingDeeper) == "1" || NumberText.compact(towardInput) == "1" {
            return "stays about the same from layer to layer"
        }
        return towardInput > 1
            ? "grows \(NumberText.compact(towardInput))x per layer toward the input"
            : "shrinks \(NumberText.compact(goingDeeper))x per layer toward the input"
    }
}
