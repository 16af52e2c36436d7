/// One `#%%` cell of a script: its title, its `##` prose, and its code.
///
/// A script without cell markers is one cell. Text before the first marker is
/// a cell of its own (untitled) when it holds anything. Walkthrough tours and
/// notebook export both read scripts this way.
public struct ScriptCell: Sendable, Equatable {
    /// The marker's title (empty when the marker has none, or for text before the first marker).
    public var title: String
    /// The `##` prose lines, in order, as Markdown (the text after `##`).
    public var prose: [String]
    /// The cell's code: its lines other than the marker and the prose lines,
    /// without leading and trailing blank lines.
    public var code: String
    /// The 1-based lines the cell spans, marker included.
    public var lines: ClosedRange<Int>

    /// The cells of `source`, in order. Cell and prose lines are found by the
    /// parser (a `#%%` inside a block is a comment, not a marker); a script
    /// with syntax errors is split the same way as far as the parser recovers.
    public static func cells(of source: Source) -> [ScriptCell] {
        let (statements, _) = Parser.parse(source)
        let textLines = source.text.split(separator: "\n", omittingEmptySubsequences: false).map {
            $0.hasSuffix("\r") ? String($0.dropLast()) : String($0)
        }
        var markers: [(line: Int, title: String)] = []
        var proseLines: [Int: String] = [:]
        for statement in statements {
            switch statement {
            case .cell(let title, let at): markers.append((at.line, title))
            case .prose(let text, let at): proseLines[at.line] = text
            default: break
            }
        }
        let lastLine = max(1, textLines.count - (textLines.last == "" ? 1 : 0))
        var bounds: [(title: String, from: Int, marker: Int?)] = []
        if markers.first.map({ $0.line > 1 }) ?? true { bounds.append(("", 1, nil)) }
        bounds += markers.map { ($0.title, $0.line, $0.line) }
        var cells: [ScriptCell] = []
        for (k, b) in bounds.enumerated() {
            let to = k + 1 < bounds.count ? bounds[k + 1].from - 1 : lastLine
            guard to >= b.from else { continue }
            var prose: [String] = []
            var code: [String] = []
            for n in b.from...to where n != b.marker {
                if let p = proseLines[n] {
                    prose.append(p)
                } else if n - 1 < textLines.count {
                    code.append(textLines[n - 1])
                }
            }
            while code.first?.allSatisfy({ $0 == " " || $0 == "\t" }) == true { code.removeFirst() }
            while code.last?.allSatisfy({ $0 == " " || $0 == "\t" }) == true { code.removeLast() }
            // The untitled text before the first marker counts only when it holds something.
            if b.marker == nil && prose.isEmpty && code.isEmpty && !markers.isEmpty { continue }
            cells.append(
                ScriptCell(
                    title: b.title, prose: prose, code: code.joined(separator: "\n"),
                    lines: b.from...to))
        }
        return cells
    }

    /// The code as a reader should see it (tours, notebooks): without a `#!`
    /// line and without the `# expect` annotations the tests read, whole-line
    /// or trailing.
    public var readableCode: String {
        var lines: [String] = []
        for line in code.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if line.hasPrefix("#!") { continue }
            guard let mark = ScriptCell.firstIndex(of: "# expect", in: line) else {
                lines.append(line)
                continue
            }
            let before = line[..<mark]
            if before.allSatisfy({ $0 == " " || $0 == "\t" }) { continue }
            guard before.last == " " || before.last == "\t" else {
                lines.append(line)
                continue
            }
            var kept = String(before)
            while kept.last == " " || kept.last == "\t" { kept.removeLast() }
            lines.append(kept)
        }
        while lines.first?.allSatisfy({ $0 == " " || $0 == "\t" }) == true { lines.removeFirst() }
        while lines.last?.allSatisfy({ $0 == " " || $0 == "\t" }) == true { lines.removeLast() }
        return lines.joined(separator: "\n")
    }

    /// Where `needle` first occurs in `text`.
    private static func firstIndex(of needle: String, in text: String) -> String.Index? {
        var i = text.startIndex
        while i < text.endIndex {
            if text[i...].hasPrefix(needle) { return i }
            i = text.index(after: i)
        }
        return nil
    }

    /// `source` with every line outside this cell blanked: running it runs this
    /// cell alone, and errors keep the file's own line numbers.
    public func source(within source: Source) -> Source {
        let text = source.text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
            .map { i, line in
                lines.contains(i + 1) ? String(line) : ""
            }.joined(separator: "\n")
        return Source(name: source.name, text: text)
    }
}
