import GradEngine

extension Builtins {
    /// Every builtin, grouped, one line each.
    static var overview: String {
        let groups: [(String, [String])] = [
            (
                "Models and layers",
                [
                    "model", "dense", "batchnorm", "dropout", "residual", "repeat", "summary",
                    "copy", "reinit", "gain", "constant",
                ]
            ),
            ("Data", ["spiral", "moons", "circles", "xor", "blobs", "sine", "csv", "split"]),
            (
                "Training",
                ["train", "step", "evaluate", "predict", "sgd", "adam", "adamw", "rmsprop"]
            ),
            (
                "Looking at gradients",
                [
                    "grads", "acts", "weights", "gradcheck", "diagnose", "compare", "thresholds",
                    "plot", "hist",
                ]
            ),
            ("Numbers", ["round", "abs", "sqrt", "log10", "min", "max", "sum", "mean"]),
            ("Files and the rest", ["save", "load", "export", "seed", "print", "len", "help"]),
        ]
        var out = "Builtins (help(name) for details):"
        for (title, names) in groups {
            out += "\n\n\(title):"
            for n in names {
                if let b = table[n] { out += "\n  \(b.signature)\n      \(b.summary)" }
            }
        }
        out += "\n\nActivations: " + Activation.allDefaults.map(\.name).joined(separator: ", ")
        out +=
            "\nInit schemes: he_normal (he), he_uniform, xavier_normal, xavier_uniform (xavier, glorot), lecun_normal, lecun_uniform, orthogonal, normal, uniform, zeros, constant(v)"
        out += "\nLosses: mse, cross_entropy, bce"
        return out
    }

    /// The documentation of a builtin or named value.
    static func help(for topic: Value) -> String? {
        switch topic {
        case .builtin(let name):
            guard let b = table[name] else { return nil }
            var out = "\(b.signature)\n  \(b.summary)"
            let documented = b.parameters.filter { !$0.name.hasSuffix("...") }
            if !documented.isEmpty {
                out += "\n  arguments:"
                for p in documented {
                    out +=
                        "\n    \(p.name): \(p.expects)"
                        + (p.defaultText.map { " (default \($0))" } ?? " (required)")
                }
            }
            out += "\n  example: \(b.example)"
            return out
        case .activation(let a):
            var out =
                "\(activationText(a)): an activation. Use it as dense(n, act: \(a.name)) or as a layer of its own."
            switch a {
            case .leakyReLU:
                out += "\n  leaky_relu(slope: 0.2) sets the slope for x < 0 (default 0.01)."
            case .elu: out += "\n  elu(alpha: 0.5) sets α (default 1)."
            default: break
            }
            if let g = a.gain { out += "\n  gain(\(a.name)) = \(formatNumber(g))" }
            return out
        case .initScheme(let s):
            let text = initSchemeText(s)
            return
                "\(text): an init scheme, as in dense(n, init: \(text)). PyTorch's fan-in/fan-out conventions; see docs/engine.md."
        case .loss(let l):
            return "\(l.rawValue): a loss, as in train(net, data, loss: \(l.rawValue))."
        default:
            return nil
        }
    }
}

extension Interpreter {
    /// The argument labels of a builtin or user function, for completion.
    public func argumentLabels(of name: String) -> [String] {
        if let b = Builtins.table[name] {
            return b.parameters.map(\.name).filter { !$0.hasSuffix("...") }
        }
        if case .function(let f)? = globals.lookup(name) {
            return f.declaration.parameters.map(\.name)
        }
        switch builtinValue(name) {
        case .activation(.leakyReLU)?: return ["slope"]
        case .activation(.elu)?: return ["alpha"]
        case .initScheme(.xavierUniform)?, .initScheme(.xavierNormal)?, .initScheme(.orthogonal)?:
            return ["gain"]
        case .initScheme(.normal)?: return ["mean", "std"]
        case .initScheme(.uniform)?: return ["low", "high"]
        default: return []
        }
    }

    /// The member names of the value bound to `name`, for completion after `.`.
    public func memberNames(of name: String) -> [String] {
        guard let v = globals.lookup(name) else { return [] }
        switch v {
        case .record(let r): return r.fields.map(\.name)
        case .model: return ["params", "inputs", "outputs", "layers", "optimizer"]
        case .dataset: return ["size", "features", "classes", "kind", "name", "x", "y"]
        case .history:
            return [
                "loss", "data_loss", "penalty_loss", "val_loss", "accuracy", "val_accuracy",
                "epochs",
                "steps", "seconds", "step_loss", "layers", "grad_norms", "update_ratios", "clipped",
            ]
        case .optimizer: return ["name", "lr", "steps"]
        case .plot: return ["svg", "title", "labels", "kind", "log"]
        default: return []
        }
    }
}
