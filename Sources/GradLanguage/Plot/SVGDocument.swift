/// An SVG document being laid out: a title, a plot frame with axes, a legend below.
///
/// Text widths are estimated (7 px a character at the 12 px font), so labels get
/// room without measuring fonts; everything is drawn with generic font families.
struct SVGDocument {
    /// The plotting area in document coordinates (y grows downwards).
    struct Frame {
        var left: Double
        var right: Double
        var top: Double
        var bottom: Double

        /// The document point at fractions (0...1) of the x and y axes.
        func point(_ fx: Double, _ fy: Double) -> (Double, Double) {
            (left + fx * (right - left), bottom - fy * (bottom - top))
        }
    }

    static let gridColor = "#e0e0e0", noteColor = "#555555"

    let width: Double
    private(set) var height: Double = 400
    private var body: [String] = []
    /// Where the next row below the plot goes.
    private var cursor: Double = 0
    private var frameLeft: Double = 0

    init(width: Double) { self.width = width }

    mutating func add(_ element: String) { body.append(element) }

    /// Writes the title and y axis name and returns the plotting area.
    mutating func frame(title: String, yName: String, yLabels: [String]) -> Frame {
        var top = 16.0
        if !title.isEmpty {
            add(
                #"<text x="\#(svgNumber(width / 2))" y="\#(svgNumber(top + 12))" text-anchor="middle" font-size="15" font-weight="bold">\#(Self.escape(title))</text>"#
            )
            top += 26
        }
        let labelWidth = Double(yLabels.map(\.count).max() ?? 0) * 7
        if !yName.isEmpty {
            add(#"<text x="12" y="\#(svgNumber(top + 10))">\#(Self.escape(yName))</text>"#)
            top += 22
        }
        let frame = Frame(left: 20 + labelWidth, right: width - 24, top: top, bottom: top + 280)
        frameLeft = frame.left
        cursor = frame.bottom + 22
        return frame
    }

    /// The frame's axes, grid lines at the y ticks, tick marks and labels, and the x axis name.
    mutating func axes(_ f: Frame, x: PlotAxis, y: PlotAxis, xName: String) {
        for (t, label) in zip(y.ticks, y.labels) {
            guard let fy = y.fraction(t) else { continue }
            let (_, py) = f.point(0, fy)
            add(
                #"<line x1="\#(svgNumber(f.left))" y1="\#(svgNumber(py))" x2="\#(svgNumber(f.right))" y2="\#(svgNumber(py))" stroke="\#(Self.gridColor)" stroke-width="1"/>"#
            )
            add(
                #"<line x1="\#(svgNumber(f.left - 5))" y1="\#(svgNumber(py))" x2="\#(svgNumber(f.left))" y2="\#(svgNumber(py))" stroke="black" stroke-width="1"/>"#
            )
            add(
                #"<text x="\#(svgNumber(f.left - 8))" y="\#(svgNumber(py + 4))" text-anchor="end">\#(Self.escape(label))</text>"#
            )
        }
        for (t, label) in zip(x.ticks, x.labels) {
            guard let fx = x.fraction(t) else { continue }
            let (px, _) = f.point(fx, 0)
            add(
                #"<line x1="\#(svgNumber(px))" y1="\#(svgNumber(f.bottom))" x2="\#(svgNumber(px))" y2="\#(svgNumber(f.bottom + 5))" stroke="black" stroke-width="1"/>"#
            )
            add(
                #"<text x="\#(svgNumber(px))" y="\#(svgNumber(f.bottom + 18))" text-anchor="middle">\#(Self.escape(label))</text>"#
            )
        }
        add(
            #"<polyline fill="none" stroke="black" stroke-width="1" points="\#(svgNumber(f.left)),\#(svgNumber(f.top)) \#(svgNumber(f.left)),\#(svgNumber(f.bottom)) \#(svgNumber(f.right)),\#(svgNumber(f.bottom))"/>"#
        )
        if !xName.isEmpty {
            cursor += 18
            add(
                #"<text x="\#(svgNumber((f.left + f.right) / 2))" y="\#(svgNumber(cursor))" text-anchor="middle">\#(Self.escape(xName))</text>"#
            )
        }
    }

    /// Legend entries (the swatch line's stroke attributes, the name) in rows, then a note.
    mutating func legend(_ entries: [(swatch: String, name: String)], note: String?) {
        var x = frameLeft
        if !entries.isEmpty { cursor += 22 }
        for e in entries {
            let size = 30 + Double(e.name.count) * 7 + 18
            if x > frameLeft && x + size > width - 12 {
                x = frameLeft
                cursor += 20
            }
            add(
                #"<line x1="\#(svgNumber(x))" y1="\#(svgNumber(cursor - 4))" x2="\#(svgNumber(x + 24))" y2="\#(svgNumber(cursor - 4))" \#(e.swatch)/>"#
            )
            add(
                #"<text x="\#(svgNumber(x + 30))" y="\#(svgNumber(cursor))">\#(Self.escape(e.name))</text>"#
            )
            x += size
        }
        if let note {
            cursor += 20
            add(
                #"<text x="\#(svgNumber(frameLeft))" y="\#(svgNumber(cursor))" fill="\#(Self.noteColor)">\#(Self.escape(note))</text>"#
            )
        }
        height = cursor + 14
    }

    /// The whole document.
    func text(title: String) -> String {
        var out = #"<?xml version="1.0" encoding="UTF-8"?>"# + "\n"
        out +=
            #"<svg xmlns="http://www.w3.org/2000/svg" width="\#(svgNumber(width))" height="\#(svgNumber(height))" viewBox="0 0 \#(svgNumber(width)) \#(svgNumber(height))" font-family="sans-serif" font-size="12">"#
            + "\n"
        out += "<title>\(Self.escape(title))</title>\n"
        out +=
            #"<rect x="0" y="0" width="\#(svgNumber(width))" height="\#(svgNumber(height))" fill="white"/>"#
            + "\n"
        for e in body { out += e + "\n" }
        return out + "</svg>\n"
    }

    /// Text safe inside an element or an attribute.
    static func escape(_ s: String) -> String { XMLText.escape(s) }
}
