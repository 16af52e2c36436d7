/// How a forward pass runs the layers that behave differently in training:
/// batch norm on batch (true) or running statistics, dropout masking (true) or
/// the identity. Training is (true, true), evaluation (false, false).
struct ForwardMode: Sendable, Equatable {
    /// Batch norm normalizes with the batch's mean and variance (and stages them
    /// for `commitRunningStatistics`), otherwise with the running statistics.
    var batchStatistics: Bool
    /// Dropout draws a mask; otherwise it passes its input through.
    var dropout: Bool

    static let training = ForwardMode(batchStatistics: true, dropout: true)
    static let evaluation = ForwardMode(batchStatistics: false, dropout: false)
    /// Batch norm as in training, dropout off: a deterministic training-mode pass.
    static let batchStatisticsOnly = ForwardMode(batchStatistics: true, dropout: false)
}
