#if canImport(Glibc)
import Glibc
#endif

/// Refuses models that cannot fit in this machine's memory before allocating
/// them: Linux overcommits, so an oversized allocation would otherwise succeed
/// and the process be killed while the weights are being filled.
enum MemoryBudget {
    /// This machine's physical memory in bytes (0 if unknown).
    static let physicalBytes: Int = {
        let pages = sysconf(Int32(_SC_PHYS_PAGES)), size = sysconf(Int32(_SC_PAGESIZE))
        return pages > 0 && size > 0 ? pages * size : 0
    }()

    /// The number of trainable scalars `specs` create on an input of `inputs`
    /// features, and the width they produce; saturates instead of overflowing.
    static func parameterCount(_ specs: [LayerSpec], inputs: Int) -> (parameters: Int, outputs: Int) {
        var width = inputs, total = 0
        for spec in specs {
            switch spec {
            case let .dense(units, _, _, _, bias):
                let (w, o1) = units.multipliedReportingOverflow(by: width)
                let count = o1 ? Int.max : w &+ (bias ? units : 0)
                total = total > Int.max - count ? Int.max : total + count
                width = units
            case .batchNorm:
                total = total > Int.max - 2 * width ? Int.max : total + 2 * width
            case .residual(let inner):
                let (count, _) = parameterCount(inner, inputs: width)
                total = total > Int.max - count ? Int.max : total + count
            case .dropout, .activation:
                break
            }
        }
        return (total, width)
    }

    /// Throws when the parameters with their gradients and update buffers would
    /// take more than half of physical memory.
    static func check(_ specs: [LayerSpec], inputs: Int, scalarSize: Int) throws(EngineError) {
        guard physicalBytes > 0 else { return }
        let (parameters, _) = parameterCount(specs, inputs: inputs)
        let (bytes, overflow) = parameters.multipliedReportingOverflow(by: 3 * scalarSize)
        if overflow || bytes > physicalBytes / 2 {
            throw .tooLarge("the model has \(parameters) parameters, which need \(gib(overflow ? Int.max : bytes)) with their gradients and update buffers: more than half of this machine's \(gib(physicalBytes)) of memory")
        }
    }

    private static func gib(_ bytes: Int) -> String {
        let g = Double(bytes) / Double(1 << 30)
        return g >= 100 ? "\(Int(g.rounded())) GiB" : "\((g * 10).rounded() / 10) GiB"
    }
}
