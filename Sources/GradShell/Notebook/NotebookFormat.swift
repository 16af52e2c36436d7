import GradEngine

#if canImport(Glibc)
    import Glibc
#endif

/// The formats a notebook is written in, chosen by the file name's extension:
/// `.ipynb` (Jupyter), `.md` (Markdown, plots as SVG files beside it) and `.html`.
enum NotebookFormat: CaseIterable {
    case ipynb, markdown, html

    /// The extension that selects the format.
    var fileExtension: String {
        switch self {
        case .ipynb: ".ipynb"
        case .markdown: ".md"
        case .html: ".html"
        }
    }

    /// The format `path`'s extension names (in any case), or nil.
    init?(path: String) {
        let lower = path.lowercased()
        guard
            let format = NotebookFormat.allCases.first(where: {
                lower.hasSuffix($0.fileExtension) && lower.count > $0.fileExtension.count
                    && !lower.hasSuffix("/" + $0.fileExtension)
            })
        else { return nil }
        self = format
    }

    /// Why `path` cannot be a notebook, naming the extensions allowed.
    static func unsupported(_ path: String) -> String {
        "cannot write a notebook to '\(path)': its name must end in .ipynb (Jupyter), .md (Markdown) or .html"
    }

    /// Why a notebook could not be written to `path` before anything runs, or
    /// nil when it may be: its folder must exist and not be a file.
    static func problem(writingTo path: String) -> String? {
        let folder =
            path.lastIndex(of: "/").map { path[..<$0].isEmpty ? "/" : String(path[..<$0]) } ?? "."
        var info = stat()
        guard stat(folder, &info) == 0 else {
            return "cannot write \(path): \(String(cString: strerror(errno)))"
        }
        guard info.st_mode & S_IFMT == S_IFDIR else {
            return "cannot write \(path): \(folder) is not a folder"
        }
        if stat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFDIR {
            return "cannot write \(path): it is a folder"
        }
        return nil
    }

    /// Writes `notebook` to `path` in this format, atomically; returns the
    /// paths written. For Markdown the plots go first, as
    /// `STEM_files/plotN.svg` beside the file (the folder is made when needed),
    /// so the document never links to a missing file.
    func write(_ notebook: Notebook, to path: String) throws(EngineError) -> [String] {
        switch self {
        case .ipynb:
            try AtomicFile.write(notebook.ipynb(), to: path)
            return [path]
        case .html:
            try AtomicFile.write(notebook.html(), to: path)
            return [path]
        case .markdown:
            let slash = path.lastIndex(of: "/")
            let directory = slash.map { String(path[...$0]) } ?? ""
            let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
            let folderName = String(name.dropLast(fileExtension.count)) + "_files"
            let (text, plots) = notebook.markdown(folder: folderName)
            var written: [String] = []
            if !plots.isEmpty {
                let folder = directory + folderName
                if mkdir(folder, 0o777) != 0 && errno != EEXIST {
                    throw .file("cannot write \(folder): \(String(cString: strerror(errno)))")
                }
                for plot in plots {
                    try AtomicFile.write(plot.svg, to: folder + "/" + plot.name)
                    written.append(folder + "/" + plot.name)
                }
            }
            try AtomicFile.write(text, to: path)
            return [path] + written
        }
    }
}
