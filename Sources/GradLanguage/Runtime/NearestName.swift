/// The closest name to `name`, if close enough to be a likely typo. Case is
/// ignored first, so a name that differs only in case wins (`Relu` → `relu`,
/// not `elu`); then the fewest edits, where swapping two neighbouring
/// letters is one edit (`hlep` → `help`); ties go to the fewest edits with
/// case counted, then to the first in alphabetical order.
func nearest(_ name: String, among candidates: [String]) -> String? {
    var best: (name: String, distance: Int, withCase: Int)?
    let a = Array(name)
    let lowered = Array(name.lowercased())
    for c in Set(candidates) where c != name {
        let d = editDistance(lowered, Array(c.lowercased()))
        guard d == 0 || (d <= max(1, a.count / 3) && d < a.count) else { continue }
        let withCase = editDistance(a, Array(c))
        if let b = best,
            (d, withCase) > (b.distance, b.withCase)
                || ((d, withCase) == (b.distance, b.withCase) && c > b.name)
        {
            continue
        }
        best = (c, d, withCase)
    }
    return best?.name
}

/// The optimal-string-alignment distance: insertions, deletions,
/// substitutions and swaps of two neighbouring characters each count one.
private func editDistance(_ a: [Character], _ b: [Character]) -> Int {
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    // Three rows: the one before the previous is where a swap is read from.
    var beforePrevious = [Int](repeating: 0, count: b.count + 1)
    var previous = Array(0...b.count)
    var current = [Int](repeating: 0, count: b.count + 1)
    for i in 1...a.count {
        current[0] = i
        for j in 1...b.count {
            current[j] = min(
                previous[j] + 1, current[j - 1] + 1,
                previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                current[j] = min(current[j], beforePrevious[j - 2] + 1)
            }
        }
        (beforePrevious, previous, current) = (previous, current, beforePrevious)
    }
    return previous[b.count]
}

/// The closest of `candidates` to a mistyped `name`, if any is close enough.
public func nearestName(_ name: String, among candidates: [String]) -> String? {
    nearest(name, among: candidates)
}
