/// A dense row-major matrix of `rows × columns` scalars: a batch of samples, a
/// weight matrix (PyTorch's `out × in` layout), or a row vector (`1 × n`).
///
/// `Tensor` is a reference type: layers keep their buffers across steps and
/// kernels write into them in place, so a training step allocates nothing.
/// `copy()` gives an independent tensor. It owns its memory, and its files
/// (`Tensor+*.swift`) are the only code in the engine that touches raw element
/// pointers.
public final class Tensor<Scalar: EngineScalar> {
    /// The number of rows (samples, or output units for a weight matrix).
    public private(set) var rows: Int
    /// The number of columns (features, or input units for a weight matrix).
    public let columns: Int
    /// Elements allocated; `rows` may shrink and grow within it without moving.
    private var capacity: Int
    @usableFromInline var base: UnsafeMutablePointer<Scalar>
    /// Bumped by every public mutation and by `swapContents`, so caches of
    /// derived values (a parameter's moments) can tell whether they are current.
    /// Layer kernels writing activations through `base` do not bump it.
    private(set) var generation = 0

    /// The number of elements, `rows · columns`.
    @inlinable public var count: Int { rows &* columns }

    /// A zero-filled tensor. Sizes must be non-negative and small enough to allocate.
    public init(rows: Int, columns: Int) throws(EngineError) {
        let n = try Tensor.checkedCount(rows: rows, columns: columns)
        try MemoryBudget.reserve(
            max(n, 1) &* MemoryLayout<Scalar>.stride, for: "a \(rows)×\(columns) tensor")
        self.rows = rows
        self.columns = columns
        self.capacity = max(n, 1)
        self.base = .allocate(capacity: capacity)
        Tensor.zeroFill(base, capacity)
    }

    /// A tensor holding `values` in row-major order.
    public convenience init(rows: Int, columns: Int, values: [Scalar]) throws(EngineError) {
        try self.init(rows: rows, columns: columns)
        guard values.count == count else {
            throw .shapeMismatch(
                "\(values.count) values cannot fill a \(rows)×\(columns) tensor (needs \(count))")
        }
        values.withUnsafeBufferPointer { src in
            if let p = src.baseAddress { base.update(from: p, count: count) }
        }
    }

    /// A tensor made of equal-length rows.
    public convenience init(_ rowValues: [[Scalar]]) throws(EngineError) {
        let width = rowValues.first?.count ?? 0
        for (i, row) in rowValues.enumerated() where row.count != width {
            throw .shapeMismatch("row \(i) has \(row.count) values, expected \(width) like row 0")
        }
        try self.init(rows: rowValues.count, columns: width, values: rowValues.flatMap { $0 })
    }

    deinit {
        base.deallocate()
        MemoryBudget.release(capacity &* MemoryLayout<Scalar>.stride)
    }

    /// The element count for a shape, or an error naming why it cannot be allocated.
    static func checkedCount(rows: Int, columns: Int) throws(EngineError) -> Int {
        guard rows >= 0, columns >= 0 else {
            throw .invalidArgument("tensor sizes must not be negative (got \(rows)×\(columns))")
        }
        let (n, overflow) = rows.multipliedReportingOverflow(by: columns)
        // 2^32 elements (16 GiB of Float) is beyond this engine's use; refuse
        // early instead of letting the allocator abort the process.
        guard !overflow, n <= Tensor.maxElements else {
            throw .tooLarge(
                "a \(rows)×\(columns) tensor is too large to allocate (limit \(Tensor.maxElements) elements)"
            )
        }
        return n
    }

    /// The largest element count the engine allocates in one tensor.
    public static var maxElements: Int { 1 << 31 }

    /// Changes the row count, keeping the memory when it fits. Contents are
    /// unspecified afterwards (callers overwrite them).
    public func resize(rows newRows: Int) throws(EngineError) {
        if newRows == rows { return }
        let n = try Tensor.checkedCount(rows: newRows, columns: columns)
        if n > capacity {
            try MemoryBudget.reserve(
                (n - capacity) &* MemoryLayout<Scalar>.stride,
                for: "growing a \(rows)×\(columns) tensor to \(newRows)×\(columns)")
            base.deallocate()
            capacity = n
            base = .allocate(capacity: n)
            Tensor.zeroFill(base, n)
        }
        rows = newRows
    }

    /// A tensor with the same shape and contents, sharing nothing.
    public func copy() -> Tensor {
        let t = Tensor(uncheckedRows: rows, columns: columns)
        t.base.update(from: base, count: count)
        return t
    }

    /// An allocation for shapes already validated by the caller.
    init(uncheckedRows rows: Int, columns: Int) {
        self.rows = rows
        self.columns = columns
        self.capacity = max(rows * columns, 1)
        MemoryBudget.record(capacity &* MemoryLayout<Scalar>.stride)
        self.base = .allocate(capacity: capacity)
        Tensor.zeroFill(base, capacity)
    }

    /// Writes +0 into `count` fresh elements with one memset. (The generic
    /// `initialize(repeating:)` ran here unspecialized, one value-witness call
    /// per element: 66 ms of the wide preset's start-up.) All-zero bits are
    /// +0 in both engine scalars.
    private static func zeroFill(_ p: UnsafeMutablePointer<Scalar>, _ count: Int) {
        UnsafeMutableRawPointer(p).initializeMemory(
            as: UInt8.self, repeating: 0, count: count &* MemoryLayout<Scalar>.stride)
    }

    /// A zero tensor of the same shape as `other`.
    convenience init(zerosLike other: Tensor) {
        self.init(uncheckedRows: other.rows, columns: other.columns)
    }

    /// The element at (`row`, `column`); both must be in range.
    public subscript(row: Int, column: Int) -> Scalar {
        get {
            precondition(
                row >= 0 && row < rows && column >= 0 && column < columns,
                "tensor index out of range")
            return base[row * columns + column]
        }
        set {
            precondition(
                row >= 0 && row < rows && column >= 0 && column < columns,
                "tensor index out of range")
            base[row * columns + column] = newValue
            generation &+= 1
        }
    }

    /// The element at row-major position `index` (in 0..<count).
    public subscript(linear index: Int) -> Scalar {
        get {
            precondition(index >= 0 && index < count, "tensor index out of range")
            return base[index]
        }
        set {
            precondition(index >= 0 && index < count, "tensor index out of range")
            base[index] = newValue
            generation &+= 1
        }
    }

    /// All elements in row-major order.
    public var scalars: [Scalar] { Array(UnsafeBufferPointer(start: base, count: count)) }

    /// The rows as arrays.
    public var rowArrays: [[Scalar]] {
        (0..<rows).map { r in Array(UnsafeBufferPointer(start: base + r * columns, count: columns))
        }
    }

    /// The same values converted to another scalar type.
    public func converted<T: EngineScalar>(to: T.Type = T.self) -> Tensor<T> {
        let t = Tensor<T>(uncheckedRows: rows, columns: columns)
        Tensor.convertElements(base, into: t.base, count: count)
        return t
    }

    /// Copies `count` elements into `target`, converting Float ↔ Double with
    /// concrete loops. (The generic `T(x)` ran unspecialized here, through a
    /// dynamic cast per element; the curvature probe converts the model and a
    /// data sample to Double before every SGD run.)
    static func convertElements<T: EngineScalar>(
        _ source: UnsafePointer<Scalar>, into target: UnsafeMutablePointer<T>, count: Int
    ) {
        if Scalar.self == T.self {
            UnsafeMutableRawPointer(target).copyMemory(
                from: source, byteCount: count &* MemoryLayout<T>.stride)
        } else if Scalar.self == Float.self && T.self == Double.self {
            let s = UnsafeRawPointer(source).assumingMemoryBound(to: Float.self)
            let t = UnsafeMutableRawPointer(target).assumingMemoryBound(to: Double.self)
            for i in 0..<count { t[i] = Double(s[i]) }
        } else if Scalar.self == Double.self && T.self == Float.self {
            let s = UnsafeRawPointer(source).assumingMemoryBound(to: Double.self)
            let t = UnsafeMutableRawPointer(target).assumingMemoryBound(to: Float.self)
            for i in 0..<count { t[i] = Float(s[i]) }
        } else {
            for i in 0..<count { target[i] = T(source[i]) }
        }
    }

    /// Overwrites this tensor with `other`'s values.
    public func copy(from other: Tensor) throws(EngineError) {
        guard other.rows == rows && other.columns == columns else {
            throw .shapeMismatch(
                "cannot copy a \(other.rows)×\(other.columns) tensor into a \(rows)×\(columns) one")
        }
        assign(other)
    }

    /// Overwrites this tensor with `other`'s values; the shapes must match.
    func assign(_ other: Tensor) {
        precondition(other.rows == rows && other.columns == columns, "assign: shape mismatch")
        base.update(from: other.base, count: count)
        generation &+= 1
    }

    /// Records a mutation made through `base` by a kernel outside this file.
    func touch() { generation &+= 1 }

    /// Exchanges the contents of two tensors of the same shape in O(1).
    func swapContents(with other: Tensor) {
        precondition(other.rows == rows && other.columns == columns && other.capacity == capacity)
        swap(&base, &other.base)
        generation &+= 1
        other.generation &+= 1
    }
}
