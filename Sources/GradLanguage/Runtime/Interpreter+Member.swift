import GradEngine

/// `value.member`: the fields of records, and the members `ValueKind` declares
/// for models, datasets, histories, optimizers, diagnoses, plots, tables and lists.
extension Interpreter {
    func member(_ object: Value, _ name: String, at: SourceLocation) throws(Diagnostic) -> Value {
        if case .record(let r) = object {
            if let v = r[name] { return v }
            return try missing(object, name, r.fields.map(\.name), at)
        }
        guard let kind = ValueKind(of: object) else {
            throw Diagnostic(
                .runtime, "\(object.typeName) has no members, so '.\(name)' is not available",
                at: at)
        }
        if let v = kind.member(name)?.read(object, self) { return v }
        return try missing(object, name, kind.members.map(\.name).sorted(), at)
    }

    /// The names `value.` can be followed by: a record's fields in order, or
    /// the members of its kind.
    func memberNames(of value: Value) -> [String] {
        if case .record(let r) = value { return r.fields.map(\.name) }
        return ValueKind(of: value)?.members.map(\.name) ?? []
    }

    private func missing(_ object: Value, _ name: String, _ known: [String], _ at: SourceLocation)
        throws(Diagnostic) -> Value
    {
        var m = "\(object.typeName) has no member '\(name)'"
        if let near = nearest(name, among: known) {
            m += ": did you mean '\(near)'?"
        } else if !known.isEmpty {
            m += " (members: \(known.joined(separator: ", ")))"
        }
        throw Diagnostic(.runtime, m, at: at)
    }
}
