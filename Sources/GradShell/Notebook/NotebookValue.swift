/// A displayed value as a notebook keeps it: always its text form, and for a
/// plot its SVG, for a table (a model's summary too) its cells, for a
/// diagnosis its findings.
///
/// It is rendered when it is shown (`NotebookRenderer`), since models and
/// histories change afterwards. `mimeBundle` and `html` are the forms every
/// notebook format and the Jupyter kernel take from it.
struct NotebookValue {
    /// What the notebook can show besides text.
    enum Rich {
        case plain
        /// A standalone SVG document (`PlotValue.svg()`) and the plot's title.
        case plot(svg: String, title: String)
        /// A table: `grads`, `acts`, `weights`, `compare`, `gradcheck`,
        /// `try_remedies`, and a model's summary.
        case table(NotebookTable)
        case diagnosis(NotebookDiagnosis)
    }

    /// The value as the terminal shows it (Unicode, no colour, 80 columns).
    let text: String
    let rich: Rich

    /// The value in each form Jupyter shows, by MIME type: `text/plain`
    /// always, `image/svg+xml` for a plot (the standalone document),
    /// `text/html` for a table or a diagnosis. The `.ipynb` export writes these as a
    /// cell output's `data`, and the kernel sends them.
    var mimeBundle: [String: String] {
        var bundle = ["text/plain": text]
        switch rich {
        case .plain: break
        case .plot(let svg, _): bundle["image/svg+xml"] = svg
        case .table(let table): bundle["text/html"] = table.html
        case .diagnosis(let diagnosis): bundle["text/html"] = diagnosis.html
        }
        return bundle
    }

    /// The value as an element of the HTML page: text in a `<pre>`, a plot
    /// as inline SVG in a `<figure>`, a table or diagnosis as its HTML.
    var html: String {
        switch rich {
        case .plain:
            return "<div class=\"output value\"><pre>\(Escaping.html(text))</pre></div>\n"
        case .plot(let svg, _):
            return "<figure class=\"output plot\">\n\(NotebookValue.inlineSVG(svg))</figure>\n"
        case .table(let table):
            return "<div class=\"output table\">\n\(table.html)\n</div>\n"
        case .diagnosis(let diagnosis):
            return "<div class=\"output findings\">\n\(diagnosis.html)\n</div>\n"
        }
    }

    /// A standalone SVG document as an element to put inside a page: without
    /// its XML declaration (which may only open a document).
    static func inlineSVG(_ svg: String) -> String {
        guard let start = svg.firstRange(of: "<svg") else { return Escaping.html(svg) }
        var element = String(svg[start.lowerBound...])
        if !element.hasSuffix("\n") { element += "\n" }
        return element
    }
}
