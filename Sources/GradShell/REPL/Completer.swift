import GradLanguage

#if canImport(Glibc)
    import Glibc
#endif

/// Tab completion for the REPL: names (keywords, builtins, the session's),
/// argument labels of the call being written, after `act:`, `init:`, `opt:`
/// and `loss:` only the names of that kind, members after `.`, and file
/// paths inside a string.
struct Completer {
    let interpreter: Interpreter

    static let keywords = [
        "let", "fn", "for", "in", "if", "else", "return", "true", "false", "none", "and", "or",
        "not",
    ]

    /// The candidates for the word before the cursor, and that word.
    func candidates(for text: String) -> (word: String, matches: [String]) {
        // Inside an open string: complete a file path.
        if text.filter({ $0 == "\"" }).count % 2 == 1, let quote = text.lastIndex(of: "\"") {
            return paths(matching: String(text[text.index(after: quote)...]))
        }
        let word = String(
            text.reversed().prefix { $0.isLetter || $0.isNumber || $0 == "_" }.reversed())
        let before = text.dropLast(word.count)
        if before.hasSuffix(".") {
            let owner = String(
                before.dropLast().reversed().prefix { $0.isLetter || $0.isNumber || $0 == "_" }
                    .reversed())
            return (word, interpreter.memberNames(of: owner).filter { $0.hasPrefix(word) }.sorted())
        }
        // After a label that asks for one kind of value (`act:`, `init:`,
        // `opt:`, `loss:`), only names of that kind; the others if none fits.
        if let callee = openCall(in: String(before)), let label = labelBefore(before),
            let fitting = interpreter.valueNames(forLabel: label, in: callee)
        {
            let matches = fitting.filter { $0.hasPrefix(word) }
            if !matches.isEmpty { return (word, matches) }
        }
        // Inside a call, a matching argument label is what is wanted
        // (`train(net, data, ep` → `epochs: `): labels win over names.
        if let callee = openCall(in: String(before)), !word.isEmpty {
            let labels = interpreter.argumentLabels(of: callee).filter { $0.hasPrefix(word) }.map {
                $0 + ":"
            }
            if !labels.isEmpty { return (word, labels.sorted()) }
        }
        let names = Set(Completer.keywords + interpreter.visibleNames).filter {
            $0.hasPrefix(word) && $0 != "_"
        }
        return (word, names.sorted())
    }

    /// What to insert for the text before the cursor; prints the choices when several match.
    func complete(_ text: String, show: (String) -> Void) -> String? {
        let (word, matches) = candidates(for: text)
        guard !matches.isEmpty else { return nil }
        if matches.count == 1 {
            let m = matches[0]
            return String(m.dropFirst(word.count)) + (m.hasSuffix(":") ? " " : "")
        }
        let common = matches.dropFirst().reduce(matches[0]) { $0.commonPrefix(with: $1) }
        if common.count > word.count { return String(common.dropFirst(word.count)) }
        show(matches.joined(separator: "  "))
        return ""
    }

    /// The label whose value is being typed (`act` in `dense(8, act: le`), if any.
    private func labelBefore(_ text: Substring) -> String? {
        var rest = text
        while let last = rest.last, last == " " || last == "\t" { rest = rest.dropLast() }
        guard rest.hasSuffix(":") else { return nil }
        let label = rest.dropLast().reversed().prefix { $0.isLetter || $0.isNumber || $0 == "_" }
        return label.isEmpty ? nil : String(label.reversed())
    }

    /// The function whose argument list the cursor is in, if any.
    func openCall(in text: String) -> String? {
        var depth = 0
        var i = text.endIndex
        while i > text.startIndex {
            i = text.index(before: i)
            switch text[i] {
            case ")", "]": depth += 1
            case "[": depth -= 1
            case "(":
                if depth == 0 {
                    let name = text[..<i].reversed().prefix {
                        $0.isLetter || $0.isNumber || $0 == "_"
                    }
                    return name.isEmpty ? nil : String(name.reversed())
                }
                depth -= 1
            default: break
            }
        }
        return nil
    }

    /// The last path component typed, and the entries of its directory that extend it.
    private func paths(matching partial: String) -> (word: String, matches: [String]) {
        let slash = partial.lastIndex(of: "/")
        let directory = slash.map { String(partial[...$0]) } ?? ""
        let prefix = slash.map { String(partial[partial.index(after: $0)...]) } ?? partial
        guard let dir = opendir(directory.isEmpty ? "." : directory) else { return (prefix, []) }
        defer { closedir(dir) }
        var out: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            guard name != ".", name != "..", name.hasPrefix(prefix),
                !(prefix.isEmpty && name.hasPrefix("."))
            else { continue }
            let isDirectory = entry.pointee.d_type == UInt8(DT_DIR)
            out.append(name + (isDirectory ? "/" : ""))
        }
        return (prefix, out.sorted())
    }
}

extension String {
    func commonPrefix(with other: String) -> String {
        String(zip(self, other).prefix { $0 == $1 }.map(\.0))
    }
}
