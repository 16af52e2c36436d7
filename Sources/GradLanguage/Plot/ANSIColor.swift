/// ANSI colours for plots and health marks.
enum ANSIColor {
    /// Series colours, in order: blue, red, green, yellow, magenta, cyan, then their bright forms.
    static let series = [34, 31, 32, 33, 35, 36, 94, 91, 92, 93, 95, 96]
    /// Reference lines and other guides: grey.
    static let guide = 90
    static let green = 32, yellow = 33, red = 31

    static func series(_ i: Int) -> Int { series[i % series.count] }

    /// A table's health mark in colour: ✓ green, ↓ and ∅ and saturated yellow, ↑ and ✗ red.
    static func healthMark(_ mark: String) -> String {
        let code: Int
        // Unicode marks, and their ASCII forms (OutputStyle.asciiSymbols).
        if mark.hasPrefix("✓") || mark == "ok" {
            code = green
        } else if mark.hasPrefix("↓") || mark.hasPrefix("∅") || mark.hasPrefix("saturated")
            || mark.hasPrefix("v ") || mark.hasPrefix("0 ")
        {
            code = yellow
        } else if mark.hasPrefix("↑") || mark.hasPrefix("✗") || mark.hasPrefix("^ ") || mark == "x"
        {
            code = red
        } else {
            return mark
        }
        return "\u{1B}[\(code)m\(mark)\u{1B}[0m"
    }
}
