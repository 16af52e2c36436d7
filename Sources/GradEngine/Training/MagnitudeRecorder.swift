/// Keeps the largest |weight|, |output| and |gradient| of every layer over the
/// last few finished steps of a run, so that a non-finite stop can show how
/// they grew (`MagnitudeTrail`). A ring of fixed rows, written in place: a few
/// numbers per layer per step, read from statistics the step gathered anyway.
/// `Trainer.train` keeps one whenever statistics are on (and `gradlab bench`
/// does too, to measure what that costs).
public struct MagnitudeRecorder: Sendable {
    /// How many finished steps a trail shows before the failed one.
    public static let steps = 4

    private let names: [String]
    /// Indices into `namedLayers` of the layers shown (all but dropout).
    private let shown: [Int]
    /// Per slot: the step number and `shown.count × 3` values (weights,
    /// outputs, gradients per layer; NaN where absent).
    private var ring: [(step: Int, values: [Double])]
    private var next = 0
    private var filled = 0

    public init<S>(_ network: Network<S>) {
        names = network.namedLayers.map(\.name)
        shown = network.namedLayers.indices.filter {
            network.namedLayers[$0].layer.kind != .dropout
        }
        ring = Array(
            repeating: (0, [Double](repeating: .nan, count: shown.count * 3)),
            count: MagnitudeRecorder.steps)
    }

    /// Records a finished step (nothing when it gathered no statistics).
    public mutating func record(_ r: StepRecord, step: Int) {
        guard !r.layers.isEmpty else { return }
        ring[next].step = step
        for (k, i) in shown.enumerated() where i < r.layers.count {
            let s = r.layers[i]
            ring[next].values[3 * k] = s.update?.newLargest ?? .nan
            ring[next].values[3 * k + 1] = s.activation?.largest ?? .nan
            ring[next].values[3 * k + 2] = s.gradient?.maxMagnitude ?? .nan
        }
        next = (next + 1) % ring.count
        filled = min(filled + 1, ring.count)
    }

    /// The trail up to the failed step `failed`, whose outputs (and gradients,
    /// when `backwardRan`) are read from `network` as the failed pass left
    /// them; nil when no finished step was recorded.
    public func trail<S>(_ network: Network<S>, failed: Int, backwardRan: Bool)
        -> MagnitudeTrail?
    {
        guard filled > 0 else { return nil }
        let slots = (0..<filled).map { (next - filled + $0 + ring.count) % ring.count }
        var rows: [MagnitudeTrail.Row] = []
        for (k, i) in shown.enumerated() {
            let named = network.namedLayers[i]
            let failedOutput = named.lastOutput.map { Double($0.summary().maxMagnitude) }
            let failedGradient =
                backwardRan
                ? named.mainParameter.map { Double($0.grad.summary().maxMagnitude) } : nil
            let last: [Double?] = [nil, failedOutput, failedGradient]
            for (q, quantity) in MagnitudeTrail.Quantity.allCases.enumerated() {
                // A finished step's values are finite (its loss was): NaN marks an absent one.
                let values: [Double?] =
                    slots.map { s in
                        let v = ring[s].values[3 * k + q]
                        return v.isNaN ? nil : v
                    } + [last[q]]
                if values.contains(where: { $0 != nil }) {
                    rows.append(
                        MagnitudeTrail.Row(layer: names[i], quantity: quantity, values: values))
                }
            }
        }
        return MagnitudeTrail(steps: slots.map { ring[$0].step } + [failed], rows: rows)
    }
}
