#if canImport(Glibc)
    import Glibc
#endif

/// Standard output as a TextOutputStream (unbuffered writes of whole strings).
struct StandardOutput: TextOutputStream {
    mutating func write(_ string: String) { writeAll(1, string) }
}

/// Standard error as a TextOutputStream.
struct StandardError: TextOutputStream {
    mutating func write(_ string: String) { writeAll(2, string) }
}

private func writeAll(_ fd: Int32, _ string: String) {
    var s = string
    s.withUTF8 { buffer in
        guard let base = buffer.baseAddress else { return }
        var offset = 0
        while offset < buffer.count {
            let n = Glibc.write(fd, base + offset, buffer.count - offset)
            if n <= 0 { if errno == EINTR { continue } else { return } }
            offset += n
        }
    }
}
