/// A table (`grads`, `acts`, `weights`, `compare`, `gradcheck`) with its cells
/// as text, for notebooks to draw as HTML or Markdown tables.
struct NotebookTable {
    /// The line above the table: "Gradients (9 layers)".
    let heading: String
    let columns: [String]
    /// The cells of each row as the terminal table shows them.
    let rows: [[String]]
    /// The lines under the table (legend, depth trend).
    let notes: [String]
    /// For each row, whether its mark (the last cell) says healthy or passed
    /// (true), a problem (false), or the row has none (nil).
    var verdicts: [Bool?] = []

    /// Whether column `i` holds numbers and aligns right: every cell in it
    /// starts with a digit (`3.2e-4`, `32×32`), a minus and a digit, or is "—".
    func alignsRight(_ i: Int) -> Bool {
        var any = false
        for row in rows where i < row.count {
            let cell = row[i]
            if cell == "—" || cell == "-" || cell.isEmpty { continue }
            let digits = cell.hasPrefix("-") ? cell.dropFirst() : Substring(cell)
            guard let first = digits.first, first.isASCII, first.isNumber else { return false }
            any = true
        }
        return any
    }

    /// How a healthy or passed mark is drawn: green.
    static let healthyStyle = "color: #1a7f37"
    /// How a problem mark is drawn: red and bold.
    static let problemStyle = "color: #cf222e; font-weight: 600"

    /// The table as an HTML fragment: a `<table>` with a caption, and its notes
    /// as a paragraph. Health marks get the classes `ok` and `bad`, by the
    /// table's verdicts, and their colour inline: a Jupyter page has no
    /// stylesheet of ours, and keeps an inline `style` even where it drops
    /// `<style>` elements (an untrusted notebook).
    var html: String {
        let right = columns.indices.map(alignsRight)
        var out = "<table>\n<caption>\(Escaping.html(heading))</caption>\n<thead><tr>"
        for (i, c) in columns.enumerated() {
            out += "<th\(right[i] ? " class=\"num\"" : "")>\(Escaping.html(c))</th>"
        }
        out += "</tr></thead>\n<tbody>\n"
        for (r, row) in rows.enumerated() {
            let verdict = r < verdicts.count ? verdicts[r] : nil
            out += "<tr>"
            for (i, c) in row.enumerated() {
                var classes: [String] = []
                var style = ""
                if i < right.count && right[i] { classes.append("num") }
                if i == row.count - 1, let healthy = verdict {
                    classes.append(healthy ? "ok" : "bad")
                    style =
                        " style=\"\(healthy ? NotebookTable.healthyStyle : NotebookTable.problemStyle)\""
                }
                out +=
                    "<td\(classes.isEmpty ? "" : " class=\"\(classes.joined(separator: " "))\"")\(style)>\(Escaping.html(c))</td>"
            }
            out += "</tr>\n"
        }
        out += "</tbody>\n</table>"
        if !notes.isEmpty {
            out +=
                "\n<p class=\"notes\">" + notes.map(Escaping.html).joined(separator: "<br/>")
                + "</p>"
        }
        return out
    }

    /// The table in GitHub-flavoured Markdown: the heading in bold, the table,
    /// and the notes as a paragraph in italics.
    var markdown: String {
        func cell(_ s: String) -> String {
            let escaped = s.replacing("\\", with: "\\\\").replacing("|", with: "\\|")
            return escaped.isEmpty ? " " : escaped
        }
        var lines = ["**\(cell(heading))**", ""]
        lines.append("| " + columns.map(cell).joined(separator: " | ") + " |")
        lines.append(
            "|"
                + columns.indices.map { alignsRight($0) ? " ---: " : " :--- " }.joined(
                    separator: "|") + "|")
        for row in rows {
            let padded = row + Array(repeating: "", count: max(0, columns.count - row.count))
            lines.append("| " + padded.map(cell).joined(separator: " | ") + " |")
        }
        if !notes.isEmpty {
            lines.append("")
            lines.append(
                notes.map { "*\(Escaping.markdown($0))*" }.joined(separator: "  \n"))
        }
        return lines.joined(separator: "\n")
    }
}
