/// Line plots as terminal text: braille dots (or ASCII markers), axes with
/// ticks, a title and a legend.
extension PlotValue {
    /// The narrowest drawing, in columns.
    static let minimumWidth = 30

    /// Marker characters that tell series apart without colour.
    static let unicodeMarkers: [Character] = ["●", "○", "■", "□", "▲", "△", "◆", "◇", "★", "☆"]
    static let asciiMarkers: [Character] = ["*", "o", "x", "#", "@", "%", "&", "=", "~", "$"]

    /// The plot drawn for the terminal. Its own `width`, `height` and `ascii`
    /// options win over the style's width and Unicode setting.
    public func terminal(style: OutputStyle) -> String {
        let layout = TerminalLayout(
            width: max(Self.minimumWidth, width ?? style.width),
            height: max(3, height ?? defaultHeight),
            ascii: ascii || !style.unicode, color: style.color)
        let lines: [StyledLine]
        switch kind {
        case .lines(let all): lines = drawLines(all, layout)
        case .histogram(let h): lines = drawHistogram(h, layout)
        }
        return lines.map { $0.rendered(color: layout.color) }.joined(separator: "\n")
    }

    /// Sizes and modes of one terminal drawing.
    struct TerminalLayout {
        var width: Int
        var height: Int
        var ascii: Bool
        var color: Bool
    }

    private func drawLines(_ all: [PlotSeries], _ layout: TerminalLayout) -> [StyledLine] {
        guard let yr = yRange(), let xr = xRange() else {
            return header(labelWidth: 0, columns: layout.width, width: layout.width) + [
                text("(no points to draw)")
            ]
        }
        let yAxis = PlotAxis.vertical(
            yr.lo, yr.hi, log: logY, maxTicks: max(2, layout.height / 2 + 1))
        let labelWidth = yAxis.labels.map(\.count).max() ?? 1
        let columns = max(10, layout.width - labelWidth - 2)
        let xAxis = PlotAxis.horizontal(
            xr.lo, xr.hi, integers: integerX, maxTicks: max(2, columns / 10))
        var canvas = BrailleCanvas(columns: columns, rows: layout.height)
        let data = all.filter { !$0.isReference }
        let markers = layout.ascii ? Self.asciiMarkers : Self.unicodeMarkers
        // Without colour, several braille lines look alike: mark each with its own character.
        let marked = !layout.ascii && !layout.color && data.count > 1
        var overlay: [Int: (Character, Int)] = [:]

        func dot(_ x: Double, _ y: Double) -> (x: Int, y: Int)? {
            guard let fx = xAxis.fraction(x), let fy = yAxis.fraction(y) else { return nil }
            return (
                Int((fx * Double(canvas.dotWidth - 1)).rounded()),
                Int(((1 - fy) * Double(canvas.dotHeight - 1)).rounded())
            )
        }
        for (i, s) in data.enumerated() {
            var previous: (x: Int, y: Int)?
            var points: [(x: Int, y: Int)] = []
            // Skipped points are left out; the line joins the points on either side.
            for p in s.visible(log: logY) {
                guard let p, let d = dot(p.x, p.y) else { continue }
                if let previous {
                    canvas.line(from: previous, to: d, series: i)
                } else {
                    canvas.set(x: d.x, y: d.y, series: i)
                }
                previous = d
                points.append(d)
            }
            if marked {
                for d in markerPoints(points, series: i, of: data.count, columns: columns) {
                    overlay[(d.y / 4) * columns + d.x / 2] = (markers[i % markers.count], i)
                }
            }
        }
        var referenceRows = Set<Int>()
        for s in all where s.isReference {
            if let y = s.ys.first, let d = dot(xr.lo, y) { referenceRows.insert(d.y / 4) }
        }
        var tickRows: [Int: String] = [:]
        for (t, label) in zip(yAxis.ticks, yAxis.labels) {
            guard let f = yAxis.fraction(t) else { continue }
            let row = Int(((1 - f) * Double(canvas.dotHeight - 1)).rounded()) / 4
            if tickRows[row] == nil { tickRows[row] = label }
        }

        var out = header(labelWidth: labelWidth, columns: columns, width: layout.width)
        for row in 0..<layout.height {
            var line = StyledLine()
            let label = tickRows[row] ?? ""
            line.append(String(repeating: " ", count: labelWidth - label.count) + label + " ")
            line.append(
                layout.ascii
                    ? (tickRows[row] != nil ? "+" : "|") : (tickRows[row] != nil ? "┤" : "│"))
            for c in 0..<columns {
                if let (m, s) = overlay[row * columns + c] {
                    line.append(m, color: ANSIColor.series(s))
                } else if canvas.isSet(column: c, row: row) {
                    let s = canvas.series(column: c, row: row) ?? 0
                    line.append(
                        layout.ascii
                            ? markers[s % markers.count] : canvas.character(column: c, row: row),
                        color: ANSIColor.series(s))
                } else if referenceRows.contains(row) {
                    line.append(
                        layout.ascii ? (c % 2 == 0 ? "-" : " ") : "┄", color: ANSIColor.guide)
                } else {
                    line.append(" ")
                }
            }
            out.append(line)
        }
        out += xAxisLines(
            xAxis, labelWidth: labelWidth, columns: columns, dotWidth: canvas.dotWidth,
            ascii: layout.ascii)
        var entries: [(glyph: String, name: String, color: Int)] = []
        for (i, s) in data.enumerated() {
            let glyph = layout.ascii || marked ? String(markers[i % markers.count]) : "──"
            entries.append((glyph, s.label, ANSIColor.series(i)))
        }
        for s in all where s.isReference {
            entries.append((layout.ascii ? "--" : "┄┄", s.label, ANSIColor.guide))
        }
        out += legend(entries, indent: labelWidth + 2, width: layout.width)
        if let note = skippedNote(ascii: layout.ascii) {
            out += wrapped(note, indent: labelWidth + 2, width: layout.width)
        }
        return out
    }

    /// Where to put a series' markers: every point when they are few, else a
    /// handful spread along the line, offset per series so they do not collide.
    private func markerPoints(_ points: [(x: Int, y: Int)], series i: Int, of n: Int, columns: Int)
        -> [(x: Int, y: Int)]
    {
        guard points.count > 1 else { return points }
        if points.count <= columns / 4 { return points }
        let k = max(2, min(8, columns / 10))
        return (0..<k).map { j in
            let f = (Double(j) + Double(i + 1) / Double(n + 1)) / Double(k)
            return points[min(points.count - 1, Int((f * Double(points.count - 1)).rounded()))]
        }
    }

    /// The title and the y axis name, above the plot.
    func header(labelWidth: Int, columns: Int, width: Int) -> [StyledLine] {
        var out: [StyledLine] = []
        if title.count > width {
            out += wrapped(title, indent: 0, width: width)
        } else if !title.isEmpty {
            out.append(centered(title, from: labelWidth + 2, columns: columns, width: width))
        }
        if !yName.isEmpty { out += wrapped(yName, indent: 0, width: width) }
        return out
    }

    /// The x axis line with its tick marks, the tick labels, and the x axis name.
    func xAxisLines(
        _ axis: PlotAxis, labelWidth: Int, columns: Int, dotWidth: Int, ascii: Bool,
        corner: String? = nil
    ) -> [StyledLine] {
        var tickColumns: [(column: Int, label: String)] = []
        for (t, label) in zip(axis.ticks, axis.labels) {
            guard let f = axis.fraction(t) else { continue }
            tickColumns.append((Int((f * Double(dotWidth - 1)).rounded()) / 2, label))
        }
        var line = StyledLine()
        line.append(corner ?? String(repeating: " ", count: labelWidth + 1))
        line.append(ascii ? "+" : "└")
        let marks = Set(tickColumns.map(\.column))
        for c in 0..<columns {
            line.append(marks.contains(c) ? (ascii ? "+" : "┬") : (ascii ? "-" : "─"))
        }
        var labels = StyledLine()
        var end = 0
        let right = labelWidth + 2 + columns
        for (c, label) in tickColumns {
            var start = labelWidth + 2 + c - label.count / 2
            start = min(max(start, labelWidth + 1), right - label.count)
            guard start >= end else { continue }
            labels.put(label, at: start)
            end = start + label.count + 1
        }
        var out = [line, labels]
        if !xLabel.isEmpty {
            out.append(
                centered(
                    xLabel, from: labelWidth + 2, columns: columns, width: labelWidth + 2 + columns)
            )
        }
        return out
    }

    /// Legend entries (glyph, name, colour) in rows that fit the width; an entry
    /// too long for a row of its own wraps at spaces.
    func legend(_ entries: [(glyph: String, name: String, color: Int)], indent: Int, width: Int)
        -> [StyledLine]
    {
        var out: [StyledLine] = []
        var line = StyledLine()
        line.append(String(repeating: " ", count: indent))
        var empty = true
        for e in entries {
            let size = e.glyph.count + 1 + e.name.count
            if !empty && line.count + 3 + size > width {
                out.append(line)
                line = StyledLine()
                line.append(String(repeating: " ", count: indent))
                empty = true
            }
            if !empty { line.append("   ") }
            line.append(e.glyph, color: e.color)
            if empty && indent + size > width {
                // Alone and still too long: the name wraps under itself.
                let rows = Self.wrap(e.name, width: max(1, width - indent - e.glyph.count - 1))
                line.append(" " + (rows.first ?? ""))
                for row in rows.dropFirst() {
                    out.append(line)
                    line = StyledLine()
                    line.append(String(repeating: " ", count: indent + e.glyph.count + 1) + row)
                }
            } else {
                line.append(" " + e.name)
            }
            empty = false
        }
        if !empty { out.append(line) }
        return out
    }

    /// A note under the plot, wrapped at spaces to the width.
    func wrapped(_ note: String, indent: Int, width: Int) -> [StyledLine] {
        let pad = String(repeating: " ", count: indent)
        return Self.wrap(note, width: max(1, width - indent)).map { text(pad + $0) }
    }

    /// `s` split at spaces into rows of at most `width` characters (a longer word is cut).
    static func wrap(_ s: String, width: Int) -> [String] {
        var rows: [String] = []
        var row = ""
        for word in s.split(separator: " ") {
            var word = Substring(word)
            if !row.isEmpty && row.count + 1 + word.count > width {
                rows.append(row)
                row = ""
            }
            while word.count > width {
                if !row.isEmpty { rows.append(row) }
                rows.append(String(word.prefix(width)))
                word = word.dropFirst(width)
                row = ""
            }
            row += (row.isEmpty ? "" : " ") + word
        }
        if !row.isEmpty || rows.isEmpty { rows.append(row) }
        return rows
    }

    /// `s` centred over `columns` columns from `start`, kept inside the width when it fits.
    func centered(_ s: String, from start: Int, columns: Int, width: Int) -> StyledLine {
        let left = min(start + (columns - s.count) / 2, width - s.count)
        return text(String(repeating: " ", count: max(0, left)) + s)
    }

    func text(_ s: String) -> StyledLine {
        var line = StyledLine()
        line.append(s)
        return line
    }
}
