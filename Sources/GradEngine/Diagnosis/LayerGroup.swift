/// Some of a network's layers, named in depth order.
public struct LayerGroup: Sendable, Equatable {
    public var names: [String]
    /// Whether the names are adjacent among the layers they were picked from,
    /// so that they read as a range: dense_1–dense_8.
    public var isConsecutive: Bool

    /// The group of `names` picked from `all` (both in depth order).
    public init(_ names: [String], within all: [String]) {
        self.names = names
        if let first = names.first, let i = all.firstIndex(of: first), i + names.count <= all.count
        {
            isConsecutive = Array(all[i..<(i + names.count)]) == names
        } else {
            isConsecutive = false
        }
    }

    /// The names as a reader wants them: "dense_1", "dense_1 and dense_2",
    /// "dense_1–dense_8" for three or more consecutive layers, else a list.
    public var phrase: String {
        guard let first = names.first, let last = names.last else { return "no layer" }
        if names.count == 1 { return first }
        if names.count == 2 { return "\(first) and \(last)" }
        if isConsecutive { return "\(first)–\(last)" }
        return names.dropLast().joined(separator: ", ") + " and " + last
    }
}
