/// The values that fit after a label such as `act:` or `opt:`, for
/// completion: after `act:` only activations make sense, after `init:` only
/// init schemes, after `opt:` optimizers and after `loss:` losses.
enum LabelValues {
    /// The kinds of value a label can ask for.
    enum Kind: Equatable {
        case activation, initScheme, optimizer, loss

        /// The kind a parameter asks for, read from what it `expects` (the
        /// text `help` and the type messages show), so the table stays the one
        /// place that says it.
        init?(_ param: Builtin.Param) {
            switch param.expects {
            case "an activation": self = .activation
            case "an init scheme": self = .initScheme
            case "an optimizer": self = .optimizer
            case Builtins.lossExpectation: self = .loss
            default: return nil
            }
        }

        /// The language's own names of this kind, aliases included.
        var names: [String] {
            switch self {
            case .activation: NamedValue.all.filter(\.isActivation).flatMap(\.names)
            // constant(v) is a builtin that makes an init scheme.
            case .initScheme: NamedValue.all.filter(\.isInitScheme).flatMap(\.names) + ["constant"]
            case .optimizer: Builtins.all.filter { $0.returns == .optimizer }.map(\.name)
            case .loss: NamedValue.all.filter(\.isLoss).flatMap(\.names)
            }
        }

        /// Whether `value`, bound to a name of the session, is of this kind.
        func fits(_ value: Value) -> Bool {
            switch (self, value) {
            case (.activation, .activation), (.initScheme, .initScheme),
                (.optimizer, .optimizer), (.loss, .loss):
                true
            default: false
            }
        }
    }
}

extension Interpreter {
    /// The names that fit after `label:` in a call of the builtin `callee`
    /// (the language's names of that kind and the session's names bound to
    /// one), or nil when the label does not ask for an activation, an init
    /// scheme, an optimizer or a loss.
    public func valueNames(forLabel label: String, in callee: String) -> [String]? {
        guard let param = Builtins.table[callee]?.parameters.first(where: { $0.name == label }),
            let kind = LabelValues.Kind(param)
        else { return nil }
        let own = globals.allNames.filter { name in globals.lookup(name).map(kind.fits) ?? false }
        return Array(Set(kind.names + own)).sorted()
    }
}
