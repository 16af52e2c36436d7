import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// How much tensor memory the engine may hold, and how much it holds now.
///
/// Every tensor's elements are counted while it lives. Models and datasets are
/// checked against the budget before anything is allocated for them (Linux
/// overcommits, so an oversized allocation would otherwise succeed and the
/// process be killed while the memory is being filled), and every checked
/// tensor allocation (`Tensor(rows:columns:)`, growing `resize`) is refused when
/// it would take the tensors in use over the budget. The error names the bytes
/// needed, the budget and what is already in use.
///
/// The budget is process-wide. It defaults to half of this machine's physical
/// memory; a fuzzer, a test or an embedding program sets a smaller one with
/// `MemoryBudget.bytes = ...` (and `MemoryBudget.bytes = MemoryBudget.defaultBytes`
/// restores it).
public enum MemoryBudget {
    /// This machine's physical memory in bytes (0 if unknown).
    public static let physicalBytes: Int = {
        let pages = sysconf(Int32(_SC_PHYS_PAGES))
        let size = sysconf(Int32(_SC_PAGESIZE))
        return pages > 0 && size > 0 ? pages * size : 0
    }()

    /// The default budget: half of physical memory (no limit when that is unknown).
    public static let defaultBytes: Int = physicalBytes > 0 ? physicalBytes / 2 : Int.max

    private static let budget = Atomic<Int>(defaultBytes)
    private static let live = Atomic<Int>(0)

    /// The most bytes that tensors may hold at once. Values below 0 count as 0.
    public static var bytes: Int {
        get { budget.load(ordering: .relaxed) }
        set { budget.store(max(0, newValue), ordering: .relaxed) }
    }

    /// The bytes held by the tensors alive now.
    public static var inUse: Int { live.load(ordering: .relaxed) }

    // MARK: - Accounting (Tensor)

    /// Counts `count` more bytes as in use if the budget allows it, else throws
    /// naming `what` (e.g. "a 1000×1000 tensor").
    static func reserve(_ count: Int, for what: @autoclosure () -> String) throws(EngineError) {
        let limit = bytes
        var current = live.load(ordering: .relaxed)
        while true {
            guard count <= limit, current <= limit - count else {
                throw .tooLarge(
                    "\(what()) needs \(describe(count)): \(overBudget(limit: limit, inUse: current))"
                )
            }
            let (exchanged, original) = live.compareExchange(
                expected: current, desired: current + count, ordering: .relaxed)
            if exchanged { return }
            current = original
        }
    }

    /// Counts bytes already allocated without a check (copies of checked tensors).
    static func record(_ count: Int) { live.add(count, ordering: .relaxed) }

    /// Forgets bytes that were freed.
    static func release(_ count: Int) { live.subtract(count, ordering: .relaxed) }

    // MARK: - Checks before building

    /// The number of trainable scalars `specs` create on an input of `inputs`
    /// features, and the width they produce; saturates instead of overflowing.
    static func parameterCount(_ specs: [LayerSpec], inputs: Int) -> (parameters: Int, outputs: Int)
    {
        var width = inputs
        var total = 0
        for spec in specs {
            let (count, outputs) = spec.parameterCount(inputs: width)
            total = total > Int.max - count ? Int.max : total + count
            width = outputs
        }
        return (total, width)
    }

    /// Throws when the parameters with their gradients and update buffers would
    /// not fit in what is left of the budget.
    static func check(_ specs: [LayerSpec], inputs: Int, scalarSize: Int) throws(EngineError) {
        let (parameters, _) = parameterCount(specs, inputs: inputs)
        let (needed, overflow) = parameters.multipliedReportingOverflow(by: 3 * scalarSize)
        let limit = bytes
        let current = inUse
        if overflow || needed > limit || current > limit - needed {
            throw .tooLarge(
                "the model has \(parameters) parameters, which need \(overflow ? "more than 8 EiB" : describe(needed)) with their gradients and update buffers: \(overBudget(limit: limit, inUse: current))"
            )
        }
    }

    /// Throws when a dataset of `samples` rows of `features` inputs (plus one
    /// target of 8 bytes each) would not fit in what is left of the budget.
    /// `what` names the maker ("spiral", "x.csv:120").
    static func checkDataset(_ what: String, samples: Int, features: Int, scalarSize: Int)
        throws(EngineError)
    {
        let (perSample, o1) = features.multipliedReportingOverflow(by: scalarSize)
        let (needed, o2) = samples.multipliedReportingOverflow(by: perSample &+ 8)
        let limit = bytes
        let current = inUse
        if o1 || o2 || needed > limit || current > limit - needed {
            throw .tooLarge(
                "\(what): \(samples) sample\(samples == 1 ? "" : "s") of \(features) feature\(features == 1 ? "" : "s") need \(o1 || o2 ? "more than 8 EiB" : describe(needed)): \(overBudget(limit: limit, inUse: current))"
            )
        }
    }

    // MARK: - Messages

    /// "over the memory budget of 16 MiB (16,777,216 bytes), of which 2 MiB are in use".
    static func overBudget(limit: Int, inUse current: Int) -> String {
        var s = "over the memory budget of \(describe(limit))"
        if limit == defaultBytes && physicalBytes > 0 {
            s += ", half of this machine's \(human(physicalBytes))"
        }
        if current > 0 { s += "; \(human(current)) of it \(current == 1 ? "is" : "are") in use" }
        return s
    }

    /// "16 MiB (16,777,216 bytes)".
    public static func describe(_ bytes: Int) -> String {
        "\(human(bytes)) (\(grouped(bytes)) byte\(bytes == 1 ? "" : "s"))"
    }

    /// Bytes in the largest binary unit that leaves at least 1: "512 bytes", "1.5 KiB", "12288 GiB".
    static func human(_ bytes: Int) -> String {
        let units = ["KiB", "MiB", "GiB"]
        guard bytes >= 1024 else { return "\(bytes) byte\(bytes == 1 ? "" : "s")" }
        var value = Double(bytes)
        var unit = ""
        for u in units where value >= 1024 {
            value /= 1024
            unit = u
        }
        let rounded = value >= 100 ? "\(Int(value.rounded()))" : "\((value * 10).rounded() / 10)"
        return (rounded.hasSuffix(".0") ? String(rounded.dropLast(2)) : rounded) + " " + unit
    }

    /// 16777216 → "16,777,216".
    static func grouped(_ n: Int) -> String {
        let digits = Array(String(n.magnitude))
        var out = ""
        for (i, d) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(d)
        }
        return (n < 0 ? "-" : "") + out
    }
}
