#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reads a dataset from comma-separated text with a header row.
///
/// The format:
/// - The first non-blank record is the header; every name must be non-empty and
///   unique. Line numbers in messages count physical lines from 1 (the header is
///   line 1 unless blank lines precede it).
/// - Fields are separated by commas. A field may be quoted with `"`; inside
///   quotes commas and line breaks are data and `""` stands for one `"`. Spaces
///   and tabs around a field (outside the quotes) are dropped; quoted text is
///   kept verbatim.
/// - Lines end with LF, CRLF or CR; blank lines are skipped; a final line break
///   is optional; a UTF-8 byte order mark at the start is ignored.
/// - Every record has as many fields as the header.
/// - The `target` column holds what is predicted; every other column is a
///   numeric feature. Numbers are decimal (`12`, `-0.5`, `.5`, `3e-2`); NaN,
///   infinities and values that overflow the scalar type are refused.
/// - Several target columns (`targets:` with more than one name) are one
///   target of several numbers per sample, in the order listed: `.values` of
///   shape N×k (one-hot labels for mse or bce, multi-label targets). Every
///   cell must be a number, and `classes` does not apply.
///
/// One target column decides the task:
/// - all cells numeric and `classes` nil: regression, `.values` of shape N×1;
/// - `classes: k`: classification, each cell an integer i in 0..<k (written
///   `2` or `2.0`) meaning class i, class names "0"..."k-1";
/// - any cell not a number and `classes` nil: classification over the distinct
///   cell texts, sorted by `String` order (so "10" < "2"); class i is the i-th
///   text, and `classNames` holds the texts.
///
/// Errors are `EngineError.file` when the file cannot be read and
/// `EngineError.invalidData` for bad content, formatted `source:line: message`
/// and naming the column when one is at fault.
public enum CSVLoader {
    /// The largest file `load` reads: 1 GiB.
    public static let maxFileBytes = 1 << 30
    /// The largest `classes` argument accepted.
    public static let maxClasses = 1_000_000
    /// The target column `csv()` reads when none is named, and the name a
    /// dataset not read from CSV gives its target column when saved.
    public static let defaultTarget = "label"

    /// Reads and parses the CSV file at `path` (see `CSVLoader` for the format).
    ///
    /// The dataset's `name` is `path`, which also prefixes every message.
    /// Files over `maxFileBytes`, directories and unreadable or non-UTF-8 files
    /// are refused.
    public static func load<Scalar: EngineScalar>(
        path: String, target: String, classes: Int? = nil, as scalar: Scalar.Type = Scalar.self
    ) throws(EngineError) -> Dataset<Scalar> {
        try load(path: path, targets: [target], classes: classes)
    }

    /// Reads the CSV file at `path` as `load(path:target:)` does, with the
    /// columns `targets` (one or more, in this order) as what is predicted.
    public static func load<Scalar: EngineScalar>(
        path: String, targets: [String], classes: Int? = nil,
        as scalar: Scalar.Type = Scalar.self
    ) throws(EngineError) -> Dataset<Scalar> {
        try checkTargets(targets, classes: classes)
        let bytes = try readFile(path)
        let result = bytes.withUnsafeBufferPointer { buf in
            Result { () throws(EngineError) -> Dataset<Scalar> in
                try parse(
                    buffer: buf, source: path, targets: targets, classes: classes,
                    validateUTF8: true)
            }
        }
        return try result.get()
    }

    /// Parses CSV `text` (see `CSVLoader` for the format); `source` names it in
    /// messages and becomes the dataset's `name`.
    public static func parse<Scalar: EngineScalar>(
        text: String, source: String, target: String, classes: Int? = nil,
        as scalar: Scalar.Type = Scalar.self
    ) throws(EngineError) -> Dataset<Scalar> {
        try parse(text: text, source: source, targets: [target], classes: classes)
    }

    /// Parses CSV `text` as `parse(text:source:target:)` does, with the columns
    /// `targets` (one or more, in this order) as what is predicted.
    public static func parse<Scalar: EngineScalar>(
        text: String, source: String, targets: [String], classes: Int? = nil,
        as scalar: Scalar.Type = Scalar.self
    ) throws(EngineError) -> Dataset<Scalar> {
        try checkTargets(targets, classes: classes)
        var text = text
        let result = text.withUTF8 { buf in
            Result { () throws(EngineError) -> Dataset<Scalar> in
                try parse(
                    buffer: buf, source: source, targets: targets, classes: classes,
                    validateUTF8: false)
            }
        }
        return try result.get()
    }

    /// Parses CSV file contents as `load` does after reading them (invalid UTF-8
    /// in a text field is an error); `source` names them in messages.
    public static func parse<Scalar: EngineScalar>(
        bytes: [UInt8], source: String, target: String, classes: Int? = nil,
        as scalar: Scalar.Type = Scalar.self
    ) throws(EngineError) -> Dataset<Scalar> {
        try checkTargets([target], classes: classes)
        let result = bytes.withUnsafeBufferPointer { buf in
            Result { () throws(EngineError) -> Dataset<Scalar> in
                try parse(
                    buffer: buf, source: source, targets: [target], classes: classes,
                    validateUTF8: true)
            }
        }
        return try result.get()
    }

    // MARK: - Reading the file

    /// Refuses an empty or repeated list of target columns, and `classes` with
    /// several (they are read as numbers), before the file is read.
    static func checkTargets(_ targets: [String], classes: Int?) throws(EngineError) {
        guard !targets.isEmpty else {
            throw .invalidArgument("csv: the target needs at least one column name")
        }
        var seen = Set<String>()
        for name in targets where !seen.insert(name).inserted {
            throw .invalidArgument("csv: the target column \"\(name)\" is listed twice")
        }
        if targets.count > 1, classes != nil {
            throw .invalidArgument(
                "csv: classes applies to one target column; several target columns are read as numbers"
            )
        }
        try checkClasses(classes)
    }

    static func checkClasses(_ classes: Int?) throws(EngineError) {
        guard let k = classes else { return }
        guard k >= 1 else { throw .invalidArgument("csv: classes must be at least 1 (got \(k))") }
        guard k <= maxClasses else {
            throw .invalidArgument("csv: classes must be at most \(maxClasses) (got \(k))")
        }
    }

    /// The whole file, refusing directories and anything over `maxFileBytes`.
    /// A FIFO (`/dev/stdin`, a shell's `<(...)`) is read to its end.
    static func readFile(_ path: String) throws(EngineError) -> [UInt8] {
        let limitText = "files over 1 GiB (\(maxFileBytes) bytes) are refused"
        do {
            return try FileContents.read(path, limit: maxFileBytes, acceptingStreams: true)
        } catch {
            switch error {
            case .noName:
                throw .file("\(path): cannot open (\(FileReadFailure.systemReason(ENOENT)))")
            case .notRegularFile:  // not thrown: streams are accepted
                throw .file("\(path): not a regular file")
            case .cannotOpen(let code):
                throw .file("\(path): cannot open (\(FileReadFailure.systemReason(code)))")
            case .cannotRead(let code):
                throw .file("\(path): cannot read (\(FileReadFailure.systemReason(code)))")
            case .directory: throw .file("\(path): is a directory, not a CSV file")
            case .tooLarge(let size?):
                throw .file("\(path): the file is \(size) bytes; \(limitText)")
            case .tooLarge(nil):
                throw .file("\(path): the file is larger than 1 GiB; \(limitText)")
            }
        }
    }

    // MARK: - Parsing

    /// What a cell holds, read as a number.
    enum Cell: Equatable {
        case number(Double)
        /// NaN or an infinity, spelled out or overflowing.
        case nonFinite
        case notNumber
        case empty
    }

    /// Reads a decimal number (surrounding whitespace allowed).
    static func number(_ text: String) -> Cell {
        number(ArraySlice(text.utf8))
    }

    /// Reads a decimal number from UTF-8 bytes: `[+-]digits[.digits][(e|E)[+-]digits]`
    /// with at least one mantissa digit, surrounded by optional spaces or tabs.
    static func number(_ bytes: ArraySlice<UInt8>) -> Cell {
        var lo = bytes.startIndex
        var hi = bytes.endIndex
        while lo < hi, bytes[lo] == 0x20 || bytes[lo] == 0x09 { lo += 1 }
        while hi > lo, bytes[hi - 1] == 0x20 || bytes[hi - 1] == 0x09 { hi -= 1 }
        if lo == hi { return .empty }
        @inline(__always) func isDigit(_ c: UInt8) -> Bool { c &- 0x30 < 10 }
        var i = lo
        if bytes[i] == 0x2B || bytes[i] == 0x2D { i += 1 }  // + -
        if i < hi, bytes[i] | 0x20 == 0x6E || bytes[i] | 0x20 == 0x69 {  // n, i: NaN or inf?
            let word = String(decoding: bytes[i..<hi], as: UTF8.self).lowercased()
            return word == "nan" || word == "inf" || word == "infinity" ? .nonFinite : .notNumber
        }
        var digits = 0
        while i < hi, isDigit(bytes[i]) {
            i += 1
            digits += 1
        }
        if i < hi, bytes[i] == 0x2E {  // .
            i += 1
            while i < hi, isDigit(bytes[i]) {
                i += 1
                digits += 1
            }
        }
        guard digits > 0 else { return .notNumber }
        if i < hi, bytes[i] | 0x20 == 0x65 {  // e E
            i += 1
            if i < hi, bytes[i] == 0x2B || bytes[i] == 0x2D { i += 1 }
            var exponentDigits = 0
            while i < hi, isDigit(bytes[i]) {
                i += 1
                exponentDigits += 1
            }
            guard exponentDigits > 0 else { return .notNumber }
        }
        guard i == hi, let v = Double(String(decoding: bytes[lo..<hi], as: UTF8.self)) else {
            return .notNumber
        }
        return v.isFinite ? .number(v) : .nonFinite
    }

    /// Splits the input into records of fields, byte by byte.
    struct Reader {
        let buf: UnsafeBufferPointer<UInt8>
        let source: String
        let validateUTF8: Bool
        var pos = 0
        /// The physical line `pos` is on.
        var line = 1
        /// The current record's fields, unquoted and trimmed, back to back.
        var bytes: [UInt8] = []
        /// Where each field of the current record ends in `bytes`.
        var ends: [Int] = []

        static let comma: UInt8 = 0x2C, quote: UInt8 = 0x22, lf: UInt8 = 0x0A, cr: UInt8 = 0x0D
        static let space: UInt8 = 0x20, tab: UInt8 = 0x09

        init(buf: UnsafeBufferPointer<UInt8>, source: String, validateUTF8: Bool) {
            self.buf = buf
            self.source = source
            self.validateUTF8 = validateUTF8
            // A UTF-8 byte order mark is not data.
            if buf.count >= 3, buf[0] == 0xEF, buf[1] == 0xBB, buf[2] == 0xBF { pos = 3 }
        }

        /// The number of fields in the current record.
        var fieldCount: Int { ends.count }

        /// The bytes of field `i` of the current record.
        func field(_ i: Int) -> ArraySlice<UInt8> {
            bytes[(i == 0 ? 0 : ends[i - 1])..<ends[i]]
        }

        /// Field `i` as text; invalid UTF-8 is an error when reading a file.
        func text(_ i: Int, line: Int) throws(EngineError) -> String {
            let f = field(i)
            if validateUTF8, f.contains(where: { $0 >= 0x80 }) {
                guard let s = String(validating: f, as: UTF8.self) else {
                    throw .invalidData("\(source):\(line): field \(i + 1) is not valid UTF-8 text")
                }
                return s
            }
            return String(decoding: f, as: UTF8.self)
        }

        /// Reads the next non-blank record into `bytes` and `ends` and returns the
        /// line it starts on, or nil at the end of the input.
        mutating func next() throws(EngineError) -> Int? {
            let n = buf.count
            while pos < n {
                let start = line
                bytes.removeAll(keepingCapacity: true)
                ends.removeAll(keepingCapacity: true)
                var blank = true
                while true {
                    while pos < n, buf[pos] == Self.space || buf[pos] == Self.tab { pos += 1 }
                    if pos < n, buf[pos] == Self.quote {
                        blank = false
                        let opened = line
                        pos += 1
                        while true {
                            guard pos < n else {
                                throw .invalidData(
                                    "\(source):\(opened): a quoted field is not closed")
                            }
                            let c = buf[pos]
                            if c == Self.quote {
                                if pos + 1 < n, buf[pos + 1] == Self.quote {
                                    bytes.append(Self.quote)
                                    pos += 2
                                    continue
                                }
                                pos += 1
                                break
                            }
                            if c == Self.lf
                                || (c == Self.cr && !(pos + 1 < n && buf[pos + 1] == Self.lf))
                            {
                                line += 1
                            }
                            bytes.append(c)
                            pos += 1
                        }
                        while pos < n, buf[pos] == Self.space || buf[pos] == Self.tab { pos += 1 }
                        if pos < n, buf[pos] != Self.comma, buf[pos] != Self.lf, buf[pos] != Self.cr
                        {
                            throw .invalidData(
                                "\(source):\(line): field \(ends.count + 1) has text after its closing quote"
                            )
                        }
                    } else {
                        let first = pos
                        while pos < n {
                            let c = buf[pos]
                            if c == Self.comma || c == Self.lf || c == Self.cr { break }
                            pos += 1
                        }
                        var last = pos
                        while last > first, buf[last - 1] == Self.space || buf[last - 1] == Self.tab
                        { last -= 1 }
                        if last > first {
                            blank = false
                            bytes.append(
                                contentsOf: UnsafeBufferPointer(rebasing: buf[first..<last]))
                        }
                    }
                    ends.append(bytes.count)
                    if pos < n, buf[pos] == Self.comma {
                        pos += 1
                        continue
                    }
                    // End of the record: a line break (LF, CRLF or CR) or the end of input.
                    if pos < n {
                        if buf[pos] == Self.cr, pos + 1 < n, buf[pos + 1] == Self.lf { pos += 1 }
                        pos += 1
                        line += 1
                    }
                    break
                }
                if blank && ends.count == 1 { continue }
                return start
            }
            return nil
        }
    }

    static func parse<Scalar: EngineScalar>(
        buffer: UnsafeBufferPointer<UInt8>, source: String, targets: [String], classes: Int?,
        validateUTF8: Bool
    ) throws(EngineError) -> Dataset<Scalar> {
        var reader = Reader(buf: buffer, source: source, validateUTF8: validateUTF8)

        // The header.
        guard let headerLine = try reader.next() else {
            throw .invalidData("\(source): the file is empty (a header row is required)")
        }
        var header = [String]()
        for i in 0..<reader.fieldCount { header.append(try reader.text(i, line: headerLine)) }
        var seen = [String: Int]()
        for (i, name) in header.enumerated() {
            guard !name.isEmpty else {
                throw .invalidData(
                    "\(source):\(headerLine): column \(i + 1) of the header has no name")
            }
            if let first = seen[name] {
                throw .invalidData(
                    "\(source):\(headerLine): column name \"\(name)\" appears twice (columns \(first + 1) and \(i + 1))"
                )
            }
            seen[name] = i
        }
        // Each column's position in `targets`, nil for a feature (an array: it is read per cell).
        var targetPosition = [Int?](repeating: nil, count: header.count)
        for (position, target) in targets.enumerated() {
            guard let index = seen[target] else {
                throw .invalidData(
                    "\(source):\(headerLine): no column named \"\(target)\"; the columns are: \(header.joined(separator: ", "))"
                )
            }
            targetPosition[index] = position
        }
        let featureIndices = header.indices.filter { targetPosition[$0] == nil }
        guard !featureIndices.isEmpty else {
            let named = targets.map { "\"\($0)\"" }.joined(separator: ", ")
            let only =
                targets.count == 1
                ? "is the only column, and it is" : "are the only columns, and they are"
            throw .invalidData(
                "\(source):\(headerLine): no feature columns (\(named) \(only) the target)")
        }
        let width = targets.count
        let featureNames = featureIndices.map { header[$0] }

        // The rows.
        var x = [Scalar]()
        // The target cells, row after row, `width` per row in the order of `targets`.
        var targetCells = [String]()
        var rowCells = [String](repeating: "", count: width)
        var rowLines = [Int]()
        // The memory budget, checked as rows come in (a row costs its features and targets).
        let stride = MemoryLayout<Scalar>.stride
        let rowBytes = featureIndices.count &* stride &+ width &* 8
        let available = MemoryBudget.bytes - MemoryBudget.inUse
        while let line = try reader.next() {
            guard reader.fieldCount == header.count else {
                throw .invalidData(
                    "\(source):\(line): expected \(header.count) fields like the header, found \(reader.fieldCount)"
                )
            }
            for j in 0..<header.count {
                if let position = targetPosition[j] {
                    let t = try reader.text(j, line: line)
                    if t.allSatisfy({ $0 == " " || $0 == "\t" }) {
                        throw .invalidData(
                            "\(source):\(line): column \"\(header[j])\": missing value (empty cell)"
                        )
                    }
                    rowCells[position] = t
                    continue
                }
                let cell = reader.field(j)
                if case .number(let v) = number(cell), Scalar(v).isFinite {
                    x.append(Scalar(v))
                } else {
                    throw featureError(
                        cell, Scalar.self, source: source, line: line, column: header[j])
                }
            }
            targetCells.append(contentsOf: rowCells)
            rowLines.append(line)
            if rowLines.count &* rowBytes > available {
                try MemoryBudget.checkDataset(
                    "\(source):\(line)", samples: rowLines.count,
                    features: featureIndices.count, scalarSize: stride)
            }
        }
        let rows = rowLines.count
        guard rows > 0 else {
            throw .invalidData("\(source): no data rows after the header")
        }
        let xt = try Tensor<Scalar>(rows: rows, columns: featureIndices.count, values: x)
        x = []
        if width > 1 {
            let yt: Tensor<Scalar> = try targetValues(
                targetCells, names: targets, lines: rowLines, source: source)
            return try Dataset(
                x: xt, targets: .values(yt), featureNames: featureNames, name: source)
        }
        let target = targets[0]

        // The targets.
        if let k = classes {
            var labels = [Int]()
            labels.reserveCapacity(rows)
            for (r, cell) in targetCells.enumerated() {
                guard case .number(let v) = number(cell), v == v.rounded(), v >= 0, v < Double(k)
                else {
                    throw .invalidData(
                        "\(source):\(rowLines[r]): column \"\(target)\": \"\(cell)\" is not a class index (an integer in 0..<\(k))"
                    )
                }
                labels.append(Int(v))
            }
            return try Dataset(
                x: xt, targets: .classes(labels, count: k), featureNames: featureNames,
                targetName: target, name: source)
        }

        var values = [Scalar]()
        values.reserveCapacity(rows)
        var firstNonFinite: Int?
        var isText = false
        for (r, cell) in targetCells.enumerated() {
            switch number(cell) {
            case .number(let v): values.append(Scalar(v))
            case .nonFinite: if firstNonFinite == nil { firstNonFinite = r }
            case .notNumber, .empty: isText = true
            }
            if isText { break }
        }
        if !isText {
            if let r = firstNonFinite {
                throw .invalidData(
                    "\(source):\(rowLines[r]): column \"\(target)\": \"\(targetCells[r])\" is not a finite number"
                )
            }
            if let r = values.firstIndex(where: { !$0.isFinite }) {
                throw .invalidData(
                    "\(source):\(rowLines[r]): column \"\(target)\": \"\(targetCells[r])\" is out of range for \(Scalar.self)"
                )
            }
            let yt = try Tensor<Scalar>(rows: rows, columns: 1, values: values)
            return try Dataset(
                x: xt, targets: .values(yt), featureNames: featureNames, targetName: target,
                name: source)
        }

        let names = Set(targetCells).sorted()
        var index = [String: Int]()
        for (i, name) in names.enumerated() { index[name] = i }
        // Every cell is in `names`, so the lookup always succeeds.
        let labels = targetCells.map { index[$0] ?? 0 }
        return try Dataset(
            x: xt, targets: .classes(labels, count: names.count), featureNames: featureNames,
            classNames: names, targetName: target, name: source)
    }

    /// Why a feature cell is not a usable `Scalar`, naming the line and column.
    static func featureError<Scalar: EngineScalar>(
        _ cell: ArraySlice<UInt8>, _: Scalar.Type, source: String, line: Int, column: String
    ) -> EngineError {
        let at = "\(source):\(line): column \"\(column)\""
        let text = String(decoding: cell, as: UTF8.self)
        switch number(cell) {
        case .number: return .invalidData("\(at): \"\(text)\" is out of range for \(Scalar.self)")
        case .nonFinite: return .invalidData("\(at): \"\(text)\" is not a finite number")
        case .notNumber: return .invalidData("\(at): \"\(text)\" is not a number")
        case .empty: return .invalidData("\(at): missing value (empty cell)")
        }
    }
}
