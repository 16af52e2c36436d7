import GradLanguage

#if canImport(Glibc)
    import Glibc
#endif

/// A bundled teaching walkthrough: a `.grad` file in the walkthroughs folder.
///
/// Its second line is `## # Title` and its third `## one-line summary`; the
/// tour lists both.
struct Walkthrough: Equatable {
    /// The file name without `.grad`: `01-vanishing`.
    var name: String
    var path: String
    var title: String
    var summary: String

    /// The folder that holds the walkthroughs: `$GRADLAB_WALKTHROUGHS`, else a
    /// `walkthroughs` (or `share/gradlab/walkthroughs`) folder beside the
    /// executable or in one of its parent folders (the repository when the
    /// binary is `.build/release/gradlab`).
    static func folder(environment: [String: String]) -> String? {
        if let dir = environment["GRADLAB_WALKTHROUGHS"], !dir.isEmpty { return dir }
        var dir = executableDirectory()
        for _ in 0..<6 {
            guard let d = dir else { return nil }
            for candidate in [d + "/walkthroughs", d + "/share/gradlab/walkthroughs"]
            where isDirectory(candidate) {
                return candidate
            }
            dir = parent(of: d)
        }
        return nil
    }

    /// Every walkthrough in `folder`, by name.
    static func all(in folder: String) -> [Walkthrough] {
        guard let handle = opendir(folder) else { return [] }
        defer { closedir(handle) }
        var names: [String] = []
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name.hasSuffix(".grad") { names.append(String(name.dropLast(5))) }
        }
        return names.sorted().compactMap { name in
            let path = folder + "/" + name + ".grad"
            guard case .success(let source) = ScriptRunner.load(path) else { return nil }
            // The title is the first `## # ` line; the summary the prose line after it.
            let lines = source.text.split(separator: "\n", omittingEmptySubsequences: false).prefix(
                6
            ).map(String.init)
            guard let t = lines.firstIndex(where: { $0.hasPrefix("## # ") }) else {
                return Walkthrough(name: name, path: path, title: name, summary: "")
            }
            let summary =
                t + 1 < lines.count && lines[t + 1].hasPrefix("##")
                ? String(lines[t + 1].dropFirst(2)).trimmingCharacters() : ""
            return Walkthrough(
                name: name, path: path, title: String(lines[t].dropFirst(5)).trimmingCharacters(),
                summary: summary)
        }
    }

    /// The walkthrough `query` names: its full name, its number (`1`, `01`) or
    /// the part after the number (`vanishing`), or a unique prefix of either.
    static func find(_ query: String, in list: [Walkthrough]) -> Walkthrough? {
        let q = query.hasSuffix(".grad") ? String(query.dropLast(5)) : query
        func number(_ w: Walkthrough) -> Int? { Int(w.name.prefix { $0.isNumber }) }
        func slug(_ w: Walkthrough) -> String { String(w.name.drop { $0.isNumber || $0 == "-" }) }
        if let exact = list.first(where: { $0.name == q || slug($0) == q }) { return exact }
        if let n = Int(q), let byNumber = list.first(where: { number($0) == n }) { return byNumber }
        let prefixed = list.filter { $0.name.hasPrefix(q) || slug($0).hasPrefix(q) }
        return prefixed.count == 1 ? prefixed[0] : nil
    }

    /// The closest walkthrough name to a mistyped `query`, as the user would type it.
    static func suggestion(for query: String, in list: [Walkthrough]) -> String? {
        let slugs = list.map { String($0.name.drop { $0.isNumber || $0 == "-" }) }
        return nearestName(query, among: slugs) ?? nearestName(query, among: list.map(\.name))
    }

    /// The list as `gradlab tour` prints it; with `width`, each summary
    /// wrapped to it under its title.
    static func listing(_ list: [Walkthrough], width: Int? = nil) -> String {
        let nameWidth = list.map(\.name.count).max() ?? 0
        var out = ["Walkthroughs (gradlab tour NAME, or :tour NAME in the REPL):"]
        let indent = String(repeating: " ", count: nameWidth + 4)
        for w in list {
            out.append(
                "  " + w.name + String(repeating: " ", count: nameWidth - w.name.count) + "  "
                    + w.title
            )
            guard !w.summary.isEmpty else { continue }
            if let width {
                out += ProseWrap.wrap(indent + w.summary, width: width, hanging: indent.count)
            } else {
                out.append(indent + w.summary)
            }
        }
        return out.joined(separator: "\n")
    }

    private static func executableDirectory() -> String? {
        var buffer = [CChar](repeating: 0, count: 4096)
        let n = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard n > 0 else { return nil }
        let path = String(decoding: buffer.prefix(n).map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return parent(of: path)
    }

    private static func parent(of path: String) -> String? {
        guard let slash = path.lastIndex(of: "/"), slash != path.startIndex else { return nil }
        return String(path[..<slash])
    }

    private static func isDirectory(_ path: String) -> Bool {
        guard let d = opendir(path) else { return false }
        closedir(d)
        return true
    }
}
