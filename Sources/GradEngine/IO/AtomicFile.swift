#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

// The POSIX calls under names that `AtomicFile.read`/`write` do not shadow.
private func posixRead(_ fd: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
    read(fd, buffer, count)
}
private func posixWrite(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
    write(fd, buffer, count)
}

/// Atomic writes with plain POSIX calls (no Foundation): the one way the
/// project replaces a file, for models, exported scripts, plots, datasets, notebooks and
/// the REPL's `:save` and history. Also the whole-file read of model files,
/// worded for them (the reading itself is `FileContents`'s).
///
/// Errors are `EngineError.file` messages that name the path and the system's
/// reason, e.g. "cannot write runs/net.json: No such file or directory".
public enum AtomicFile {
    /// The default largest file `read` accepts: 1 GiB.
    public static let defaultSizeLimit = 1 << 30

    /// The whole contents of the regular file at `path`, refusing files larger
    /// than `limit` bytes, with the failure worded for a model file.
    public static func read(_ path: String, limit: Int = defaultSizeLimit) throws(EngineError)
        -> [UInt8]
    {
        do {
            return try FileContents.read(path, limit: limit)
        } catch {
            switch error {
            case .noName: throw .file("cannot read a file: no file name given")
            case .cannotOpen(let code), .cannotRead(let code):
                throw .file("cannot read \(path): \(FileReadFailure.systemReason(code))")
            case .directory: throw .file("cannot read \(path): it is a directory")
            case .notRegularFile: throw .file("cannot read \(path): not a regular file")
            case .tooLarge(let size?):
                throw .file(
                    "cannot read \(path): the file is \(sizeText(size)), larger than the \(sizeText(limit)) limit"
                )
            case .tooLarge(nil):
                throw .file(
                    "cannot read \(path): the file is larger than the \(sizeText(limit)) limit")
            }
        }
    }

    /// The first `bytes` bytes of the regular file at `path`; nil when there is
    /// no such file (or it cannot be read, which the write will then report).
    static func prefix(of path: String, bytes: Int) -> [UInt8]? {
        var info = stat()
        guard !path.isEmpty, stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG else {
            return nil
        }
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var data = [UInt8](repeating: 0, count: bytes)
        let n = data.withUnsafeMutableBytes { raw in
            raw.baseAddress.map { posixRead(fd, $0, bytes) } ?? -1
        }
        guard n >= 0 else { return nil }
        return Array(data.prefix(n))
    }

    /// Replaces the file at `path` with `bytes`, atomically: the data goes to a
    /// temporary file in the same directory (".name.tmp-PID-random"), is
    /// flushed to disk, and is renamed over the target. Readers see the old
    /// file or the new one, never a mix; after a crash at most a stray
    /// temporary file remains. On failure the temporary file is removed and
    /// the target is untouched. An existing target keeps its permissions; a
    /// symbolic link is followed and its target replaced.
    static func write(_ bytes: UnsafeRawBufferPointer, to path: String) throws(EngineError) {
        guard !path.isEmpty else { throw .file("cannot write a file: no file name given") }
        let target = resolvedTarget(path)
        let (directory, name) = split(target)
        guard !name.isEmpty, name != ".", name != ".." else {
            throw .file("cannot write \(path): it is a directory")
        }

        // An existing target: refuse a directory early, and keep its mode.
        var mode: mode_t = 0o666
        var keepMode = false
        var info = stat()
        if stat(target, &info) == 0 {
            if info.st_mode & S_IFMT == S_IFDIR {
                throw .file("cannot write \(path): it is a directory")
            }
            mode = info.st_mode & 0o7777
            keepMode = true
        }

        var generator = SystemRandomNumberGenerator()
        let suffix = String(generator.next() & 0xFFFF_FFFF, radix: 16)
        let temp = (directory.map { $0 + "/" } ?? "") + ".\(name).tmp-\(getpid())-\(suffix)"

        let fd = open(temp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        guard fd >= 0 else { throw failure("write", path) }
        var closed = false
        var succeeded = false
        defer {
            if !closed { close(fd) }
            if !succeeded { unlink(temp) }
        }

        if keepMode, fchmod(fd, mode) != 0 { throw failure("write", path) }
        var written = 0
        while written < bytes.count {
            let n = posixWrite(fd, bytes.baseAddress! + written, bytes.count - written)
            if n < 0 {
                if errno == EINTR { continue }
                throw failure("write", path)
            }
            written += n
        }
        guard fsync(fd) == 0 else { throw failure("write", path) }
        closed = true
        guard close(fd) == 0 else { throw failure("write", path) }
        guard rename(temp, target) == 0 else { throw failure("write", path) }
        succeeded = true

        // Make the rename itself durable; a failure here leaves a correct file.
        let dirfd = open(directory ?? ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if dirfd >= 0 {
            _ = fsync(dirfd)
            close(dirfd)
        }
    }

    /// Replaces the file at `path` with the UTF-8 text, atomically.
    public static func write(_ text: String, to path: String) throws(EngineError) {
        let result: Result<Void, EngineError> =
            text.utf8.withContiguousStorageIfAvailable { buffer in
                Result { () throws(EngineError) in
                    try write(UnsafeRawBufferPointer(buffer), to: path)
                }
            }
            ?? {
                let bytes = Array(text.utf8)
                return bytes.withUnsafeBytes { raw in
                    Result { () throws(EngineError) in try write(raw, to: path) }
                }
            }()
        try result.get()
    }

    /// Replaces the file at `path` with `bytes`, atomically.
    public static func write(_ bytes: [UInt8], to path: String) throws(EngineError) {
        let result: Result<Void, EngineError> = bytes.withUnsafeBytes { raw in
            Result { () throws(EngineError) in try write(raw, to: path) }
        }
        try result.get()
    }

    // MARK: Helpers

    /// "cannot <verb> <path>: <strerror(errno)>".
    private static func failure(_ verb: String, _ path: String) -> EngineError {
        let code = errno
        let reason = strerror(code).map { String(cString: $0) } ?? "error \(code)"
        return .file("cannot \(verb) \(path): \(reason)")
    }

    /// The path a write should replace: a symbolic link's final target, or
    /// `path` itself.
    private static func resolvedTarget(_ path: String) -> String {
        var info = stat()
        guard lstat(path, &info) == 0, info.st_mode & S_IFMT == S_IFLNK,
            let resolved = realpath(path, nil)
        else { return path }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// The directory part (nil for a bare name) and the last component.
    static func split(_ path: String) -> (directory: String?, name: String) {
        guard let slash = path.lastIndex(of: "/") else { return (nil, path) }
        let dir = String(path[..<slash])
        return (dir.isEmpty ? "/" : dir, String(path[path.index(after: slash)...]))
    }

    static func sizeText(_ bytes: Int) -> String {
        let units = ["bytes", "KiB", "MiB", "GiB", "TiB"]
        var value = Double(bytes)
        var unit = 0
        while value >= 1024 && unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        if unit == 0 { return "\(bytes) bytes" }
        let rounded = (value * 10).rounded() / 10
        return rounded == rounded.rounded()
            ? "\(Int(rounded)) \(units[unit])" : "\(rounded) \(units[unit])"
    }
}
