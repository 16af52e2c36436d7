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
    /// The moments of `value` and the tensor generation they describe. The
    /// optimizer fills them from its update pass, so statistics need no extra
    /// pass over the weights; any other write to `value` makes them stale.
    private var cachedMoments: (generation: Int, moments: Moments)?

    /// The mean and spread of the current values.
    var currentMoments: Moments {
        if let c = cachedMoments, c.generation == value.generation { return c.moments }
        let m = value.summary().moments
        cachedMoments = (value.generation, m)
        return m
    }

    /// Records the moments of `value` as it is now (after an optimizer commit).
    func setCurrentMoments(_ m: Moments) { cachedMoments = (value.generation, m) }

    init(role: Role, rows: Int, columns: Int) throws(EngineError) {
        self.role = role
        value = try Tensor(rows: rows, columns: columns)
        grad = Tensor(zerosLike: value)
        next = Tensor(zerosLike: value)
    }

    /// A token that lives exactly as long as this parameter, for the
    /// optimizer's weak references. An object that has ever been weakly
    /// referenced keeps its counts in a side table, and each retain and
    /// release of it takes a slow path; parameters are retained all through a
    /// step, and on the tiny preset those slow paths were 6.6% of a step.
    final class Lifetime {}
    let lifetime = Lifetime()

    /// Whether L1/L2 penalties apply: dense weight matrices only.
    public var isPenalized: Bool { role == .weight }
}
