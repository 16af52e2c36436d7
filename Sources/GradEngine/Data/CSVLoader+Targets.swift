extension CSVLoader {
    /// Several target columns as one N×k tensor of numbers, refusing a cell that
    /// is not a finite number of `Scalar` with its line and column.
    ///
    /// `cells` holds the target cells row after row, `names.count` per row in
    /// the order of `names`; `lines` holds each row's line in the file.
    static func targetValues<Scalar: EngineScalar>(
        _ cells: [String], names: [String], lines: [Int], source: String
    ) throws(EngineError) -> Tensor<Scalar> {
        let width = names.count
        var values = [Scalar]()
        values.reserveCapacity(cells.count)
        for (i, cell) in cells.enumerated() {
            let at = "\(source):\(lines[i / width]): column \"\(names[i % width])\""
            switch number(cell) {
            case .number(let v):
                let value = Scalar(v)
                guard value.isFinite else {
                    throw .invalidData("\(at): \"\(cell)\" is out of range for \(Scalar.self)")
                }
                values.append(value)
            case .nonFinite:
                throw .invalidData("\(at): \"\(cell)\" is not a finite number")
            case .notNumber, .empty:
                throw .invalidData(
                    "\(at): \"\(cell)\" is not a number (several target columns are read as numbers)"
                )
            }
        }
        return try Tensor<Scalar>(rows: lines.count, columns: width, values: values)
    }
}
