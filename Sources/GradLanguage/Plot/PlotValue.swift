/// A plot as a value: line series or a histogram, with its title, axis names and
/// options. It draws itself for the terminal (`terminal(style:)`: braille, block
/// characters or plain ASCII) and as a standalone SVG document (`svg()`).
public struct PlotValue: Equatable, Sendable {
    /// What the plot draws.
    public enum Kind: Equatable, Sendable {
        /// One line per series, x against y.
        case lines([PlotSeries])
        /// Bars of counts per bin.
        case histogram(Histogram)
    }

    public var kind: Kind
    public var title: String
    /// Axis names ("step", "loss"); empty for none.
    public var xLabel: String
    public var yLabel: String
    /// A logarithmic y axis (line plots).
    public var logY: Bool
    /// The legend entry of a histogram ("dense_1 ∇W").
    public var subject: String
    /// x values are whole numbers (steps, epochs), so x ticks are too.
    public var integerX: Bool
    /// Width in columns and height in rows on the terminal; nil: the output's width, the default height.
    public var width: Int?
    public var height: Int?
    /// Plain ASCII on the terminal even when Unicode is available.
    public var ascii: Bool

    public init(
        kind: Kind, title: String = "", xLabel: String = "", yLabel: String = "",
        logY: Bool = false,
        subject: String = "", integerX: Bool = true, width: Int? = nil, height: Int? = nil,
        ascii: Bool = false
    ) {
        self.kind = kind
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.logY = logY
        self.subject = subject
        self.integerX = integerX
        self.width = width
        self.height = height
        self.ascii = ascii
    }

    /// The line series (none for a histogram).
    public var series: [PlotSeries] {
        if case .lines(let s) = kind { return s }
        return []
    }

    /// The names the legend shows, in order.
    public var labels: [String] {
        switch kind {
        case .lines(let s): s.map(\.label)
        case .histogram: [subject]
        }
    }

    /// The default heights in rows (`plot` and `hist` declare them as their defaults).
    static let defaultLineHeight = 12
    static let defaultHistogramHeight = 10

    /// The default height in rows of this plot.
    var defaultHeight: Int {
        if case .histogram = kind { return Self.defaultHistogramHeight }
        return Self.defaultLineHeight
    }

    /// Points left out of the drawing: not finite, or not positive on a log scale.
    func skippedNote(ascii: Bool = false) -> String? {
        var nonFinite = 0
        var nonPositive = 0
        switch kind {
        case .lines(let all):
            for s in all where !s.isReference {
                for y in s.ys {
                    if !y.isFinite { nonFinite += 1 } else if logY && y <= 0 { nonPositive += 1 }
                }
            }
        case .histogram(let h):
            nonFinite = h.skipped
        }
        var parts: [String] = []
        if nonFinite > 0 {
            parts.append("\(nonFinite) non-finite value\(nonFinite == 1 ? "" : "s")")
        }
        if nonPositive > 0 {
            parts.append(
                "\(nonPositive) value\(nonPositive == 1 ? "" : "s") \(ascii ? "<=" : "≤") 0 on the log scale"
            )
        }
        return parts.isEmpty ? nil : "skipped: " + parts.joined(separator: ", ")
    }

    /// The histogram's legend text: subject, count, mean and std.
    func histogramSummary(_ h: Histogram) -> String {
        var text = subject.isEmpty ? "" : subject + ": "
        text += "\(h.total) value\(h.total == 1 ? "" : "s")"
        if h.total > 0 { text += ", mean \(Ticks.compact(h.mean)), std \(Ticks.compact(h.std))" }
        return text
    }

    /// The range of y values to show, over every visible point and reference line.
    func yRange() -> (lo: Double, hi: Double)? {
        var lo = Double.infinity
        var hi = -Double.infinity
        for s in series {
            for y in s.ys where y.isFinite && (!logY || y > 0) {
                lo = min(lo, y)
                hi = max(hi, y)
            }
        }
        return lo <= hi ? (lo, hi) : nil
    }

    /// The range of x values over the visible points of the data series.
    func xRange() -> (lo: Double, hi: Double)? {
        var lo = Double.infinity
        var hi = -Double.infinity
        for s in series where !s.isReference {
            for p in s.visible(log: logY) {
                guard let p else { continue }
                lo = min(lo, p.x)
                hi = max(hi, p.x)
            }
        }
        return lo <= hi ? (lo, hi) : nil
    }
}
