#if canImport(Glibc)
    import Glibc
#endif

/// Whether this CPU can run the engine's x86-64-v3 code (see Package.swift).
/// Compiled without that target, so it runs anywhere. Reads the feature flags
/// Linux reports in /proc/cpuinfo; elsewhere, or if that is unreadable, assumes yes.
func cpuRunsEngine() -> Bool {
    #if arch(x86_64) && os(Linux)
        guard let file = fopen("/proc/cpuinfo", "r") else { return true }
        defer { fclose(file) }
        var line = [CChar](repeating: 0, count: 8192)
        while fgets(&line, Int32(line.count), file) != nil {
            let text = String(
                decoding: line.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            guard text.hasPrefix("flags") else { continue }
            let flags = Set(
                text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).map(
                    String.init))
            return ["avx2", "fma", "bmi2", "f16c", "movbe"].allSatisfy(flags.contains)
        }
    #endif
    return true
}
