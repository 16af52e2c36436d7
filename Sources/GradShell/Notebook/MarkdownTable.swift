/// Where a GitHub-flavoured Markdown table stands in its source, as
/// `MarkdownDocument` finds it: enough to lay the table out again as text.
struct MarkdownTable: Equatable {
    /// How a column's cells are aligned (`:--`, `--:`, `:-:` in the delimiter row).
    enum Alignment: Equatable {
        case left, right, center
    }

    /// The 0-based source lines of the rows, the header row first; the
    /// delimiter row is the line after the header's.
    var rowLines: [Int]
    /// The byte offset in each line where the table starts (after a list
    /// item's indentation or a quote's `> `).
    var offset: Int
    /// One alignment per column.
    var alignments: [Alignment]
}
