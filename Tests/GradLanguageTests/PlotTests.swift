import Foundation
import XCTest

@testable import GradLanguage

#if canImport(FoundationXML)
    import FoundationXML
#endif

final class PlotTests: XCTestCase {
    // MARK: - Ticks

    func testLinearTicksUseOneTwoFiveSteps() {
        var t = Ticks.linear(0, 1, maxCount: 6, snap: true)
        XCTAssertEqual(t.labels, ["0", "0.2", "0.4", "0.6", "0.8", "1"])
        XCTAssertEqual(t.ticks[3], 0.6)  // exactly the Double 0.6, not 0.6000000000000001
        t = Ticks.linear(0.3, 9.7, maxCount: 6, snap: true)
        XCTAssertEqual(t.ticks, [0, 2, 4, 6, 8, 10])
        XCTAssertEqual(t.lo, 0)
        XCTAssertEqual(t.hi, 10)
        t = Ticks.linear(-0.07, 0.12, maxCount: 5, snap: true)
        XCTAssertEqual(t.labels, ["-0.1", "-0.05", "0", "0.05", "0.1", "0.15"])
        // Without snapping (an x axis) the range stays and only inner ticks are kept.
        t = Ticks.linear(1, 10, maxCount: 7, snap: false, integers: true)
        XCTAssertEqual(t.ticks, [2, 4, 6, 8, 10])
        XCTAssertEqual(t.lo, 1)
        t = Ticks.linear(1, 3, maxCount: 7, snap: false, integers: true)
        XCTAssertEqual(t.ticks, [1, 2, 3], "whole-number steps for steps and epochs")
        // Labels: fixed-point or scientific, whichever is narrower.
        XCTAssertEqual(
            Ticks.linear(0, 3e-6, maxCount: 4, snap: true).labels, ["0", "1e-6", "2e-6", "3e-6"])
        XCTAssertEqual(
            Ticks.linear(0, 3e7, maxCount: 4, snap: true).labels, ["0", "1e7", "2e7", "3e7"])
        XCTAssertEqual(
            Ticks.linear(0.001, 0.0012, maxCount: 5, snap: true).labels,
            ["0.001", "0.00105", "0.0011", "0.00115", "0.0012"])
    }

    func testLinearTicksOfDegenerateAndExtremeRanges() {
        let same = Ticks.linear(5, 5, maxCount: 6, snap: true)
        XCTAssertLessThan(same.lo, 5)
        XCTAssertGreaterThan(same.hi, 5)
        let zero = Ticks.linear(0, 0, maxCount: 6, snap: true)
        XCTAssertEqual(zero.lo, -1)
        XCTAssertEqual(zero.hi, 1)
        let huge = Ticks.linear(-1e308, 1e308, maxCount: 6, snap: true)
        XCTAssertTrue(huge.ticks.allSatisfy(\.isFinite))
        XCTAssertFalse(huge.ticks.isEmpty)
    }

    func testLogTicksArePowersOfTen() {
        var t = Ticks.logarithmic(2e-5, 0.7, maxCount: 7)
        XCTAssertEqual(t.ticks, [1e-5, 1e-4, 1e-3, 1e-2, 1e-1, 1])
        XCTAssertEqual(t.labels, ["1e-5", "1e-4", "1e-3", "1e-2", "1e-1", "1e0"])
        // Few decades: 1, 2 and 5 of each, labelled plainly.
        t = Ticks.logarithmic(0.01, 1, maxCount: 7)
        XCTAssertEqual(t.ticks, [0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1])
        XCTAssertEqual(t.labels, ["0.01", "0.02", "0.05", "0.1", "0.2", "0.5", "1"])
        t = Ticks.logarithmic(0.3, 0.9, maxCount: 7)
        XCTAssertEqual(t.ticks, [0.2, 0.5, 1])
        // Many decades: every few, so the labels fit.
        t = Ticks.logarithmic(1e-8, 100, maxCount: 5)
        XCTAssertEqual(t.labels, ["1e-9", "1e-6", "1e-3", "1e0", "1e3"])
        // One value: the ticks either side.
        XCTAssertEqual(Ticks.logarithmic(1, 1, maxCount: 7).ticks, [0.5, 1, 2])
    }

    func testNumberHelpers() {
        XCTAssertEqual(Ticks.exponent(1000), 3)
        XCTAssertEqual(Ticks.exponent(999.99), 2)
        XCTAssertEqual(Ticks.exponent(0.001), -3)
        XCTAssertEqual(Ticks.exponent(-0.0099), -3)
        XCTAssertEqual(Ticks.fixed(0.00012, decimals: 5), "0.00012")
        XCTAssertEqual(Ticks.fixed(-2.5, decimals: 1), "-2.5")
        XCTAssertEqual(Ticks.fixed(1500, decimals: 0), "1500")
        XCTAssertNil(Ticks.fixed(1e300, decimals: 0))
        XCTAssertEqual(Ticks.compact(0.000123456), "1.23e-4")
        XCTAssertEqual(Ticks.compact(12.3456), "12.3")
        XCTAssertEqual(Ticks.scientific(0.00025, decimals: 1), "2.5e-4")
    }

    // MARK: - Braille

    func testBrailleCellPacking() {
        XCTAssertEqual(BrailleCanvas.bit(dx: 0, dy: 0), 0x01)
        XCTAssertEqual(BrailleCanvas.bit(dx: 0, dy: 3), 0x40)
        XCTAssertEqual(BrailleCanvas.bit(dx: 1, dy: 0), 0x08)
        XCTAssertEqual(BrailleCanvas.bit(dx: 1, dy: 3), 0x80)
        var c = BrailleCanvas(columns: 2, rows: 1)
        XCTAssertEqual(c.character(column: 0, row: 0), "\u{2800}")
        c.set(x: 0, y: 0, series: 0)
        XCTAssertEqual(c.character(column: 0, row: 0), "⠁")
        c.set(x: 1, y: 3, series: 1)
        XCTAssertEqual(c.character(column: 0, row: 0), "⢁")
        XCTAssertEqual(c.series(column: 0, row: 0), 1, "the last series to draw owns the cell")
        for x in 2...3 { for y in 0...3 { c.set(x: x, y: y, series: 0) } }
        XCTAssertEqual(c.character(column: 1, row: 0), "⣿")
        c.set(x: 4, y: 0, series: 0)  // outside: ignored
        c.set(x: -1, y: 9, series: 0)
        XCTAssertNil(BrailleCanvas(columns: 1, rows: 1).series(column: 0, row: 0))
    }

    func testBrailleLines() {
        var c = BrailleCanvas(columns: 2, rows: 1)
        c.line(from: (0, 3), to: (3, 3), series: 0)
        XCTAssertEqual(
            [c.character(column: 0, row: 0), c.character(column: 1, row: 0)], ["⣀", "⣀"])
        var d = BrailleCanvas(columns: 1, rows: 2)
        d.line(from: (0, 0), to: (0, 7), series: 0)
        XCTAssertEqual(
            [d.character(column: 0, row: 0), d.character(column: 0, row: 1)], ["⡇", "⡇"])
        var e = BrailleCanvas(columns: 2, rows: 1)
        e.line(from: (0, 0), to: (3, 3), series: 0)
        XCTAssertEqual(
            [e.character(column: 0, row: 0), e.character(column: 1, row: 0)], ["⠑", "⢄"])
    }

    // MARK: - Terminal drawing

    func updateRatioPlot() -> PlotValue {
        PlotValue(
            kind: .lines([
                PlotSeries(label: "dense_1", ys: [1e-2, 5e-3, 2e-3, 1e-3, 5e-4, 0, .nan, 2e-4]),
                PlotSeries(label: "dense_2", ys: [1e-4, 1e-4, 2e-4, 2e-4, 3e-4, 3e-4, 3e-4, 4e-4]),
                .reference("1e-3 rule of thumb", at: 1e-3),
            ]),
            title: "Update:data ratio per layer", xLabel: "step", yLabel: "update:data", logY: true)
    }

    func testReferenceLineAndLegend() {
        let lines = updateRatioPlot().terminal(style: OutputStyle()).split(separator: "\n").map(
            String.init)
        let reference = lines.first { $0.hasPrefix("1e-3 ┤") }
        XCTAssertNotNil(reference, "\(lines.joined(separator: "\n"))")
        XCTAssertTrue(
            reference?.contains("┄") ?? false, "the 1e-3 row carries the dashed reference line")
        XCTAssertEqual(lines.filter { $0.contains("1e-3 rule of thumb") }.count, 1)
        XCTAssertTrue(
            lines.contains("      ● dense_1   ○ dense_2   ┄┄ 1e-3 rule of thumb"), "\(lines)")
        XCTAssertTrue(
            lines.contains("      skipped: 1 non-finite value, 1 value ≤ 0 on the log scale"),
            "\(lines)")
        XCTAssertEqual(lines[1], "update:data, log scale")
        let ascii = updateRatioPlot().terminal(style: OutputStyle(unicode: false))
        XCTAssertTrue(ascii.unicodeScalars.allSatisfy(\.isASCII), ascii)
        XCTAssertTrue(ascii.contains("* dense_1   o dense_2   -- 1e-3 rule of thumb"), ascii)
    }

    func testTerminalWidthAndColour() {
        let plots = [
            updateRatioPlot(),
            PlotValue(
                kind: .lines([PlotSeries(label: "a", ys: (0..<500).map { sin(Double($0) / 20) })])),
            PlotValue(
                kind: .histogram(Histogram((0..<1000).map { Double($0 % 37) }, bins: 30)),
                title: "h"),
        ]
        for p in plots {
            for width in [30, 52, 80, 133] {
                for unicode in [true, false] {
                    let text = p.terminal(
                        style: OutputStyle(unicode: unicode, color: false, width: width))
                    for line in text.split(separator: "\n") {
                        XCTAssertLessThanOrEqual(line.count, width, "\(line)")
                        XCTAssertFalse(line.hasSuffix(" "))
                    }
                    XCTAssertFalse(text.contains("\u{1B}"))
                }
            }
        }
        // With colour: ANSI codes per series, and the drawing's text is unchanged without them.
        let colored = updateRatioPlot().terminal(style: OutputStyle(color: true))
        XCTAssertTrue(colored.contains("\u{1B}[34m"))
        XCTAssertTrue(colored.contains("\u{1B}[31m"))
        XCTAssertTrue(colored.contains("\u{1B}[90m┄"))
        // With colour the lines are told apart by colour: no markers.
        XCTAssertFalse(colored.contains("●"))
        XCTAssertTrue(colored.contains("──"))
    }

    func testHistogramCounts() {
        let h = Histogram([0, 1, 2, 3, .nan, 3, .infinity], bins: 3)
        XCTAssertEqual(h.counts, [1, 1, 3])
        XCTAssertEqual(h.total, 5)
        XCTAssertEqual(h.skipped, 2)
        XCTAssertEqual(h.edges, [0, 1, 2, 3])
        XCTAssertEqual(h.mean, 1.8, accuracy: 1e-12)
        let one = Histogram([2, 2], bins: 4)
        XCTAssertEqual(one.counts.reduce(0, +), 2)
        XCTAssertTrue(one.edges.first! < 2 && one.edges.last! > 2)
        let wide = Histogram([-1e308, 1e308], bins: 2)
        XCTAssertEqual(wide.counts, [1, 1])
        XCTAssertTrue(wide.edges.allSatisfy(\.isFinite))
    }

    // MARK: - SVG

    func testSVGIsWellFormedWithAxesAndLegend() throws {
        var p = updateRatioPlot()
        p.title = "Ratios <&> \"quoted\""
        let svg = p.svg()
        let parser = XMLParser(data: Data(svg.utf8))
        let collector = TextCollector()
        parser.delegate = collector
        XCTAssertTrue(parser.parse(), "\(parser.parserError.map { "\($0)" } ?? "") in:\n\(svg)")
        XCTAssertEqual(collector.root, "svg")
        for text in [
            "Ratios <&> \"quoted\"", "update:data, log scale", "1e-3", "1e-4", "1e-2", "step",
            "dense_1", "dense_2", "1e-3 rule of thumb", "2", "4", "6", "8",
        ] {
            XCTAssertTrue(
                collector.texts.contains(text), "SVG text '\(text)' in \(collector.texts)")
        }
        XCTAssertTrue(svg.contains("stroke-dasharray"), "the reference line is dashed")
        XCTAssertEqual(
            svg.components(separatedBy: "<polyline").count - 1, 3, "two series and the axes")
        XCTAssertFalse(svg.contains("href"), "no external resources")
        let hist = PlotValue(
            kind: .histogram(Histogram([1, 2, 2, 3], bins: 3)), title: "H", xLabel: "value",
            subject: "data", integerX: false
        ).svg()
        XCTAssertTrue(XMLParser(data: Data(hist.utf8)).parse())
        XCTAssertEqual(
            hist.components(separatedBy: "<rect").count - 1, 4, "a background and three bars")
    }

    func testLongSeriesAreThinnedInSVG() {
        let ys = (0..<100_000).map { Double($0 % 97) }
        let svg = PlotValue(kind: .lines([PlotSeries(label: "noisy", ys: ys)])).svg()
        XCTAssertLessThan(svg.utf8.count, 200_000, "a few points per pixel, not 100,000")
        let run = (0..<5000).map { (Double($0) / 10, Double($0 % 7)) }
        let thin = PlotValue.thinned(run)
        XCTAssertLessThanOrEqual(thin.count, 4 * 1000)
        XCTAssertEqual(thin.first?.0, 0)
        XCTAssertEqual(thin.last?.0, 499.9)
        XCTAssertEqual(thin.map(\.1).max(), 6, "the extremes are kept")
        XCTAssertEqual(thin.map(\.1).min(), 0)
    }

    func testSaveWritesSVGAndPlotMembers() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent(
            "gradlab-plot-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("loss.svg").path
        var lines: [String] = []
        let i = Interpreter(output: { lines.append($0) })
        let program = """
            let p = plot([[1, 0.1, 0.01], [1, 1, 1]], log: true, labels: ["falling", "flat"], title: "Two")
            save(p, "\(path)")
            print(p.svg == plot([[1, 0.1, 0.01], [1, 1, 1]], log: true, labels: ["falling", "flat"], title: "Two").svg)
            print(p == p, p.title, len(p.svg) > 500)
            """
        guard case .success = i.run(Source(name: "t.grad", text: program)) else {
            return XCTFail("\(lines)")
        }
        XCTAssertEqual(lines, ["true", "true Two true"])
        let written = try String(contentsOfFile: path, encoding: .utf8)
        XCTAssertTrue(written.hasPrefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg "))
        XCTAssertTrue(XMLParser(data: Data(written.utf8)).parse())
        XCTAssertTrue(written.contains(">falling</text>"))
    }

    func testTableHealthMarksInColour() {
        var lines: [String] = []
        let i = Interpreter(output: { lines.append($0) })
        i.color = true
        XCTAssertTrue(i.style.color, "color is the style's colour")
        let program = """
            seed(1)
            let deep = model(inputs: 2) { repeat(8) { dense(16, act: sigmoid) }; dense(3) }
            grads(deep, spiral(points: 60))
            """
        guard case .success = i.run(Source(name: "t.grad", text: program)) else {
            return XCTFail("\(lines)")
        }
        let table = lines.joined(separator: "\n")
        XCTAssertTrue(table.contains("\u{1B}[33m↓ vanishing\u{1B}[0m"), table)
        XCTAssertTrue(table.contains("\u{1B}[32m✓\u{1B}[0m"), table)
        XCTAssertFalse(table.contains("\u{1B}[32mhealth"), "the heading is not coloured")
        XCTAssertEqual(ANSIColor.healthMark("↑ exploding"), "\u{1B}[31m↑ exploding\u{1B}[0m")
        XCTAssertEqual(ANSIColor.healthMark("saturated"), "\u{1B}[33msaturated\u{1B}[0m")
        XCTAssertEqual(ANSIColor.healthMark("0.5"), "0.5")
    }
}

/// Collects the root element's name and the text of every element.
private final class TextCollector: NSObject, XMLParserDelegate {
    var root: String?
    var texts: [String] = []
    private var current = ""

    func parser(
        _ parser: XMLParser, didStartElement name: String, namespaceURI: String?,
        qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        if root == nil { root = name }
        current = ""
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) { current += string }

    func parser(
        _ parser: XMLParser, didEndElement name: String, namespaceURI: String?,
        qualifiedName: String?
    ) {
        if !current.isEmpty { texts.append(current) }
        current = ""
    }
}
