/// A cell's prose as a tour shows it on a terminal: the Markdown as written,
/// tidied for reading.
///
/// Markdown source reads well as plain text, so most of it is shown as it
/// stands, indentation included (nested lists and code blocks stay nested).
/// Two things are redrawn: headings lose their `#` marks, and tables are laid
/// out in aligned columns (right-aligned where the delimiter row says `--:`,
/// centred for `:-:`). cmark-gfm finds both, so a `#` or `|` inside a code
/// block or a sentence is left alone. Trailing spaces are dropped.
enum TerminalProse {
    /// `prose` (one Markdown line each) as terminal lines, one for one.
    static func lines(_ prose: [String]) -> [String] {
        var lines = prose
        if let document = MarkdownDocument(prose.joined(separator: "\n")) {
            for heading in document.atxHeadingLines where lines.indices.contains(heading.line) {
                let (prefix, rest) = split(lines[heading.line], at: heading.offset)
                lines[heading.line] = prefix + headingText(rest)
            }
            for table in document.tables { layOut(table, in: &lines) }
        }
        return lines.map { line in
            var line = Substring(line)
            while line.last == " " || line.last == "\t" { line = line.dropLast() }
            return String(line)
        }
    }

    /// `line` split at byte `offset` (clamped to the line).
    private static func split(_ line: String, at offset: Int) -> (String, String) {
        let bytes = Array(line.utf8)
        let at = min(max(0, offset), bytes.count)
        return (
            String(decoding: bytes[..<at], as: UTF8.self),
            String(decoding: bytes[at...], as: UTF8.self)
        )
    }

    /// An ATX heading's text: `## Title ##` gives "Title".
    private static func headingText(_ heading: String) -> String {
        var text = Substring(heading.drop { $0 == "#" })
        text = text.drop { $0 == " " || $0 == "\t" }
        while text.last == " " || text.last == "\t" { text = text.dropLast() }
        // A closing run of #s is not part of the text when a space stands before it.
        let closing = text.reversed().prefix { $0 == "#" }.count
        if closing > 0 {
            let before = text.dropLast(closing)
            if before.isEmpty || before.last == " " || before.last == "\t" {
                text = before
                while text.last == " " || text.last == "\t" { text = text.dropLast() }
            }
        }
        return String(text)
    }

    /// Rewrites the lines of `table` as aligned columns: `| a   |   bb |`.
    private static func layOut(_ table: MarkdownTable, in lines: inout [String]) {
        guard let header = table.rowLines.first, lines.indices.contains(header + 1) else { return }
        let columns = table.alignments.count
        guard columns > 0 else { return }
        let rowLines = [header] + table.rowLines.dropFirst().filter { lines.indices.contains($0) }
        var prefixes: [String] = []
        var rows: [[String]] = []
        for n in rowLines {
            let (prefix, text) = split(lines[n], at: table.offset)
            prefixes.append(prefix)
            // GitHub's rule: extra cells are ignored, missing ones are empty.
            var cells = Array(self.cells(of: text).prefix(columns))
            cells += Array(repeating: "", count: columns - cells.count)
            rows.append(cells)
        }
        var widths = Array(repeating: 3, count: columns)
        for row in rows {
            for (c, cell) in row.enumerated() { widths[c] = max(widths[c], cell.count) }
        }
        func drawn(_ row: [String]) -> String {
            var parts: [String] = []
            for (c, cell) in row.enumerated() {
                let room = widths[c] - cell.count
                switch table.alignments[c] {
                case .left: parts.append(cell + String(repeating: " ", count: room))
                case .right: parts.append(String(repeating: " ", count: room) + cell)
                case .center:
                    parts.append(
                        String(repeating: " ", count: room / 2) + cell
                            + String(repeating: " ", count: room - room / 2))
                }
            }
            return "| " + parts.joined(separator: " | ") + " |"
        }
        for (k, n) in rowLines.enumerated() { lines[n] = prefixes[k] + drawn(rows[k]) }
        let (delimiterPrefix, _) = split(lines[header + 1], at: table.offset)
        lines[header + 1] =
            delimiterPrefix + "|"
            + widths.map { String(repeating: "-", count: $0 + 2) }.joined(separator: "|") + "|"
    }

    /// The cells of a table row as written, trimmed: split at each `|` that
    /// no backslash escapes, without the optional outer pipes.
    private static func cells(of row: String) -> [String] {
        var cells: [String] = []
        var current = ""
        var escaped = false
        for c in row {
            if c == "|" && !escaped {
                cells.append(current)
                current = ""
            } else {
                current.append(c)
            }
            escaped = c == "\\" && !escaped
        }
        cells.append(current)
        var trimmed = cells.map { $0.trimmingCharacters() }
        if trimmed.count > 1, trimmed.first == "" { trimmed.removeFirst() }
        if trimmed.count > 1, trimmed.last == "" { trimmed.removeLast() }
        return trimmed
    }
}
