/// Writes a dataset as comma-separated text that `CSVLoader` reads back to the
/// same dataset: a header row with the feature names and the target column
/// last, then one row per sample.
///
/// - Numbers are written as the shortest text that reads back to the same
///   value (`0.1`, `2.0`, `1e-05`), so the features and regression targets
///   come back bit for bit.
/// - Class labels are written by name when `csv(path, target: name)` reads the
///   names back as the same classes in the same order (see `writesClassNames`),
///   else as class indices, which `csv(path, target: name, classes: k)` reads.
/// - A field with a comma, a quote, a line break or surrounding blanks is
///   quoted, `"` doubled inside.
///
/// A dataset `CSVLoader` could not read back is refused: one with several
/// target columns (a dataset keeps one target name, so `csv()` would not know
/// the columns' names; the training export names them itself, through
/// `text(of:targetNames:)`), a column name used twice or blank, or a value
/// that is not finite.
public enum CSVWriter {
    /// The CSV text of `data`; throws when `CSVLoader` could not read it back.
    public static func text<S>(of data: Dataset<S>) throws(EngineError) -> String {
        try text(of: data, targetNames: [data.targetName])
    }

    /// The CSV text of `data` with its target columns, one per target value,
    /// named `targetNames` in order (`csv(path, target: targetNames)` reads
    /// them back); several names apply only to several target values.
    static func text<S>(of data: Dataset<S>, targetNames: [String]) throws(EngineError)
        -> String
    {
        let names = data.featureNames + targetNames
        var seen: Set<String> = []
        for name in names {
            guard !name.allSatisfy({ $0 == " " || $0 == "\t" }) else {
                throw .invalidData("a column has no name, which csv() cannot read back")
            }
            guard seen.insert(name).inserted else {
                throw .invalidData(
                    "the column name \"\(name)\" appears twice, which csv() cannot read back")
            }
        }
        let targetCell: (Int) throws(EngineError) -> String
        switch data.targets {
        case .classes(let labels, _):
            guard targetNames.count == 1 else {
                throw .invalidData("class labels are one target column, not \(targetNames.count)")
            }
            let byName = writesClassNames(data)
            let classNames = data.classNames
            targetCell = { i throws(EngineError) in
                byName ? field(classNames[labels[i]]) : String(labels[i])
            }
        case .values(let y):
            guard y.columns == targetNames.count else {
                throw .invalidData(
                    "the data has \(y.columns) target columns, and csv() reads one")
            }
            targetCell = { i throws(EngineError) in
                var cells: [String] = []
                for j in 0..<y.columns { cells.append(try number(y[i, j])) }
                return cells.joined(separator: ",")
            }
        }
        var out = names.map(field).joined(separator: ",") + "\n"
        for i in 0..<data.count {
            for j in 0..<data.features {
                out += try number(data.x[i, j])
                out += ","
            }
            out += try targetCell(i)
            out += "\n"
        }
        return out
    }

    /// Whether `data`'s classes are written by name: when `CSVLoader` reads the
    /// names back as these classes, in this order. That takes names that are
    /// not blank, distinct, sorted as the loader sorts them, each used by some
    /// sample (the loader knows only the names it sees), and not all numbers
    /// (a numeric column reads as regression). Otherwise the labels are
    /// written as class indices.
    public static func writesClassNames<S>(_ data: Dataset<S>) -> Bool {
        guard case .classes(let labels, let k) = data.targets else { return false }
        let names = data.classNames
        guard names.count == k, names == names.sorted(), Set(names).count == k else {
            return false
        }
        var used = [Bool](repeating: false, count: k)
        for l in labels where l >= 0 && l < k { used[l] = true }
        return used.allSatisfy { $0 }
            && names.allSatisfy { !$0.allSatisfy { $0 == " " || $0 == "\t" } }
            && names.contains {
                if case .number = CSVLoader.number($0) { return false } else { return true }
            }
    }

    /// A value as the shortest text that reads back to it (through Double, as
    /// the loader reads it); a finite number is required.
    static func number<S: EngineScalar>(_ value: S) throws(EngineError) -> String {
        guard value.isFinite else {
            throw .invalidData("the data holds \(value), which csv() cannot read back")
        }
        let text = value.description
        if let back = Double(text), S(back) == value { return text }
        // Reading the shortest decimal through Double can round twice; a Double
        // holds every Float exactly, and its own shortest text reads back exactly.
        return Double(value).description
    }

    /// A header name or class name as a field, quoted when the loader would
    /// otherwise split, trim or misread it.
    static func field(_ text: String) -> String {
        let needsQuotes =
            text.isEmpty || text.contains { $0 == "," || $0 == "\"" || $0.isNewline }
            || text.first.map { $0 == " " || $0 == "\t" || $0 == "\u{FEFF}" } == true
            || text.last.map { $0 == " " || $0 == "\t" } == true
        guard needsQuotes else { return text }
        var quoted = "\""
        for c in text {
            quoted.append(c)
            if c == "\"" { quoted.append(c) }
        }
        return quoted + "\""
    }

    /// Whether a file that starts with `head` may be replaced by a dataset
    /// without `force`: it is empty, or text whose first line has a comma (CSV).
    static func looksLikeCSV(_ head: [UInt8]) -> Bool {
        let blank: Set<UInt8> = [0x20, 0x09, 0x0A, 0x0D]
        if head.allSatisfy({ blank.contains($0) }) { return true }
        guard !head.contains(0) else { return false }
        // The prefix may end inside a multi-byte character: up to 3 bytes of
        // one (none of them ASCII) may be left off.
        let text = (0...3).lazy.filter { k in head.suffix(k).allSatisfy { $0 >= 0x80 } }
            .compactMap { String(validating: head.dropLast($0), as: UTF8.self) }.first
        guard let text else { return false }
        let firstLine = text.split(whereSeparator: \.isNewline).first {
            !$0.allSatisfy { $0 == " " || $0 == "\t" }
        }
        return firstLine?.contains(",") == true
    }
}

extension Dataset {
    /// Writes the dataset to `path` as CSV (see `CSVWriter`), atomically. An
    /// existing file that is not CSV text (a model, a script, someone's notes)
    /// is not replaced unless `replacingForeignFile` says so.
    public func saveCSV(to path: String, replacingForeignFile: Bool = false) throws(EngineError) {
        if !replacingForeignFile, let head = AtomicFile.prefix(of: path, bytes: 4096),
            !CSVWriter.looksLikeCSV(head)
        {
            throw .file(
                "cannot save \(path): the file exists and is not a CSV file; save(data, \"\(path)\", force: true) replaces it"
            )
        }
        let text: String
        do {
            text = try CSVWriter.text(of: self)
        } catch {
            throw .file("cannot save \(path) as CSV: \(error.description)")
        }
        try AtomicFile.write(text, to: path)
    }
}
