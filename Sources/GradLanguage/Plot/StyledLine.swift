/// A line of terminal text built cell by cell, each cell with an optional ANSI colour.
struct StyledLine {
    private(set) var cells: [(character: Character, color: Int?)] = []

    var count: Int { cells.count }

    mutating func append(_ text: String, color: Int? = nil) {
        for c in text { cells.append((c, color)) }
    }

    mutating func append(_ c: Character, color: Int? = nil) { cells.append((c, color)) }

    /// Pads with spaces up to `column`.
    mutating func pad(to column: Int) {
        while cells.count < column { cells.append((" ", nil)) }
    }

    /// Writes `text` starting at `column`, padding before it and overwriting what is there.
    mutating func put(_ text: String, at column: Int, color: Int? = nil) {
        pad(to: column)
        for (i, c) in text.enumerated() {
            if column + i < cells.count {
                cells[column + i] = (c, color)
            } else {
                cells.append((c, color))
            }
        }
    }

    /// The text without trailing spaces; with `color`, runs of coloured cells
    /// are wrapped in SGR codes.
    func rendered(color: Bool) -> String {
        var end = cells.count
        while end > 0 && cells[end - 1].character == " " { end -= 1 }
        var out = ""
        var current: Int?
        for cell in cells[..<end] {
            let wanted = color && cell.character != " " ? cell.color : current
            if wanted != current {
                if current != nil { out += "\u{1B}[0m" }
                if let w = wanted { out += "\u{1B}[\(w)m" }
                current = wanted
            }
            out.append(cell.character)
        }
        if current != nil { out += "\u{1B}[0m" }
        return out
    }
}
