#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Why `FileContents` could not read a whole file, as a value each caller
/// words in its own voice (a model file, a CSV file and a script name the
/// same failure differently).
public enum FileReadFailure: Error, Equatable, Sendable {
    /// No file name was given.
    case noName
    /// The file could not be found or opened (a missing file, a denied
    /// permission...); `errno` is the system's error number.
    case cannotOpen(errno: Int32)
    /// Reading failed part way; `errno` is the system's error number.
    case cannotRead(errno: Int32)
    /// The path names a directory.
    case directory
    /// The path names a FIFO, a device or a socket, and only regular files were accepted.
    case notRegularFile
    /// The file is larger than the limit: `size` is its size when known before
    /// reading, nil when it grew past the limit while being read.
    case tooLarge(size: Int?)

    /// The system's words for an error number ("No such file or directory").
    public static func systemReason(_ code: Int32) -> String {
        strerror(code).map { String(cString: $0) } ?? "error \(code)"
    }
}
