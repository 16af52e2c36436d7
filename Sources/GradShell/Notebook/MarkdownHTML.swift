import GradLanguage

/// A small, safe Markdown-to-HTML converter for notebook prose.
///
/// Blocks: headings `#` to `######`, paragraphs (a line ending in two spaces
/// or a backslash breaks), bullet lists (`-`, `*`, `+`), numbered lists,
/// block quotes, fenced code blocks and `---` rules. Inline: `code`, **bold**,
/// *italic* (also with underscores, but not inside words, so `dead_relu`
/// stays as it is), links `[text](url)` and `<https://...>`, and backslash
/// escapes. Everything else is text: raw HTML is escaped, and links with a
/// scheme other than http, https and mailto are left as text. The output is
/// well-formed XML (every tag closed, `<br/>`).
enum MarkdownHTML {
    /// `markdown` as HTML block elements, one per line.
    static func html(_ markdown: String) -> String {
        let lines = markdown.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            line.hasSuffix("\r") ? String(line.dropLast()) : String(line)
        }
        var out: [String] = []
        var paragraph: [String] = []
        func flush() {
            guard !paragraph.isEmpty else { return }
            out.append("<p>" + lineBlock(paragraph) + "</p>")
            paragraph = []
        }
        var i = 0
        while i < lines.count {
            let line = lines[i]
            let trimmed = String(line.drop { $0 == " " || $0 == "\t" })
            if trimmed.isEmpty {
                flush()
                i += 1
            } else if let fence = fenceMarker(trimmed) {
                flush()
                var code: [String] = []
                i += 1
                while i < lines.count && !lines[i].drop(while: { $0 == " " }).hasPrefix(fence) {
                    code.append(lines[i])
                    i += 1
                }
                i += 1
                out.append("<pre><code>" + escape(code.joined(separator: "\n")) + "</code></pre>")
            } else if let (level, text) = heading(trimmed) {
                flush()
                out.append("<h\(level)>" + inline(text) + "</h\(level)>")
                i += 1
            } else if isRule(trimmed) {
                flush()
                out.append("<hr/>")
                i += 1
            } else if trimmed.hasPrefix(">") {
                flush()
                var quoted: [String] = []
                while i < lines.count, case let t = lines[i].drop(while: { $0 == " " }),
                    t.hasPrefix(">")
                {
                    var body = t.dropFirst()
                    if body.hasPrefix(" ") { body = body.dropFirst() }
                    quoted.append(String(body))
                    i += 1
                }
                out.append(
                    "<blockquote>\n" + html(quoted.joined(separator: "\n")) + "\n</blockquote>")
            } else if let (ordered, _) = listItem(trimmed) {
                flush()
                var items: [[String]] = []
                while i < lines.count {
                    let t = String(lines[i].drop { $0 == " " || $0 == "\t" })
                    if let (o, text) = listItem(t), o == ordered {
                        items.append([text])
                    } else if !t.isEmpty, lines[i].hasPrefix("  ") || lines[i].hasPrefix("\t"),
                        !items.isEmpty
                    {
                        items[items.count - 1].append(t)
                    } else {
                        break
                    }
                    i += 1
                }
                let tag = ordered ? "ol" : "ul"
                out.append(
                    "<\(tag)>\n"
                        + items.map { "<li>" + lineBlock($0) + "</li>" }.joined(separator: "\n")
                        + "\n</\(tag)>")
            } else {
                paragraph.append(trimmed)
                i += 1
            }
        }
        flush()
        return out.joined(separator: "\n")
    }

    /// The inline Markdown of `text` as HTML.
    static func inline(_ text: String) -> String { inline(Array(text), plain: false) }

    /// The inline Markdown of `text` with its markup removed (for titles).
    static func plainText(_ text: String) -> String { inline(Array(text), plain: true) }

    /// Text safe inside an HTML or XML element or attribute (see `XMLText`).
    static func escape(_ text: String) -> String { XMLText.escape(text) }

    /// Text that reads literally in Markdown: its markup characters backslash-escaped.
    static func escapeMarkdown(_ text: String) -> String {
        var out = ""
        for c in text {
            if "\\`*_[]<>|#".contains(c) { out.append("\\") }
            out.append(c)
        }
        return out
    }

    // MARK: Blocks

    /// Lines of one paragraph or list item: a line ending in two spaces or a backslash breaks.
    private static func lineBlock(_ lines: [String]) -> String {
        var out = ""
        for (k, line) in lines.enumerated() {
            var text = Substring(line)
            var hardBreak = false
            if text.hasSuffix("  ") {
                hardBreak = true
                while text.hasSuffix(" ") { text = text.dropLast() }
            } else if text.hasSuffix("\\") && !text.hasSuffix("\\\\") {
                hardBreak = true
                text = text.dropLast()
            }
            while text.hasSuffix(" ") { text = text.dropLast() }
            out += inline(String(text))
            if k < lines.count - 1 { out += hardBreak ? "<br/>\n" : "\n" }
        }
        return out
    }

    /// The fence (three or more backticks or tildes) that opens a code block, if `line` is one.
    private static func fenceMarker(_ line: String) -> String? {
        for mark in ["`", "~"] {
            let run = line.prefix { String($0) == mark }.count
            if run >= 3 { return String(repeating: mark, count: run) }
        }
        return nil
    }

    /// The level and text of an ATX heading (`## Text`).
    private static func heading(_ line: String) -> (Int, String)? {
        let level = line.prefix { $0 == "#" }.count
        guard (1...6).contains(level) else { return nil }
        let rest = line.dropFirst(level)
        guard rest.isEmpty || rest.first == " " || rest.first == "\t" else { return nil }
        var text = rest.trimmingSpaces()
        // A closing run of #s is not part of the heading.
        let closing = text.reversed().prefix { $0 == "#" }.count
        if closing > 0 && (closing == text.count || text.dropLast(closing).hasSuffix(" ")) {
            text = String(text.dropLast(closing)).trimmingSpaces()
        }
        return (level, text)
    }

    /// `---`, `***` or `___` (three or more, spaces allowed).
    private static func isRule(_ line: String) -> Bool {
        let marks = line.filter { $0 != " " && $0 != "\t" }
        guard marks.count >= 3, let first = marks.first, "-*_".contains(first) else { return false }
        return marks.allSatisfy { $0 == first }
    }

    /// A list item: whether it is numbered, and its text.
    private static func listItem(_ line: String) -> (Bool, String)? {
        if let first = line.first, "-*+".contains(first), line.dropFirst().first == " " {
            return (false, String(line.dropFirst(2)).trimmingSpaces())
        }
        let digits = line.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty, digits.count <= 9 else { return nil }
        let rest = line.dropFirst(digits.count)
        guard let mark = rest.first, mark == "." || mark == ")", rest.dropFirst().first == " "
        else { return nil }
        return (true, String(rest.dropFirst(2)).trimmingSpaces())
    }

    // MARK: Inline

    private static func inline(_ s: [Character], plain: Bool) -> String {
        var out = ""
        var i = 0
        func text(_ t: String) { out += plain ? t : escape(t) }
        while i < s.count {
            let c = s[i]
            switch c {
            case "\\"
            where i + 1 < s.count && s[i + 1].isASCII && s[i + 1].isPunctuation
                || i + 1 < s.count && s[i + 1].isASCII && s[i + 1].isSymbol:
                text(String(s[i + 1]))
                i += 2
            case "`":
                let run = runLength(of: "`", in: s, at: i)
                if let close = findRun(of: "`", length: run, in: s, from: i + run) {
                    var code = String(s[(i + run)..<close]).replacing("\n", with: " ")
                    if code.count >= 2 && code.hasPrefix(" ") && code.hasSuffix(" ")
                        && code.contains(where: { $0 != " " })
                    {
                        code = String(code.dropFirst().dropLast())
                    }
                    out += plain ? code : "<code>" + escape(code) + "</code>"
                    i = close + run
                } else {
                    text(String(repeating: "`", count: run))
                    i += run
                }
            case "*", "_":
                let run = runLength(of: c, in: s, at: i)
                let previous: Character? = i > 0 ? s[i - 1] : nil
                let opens =
                    i + run < s.count && !s[i + run].isWhitespace
                    && (c == "*" || !(previous.map { $0.isLetter || $0.isNumber } ?? false))
                if opens,
                    let (close, length) = closingEmphasis(
                        c, run: run, in: s, from: i + (run >= 2 ? 2 : 1))
                {
                    let inner = inline(Array(s[(i + length)..<close]), plain: plain)
                    if plain {
                        out += inner
                    } else {
                        out +=
                            length == 1
                            ? "<em>" + inner + "</em>" : "<strong>" + inner + "</strong>"
                    }
                    i = close + length
                } else {
                    text(String(repeating: c, count: run))
                    i += run
                }
            case "[":
                if let (label, url, end) = link(in: s, at: i) {
                    let inner = inline(label, plain: plain)
                    if plain {
                        out += inner
                    } else if let href = safeURL(url) {
                        out += "<a href=\"" + escape(href) + "\">" + inner + "</a>"
                    } else {
                        out += inner
                    }
                    i = end
                } else {
                    text("[")
                    i += 1
                }
            case "<":
                if let close = s[i...].firstIndex(of: ">"),
                    case let url = String(s[(i + 1)..<close]),
                    !url.contains(" "), let href = safeURL(url), href.contains(":")
                {
                    out += plain ? url : "<a href=\"" + escape(href) + "\">" + escape(url) + "</a>"
                    i = close + 1
                } else {
                    text("<")
                    i += 1
                }
            default:
                text(String(c))
                i += 1
            }
        }
        return out
    }

    /// How many copies of `c` stand in a row from `i`.
    private static func runLength(of c: Character, in s: [Character], at i: Int) -> Int {
        var n = 0
        while i + n < s.count && s[i + n] == c { n += 1 }
        return n
    }

    /// The start of the next run of exactly `length` copies of `c` at or after `from`.
    private static func findRun(of c: Character, length: Int, in s: [Character], from: Int) -> Int?
    {
        var j = from
        while j < s.count {
            if s[j] == c {
                let n = runLength(of: c, in: s, at: j)
                if n == length { return j }
                j += n
            } else {
                j += 1
            }
        }
        return nil
    }

    /// Where the emphasis opened by a run of `c` closes, and the delimiter's
    /// length: 2 (strong) for a run of two or more, else 1.
    private static func closingEmphasis(_ c: Character, run: Int, in s: [Character], from: Int) -> (
        Int, Int
    )? {
        let length = run >= 2 ? 2 : 1
        var j = from
        while j < s.count {
            if s[j] == "`" {
                // Code spans bind tighter than emphasis.
                let r = runLength(of: "`", in: s, at: j)
                j = (findRun(of: "`", length: r, in: s, from: j + r) ?? j) + r
                continue
            }
            guard s[j] == c else {
                j += 1
                continue
            }
            let n = runLength(of: c, in: s, at: j)
            let next: Character? = j + n < s.count ? s[j + n] : nil
            let closes =
                j > from && !s[j - 1].isWhitespace
                && (c == "*" || !(next.map { $0.isLetter || $0.isNumber } ?? false))
            if closes && (n == length || n >= 3) { return (j + n - length, length) }
            j += n
        }
        return nil
    }

    /// `[label](url)` at `i`: the label, the URL and the index after the `)`.
    private static func link(in s: [Character], at i: Int) -> ([Character], String, Int)? {
        var depth = 0
        var j = i
        while j < s.count {
            if s[j] == "[" { depth += 1 }
            if s[j] == "]" {
                depth -= 1
                if depth == 0 { break }
            }
            j += 1
        }
        guard j < s.count, j + 1 < s.count, s[j + 1] == "(" else { return nil }
        // The URL ends at the `)` that balances its `(`s.
        var close = j + 2
        var parens = 0
        while close < s.count {
            if s[close] == "(" { parens += 1 }
            if s[close] == ")" {
                if parens == 0 { break }
                parens -= 1
            }
            close += 1
        }
        guard close < s.count else { return nil }
        var url = String(s[(j + 2)..<close]).trimmingSpaces()
        // A title after the URL ("url "title"") is dropped.
        if let space = url.firstIndex(of: " ") { url = String(url[..<space]) }
        if url.hasPrefix("<") && url.hasSuffix(">") { url = String(url.dropFirst().dropLast()) }
        return (Array(s[(i + 1)..<j]), url, close + 1)
    }

    /// `url` when it is safe to link: relative, or with the scheme http, https or mailto.
    static func safeURL(_ url: String) -> String? {
        guard !url.isEmpty,
            !url.contains(where: {
                $0.isWhitespace || $0.unicodeScalars.contains { $0.value < 0x20 }
            })
        else { return nil }
        let beforeColon = url.prefix { $0 != ":" && $0 != "/" && $0 != "?" && $0 != "#" }
        guard beforeColon.count < url.count, url[beforeColon.endIndex] == ":" else { return url }
        return ["http", "https", "mailto"].contains(beforeColon.lowercased()) ? url : nil
    }
}

extension String {
    /// The string without leading and trailing spaces and tabs.
    func trimmingSpaces() -> String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" { s = s.dropLast() }
        return String(s)
    }
}

extension Substring {
    func trimmingSpaces() -> String { String(self).trimmingSpaces() }
}
