/// Histograms as terminal text: bars of block characters (or `#`) over the value axis.
extension PlotValue {
    /// Partial blocks from 1/8 to 7/8 of a cell.
    private static let eighths: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇"]

    func drawHistogram(_ h: Histogram, _ layout: TerminalLayout) -> [StyledLine] {
        let largest = h.counts.max() ?? 0
        let yAxis = PlotAxis.vertical(
            0, Double(max(largest, 1)), log: false, maxTicks: max(2, layout.height / 2 + 1),
            integers: true)
        let labelWidth = yAxis.labels.map(\.count).max() ?? 1
        let columns = max(10, layout.width - labelWidth - 2)
        let lo = h.edges.first ?? 0
        let hi = h.edges.last ?? 1
        let xAxis = PlotAxis.horizontal(lo, hi, integers: false, maxTicks: max(2, columns / 10))
        let bins = h.counts.count
        // Each column shows the tallest of the bins it covers, in eighths of a cell.
        let heights: [Int] = (0..<columns).map { c in
            let first = c * bins / columns
            let last = max(first + 1, (c + 1) * bins / columns)
            let count = h.counts[min(first, bins - 1)..<min(last, bins)].max() ?? 0
            let e = Int((Double(count) / yAxis.hi * Double(layout.height * 8)).rounded())
            return count > 0 ? max(e, 1) : 0
        }
        var tickRows: [Int: String] = [:]
        var zeroLabel = ""
        for (t, label) in zip(yAxis.ticks, yAxis.labels) {
            if t == 0 {
                zeroLabel = label
                continue
            }
            let fromBottom = Int((t / yAxis.hi * Double(layout.height)).rounded()) - 1
            let row = layout.height - 1 - max(0, fromBottom)
            if tickRows[row] == nil { tickRows[row] = label }
        }
        var out = header(labelWidth: labelWidth, columns: columns, width: layout.width)
        let bar = ANSIColor.series(0)
        for row in 0..<layout.height {
            var line = StyledLine()
            let label = tickRows[row] ?? ""
            line.append(String(repeating: " ", count: labelWidth - label.count) + label + " ")
            line.append(
                layout.ascii
                    ? (tickRows[row] != nil ? "+" : "|") : (tickRows[row] != nil ? "┤" : "│"))
            let fromBottom = layout.height - 1 - row
            for e in heights {
                if layout.ascii {
                    let cells = Int((Double(e) / 8).rounded())
                    if fromBottom < cells {
                        line.append("#", color: bar)
                    } else if cells == 0 && e > 0 && fromBottom == 0 {
                        line.append(".", color: bar)
                    } else {
                        line.append(" ")
                    }
                } else if fromBottom < e / 8 {
                    line.append("█", color: bar)
                } else if fromBottom == e / 8 && e % 8 > 0 {
                    line.append(Self.eighths[e % 8 - 1], color: bar)
                } else {
                    line.append(" ")
                }
            }
            out.append(line)
        }
        let corner = String(repeating: " ", count: labelWidth - zeroLabel.count) + zeroLabel + " "
        out += xAxisLines(
            xAxis, labelWidth: labelWidth, columns: columns, dotWidth: columns * 2,
            ascii: layout.ascii, corner: corner)
        let glyph = layout.ascii ? "#" : "█"
        out += legend(
            [(glyph, histogramSummary(h), bar)], indent: labelWidth + 2, width: layout.width)
        if let note = skippedNote(ascii: layout.ascii) {
            out += wrapped(note, indent: labelWidth + 2, width: layout.width)
        }
        return out
    }
}
