/// A model's summary as parts (`Interpreter.modelSummaryTable`): the text
/// form aligns them in columns, notebooks draw them as a table.
public struct ModelSummary: Equatable, Sendable {
    /// One layer's line.
    public struct Row: Equatable, Sendable {
        /// Its name, indented two spaces a level inside a block.
        public let layer: String
        /// "dense relu", "batchnorm", "residual (x + block)".
        public let kind: String
        /// Its output width.
        public let output: String
        /// Its parameter count, grouped by thousands.
        public let params: String

        /// The row's cells in the order of `ModelSummary.columns`.
        public var cells: [String] { [layer, kind, output, params] }
    }

    /// The column headings, in the order of `Row.cells`.
    public static let columns = ["layer", "kind", "output", "params"]

    /// "Model: 2 inputs → 3 outputs".
    public let heading: String
    /// One row per layer, nested layers after their block.
    public let rows: [Row]
    /// "Total params: 1,234".
    public let total: String
}
