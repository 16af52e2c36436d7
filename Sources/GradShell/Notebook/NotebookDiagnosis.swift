import GradLanguage

/// A `diagnose` report for notebooks to draw as HTML: the findings with
/// their marks (green for healthy, red for a problem), evidence and
/// remedies. Markdown keeps the report's text, which already reads as a list.
struct NotebookDiagnosis {
    let summary: DiagnosisSummary

    /// The report as an HTML fragment: the heading, a list of findings, the
    /// observations as notes. Colours and layout are inline, as a table's are.
    var html: String {
        var out =
            "<div class=\"diagnosis\">\n<p><strong>\(Escaping.html(summary.heading))</strong></p>\n"
        out += "<ul style=\"list-style: none; padding-left: 0\">\n"
        for e in summary.entries {
            let style = e.isHealthy ? NotebookTable.healthyStyle : NotebookTable.problemStyle
            out +=
                "<li><span class=\"\(e.isHealthy ? "ok" : "bad")\" style=\"\(style)\">\(Escaping.html(e.mark))</span> <strong>\(Escaping.html(e.title))</strong>"
            if let step = e.step { out += " (from step \(step))" }
            var details = e.evidence.map(Escaping.html)
            if !e.remedies.isEmpty {
                details.append("try:")
                details += e.remedies.map { "– " + Escaping.html($0) }
            }
            if !details.isEmpty {
                out +=
                    "\n<div style=\"margin-left: 1.5em\">" + details.joined(separator: "<br/>")
                    + "</div>"
            }
            out += "</li>\n"
        }
        out += "</ul>"
        if !summary.observations.isEmpty {
            out +=
                "\n<p class=\"notes\">also measured:<br/>"
                + summary.observations.map(Escaping.html).joined(separator: "<br/>") + "</p>"
        }
        return out + "\n</div>"
    }
}
