#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

// The POSIX call under a name that `FileContents.read` does not shadow.
private func posixRead(_ fd: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
    read(fd, buffer, count)
}

/// Whole-file reads with plain POSIX calls: the one place the project reads a
/// file (or standard input) to its end. Model files, CSV files, scripts, the
/// REPL's history and standard input all come through here; each caller words
/// a `FileReadFailure` itself.
public enum FileContents {
    /// The whole contents of the file at `path`, refusing directories and
    /// files larger than `limit` bytes. Unless `acceptingStreams`, only regular
    /// files are read: `stat` comes first, so a FIFO or a device is refused
    /// before `open` could block on it. With it, a FIFO or `/dev/stdin` is read
    /// to its end (still within `limit`).
    public static func read(_ path: String, limit: Int, acceptingStreams: Bool = false)
        throws(FileReadFailure) -> [UInt8]
    {
        guard !path.isEmpty else { throw .noName }
        var info = stat()
        guard stat(path, &info) == 0 else { throw .cannotOpen(errno: errno) }
        let type = info.st_mode & S_IFMT
        if type == S_IFDIR { throw .directory }
        let regular = type == S_IFREG
        guard regular || acceptingStreams else { throw .notRegularFile }
        if regular && Int(info.st_size) > limit { throw .tooLarge(size: Int(info.st_size)) }

        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw .cannotOpen(errno: errno) }
        defer { close(fd) }
        return try read(descriptor: fd, limit: limit, expectedSize: regular ? Int(info.st_size) : 0)
    }

    /// Everything left to read on the open file descriptor `fd` (standard
    /// input is 0), refusing more than `limit` bytes. `expectedSize` is a hint
    /// for the first allocation; the file is read to its end whatever it says.
    public static func read(descriptor fd: Int32, limit: Int, expectedSize: Int = 0)
        throws(FileReadFailure) -> [UInt8]
    {
        // One byte past the expected size, so the end of the file is seen
        // without growing the buffer when the size was right.
        let first = min(max(expectedSize, 0), limit) + 1
        var data = [UInt8](repeating: 0, count: first)
        var filled = 0
        while true {
            if filled == data.count {
                guard data.count <= limit else { throw .tooLarge(size: nil) }
                let grow = min(max(data.count, 1 << 16), limit - data.count + 1)
                data.append(contentsOf: repeatElement(0, count: grow))
            }
            let want = data.count - filled
            let n = data.withUnsafeMutableBytes { raw in
                // `data` is never empty: it starts with at least one byte.
                guard let start = raw.baseAddress else { return -1 }
                return posixRead(fd, start + filled, want)
            }
            if n < 0 {
                if errno == EINTR { continue }
                throw .cannotRead(errno: errno)
            }
            if n == 0 { break }
            filled += n
        }
        data.removeLast(data.count - filled)
        return data
    }
}
