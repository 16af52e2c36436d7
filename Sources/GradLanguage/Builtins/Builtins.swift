import GradEngine

/// The table of builtins, filled from the `Builtins+*.swift` files, and what
/// is derived from it.
enum Builtins {
    /// Every builtin in `help()` order: by group, then as declared.
    static let all: [Builtin] = {
        let declared =
            modelBuiltins + dataBuiltins + trainingBuiltins + inspectBuiltins
            + diagnosisBuiltins + remedyBuiltins + plotBuiltins + mathBuiltins + generalBuiltins
        return Builtin.Group.allCases.flatMap { g in declared.filter { $0.group == g } }
    }()

    static let table: [String: Builtin] = {
        var t: [String: Builtin] = [:]
        for b in all { t[b.name] = b }
        return t
    }()

    /// The names whose calls take a trailing `{ ... }` block: what the parser
    /// needs to read `model(inputs: 2) { ... }` and `residual { ... }`.
    static let blockTakers: Set<String> = Set(all.filter(\.takesBlock).map(\.name))

    /// Every name a program can use without defining it.
    static let allNames: [String] = all.map(\.name) + NamedValue.all.flatMap(\.names)
}
