import GradEngine

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
        let cellsJSON = cells.enumerated().map { k, cell -> JSONValue in
            let id = JSONValue.string("cell-\(k + 1)")
            switch cell.kind {
            case .markdown:
                return .object([
                    JSONMember("cell_type", .string("markdown")), JSONMember("id", id),
                    JSONMember("metadata", .object([])),
                    JSONMember("source", Notebook.lines(cell.source)),
                ])
            case .code:
                return .object([
                    JSONMember("cell_type", .string("code")),
                    JSONMember("execution_count", cell.executionCount.map { .int($0) } ?? .null),
                    JSONMember("id", id), JSONMember("metadata", .object([])),
                    JSONMember(
                        "outputs",
                        .array(
                            cell.outputs.map {
                                ipynbOutput($0, executionCount: cell.executionCount)
                            })),
                    JSONMember("source", Notebook.lines(cell.source)),
                ])
            }
        }
        // The kernel GradLab installs (`gradlab kernel install`) and the
        // language it announces, so Jupyter runs the cells with it.
        let metadata: JSONValue = .object([
            JSONMember(
                "kernelspec",
                .object([
                    JSONMember("display_name", .string("GradLab")),
                    JSONMember("language", .string("grad")),
                    JSONMember("name", .string("gradlab")),
                ])),
            JSONMember(
                "language_info",
                .object([
                    JSONMember("codemirror_mode", .string("text/x-grad")),
                    JSONMember("file_extension", .string(".grad")),
                    JSONMember("mimetype", .string("text/x-grad")),
                    JSONMember("name", .string("grad")),
                    JSONMember("nbconvert_exporter", .string("script")),
                    JSONMember("pygments_lexer", .string("grad")),
                    JSONMember("version", .string(GradLab.version)),
                ])),
            JSONMember("title", .string(title)),
        ])
        let document = JSONValue.object([
            JSONMember("cells", .array(cellsJSON)), JSONMember("metadata", metadata),
            JSONMember("nbformat", .int(4)), JSONMember("nbformat_minor", .int(5)),
        ])
        // nbformat indents one space a level and ends the file with a newline.
        return document.indentedText(step: 1) + "\n"
    }

    /// Multi-line text as nbformat stores it: a list of lines, each but the last ending in "\n".
    private static func lines(_ text: String) -> JSONValue {
        var parts = text.split(separator: "\n", omittingEmptySubsequences: false).map {
            String($0) + "\n"
        }
        if let last = parts.last {
            parts[parts.count - 1] = String(last.dropLast())
            if parts[parts.count - 1].isEmpty { parts.removeLast() }
        }
        return .array(parts.map { .string($0) })
    }

    private func ipynbOutput(_ output: NotebookOutput, executionCount: Int?) -> JSONValue {
        switch output {
        case .text(let text):
            return .object([
                JSONMember("name", .string("stdout")), JSONMember("output_type", .string("stream")),
                JSONMember("text", Notebook.lines(text + "\n")),
            ])
        case .value(let value, let isResult):
            // Sorted by MIME type, so the file is the same from run to run.
            let data = value.mimeBundle.sorted { $0.key < $1.key }.map {
                JSONMember($0.key, Notebook.lines($0.value))
            }
            if isResult, let executionCount {
                return .object([
                    JSONMember("data", .object(data)),
                    JSONMember("execution_count", .int(executionCount)),
                    JSONMember("metadata", .object([])),
                    JSONMember("output_type", .string("execute_result")),
                ])
            }
            return .object([
                JSONMember("data", .object(data)), JSONMember("metadata", .object([])),
                JSONMember("output_type", .string("display_data")),
            ])
        case .error(let error):
            let traceback = error.reportLines.map { JSONValue.string($0) }
            return .object([
                JSONMember("ename", .string(error.name)),
                JSONMember("evalue", .string(error.message)),
                JSONMember("output_type", .string("error")),
                JSONMember("traceback", .array(traceback)),
            ])
        }
    }
}
