import GradEngine

/// `help()` and `help(topic)`, written from the builtin table, the named
/// values and the member declarations.
extension Builtins {
    /// Every builtin, by group, one line each; then the value names.
    static var overview: String {
        var out = "Builtins (help(name) for details):"
        for group in Builtin.Group.allCases {
            out += "\n\n\(group.rawValue):"
            for b in all where b.group == group {
                out += "\n  \(b.signature)\n      \(b.summary)"
            }
        }
        func line(_ title: String, _ entries: [NamedValue]) -> String {
            let names = entries.map { v in
                v.aliases.isEmpty ? v.name : "\(v.name) (\(v.aliases.joined(separator: ", ")))"
            }
            return "\(title): " + names.joined(separator: ", ")
        }
        let values = NamedValue.all
        out += "\n\n" + line("Activations", values.filter(\.isActivation))
        // constant(v) is a builtin (listed above) that makes an init scheme.
        out += "\n" + line("Init schemes", values.filter(\.isInitScheme)) + ", constant(v)"
        out += "\n" + line("Losses", values.filter(\.isLoss))
        return out
    }

    /// The documentation of a builtin, a named value, or a value with members.
    static func help(for topic: Value) -> String? {
        switch topic {
        case .builtin(let name):
            guard let b = table[name] else { return nil }
            var out = "\(b.signature)\n  \(b.summary)"
            let documented = b.parameters.filter { !$0.isVariadic }
            if !documented.isEmpty {
                out += "\n  arguments:"
                for p in documented {
                    out +=
                        "\n    \(p.name): \(p.expects)"
                        + (p.defaultValue.map { " (default \($0.text))" } ?? " (required)")
                }
            }
            if let kind = b.returns {
                out +=
                    "\n  returns \(kind.title): "
                    + kind.members.map { "." + $0.name }.joined(separator: ", ")
            }
            out += "\n  example: \(b.example)"
            return out
        case .activation(let a):
            var out =
                "\(activationText(a)): an activation. Use it as dense(n, act: \(a.name)) or as a layer of its own."
            let defaults = NamedValue.named(a.name)?.parameters ?? []
            func defaultText(_ p: String) -> String {
                defaults.first { $0.name == p }.map { parameterDefaultText($0.default) } ?? "?"
            }
            switch a {
            case .leakyReLU:
                out +=
                    "\n  leaky_relu(slope: 0.2) sets the slope for x < 0 (default \(defaultText("slope")))."
            case .elu: out += "\n  elu(alpha: 0.5) sets α (default \(defaultText("alpha")))."
            case .exponential:
                out +=
                    "\n  exp(x), Keras's exponential; unbounded: in Float it overflows to inf past x ≈ 88.7."
            case .softsign: out += "\n  x / (1 + |x|), bounded by ±1 (torch's Softsign)."
            case .hardSigmoid:
                out +=
                    "\n  clip(0.2·x + 0.5, 0, 1), Keras 2's hard_sigmoid. PyTorch's Hardsigmoid (and Keras 3's) is relu6(x + 3)/6, a different function."
            case .silu: out += "\n  x·sigmoid(x) (torch's SiLU)."
            case .softmax:
                out +=
                    "\n  Each row (one sample's outputs) as probabilities that sum to 1 (torch's Softmax(dim=1)).\n  cross_entropy applies softmax itself: after a softmax layer it computes softmax twice."
            case .identity, .relu, .gelu, .selu, .sigmoid, .tanh, .softplus: break
            }
            if let aliases = NamedValue.named(a.name)?.aliases, !aliases.isEmpty {
                out += "\n  Also named " + aliases.joined(separator: ", ") + "."
            }
            if let g = a.gain { out += "\n  gain(\(a.name)) = \(formatNumber(g))" }
            return out
        case .initScheme(let s):
            let text = initSchemeText(s)
            var out =
                "\(text): an init scheme, as in dense(n, init: \(text)). PyTorch's fan-in/fan-out conventions; see docs/engine.md."
            if let aliases = NamedValue.named(s.name)?.aliases, !aliases.isEmpty {
                out += "\n  Also named " + aliases.joined(separator: ", ") + "."
            }
            if let note = aliasNote(s) { out += "\n  " + note }
            return out
        case .loss(let l):
            return lossHelp(l)
        default:
            guard let kind = ValueKind(of: topic) else { return nil }
            return "\(kind.title), with members:"
                + kind.members.map { "\n  .\($0.name): \($0.summary)" }.joined()
        }
    }
}

extension Builtins {
    /// How an init scheme's PyTorch or Keras alias relates to the library's own
    /// function of that name: the same draw, or where it differs.
    static func aliasNote(_ s: InitScheme) -> String? {
        switch s {
        case .heNormal:
            "kaiming_normal is torch.nn.init.kaiming_normal_ with its defaults (mode fan_in, a = 0: gain √2)."
        case .heUniform:
            "kaiming_uniform is torch.nn.init.kaiming_uniform_ with its defaults (mode fan_in, a = 0: gain √2); nn.Linear's own init calls it with a = √5, which gives a bound of 1/√fan_in."
        case .xavierNormal:
            "glorot_normal is Keras's name: Keras draws from a normal truncated at two standard deviations (scaled to the same variance), this from PyTorch's untruncated one."
        case .xavierUniform:
            "glorot_uniform is Keras's default kernel init: the same bound, √(6 / (fan_in + fan_out))."
        case .lecunNormal, .lecunUniform, .orthogonal, .normal, .uniform, .zeros, .constant: nil
        }
    }

    /// What `help` says of a loss; for the cross-entropies, also what they
    /// read the outputs as and how `from_logits:` changes it.
    static func lossHelp(_ l: Loss) -> String {
        let text = lossText(l)
        var out = "\(text): a loss, as in train(net, data, loss: \(text))."
        let (torch, keras, last): (String, String, String)
        switch l {
        case .mse, .mae: return out
        case .crossEntropy:
            (torch, keras, last) = ("CrossEntropyLoss", "categorical_crossentropy", "softmax")
        case .binaryCrossEntropy:
            (torch, keras, last) = ("BCEWithLogitsLoss", "binary_crossentropy", "sigmoid")
        }
        let clipped =
            "probabilities (a \(last) last layer), clipped to [1e-7, 1 − 1e-7] as Keras's \(keras) does by default"
        if l.fromLogits == false {
            out += "\n  It reads the outputs as \(clipped); \(l.name) reads logits."
        } else {
            out +=
                "\n  It reads the outputs as logits (torch.nn.\(torch)); \(l.name)(from_logits: false) reads \(clipped)."
        }
        return out
    }
}

extension Interpreter {
    /// The argument labels of a builtin, user function or value call, for completion.
    public func argumentLabels(of name: String) -> [String] {
        if let b = Builtins.table[name] {
            return b.parameters.filter { !$0.isVariadic }.map(\.name)
        }
        if case .function(let f)? = globals.lookup(name) {
            return f.declaration.parameters.map(\.name)
        }
        return NamedValue.named(name)?.parameters.map(\.name) ?? []
    }

    /// The member names of the value bound to `name`, for completion after `.`:
    /// exactly the members member access serves.
    public func memberNames(of name: String) -> [String] {
        guard let v = globals.lookup(name) else { return [] }
        return memberNames(of: v)
    }
}
