/// What to suggest for an argument label a builtin does not take, when a
/// PyTorch or Keras user wrote the long form of one of ours
/// (`activation:` for `act:`) or a setting that lives in another value
/// (`train(net, d, learning_rate: 0.1)`: the rate belongs to the optimizer).
enum LabelSuggestion {
    /// Labels other libraries spell out, and the label the language uses.
    static let longForms: [String: String] = [
        "activation": "act",
        "optimizer": "opt",
        "learning_rate": "lr",
        "lr_rate": "lr",
        "epoch": "epochs",
        "num_epochs": "epochs",
        "batch_size": "batch",
        "kernel_initializer": "init",
        "use_bias": "bias",
        "validation_data": "val",
    ]

    /// The label (or `label: value` written elsewhere) to suggest for `label`,
    /// given as `value` to `builtin`, which has no such parameter; nil when no
    /// rule applies (the caller then looks for the nearest name). `optimizer`
    /// is the optimizer the call gives as `opt:`, if any.
    static func suggestion(
        for label: String, value: Value, in builtin: Builtin, optimizer: Value? = nil
    ) -> String? {
        let ours = longForms[label] ?? label
        let takes = { (name: String) in builtin.parameters.contains { $0.name == name } }
        if ours != label && takes(ours) { return ours }
        // An optimizer's setting given to train() or step(): it goes inside `opt:`,
        // in the optimizer the call already names when that one takes it.
        guard takes("opt") else { return nil }
        var given: String?
        if case .optimizer(let o)? = optimizer { given = o.optimizer.kind.name }
        guard let maker = optimizerTaking(ours, preferring: given) else { return nil }
        return "opt: \(maker)(\(ours): \(written(value)))"
    }

    /// The optimizer builtin with a parameter `name`: `preferred` when it has
    /// one, else the first (sgd, the default, before the others).
    private static func optimizerTaking(_ name: String, preferring preferred: String?) -> String? {
        let makers = Builtins.all.filter { b in
            b.returns == .optimizer && b.parameters.contains { $0.name == name }
        }.map(\.name)
        return makers.first { $0 == preferred } ?? makers.first
    }

    /// The value as a program writes it, for the numbers and switches a setting takes.
    private static func written(_ value: Value) -> String {
        switch value {
        case .number(let x): formatNumber(x)
        case .bool(let b): b ? "true" : "false"
        default: "..."
        }
    }
}
