/// The cells a kernel ran with `store_history`, numbered by their execution
/// count, for `history_request` and `:history`.
///
/// There is one session per kernel process (numbered 1, as IPython numbers
/// the current session in its replies when it keeps no database): a restarted
/// kernel starts an empty history.
struct KernelHistory {
    /// The session number the entries carry.
    static let session = 1

    private(set) var entries: [KernelHistoryEntry] = []

    /// Keeps `input` as the cell numbered `line`.
    mutating func append(_ input: String, line: Int) {
        entries.append(KernelHistoryEntry(session: KernelHistory.session, line: line, input: input))
    }

    /// The entries `access` asks for, oldest first.
    func entries(_ access: KernelHistoryAccess) -> [KernelHistoryEntry] {
        switch access {
        case .tail(let count):
            return Array(entries.suffix(max(0, count)))
        case .range(let start, let stop):
            // IPython's range: from `start`, up to but not including `stop`.
            return entries.filter { $0.line >= start && $0.line < stop }
        case .search(let pattern, let count, let unique):
            var found = entries.filter { KernelHistory.glob(pattern, matches: $0.input) }
            if unique {
                // Each input once, where it was last run.
                var seen: Set<String> = []
                found = found.reversed().filter { seen.insert($0.input).inserted }.reversed()
            }
            guard let count else { return found }
            return Array(found.suffix(max(0, count)))
        }
    }

    /// Whether `text` matches `pattern` as a whole, as IPython's history
    /// search (SQLite's GLOB) matches: `*` any run of characters, `?` any one
    /// character, everything else itself, case counting.
    static func glob(_ pattern: String, matches text: String) -> Bool {
        let p = Array(pattern)
        let t = Array(text)
        // The classic backtracking matcher: linear but for `*`, which retries
        // from the last star only, so no input makes it exponential.
        var i = 0
        var j = 0
        var star: Int?
        var resume = 0
        while j < t.count {
            if i < p.count && (p[i] == "?" || p[i] == t[j]) && p[i] != "*" {
                i += 1
                j += 1
            } else if i < p.count && p[i] == "*" {
                star = i
                resume = j
                i += 1
            } else if let s = star {
                i = s + 1
                resume += 1
                j = resume
            } else {
                return false
            }
        }
        while i < p.count && p[i] == "*" { i += 1 }
        return i == p.count
    }
}
