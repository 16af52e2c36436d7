/// One named line of a plot: its points in order, and whether it is a reference line.
public struct PlotSeries: Equatable, Sendable {
    /// The name the legend shows.
    public var label: String
    /// x values (steps, epochs, positions) with their y values. A y that is not
    /// finite (or not positive on a log scale) is skipped when drawing, leaving a gap.
    public var xs: [Double]
    public var ys: [Double]
    /// A horizontal guide (the 1e-3 rule of thumb), drawn dashed across the plot.
    public var isReference: Bool

    public init(label: String, xs: [Double], ys: [Double], isReference: Bool = false) {
        self.label = label
        self.xs = xs
        self.ys = ys
        self.isReference = isReference
    }

    /// y at positions 1, 2, 3, ... (epochs, steps, list items).
    public init(label: String, ys: [Double]) {
        self.init(label: label, xs: ys.indices.map { Double($0 + 1) }, ys: ys)
    }

    /// A horizontal reference line at `y`.
    public static func reference(_ label: String, at y: Double) -> PlotSeries {
        PlotSeries(label: label, xs: [], ys: [y], isReference: true)
    }

    /// The points a scale can show: y finite, and positive when `log`.
    func visible(log: Bool) -> [(x: Double, y: Double)?] {
        zip(xs, ys).map { x, y in x.isFinite && y.isFinite && (!log || y > 0) ? (x, y) : nil }
    }
}
