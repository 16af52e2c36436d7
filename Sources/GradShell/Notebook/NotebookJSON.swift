import GradEngine

/// A JSON value for writing `.ipynb` files: objects keep their members in the
/// order given, and the text is indented as nbformat writes it (one space a level).
///
/// (GradEngine's `JSONValue` is internal to the engine, so the shell has this small writer of its own.)
indirect enum NotebookJSON {
    case null
    case bool(Bool)
    case int(Int)
    case string(String)
    case array([NotebookJSON])
    case object([(key: String, value: NotebookJSON)])

    /// A string, or null when there is none.
    static func string(_ s: String?) -> NotebookJSON { s.map { .string($0) } ?? .null }

    /// Multi-line text as nbformat stores it: a list of lines, each but the last ending in "\n".
    static func lines(_ text: String) -> NotebookJSON {
        var parts = text.split(separator: "\n", omittingEmptySubsequences: false).map {
            String($0) + "\n"
        }
        if let last = parts.last {
            parts[parts.count - 1] = String(last.dropLast())
            if parts[parts.count - 1].isEmpty { parts.removeLast() }
        }
        return .array(parts.map { .string($0) })
    }

    /// The document as indented JSON text, ending in a newline.
    func text() -> String {
        var out = ""
        write(into: &out, indent: 0)
        return out + "\n"
    }

    private func write(into out: inout String, indent: Int) {
        switch self {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .int(let n): out += String(n)
        case .string(let s): NotebookJSON.writeString(s, into: &out)
        case .array(let items):
            guard !items.isEmpty else {
                out += "[]"
                return
            }
            out += "[\n"
            for (k, item) in items.enumerated() {
                out += String(repeating: " ", count: indent + 1)
                item.write(into: &out, indent: indent + 1)
                out += k < items.count - 1 ? ",\n" : "\n"
            }
            out += String(repeating: " ", count: indent) + "]"
        case .object(let members):
            guard !members.isEmpty else {
                out += "{}"
                return
            }
            out += "{\n"
            for (k, member) in members.enumerated() {
                out += String(repeating: " ", count: indent + 1)
                NotebookJSON.writeString(member.key, into: &out)
                out += ": "
                member.value.write(into: &out, indent: indent + 1)
                out += k < members.count - 1 ? ",\n" : "\n"
            }
            out += String(repeating: " ", count: indent) + "}"
        }
    }

    /// A JSON string literal (GradEngine's writer: quotes, backslashes and control characters escaped).
    static func writeString(_ s: String, into out: inout String) { out += JSONText.quoted(s) }
}
