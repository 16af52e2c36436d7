/// A notebook: cells of Markdown prose and cells of code with what they showed.
///
/// `NotebookRecorder` builds one from a script (a prose cell and a code cell
/// for each `#%%` cell) or collects one from a REPL session (a code cell per
/// entry); `NotebookFormat` writes it as `.ipynb`, `.md` or `.html`
/// (`Notebook+IPYNB`, `Notebook+Markdown`, `Notebook+HTML`).
struct Notebook {
    /// The document's title: the first `# ` heading of the prose, else the fallback given.
    let title: String
    /// True when the title is the prose's own heading (a document then does not repeat it).
    let titleIsInProse: Bool
    /// The cells, in order.
    let cells: [NotebookCell]

    /// A notebook of `cells`, titled by the first level-1 heading of their prose, or by `fallbackTitle`.
    init(cells: [NotebookCell], fallbackTitle: String) {
        self.cells = cells
        if let heading = Notebook.firstHeading(in: cells) {
            title = heading
            titleIsInProse = true
        } else {
            title = fallbackTitle
            titleIsInProse = false
        }
    }

    /// The number of code cells.
    var codeCellCount: Int { cells.count { $0.kind == .code } }

    /// The text of the first level-1 heading (`# Title`) in the Markdown
    /// cells, with its inline markup removed.
    static func firstHeading(in cells: [NotebookCell]) -> String? {
        for cell in cells where cell.kind == .markdown {
            if let heading = MarkdownDocument(cell.source)?.firstHeading(level: 1) {
                return heading
            }
        }
        return nil
    }
}
