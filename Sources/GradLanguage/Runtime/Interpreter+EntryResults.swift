/// The results of a session's numbered entries: what the REPL shows as
/// `Out[n]:`, read back as `Out[n]` or `out(n)`, the last one as `_`.
///
/// The REPL numbers its entries and records each result here; the language
/// reads them from here alone.
extension Interpreter {
    /// The name of the list of entry results: `Out`.
    public static let resultsName = "Out"
    /// The name of the last entry result: `_`.
    public static let lastResultName = "_"

    /// Records `value` as the result of entry `number` (from 1), and binds `_` to it.
    public func recordResult(_ value: Value, ofEntry number: Int) {
        guard number >= 1 else { return }
        if entryResults.count <= number {
            entryResults += Array(repeating: .none, count: number + 1 - entryResults.count)
        }
        entryResults[number] = value
        globals.define(Interpreter.lastResultName, value)
    }

    /// The result of entry `number`: none for an entry without one; nil past
    /// the last entry that had one.
    public func result(ofEntry number: Int) -> Value? {
        entryResults.indices.contains(number) ? entryResults[number] : nil
    }

    /// `Out`: the results by entry number; nil before the first result.
    var entryResultList: Value? { entryResults.isEmpty ? nil : .list(entryResults) }
}
