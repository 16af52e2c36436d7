/// Plots as standalone SVG documents: the same axes, ticks, log scale and
/// legend as on the terminal, with no external resources (fonts are generic).
extension PlotValue {
    /// Series colours (matplotlib's tab10), then the reference line's grey.
    static let svgColors = [
        "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
        "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf",
    ]
    static let svgGuide = "#555555"

    /// The plot as an SVG document (UTF-8 text with its XML declaration).
    public func svg() -> String {
        var doc = SVGDocument(width: 640)
        switch kind {
        case .lines(let all): svgLines(all, into: &doc)
        case .histogram(let h): svgHistogram(h, into: &doc)
        }
        return doc.text(title: title.isEmpty ? (labels.first ?? "plot") : title)
    }

    private func svgLines(_ all: [PlotSeries], into doc: inout SVGDocument) {
        guard let yr = yRange(), let xr = xRange() else {
            let frame = doc.frame(title: title, yName: "", yLabels: [])
            doc.add(
                #"<text x="\#(svgNumber((frame.left + frame.right) / 2))" y="\#(svgNumber((frame.top + frame.bottom) / 2))" text-anchor="middle">no points to draw</text>"#
            )
            doc.legend([], note: nil)
            return
        }
        let yAxis = PlotAxis.vertical(yr.lo, yr.hi, log: logY, maxTicks: 7)
        let xAxis = PlotAxis.horizontal(xr.lo, xr.hi, integers: integerX, maxTicks: 9)
        let frame = doc.frame(title: title, yName: yName, yLabels: yAxis.labels)
        doc.axes(frame, x: xAxis, y: yAxis, xName: xLabel)
        let data = all.filter { !$0.isReference }
        for (i, s) in data.enumerated() {
            let color = Self.svgColors[i % Self.svgColors.count]
            var run: [(Double, Double)] = []
            func flush() {
                if run.count == 1, let p = run.first {
                    doc.add(
                        #"<circle cx="\#(svgNumber(p.0))" cy="\#(svgNumber(p.1))" r="2" fill="\#(color)"/>"#
                    )
                } else if run.count > 1 {
                    let points = Self.thinned(run).map { "\(svgNumber($0.0)),\(svgNumber($0.1))" }
                        .joined(separator: " ")
                    doc.add(
                        #"<polyline fill="none" stroke="\#(color)" stroke-width="1.5" stroke-linejoin="round" points="\#(points)"/>"#
                    )
                }
                run = []
            }
            // Skipped points are left out; the line joins the points on either side.
            for p in s.visible(log: logY) {
                guard let p, let fx = xAxis.fraction(p.x), let fy = yAxis.fraction(p.y) else {
                    continue
                }
                run.append(frame.point(fx, fy))
            }
            flush()
        }
        var entries: [(swatch: String, name: String)] = data.enumerated().map { i, s in
            (#"stroke="\#(Self.svgColors[i % Self.svgColors.count])" stroke-width="2""#, s.label)
        }
        for s in all where s.isReference {
            guard let y = s.ys.first, let fy = yAxis.fraction(y) else { continue }
            let (_, py) = frame.point(0, fy)
            doc.add(
                #"<line x1="\#(svgNumber(frame.left))" y1="\#(svgNumber(py))" x2="\#(svgNumber(frame.right))" y2="\#(svgNumber(py))" stroke="\#(Self.svgGuide)" stroke-width="1.2" stroke-dasharray="6 4"/>"#
            )
            doc.add(
                #"<text x="\#(svgNumber(frame.right - 4))" y="\#(svgNumber(py - 5))" text-anchor="end" fill="\#(Self.svgGuide)">\#(SVGDocument.escape(s.label))</text>"#
            )
            entries.append(
                (#"stroke="\#(Self.svgGuide)" stroke-width="1.2" stroke-dasharray="6 4""#, s.label))
        }
        doc.legend(entries, note: skippedNote())
    }

    private func svgHistogram(_ h: Histogram, into doc: inout SVGDocument) {
        let largest = h.counts.max() ?? 0
        let yAxis = PlotAxis.vertical(
            0, Double(max(largest, 1)), log: false, maxTicks: 7, integers: true)
        let xAxis = PlotAxis.horizontal(
            h.edges.first ?? 0, h.edges.last ?? 1, integers: false, maxTicks: 9)
        let frame = doc.frame(title: title, yName: yName, yLabels: yAxis.labels)
        doc.axes(frame, x: xAxis, y: yAxis, xName: xLabel)
        let color = Self.svgColors[0]
        for (i, count) in h.counts.enumerated() where count > 0 && i + 1 < h.edges.count {
            guard let f0 = xAxis.fraction(h.edges[i]), let f1 = xAxis.fraction(h.edges[i + 1]),
                let fy = yAxis.fraction(Double(count))
            else { continue }
            let (x0, y0) = frame.point(f0, fy)
            let (x1, bottom) = frame.point(f1, 0)
            doc.add(
                #"<rect x="\#(svgNumber(x0))" y="\#(svgNumber(y0))" width="\#(svgNumber(max(0.5, x1 - x0)))" height="\#(svgNumber(bottom - y0))" fill="\#(color)" stroke="white" stroke-width="0.5"/>"#
            )
        }
        doc.legend(
            [(#"stroke="\#(color)" stroke-width="8""#, histogramSummary(h))], note: skippedNote())
    }

    /// A long run of points reduced to what can be seen: per half pixel of x,
    /// its first, lowest, highest and last point, in order. Short runs stay as they are.
    static func thinned(_ run: [(Double, Double)]) -> [(Double, Double)] {
        guard run.count > 2000 else { return run }
        var out: [(Double, Double)] = []
        var i = 0
        while i < run.count {
            let bucket = (run[i].0 * 2).rounded(.down)
            var j = i
            var lowest = i
            var highest = i
            while j < run.count && (run[j].0 * 2).rounded(.down) == bucket {
                if run[j].1 < run[lowest].1 { lowest = j }
                if run[j].1 > run[highest].1 { highest = j }
                j += 1
            }
            for k in Set([i, lowest, highest, j - 1]).sorted() { out.append(run[k]) }
            i = j
        }
        return out
    }

    /// The y axis name, with the scale when it is logarithmic.
    var yName: String { logY ? (yLabel.isEmpty ? "log scale" : "\(yLabel), log scale") : yLabel }
}

/// A coordinate with two decimals at most.
func svgNumber(_ x: Double) -> String { formatNumber((x * 100).rounded() / 100) }
