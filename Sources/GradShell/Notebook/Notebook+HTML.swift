/// The HTML format: one self-contained page.
extension Notebook {
    /// The notebook as one self-contained HTML page: inline CSS, plots as
    /// inline SVG, no scripts and no external resources.
    ///
    /// The markup is also well-formed XML (every element closed, `&<>`
    /// escaped, `<br />`), after its `<!DOCTYPE html>` line. Prose is rendered
    /// by cmark-gfm (`MarkdownDocument`), safely; code cells show `In [n]:` prompts like Jupyter, with
    /// their code lightly highlighted, and their outputs below (the cell's own
    /// value under `Out[n]:`).
    func html() -> String {
        var out = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8"/>
            <meta name="viewport" content="width=device-width, initial-scale=1"/>
            <meta name="generator" content="GradLab \(GradLab.version)"/>
            <title>\(Escaping.html(title))</title>
            <style>
            \(Notebook.stylesheet)
            </style>
            </head>
            <body>
            <main>

            """
        if !titleIsInProse {
            out += "<h1 class=\"title\">\(Escaping.html(title))</h1>\n"
        }
        for cell in cells {
            switch cell.kind {
            case .markdown:
                let prose =
                    MarkdownDocument(cell.source)?.html
                    ?? "<pre>" + Escaping.html(cell.source) + "</pre>"
                out += "<section class=\"cell markdown\">\n" + prose + "\n</section>\n"
            case .code:
                out += htmlCodeCell(cell)
            }
        }
        out += """
            <footer>Written by GradLab \(GradLab.version).</footer>
            </main>
            </body>
            </html>

            """
        return out
    }

    private func htmlCodeCell(_ cell: NotebookCell) -> String {
        let number = cell.executionCount.map(String.init) ?? " "
        var out = "<section class=\"cell code\">\n"
        out += "<div class=\"prompt in\">In [\(number)]:</div>\n"
        out +=
            "<div class=\"source\"><pre><code>\(Notebook.highlighted(cell.source))</code></pre></div>\n"
        if !cell.ran {
            out +=
                "<div class=\"prompt\"></div>\n<div class=\"output not-run\">Not run: an earlier cell stopped with an error.</div>\n"
        }
        for output in cell.outputs {
            switch output {
            case .text(let text):
                out +=
                    "<div class=\"prompt\"></div>\n<div class=\"output stream\"><pre>\(Escaping.html(text))</pre></div>\n"
            case .value(let value, let isResult):
                out +=
                    isResult
                    ? "<div class=\"prompt out\">Out[\(number)]:</div>\n"
                    : "<div class=\"prompt\"></div>\n"
                out += value.html
            case .error(let error):
                out +=
                    "<div class=\"prompt\"></div>\n<div class=\"output error\"><pre>\(Escaping.html(error.report))</pre></div>\n"
            }
        }
        return out + "</section>\n"
    }

    /// The language's keywords, shown in their own colour.
    static let keywords: Set<String> = [
        "let", "fn", "for", "in", "if", "else", "return", "true", "false", "none",
        "and", "or", "not",
    ]

    /// `code` escaped for HTML, with comments, strings, numbers and keywords in `<span>`s.
    static func highlighted(_ code: String) -> String {
        let s = Array(code)
        var out = ""
        var i = 0
        func span(_ kind: String, _ from: Int, _ to: Int) {
            out +=
                "<span class=\"tok-\(kind)\">" + Escaping.html(String(s[from..<to]))
                + "</span>"
        }
        while i < s.count {
            let c = s[i]
            if c == "#" {
                var j = i
                while j < s.count && s[j] != "\n" { j += 1 }
                span("comment", i, j)
                i = j
            } else if c == "\"" {
                var j = i + 1
                while j < s.count && s[j] != "\"" && s[j] != "\n" {
                    j += s[j] == "\\" && j + 1 < s.count && s[j + 1] != "\n" ? 2 : 1
                }
                if j < s.count && s[j] == "\"" { j += 1 }
                span("string", i, j)
                i = j
            } else if c.isASCII && (c.isLetter || c == "_") {
                var j = i
                while j < s.count && s[j].isASCII && (s[j].isLetter || s[j].isNumber || s[j] == "_")
                { j += 1 }
                let word = String(s[i..<j])
                if keywords.contains(word) {
                    span("keyword", i, j)
                } else {
                    out += Escaping.html(word)
                }
                i = j
            } else if c.isASCII && c.isNumber {
                var j = i
                while j < s.count && s[j].isASCII && (s[j].isNumber || s[j] == "_") { j += 1 }
                if j + 1 < s.count && s[j] == "." && s[j + 1].isASCII && s[j + 1].isNumber {
                    j += 1
                    while j < s.count && s[j].isASCII && (s[j].isNumber || s[j] == "_") { j += 1 }
                }
                if j < s.count && (s[j] == "e" || s[j] == "E") {
                    var k = j + 1
                    if k < s.count && (s[k] == "-" || s[k] == "+") { k += 1 }
                    if k < s.count && s[k].isASCII && s[k].isNumber {
                        j = k
                        while j < s.count && s[j].isASCII && s[j].isNumber { j += 1 }
                    }
                }
                span("number", i, j)
                i = j
            } else {
                out += Escaping.html(String(c))
                i += 1
            }
        }
        return out
    }

    /// The page's CSS: a light, readable page with Jupyter-like prompts (no
    /// web fonts or other resources).
    static let stylesheet = """
        :root { color-scheme: light; }
        body { margin: 0; background: #f5f6f8; color: #1f2328;
          font: 16px/1.6 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
        main { max-width: 1120px; margin: 0 auto; padding: 28px 28px 56px; background: #ffffff;
          box-shadow: 0 0 0 1px #e4e7eb; min-height: 100vh; box-sizing: border-box; }
        h1 { font-size: 2em; line-height: 1.25; margin: 0.3em 0 0.5em; }
        h2 { font-size: 1.45em; line-height: 1.3; margin: 1.4em 0 0.4em; padding-bottom: 0.2em; border-bottom: 1px solid #e4e7eb; }
        h3 { font-size: 1.2em; margin: 1.2em 0 0.4em; }
        p, ul, ol, blockquote { margin: 0.5em 0; }
        blockquote { border-left: 3px solid #d0d7de; padding-left: 12px; color: #57606a; }
        a { color: #0b61c4; }
        code { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, "DejaVu Sans Mono", monospace;
          font-size: 0.88em; background: #eff1f4; padding: 0.1em 0.35em; border-radius: 4px; }
        pre { margin: 0; font: 13px/1.45 ui-monospace, "SFMono-Regular", Menlo, Consolas, "DejaVu Sans Mono", monospace;
          white-space: pre; overflow-x: auto; }
        pre code { background: none; padding: 0; font-size: inherit; }
        .cell { margin: 12px 0; }
        .markdown { margin-left: 84px; }
        .code { display: grid; grid-template-columns: 72px minmax(0, 1fr); column-gap: 12px; row-gap: 6px; }
        .prompt { font: 12px/1.45 ui-monospace, Menlo, Consolas, "DejaVu Sans Mono", monospace; color: #8c959f;
          text-align: right; padding-top: 9px; white-space: nowrap; }
        .prompt.in { color: #2f5fb3; }
        .prompt.out { color: #b3412f; }
        .source pre { background: #f6f8fa; border: 1px solid #d8dee4; border-left: 3px solid #4a7bd0;
          border-radius: 4px; padding: 8px 12px; }
        .output { min-width: 0; }
        .output pre { padding: 8px 12px 8px 15px; white-space: pre-wrap; overflow-wrap: anywhere; }
        .output.error pre { background: #fff0f0; border-left: 3px solid #d1242f; color: #82071e; border-radius: 4px; }
        .output.not-run { color: #9a6700; font-style: italic; font-size: 14px; padding: 4px 15px; }
        .output.plot { margin: 0; padding: 4px 0 4px 15px; }
        .output.plot svg { max-width: 100%; height: auto; border: 1px solid #e4e7eb; border-radius: 4px; }
        .output.table { overflow-x: auto; padding: 4px 0 4px 15px; }
        .output.findings { padding: 4px 0 4px 15px; font-size: 14px; }
        .output.findings p { margin: 0.2em 0; }
        table { border-collapse: collapse; font: 12.5px/1.4 ui-monospace, Menlo, Consolas, "DejaVu Sans Mono", monospace; }
        caption { text-align: left; font: 600 14px/1.6 system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; padding: 2px 0 4px; }
        th, td { border: 1px solid #d8dee4; padding: 3px 7px; white-space: nowrap; text-align: left; }
        th { background: #f0f3f6; font-weight: 600; }
        tbody tr:nth-child(even) { background: #fafbfc; }
        .num { text-align: right; }
        .markdown table { font: inherit; font-size: 0.95em; margin: 0.6em 0; }
        .markdown th, .markdown td { white-space: normal; }
        .markdown li > input[type="checkbox"] { margin: 0 0.4em 0 0; }
        .notes { color: #57606a; font-size: 13px; margin: 6px 0 0; }
        .tok-comment { color: #6e7781; font-style: italic; }
        .tok-string { color: #0a3069; }
        .tok-number { color: #0550ae; }
        .tok-keyword { color: #cf222e; }
        footer { margin-top: 40px; color: #8c959f; font-size: 12px; }
        @media (max-width: 700px) {
          .code { grid-template-columns: minmax(0, 1fr); }
          .prompt { text-align: left; padding-top: 0; }
          .markdown { margin-left: 0; }
        }
        """
}
