/// The Markdown format: GitHub-flavoured Markdown, with plots as SVG files beside it.
extension Notebook {
    /// The notebook as Markdown, and the plot files it links to.
    ///
    /// Prose is copied as it is; code goes in fenced `gradlab` blocks, printed
    /// text, values and errors in fenced `text` blocks after it, tables as
    /// Markdown tables, and each plot as an image linked to
    /// `folder/plotN.svg` (N counts the plots from 1). The caller writes the
    /// returned files into `folder`, which is relative to the Markdown file.
    func markdown(folder: String) -> (text: String, plots: [(name: String, svg: String)]) {
        var blocks: [String] = []
        var plots: [(name: String, svg: String)] = []
        if !titleIsInProse { blocks.append("# " + Escaping.markdown(title)) }
        for cell in cells {
            switch cell.kind {
            case .markdown:
                blocks.append(cell.source)
            case .code:
                blocks.append(Notebook.fenced(cell.source, info: "gradlab"))
                if !cell.ran {
                    blocks.append("*Not run: an earlier cell stopped with an error.*")
                }
                for output in cell.outputs {
                    switch output {
                    case .text(let text):
                        blocks.append(Notebook.fenced(text, info: "text"))
                    case .value(let value, _):
                        switch value.rich {
                        case .plain, .diagnosis:
                            blocks.append(Notebook.fenced(value.text, info: "text"))
                        case .plot(let svg, let title):
                            let name = "plot\(plots.count + 1).svg"
                            plots.append((name, svg))
                            let alt = Escaping.markdown(title).replacing("\n", with: " ")
                            blocks.append(
                                "![\(alt)](\(Notebook.percentEncoded(folder + "/" + name)))")
                        case .table(let table):
                            blocks.append(table.markdown)
                        }
                    case .error(let error):
                        blocks.append(Notebook.fenced(error.report, info: "text"))
                    }
                }
            }
        }
        return (blocks.joined(separator: "\n\n") + "\n", plots)
    }

    /// `text` in a fenced code block whose fence is longer than any run of backticks inside.
    static func fenced(_ text: String, info: String) -> String {
        var longest = 0
        var run = 0
        for c in text {
            run = c == "`" ? run + 1 : 0
            longest = max(longest, run)
        }
        let fence = String(repeating: "`", count: max(3, longest + 1))
        return fence + info + "\n" + text + "\n" + fence
    }

    /// A relative path as a link target: bytes other than unreserved characters and `/` percent-encoded.
    static func percentEncoded(_ path: String) -> String {
        var out = ""
        for byte in path.utf8 {
            let c = Character(Unicode.Scalar(byte))
            if byte < 0x80 && (c.isLetter || c.isNumber || "-._~/".contains(c)) {
                out.append(c)
            } else {
                let hex = String(byte, radix: 16, uppercase: true)
                out += "%" + (hex.count == 1 ? "0" : "") + hex
            }
        }
        return out
    }
}
