import CCmarkGFM

#if canImport(Glibc)
    import Glibc
#endif

/// Notebook and tour prose parsed as GitHub-flavoured Markdown by cmark-gfm,
/// CommonMark's reference implementation with GitHub's extensions.
///
/// The extensions are GitHub's: tables, ~~strikethrough~~, autolinks
/// (`www.example.org`, bare URLs) and task lists (`- [x] done`). `html` renders
/// with cmark's safe default: raw HTML is left out (a comment marks where) and
/// links or images whose URL is `javascript:`, `vbscript:`, `file:` or a
/// non-image `data:` lose their URL.
final class MarkdownDocument {
    /// The extensions attached to every parse, by cmark-gfm's names.
    static let extensionNames = ["table", "strikethrough", "autolink", "tasklist"]

    private let parser: OpaquePointer
    private let root: OpaquePointer

    /// `markdown` parsed; nil only when cmark cannot allocate its parser.
    init?(_ markdown: String) {
        _ = MarkdownDocument.registered
        guard let parser = cmark_parser_new(CMARK_OPT_DEFAULT) else { return nil }
        for name in MarkdownDocument.extensionNames {
            if let ext = cmark_find_syntax_extension(name) {
                cmark_parser_attach_syntax_extension(parser, ext)
            }
        }
        var text = markdown
        text.withUTF8 { bytes in
            bytes.withMemoryRebound(to: CChar.self) { chars in
                cmark_parser_feed(parser, chars.baseAddress, chars.count)
            }
        }
        guard let root = cmark_parser_finish(parser) else {
            cmark_parser_free(parser)
            return nil
        }
        self.parser = parser
        self.root = root
    }

    deinit {
        cmark_node_free(root)
        cmark_parser_free(parser)
    }

    /// cmark-gfm's core extensions, registered once per process (the
    /// registration itself is not thread-safe; a static is initialized once).
    private static let registered: Void = cmark_gfm_core_extensions_ensure_registered()

    /// The document as HTML block elements, rendered safely (see the type's
    /// summary). The markup is well-formed XML: cmark closes every element
    /// (`<br />`, `<hr />`) and escapes `& < > "`; the characters XML forbids,
    /// which numeric entities such as `&#1;` can produce, become U+FFFD.
    var html: String {
        // Column alignment as `style` attributes, which a page's CSS for
        // tables does not override (it does override `align`).
        guard
            let rendered = cmark_render_html(
                root, CMARK_OPT_DEFAULT | CMARK_OPT_TABLE_PREFER_STYLE_ATTRIBUTES,
                cmark_parser_get_syntax_extensions(parser))
        else { return "" }
        defer { free(rendered) }
        var text = String(cString: rendered)
        while text.hasSuffix("\n") { text.removeLast() }
        return MarkdownDocument.replacingCharactersXMLForbids(text)
    }

    /// The text of the first heading of `level` (1 for `# Title`), without its
    /// markup: `# Notebook *test*` gives "Notebook test".
    func firstHeading(level: Int) -> String? {
        var found: String?
        visit(root) { node in
            guard found == nil, cmark_node_get_type(node) == CMARK_NODE_HEADING,
                Int(cmark_node_get_heading_level(node)) == level
            else { return found == nil }
            let text = plainText(of: node)
            if !text.isEmpty { found = text }
            return false
        }
        return found
    }

    /// The lines (0-based) that hold ATX headings (`## Title`), each with the
    /// byte offset where the heading's `#` stands (after a quote's `> `, say).
    var atxHeadingLines: [(line: Int, offset: Int)] {
        var lines: [(line: Int, offset: Int)] = []
        visit(root) { node in
            if cmark_node_get_type(node) == CMARK_NODE_HEADING,
                cmark_node_get_start_line(node) == cmark_node_get_end_line(node)
            {
                lines.append(
                    (
                        Int(cmark_node_get_start_line(node)) - 1,
                        Int(cmark_node_get_start_column(node)) - 1
                    ))
            }
            return true
        }
        return lines
    }

    /// The tables, in order.
    var tables: [MarkdownTable] {
        var tables: [MarkdownTable] = []
        visit(root) { node in
            guard cmark_node_get_type_string(node).map({ String(cString: $0) }) == "table" else {
                return true
            }
            let columns = Int(cmark_gfm_extensions_get_table_columns(node))
            var alignments: [MarkdownTable.Alignment] = []
            if let marks = cmark_gfm_extensions_get_table_alignments(node) {
                for i in 0..<columns {
                    switch UnicodeScalar(marks[i]) {
                    case "r": alignments.append(.right)
                    case "c": alignments.append(.center)
                    default: alignments.append(.left)
                    }
                }
            }
            var rows: [Int] = []
            var row = cmark_node_first_child(node)
            while let r = row {
                rows.append(Int(cmark_node_get_start_line(r)) - 1)
                row = cmark_node_next(r)
            }
            tables.append(
                MarkdownTable(
                    rowLines: rows, offset: Int(cmark_node_get_start_column(node)) - 1,
                    alignments: alignments))
            return false
        }
        return tables
    }

    /// Calls `body` on `node` and its descendants in document order, skipping
    /// the descendants of a node for which it returns false. cmark's iterator
    /// walks the tree without recursion, so deeply nested prose (a line of
    /// thousands of `>`) cannot exhaust the stack.
    private func visit(_ node: OpaquePointer, _ body: (OpaquePointer) -> Bool) {
        guard let iterator = cmark_iter_new(node) else { return }
        defer { cmark_iter_free(iterator) }
        while true {
            let event = cmark_iter_next(iterator)
            if event == CMARK_EVENT_DONE { return }
            guard event == CMARK_EVENT_ENTER, let current = cmark_iter_get_node(iterator) else {
                continue
            }
            if !body(current) { cmark_iter_reset(iterator, current, CMARK_EVENT_EXIT) }
        }
    }

    /// The literal text under `node`: text and code spans, line breaks as spaces.
    private func plainText(of node: OpaquePointer) -> String {
        var out = ""
        visit(node) { inner in
            switch cmark_node_get_type(inner) {
            case CMARK_NODE_TEXT, CMARK_NODE_CODE:
                out += cmark_node_get_literal(inner).map { String(cString: $0) } ?? ""
            case CMARK_NODE_SOFTBREAK, CMARK_NODE_LINEBREAK: out += " "
            default: break
            }
            return true
        }
        return out.trimmingCharacters()
    }

    /// `html` with the characters XML 1.0 does not allow (control characters
    /// other than tab and newline, U+FFFE, U+FFFF) replaced by U+FFFD, as
    /// `XMLText.escape` does for the rest of the page.
    private static func replacingCharactersXMLForbids(_ html: String) -> String {
        var out = String.UnicodeScalarView()
        for c in html.unicodeScalars {
            let forbidden =
                (c.value < 0x20 && c != "\t" && c != "\n") || (0x7F...0x9F).contains(c.value)
                || c.value == 0xFFFE || c.value == 0xFFFF
            out.append(forbidden ? "\u{FFFD}" : c)
        }
        return String(out)
    }
}
