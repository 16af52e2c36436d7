import GradEngine

extension Builtins {
    static let generalBuiltins: [Builtin] = [
        Builtin(
            name: "save", group: .files,
            parameters: [
                .init(name: "net", expects: "a model, a plot or a dataset"),
                .init(name: "path", expects: "a string"),
                .init(name: "grads", default: .bool(false), expects: "true or false"),
                .init(name: "force", default: .bool(false), expects: "true or false"),
            ],
            summary:
                "Writes a model (architecture and weights; with `grads: true` also the last gradients) as JSON, a plot as SVG, or a dataset as CSV that csv() reads back; an existing file of another kind is replaced only with `force: true`.",
            example: "save(net, \"net.json\")"
        ) { args, interp throws(Diagnostic) in
            let target = try args.required("net")
            if case .plot(let p) = target {
                let path = try args.path("path", interp)
                if args.optional("grads") != nil {
                    throw args.error("save(): 'grads' applies to a model, not a plot", "grads")
                }
                guard path.lowercased().hasSuffix(".svg") else {
                    throw args.error(
                        "save(): a plot is saved as SVG, so the path must end in .svg (found \"\(path)\")",
                        "path")
                }
                try interp.engine(args.location) { () throws(EngineError) in
                    try AtomicFile.write(p.svg(), to: path)
                }
                return .none
            }
            if case .dataset(let d) = target {
                return try saveDataset(d.data, args, interp)
            }
            guard case .model(let m) = target else {
                throw args.mismatch("net", "a model, a plot or a dataset", target)
            }
            let path = try args.path("path", interp)
            let grads = try args.bool("grads")
            let force = try args.bool("force")
            try interp.engine(args.location) { () throws(EngineError) in
                try m.network.save(to: path, includeGradients: grads, replacingForeignFile: force)
            }
            return .none
        },
        Builtin(
            name: "load", group: .files, parameters: [.init(name: "path", expects: "a string")],
            summary: "Reads a model saved with save().", example: "let net2 = load(\"net.json\")",
            returns: .model
        ) { args, interp throws(Diagnostic) in
            let path = try args.path("path", interp)
            return .model(
                Model(
                    try interp.engine(args.location) { () throws(EngineError) in
                        try Network<Float>.load(from: path)
                    }))
        },
        Builtin(
            name: "export", group: .files,
            parameters: [
                .init(name: "net", expects: "a model, or a training history"),
                .init(name: "path", expects: "a string ending in .py"),
                .init(
                    name: "example", default: .noValue,
                    expects: "a list of numbers, one per input (none: zeros)"),
                .init(name: "force", default: .bool(false), expects: "true or false"),
                .init(
                    name: "from", default: .noValue,
                    expects: "\"start\" or \"end\" (a history's weights; none: \"start\")"),
            ],
            summary:
                "Writes a PyTorch script that rebuilds the model (nn.Sequential, same layers and exact weights); `python net.py` prints its outputs for the example input. Given a history, writes the run as a training script for torchrun (docs/scale-out.md).",
            example: "export(net, \"net.py\", example: [0.5, -1.0])"
        ) { args, interp throws(Diagnostic) in
            if case .history(let h) = args.optional("net") {
                return try exportTraining(h, args, interp)
            }
            if args.optional("from") != nil {
                throw args.error(
                    "export(): 'from' chooses a training history's weights; a model is exported with its own",
                    "from")
            }
            let m = try args.model("net")
            let path = try args.path("path", interp)
            let example = args.optional("example") == nil ? nil : try args.numberList("example")
            let force = try args.bool("force")
            guard path.hasSuffix(".py") else {
                throw args.error(
                    "export(): the path must end in .py (found \"\(path)\"): the export is a Python script",
                    "path")
            }
            try interp.engine(args.location) { () throws(EngineError) in
                try m.network.exportPyTorch(
                    to: path, version: gradLabVersion, example: example,
                    replacingForeignFile: force)
            }
            return .none
        },
        Builtin(
            name: "seed", group: .files,
            parameters: [.init(name: "n", expects: "a whole number ≥ 0")],
            summary: "Reseeds the one generator behind data, init, shuffling and dropout.",
            example: "seed(42)"
        ) { args, interp throws(Diagnostic) in
            let n = try args.integer("n", in: 0...Int(Int64.max))
            interp.rng = RandomGenerator(seed: interp.seedOverride ?? UInt64(n))
            return .none
        },
        Builtin(
            name: "print", group: .files,
            parameters: [.init(name: "values...", expects: "any values")],
            summary: "Prints its arguments separated by one space.",
            example: "print(\"loss\", h.loss[-1])"
        ) { args, interp throws(Diagnostic) in
            let parts = (0..<args.count).map { i -> String in
                if case .string(let s) = args.positional(i) { return s }
                return interp.display(args.positional(i))
            }
            interp.output(parts.joined(separator: " "))
            return .none
        },
        Builtin(
            name: "len", group: .files,
            parameters: [.init(name: "x", expects: "a list, string, range or dataset")],
            summary: "The number of items: list elements, characters, range values or samples.",
            example: "len([1, 2, 3])"
        ) { args, _ throws(Diagnostic) in
            let x = try args.required("x")
            switch x {
            case .list(let l): return .number(Double(l.count))
            case .string(let s): return .number(Double(s.count))
            case .range(let a, let b): return .number(Double(max(0, b - a + 1)))
            case .dataset(let d): return .number(Double(d.data.count))
            case .record(let r): return .number(Double(r.fields.count))
            default: throw args.mismatch("x", "a list, string, range or dataset", x)
            }
        },
        Builtin(
            name: "out", group: .files,
            parameters: [.init(name: "n", expects: "a whole number ≥ 1")],
            summary: "In the REPL, the result of entry n (the same as Out[n]).",
            example: "out(3)"
        ) { args, interp throws(Diagnostic) in
            let n = try args.integer("n", in: 1...Int(Int32.max))
            guard let result = interp.result(ofEntry: n) else {
                throw args.error("out(): entry \(n) has no result", "n")
            }
            return result
        },
        Builtin(
            name: "help", group: .files,
            parameters: [
                .init(
                    name: "topic", default: .noValue,
                    expects: "a builtin, or its name as a string")
            ],
            summary:
                "Documents a builtin (signature, defaults, meaning, example), or lists them all.",
            example: "help(dense)"
        ) { args, interp throws(Diagnostic) in
            guard var topic = args.optional("topic") else { return .string(Builtins.overview) }
            // help("dense") as well as help(dense), as Python's help takes a name.
            if case .string(let name) = topic {
                if Builtins.table[name] != nil {
                    topic = .builtin(name)
                } else if let value = interp.builtinValue(name) {
                    topic = value
                } else {
                    var m = "help(): '\(name)' is not a builtin"
                    if let near = nearest(name, among: Builtins.allNames) {
                        m += ": did you mean '\(near)'?"
                    } else {
                        m += "; try help() for the list"
                    }
                    throw args.error(m, "topic")
                }
            }
            if let text = Builtins.help(for: topic) { return .string(text) }
            throw args.error(
                "help(): no documentation for \(topic.typeName); try help() for the list", "topic")
        },
    ]
}

/// `save(data, "x.csv")`: the dataset as CSV, which `csv()` reads back.
private func saveDataset(_ data: Dataset<Float>, _ args: Arguments, _ interp: Interpreter)
    throws(Diagnostic) -> Value
{
    let path = try args.path("path", interp)
    if args.optional("grads") != nil {
        throw args.error("save(): 'grads' applies to a model, not a dataset", "grads")
    }
    guard path.lowercased().hasSuffix(".csv") else {
        throw args.error(
            "save(): a dataset is saved as CSV, so the path must end in .csv (found \"\(path)\")",
            "path")
    }
    let force = try args.bool("force")
    try interp.engine(args.location) { () throws(EngineError) in
        try data.saveCSV(to: path, replacingForeignFile: force)
    }
    return .none
}
