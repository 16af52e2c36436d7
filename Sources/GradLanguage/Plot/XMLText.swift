/// Text made safe for XML and HTML documents (SVG plots, HTML notebooks).
public enum XMLText {
    /// `text` safe inside an element or an attribute: `& < > " '` escaped, CR
    /// dropped, and the characters XML 1.0 does not allow (control characters
    /// other than tab and newline, U+FFFE, U+FFFF) replaced by U+FFFD.
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for c in text.unicodeScalars {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "\t", "\n": out.unicodeScalars.append(c)
            case "\r": break
            default:
                if c.value < 0x20 || c.value == 0xFFFE || c.value == 0xFFFF
                    || (0x7F...0x9F).contains(c.value)
                {
                    out += "\u{FFFD}"
                } else {
                    out.unicodeScalars.append(c)
                }
            }
        }
        return out
    }
}
