/// Prose lines wrapped at spaces to a terminal's width, so that a walkthrough's
/// long summary does not break mid-word at the terminal's edge.
///
/// Only running text is wrapped: a line indented 4 or more spaces (code), a
/// table row (`|`) and the lines of a fenced code block stay as written. A
/// wrapped line's further rows keep its indentation, and a list item's (`- `,
/// `1. `) align with the item's text.
enum ProseWrap {
    /// `lines` with every over-long line of running text wrapped to `width`.
    static func lines(_ lines: [String], width: Int) -> [String] {
        var out: [String] = []
        var fenced = false
        for line in lines {
            let trimmed = line.drop { $0 == " " }
            let indent = line.count - trimmed.count
            if trimmed.hasPrefix("```") || trimmed.hasPrefix("~~~") { fenced.toggle() }
            if fenced || trimmed.hasPrefix("```") || trimmed.hasPrefix("~~~") || indent >= 4
                || trimmed.hasPrefix("|") || line.count <= width
            {
                out.append(line)
                continue
            }
            out += wrap(line, width: width, hanging: indent + marker(trimmed))
        }
        return out
    }

    /// `line` in rows of at most `width` characters, split at spaces, the
    /// rows after the first indented by `hanging` (a word longer than a row
    /// stands alone on its row).
    static func wrap(_ line: String, width: Int, hanging: Int) -> [String] {
        let lead = String(line.prefix { $0 == " " })
        let pad = String(repeating: " ", count: hanging)
        var rows: [String] = []
        var row = lead
        var rowHasWord = false
        for word in line.dropFirst(lead.count).split(separator: " ") {
            if rowHasWord && row.count + 1 + word.count > width {
                rows.append(row)
                row = pad
                rowHasWord = false
            }
            row += (rowHasWord ? " " : "") + word
            rowHasWord = true
        }
        rows.append(row)
        return rows
    }

    /// The width of a list item's marker and its space: 2 for `- `, 3 for `1. `; else 0.
    private static func marker(_ text: Substring) -> Int {
        if text.hasPrefix("- ") || text.hasPrefix("* ") || text.hasPrefix("+ ") { return 2 }
        let digits = text.prefix { $0.isNumber }
        let after = text.dropFirst(digits.count)
        if !digits.isEmpty, after.hasPrefix(". ") || after.hasPrefix(") ") {
            return digits.count + 2
        }
        return 0
    }
}
