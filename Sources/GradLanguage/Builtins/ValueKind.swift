import GradEngine

/// The kinds of value that have members, each with its members declared once
/// (in `ValueKind+Members.swift`). Records are not here: their members are
/// their fields, different for each record.
enum ValueKind: String, CaseIterable, Sendable {
    case model
    case dataset
    case history
    case optimizer
    case diagnosis
    case plot
    case table
    /// A table that `try_remedies` returned: a table's members and `best`.
    case remedies
    case list

    /// The kind of `value`, or nil when it has no declared members.
    init?(of value: Value) {
        switch value {
        case .model: self = .model
        case .dataset: self = .dataset
        case .history: self = .history
        case .optimizer: self = .optimizer
        case .findings: self = .diagnosis
        case .plot: self = .plot
        case .table(let t): self = t.kind == .remedies ? .remedies : .table
        case .list: self = .list
        case .none, .bool, .number, .string, .range, .record, .function, .builtin, .activation,
            .initScheme, .layer, .loss:
            return nil
        }
    }

    /// "a history", as `help` names what a builtin returns.
    var title: String {
        switch self {
        case .optimizer: "an optimizer"
        case .remedies: "a remedies table"
        case .model, .dataset, .history, .diagnosis, .plot, .table, .list: "a \(rawValue)"
        }
    }

    /// The member called `name`, if this kind has one.
    func member(_ name: String) -> Member? { members.first { $0.name == name } }
}
