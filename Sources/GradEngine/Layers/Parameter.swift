/// A trainable tensor with its gradient.
///
/// `next` is the optimizer's write buffer: an update is computed into it and
/// swapped in only when every new value is finite, so a failed step leaves the
/// weights of the last finite step in place.
public final class Parameter<Scalar: EngineScalar> {
    /// What the parameter is, for penalties (only weights are penalized) and tables.
    public enum Role: String, Sendable { case weight, bias, gamma, beta }

    public let role: Role
    public let value: Tensor<Scalar>
    public let grad: Tensor<Scalar>
    let next: Tensor<Scalar>

    init(role: Role, rows: Int, columns: Int) throws(EngineError) {
        self.role = role
        value = try Tensor(rows: rows, columns: columns)
        grad = Tensor(zerosLike: value)
        next = Tensor(zerosLike: value)
    }

    /// Whether L1/L2 penalties apply: dense weight matrices only.
    public var isPenalized: Bool { role == .weight }
}
