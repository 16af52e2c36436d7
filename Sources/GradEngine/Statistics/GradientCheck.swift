/// Analytic gradients compared with central finite differences.
///
/// For each parameter element w: n = (L(w + h) − L(w − h)) / 2h with the whole
/// batch, and the relative error |a − n| / max(|a|, |n|, floor). The floor
/// (1e-3 by default) keeps gradients that are zero in exact arithmetic (a bias
/// before batch norm) from turning rounding noise into a large ratio. Run it on a
/// Double network (`Network.converted(to: Double.self)`) so rounding does not
/// swamp the comparison. Dropout uses the same mask for every evaluation; batch
/// norm runs in the mode asked for and its running statistics do not move.
public enum GradientCheck {
    /// The largest relative error at which a parameter's gradient passes:
    /// Double central differences with h = 1e-5 agree far closer than this
    /// with a correct analytic gradient.
    public static let passingRelativeError = 1e-6

    /// One layer's result.
    public struct Row: Sendable {
        public var layer: String
        public var parameter: Parameter<Double>.Role
        /// Elements compared.
        public var checked: Int
        public var maxRelativeError: Double
        public var maxAbsoluteError: Double
    }

    /// Compares every parameter gradient of `network` on `data` (one batch) under `loss`.
    /// `maxElements` limits how many elements per parameter are checked (evenly spaced).
    public static func run(
        _ network: Network<Double>, data: Dataset<Double>, loss: Loss? = nil, training: Bool = true,
        l1: Double = 0, l2: Double = 0, step h: Double = 1e-5, floor: Double = 1e-3,
        maxElements: Int = 10_000
    ) throws(EngineError) -> [Row] {
        let loss = loss ?? Loss.defaultFor(data)
        try loss.validate(outputs: network.outputs, targets: data.targets)
        guard data.count > 0 else { throw .invalidData("gradcheck needs at least 1 sample") }
        let targets = try BatchTargets<Double>(width: network.outputs)
        try targets.gather(data.targets, indices: Array(0..<data.count)[...], loss: loss)
        let gradient = try Tensor<Double>(rows: data.count, columns: network.outputs)
        let penalized = network.parameters.filter(\.isPenalized)

        func lossValue() throws(EngineError) -> Double {
            var rng = RandomGenerator(seed: 0x5EED)  // the same dropout mask every time
            let out = try network.forward(data.x, training: training, rng: &rng)
            var total = try loss.evaluate(out, targets, gradient: gradient)
            for p in penalized {
                total += l1 * p.value.sumOfMagnitudes() + l2 * p.value.sumOfSquares()
            }
            return total
        }

        _ = try lossValue()
        try network.backward(gradient)
        for p in penalized { p.grad.addPenaltyGradient(weights: p.value, l1: l1, l2: l2) }
        let analytic = network.parameters.map { $0.grad.copy() }

        var rows: [Row] = []
        for named in network.namedLayers {
            for p in named.layer.ownParameters {
                guard let k = network.parameters.firstIndex(where: { $0 === p }) else { continue }
                let n = p.value.count
                let stride = max(1, n / max(maxElements, 1))
                var row = Row(
                    layer: named.name, parameter: p.role, checked: 0, maxRelativeError: 0,
                    maxAbsoluteError: 0)
                var i = 0
                while i < n {
                    let saved = p.value[linear: i]
                    p.value[linear: i] = saved + h
                    let up = try lossValue()
                    p.value[linear: i] = saved - h
                    let down = try lossValue()
                    p.value[linear: i] = saved
                    let numeric = (up - down) / (2 * h)
                    let a = analytic[k][linear: i]
                    let absolute = (a - numeric).magnitude
                    let relative = absolute / max(a.magnitude, numeric.magnitude, floor)
                    row.maxAbsoluteError = max(row.maxAbsoluteError, absolute)
                    row.maxRelativeError = max(row.maxRelativeError, relative)
                    row.checked += 1
                    i += stride
                }
                rows.append(row)
            }
        }
        return rows
    }
}
