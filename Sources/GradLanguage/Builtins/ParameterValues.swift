/// The arguments of a value call, by parameter name: numbers, or true/false
/// for a switch.
struct ParameterValues: ExpressibleByDictionaryLiteral {
    var values: [String: Value]

    init(_ values: [String: Value]) { self.values = values }
    init(dictionaryLiteral elements: (String, Value)...) {
        values = Dictionary(elements, uniquingKeysWith: { $1 })
    }

    /// The number given for `name`, if one was.
    subscript(name: String) -> Double? {
        if case .number(let x)? = values[name] { x } else { nil }
    }

    /// The switch given for `name`, if one was.
    func flag(_ name: String) -> Bool? {
        if case .bool(let b)? = values[name] { b } else { nil }
    }

    /// Every number given, by name.
    var numbers: [String: Double] {
        values.compactMapValues { v in if case .number(let x) = v { x } else { nil } }
    }
}
