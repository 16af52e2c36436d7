/// The largest |value| of each layer over the last steps of a run that went
/// non-finite: how the values grew before the overflow, step by step.
public struct MagnitudeTrail: Sendable, Equatable {
    /// What a row measures.
    public enum Quantity: String, Sendable, CaseIterable {
        /// The layer's main parameter (a dense W, a batch norm γ) after the
        /// step's update: the weights the next step computes with.
        case weights
        /// The layer's output in the step's forward pass.
        case outputs
        /// The gradient of the main parameter in the step's backward pass.
        case gradients
    }

    /// One layer's values of one quantity.
    public struct Row: Sendable, Equatable {
        public var layer: String
        public var quantity: Quantity
        /// One entry per step of `steps`; nil where the step did not get that far
        /// (the failed step made no update, and no backward pass when its
        /// forward pass or loss overflowed).
        public var values: [Double?]

        public init(layer: String, quantity: Quantity, values: [Double?]) {
            self.layer = layer
            self.quantity = quantity
            self.values = values
        }
    }

    /// The steps, oldest first, numbered within the run; the last one failed.
    public var steps: [Int]
    /// Layers in reading order, each with its quantities in `Quantity` order.
    public var rows: [Row]

    public init(steps: [Int], rows: [Row]) {
        self.steps = steps
        self.rows = rows
    }
}
