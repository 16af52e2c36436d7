import GradEngine

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

    /// Replaces the history with the kept entries, atomically (the file keeps
    /// its owner-only permissions). A failure keeps the old file, which is
    /// only longer than it needs to be.
    private func rewrite() {
        let text = entries.map { HistoryFile.escape($0) + "\n" }.joined()
        try? AtomicFile.write(text, to: path)
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

    /// The entries in the file; none when it is missing or unreadable (a
    /// history is a convenience: the REPL starts without one).
    private static func read(_ path: String) -> [String] {
        guard let bytes = try? FileContents.read(path, limit: AtomicFile.defaultSizeLimit) else {
            return []
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
