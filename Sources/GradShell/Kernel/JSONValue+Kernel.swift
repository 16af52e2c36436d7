import GradEngine

/// Reading the members of Jupyter messages.
extension JSONValue {
    /// The text of a string value; nil for any other kind.
    var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    /// A whole number's value; nil for any other kind (or a fraction).
    var intValue: Int? {
        if case .number(let n) = self { return Int(n) }
        return nil
    }

    /// A boolean's value; nil for any other kind.
    var boolValue: Bool? {
        if case .bool(let b) = self { return b }
        return nil
    }

    /// An object of string members, as JSON.
    static func strings(_ members: [(String, String)]) -> JSONValue {
        .object(members.map { JSONMember($0.0, .string($0.1)) })
    }
}
