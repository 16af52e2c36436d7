#if canImport(Glibc)
    import Glibc
#endif

/// The REPL's persistent history: one entry per line (newlines and backslashes
/// escaped, so a multi-line entry stays one entry), appended under an exclusive
/// `flock` after every entry, so a crash loses nothing and two REPLs running at
/// once interleave whole entries. At most `limit` entries are kept; consecutive
/// duplicates are not stored.
struct HistoryFile {
    let path: String
    static let limit = 10_000
    private(set) var entries: [String] = []

    /// `$XDG_STATE_HOME/gradlab/history`, or `~/.local/state/gradlab/history`.
    static var defaultPath: String? {
        if let state = getenv("XDG_STATE_HOME").map({ String(cString: $0) }), !state.isEmpty {
            return state + "/gradlab/history"
        }
        guard let home = getenv("HOME").map({ String(cString: $0) }), !home.isEmpty else {
            return nil
        }
        return home + "/.local/state/gradlab/history"
    }

    /// Reads the file (creating its directory); trims it to `limit` entries.
    init(path: String) {
        self.path = path
        HistoryFile.makeDirectories(for: path)
        entries = HistoryFile.read(path)
        if entries.count > HistoryFile.limit {
            entries = Array(entries.suffix(HistoryFile.limit))
            rewrite()
        }
    }

    /// Appends an entry, unless it repeats the previous one.
    mutating func append(_ entry: String) {
        guard !entry.isEmpty, entry != entries.last else { return }
        entries.append(entry)
        let fd = open(path, O_WRONLY | O_APPEND | O_CREAT, 0o600)
        guard fd >= 0 else { return }
        defer { close(fd) }
        flock(fd, LOCK_EX)
        defer { flock(fd, LOCK_UN) }
        let line = HistoryFile.escape(entry) + "\n"
        _ = line.withCString { write(fd, $0, strlen($0)) }
        if entries.count > HistoryFile.limit + HistoryFile.limit / 10 {
            entries = Array(entries.suffix(HistoryFile.limit))
            rewrite()
        }
    }

    /// Writes the kept entries to a temporary file and renames it over the history.
    private func rewrite() {
        let temporary = path + ".tmp-\(getpid())"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        guard fd >= 0 else { return }
        let text = entries.map { HistoryFile.escape($0) + "\n" }.joined()
        _ = text.withCString { write(fd, $0, strlen($0)) }
        fsync(fd)
        close(fd)
        rename(temporary, path)
    }

    static func escape(_ s: String) -> String {
        var out = ""
        for c in s {
            switch c {
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            default: out.append(c)
            }
        }
        return out
    }

    static func unescape(_ s: Substring) -> String {
        var out = ""
        var escaped = false
        for c in s {
            if escaped {
                out.append(c == "n" ? "\n" : c)
                escaped = false
            } else if c == "\\" {
                escaped = true
            } else {
                out.append(c)
            }
        }
        return out
    }

    private static func read(_ path: String) -> [String] {
        guard let file = fopen(path, "r") else { return [] }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, file) }
            if n <= 0 { break }
            bytes.append(contentsOf: chunk[0..<n])
        }
        let text = String(decoding: bytes, as: UTF8.self)
        return text.split(separator: "\n").map(unescape)
    }

    private static func makeDirectories(for path: String) {
        var prefix = ""
        for part in path.split(separator: "/").dropLast() {
            prefix += "/" + part
            mkdir(prefix, 0o700)
        }
    }
}
