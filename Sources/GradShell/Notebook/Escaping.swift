import GradLanguage

/// Text made safe for the formats notebooks are written in: it reads
/// literally, whatever characters it holds.
enum Escaping {
    /// `text` safe inside an HTML or XML element or attribute (see `XMLText`).
    static func html(_ text: String) -> String { XMLText.escape(text) }

    /// `text` that reads literally in Markdown: its markup characters backslash-escaped.
    static func markdown(_ text: String) -> String {
        var out = ""
        for c in text {
            if "\\`*_[]<>|#".contains(c) { out.append("\\") }
            out.append(c)
        }
        return out
    }
}
