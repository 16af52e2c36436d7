/// The Jupyter format: nbformat 4.5 JSON.
extension Notebook {
    /// The notebook as an `.ipynb` document (nbformat 4, minor 5: cells have ids).
    ///
    /// Prose cells are `markdown` cells; code cells carry their run number and
    /// outputs: printed text as a `stdout` stream, displayed values as
    /// `display_data` (the cell's own value as `execute_result`) with
    /// `text/plain`, plus `image/svg+xml` for a plot and `text/html` for a
    /// table, and errors as `error` outputs whose traceback is the report's lines.
    func ipynb() -> String {
        let cellsJSON = cells.enumerated().map { k, cell -> NotebookJSON in
            let id = NotebookJSON.string("cell-\(k + 1)")
            switch cell.kind {
            case .markdown:
                return .object([
                    ("cell_type", .string("markdown")), ("id", id), ("metadata", .object([])),
                    ("source", .lines(cell.source)),
                ])
            case .code:
                return .object([
                    ("cell_type", .string("code")),
                    ("execution_count", cell.executionCount.map { .int($0) } ?? .null),
                    ("id", id), ("metadata", .object([])),
                    (
                        "outputs",
                        .array(
                            cell.outputs.map {
                                ipynbOutput($0, executionCount: cell.executionCount)
                            })
                    ),
                    ("source", .lines(cell.source)),
                ])
            }
        }
        let metadata: NotebookJSON = .object([
            (
                "kernelspec",
                .object([
                    ("display_name", .string("GradLab")), ("language", .string("gradlab")),
                    ("name", .string("gradlab")),
                ])
            ),
            (
                "language_info",
                .object([
                    ("codemirror_mode", .string("python")), ("file_extension", .string(".grad")),
                    ("mimetype", .string("text/x-gradlab")), ("name", .string("gradlab")),
                    ("version", .string(GradLab.version)),
                ])
            ),
            ("title", .string(title)),
        ])
        return NotebookJSON.object([
            ("cells", .array(cellsJSON)), ("metadata", metadata),
            ("nbformat", .int(4)), ("nbformat_minor", .int(5)),
        ]).text()
    }

    private func ipynbOutput(_ output: NotebookOutput, executionCount: Int?) -> NotebookJSON {
        switch output {
        case .text(let text):
            return .object([
                ("name", .string("stdout")), ("output_type", .string("stream")),
                ("text", .lines(text + "\n")),
            ])
        case .value(let value, let isResult):
            var data: [(key: String, value: NotebookJSON)] = []
            switch value.rich {
            case .plain: break
            case .plot(let svg, _): data.append(("image/svg+xml", .lines(svg)))
            case .table(let table): data.append(("text/html", .lines(table.html)))
            }
            data.append(("text/plain", .lines(value.text)))
            if isResult, let executionCount {
                return .object([
                    ("data", .object(data)), ("execution_count", .int(executionCount)),
                    ("metadata", .object([])), ("output_type", .string("execute_result")),
                ])
            }
            return .object([
                ("data", .object(data)), ("metadata", .object([])),
                ("output_type", .string("display_data")),
            ])
        case .error(let name, let message, let report):
            let traceback = report.split(separator: "\n", omittingEmptySubsequences: false).map {
                NotebookJSON.string(String($0))
            }
            return .object([
                ("ename", .string(name)), ("evalue", .string(message)),
                ("output_type", .string("error")),
                ("traceback", .array(traceback)),
            ])
        }
    }
}
