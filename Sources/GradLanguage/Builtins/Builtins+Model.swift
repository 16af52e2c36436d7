import GradEngine

extension Interpreter {
    /// Runs an engine call, turning its error into a diagnostic at `location`.
    func engine<T>(
        _ location: SourceLocation, _ prefix: String = "", _ body: () throws(EngineError) -> T
    ) throws(Diagnostic) -> T {
        do {
            return try body()
        } catch {
            throw Diagnostic(.runtime, prefix + error.description, at: location)
        }
    }
}

/// How deep residual blocks may nest (`r = residual(layers: r)` in a loop would
/// otherwise nest without end).
let maxResidualNesting = 100

/// How deep the residual blocks in `specs` nest (0 without any), counting at most to `limit`.
func residualNesting(_ specs: [LayerSpec], limit: Int) -> Int {
    guard limit > 0 else { return 0 }
    var deepest = 0
    for case .residual(let inner) in specs {
        deepest = max(deepest, 1 + residualNesting(inner, limit: limit - 1))
        if deepest >= limit { return limit }
    }
    return deepest
}

extension Arguments {
    func activation(_ name: String) throws(Diagnostic) -> Activation {
        let v = try required(name)
        guard case .activation(let a) = v else {
            throw mismatch(name, "an activation such as relu or tanh", v)
        }
        return a
    }

    func initScheme(_ name: String) throws(Diagnostic) -> InitScheme {
        let v = try required(name)
        guard case .initScheme(let s) = v else {
            throw mismatch(name, "an init scheme such as he_normal or xavier_uniform", v)
        }
        return s
    }

    /// Layers from a `layers:` list argument or the trailing block.
    func layers(_ interpreter: Interpreter, required: Bool) throws(Diagnostic) -> [LayerSpec] {
        if let block = trailing {
            if optional("layers") != nil {
                throw error(
                    "\(function)() takes its layers from 'layers:' or a '{ }' block, not both")
            }
            return try interpreter.buildLayers(block, in: environment ?? interpreter.globals)
        }
        guard let v = optional("layers") else {
            if required {
                throw error(
                    "\(function)() needs its layers: a '{ ... }' block on the same line, or 'layers: [...]'"
                )
            }
            return []
        }
        return try Arguments.specs(from: v, function: function, at: location)
    }

    static func specs(from v: Value, function: String, at location: SourceLocation)
        throws(Diagnostic) -> [LayerSpec]
    {
        switch v {
        case .layer(let s): return [s]
        case .activation(let a): return [.activation(a)]
        case .list(let items):
            var out: [LayerSpec] = []
            for item in items { out += try specs(from: item, function: function, at: location) }
            return out
        default:
            throw Diagnostic(
                .runtime, "\(function)(): 'layers' must be a list of layers, found \(v.typeName)",
                at: location)
        }
    }
}

extension Builtins {
    static let modelBuiltins: [Builtin] = [
        Builtin(
            name: "model", group: .models,
            parameters: [
                .init(name: "inputs", expects: "a whole number ≥ 1"),
                .init(name: "layers", default: .noValue, expects: "a list of layers"),
            ],
            summary:
                "A network taking `inputs` features, built from the layers of its block (or `layers:`).",
            example: "model(inputs: 2) { dense(16, act: relu); dense(3) }", takesBlock: true,
            returns: .model
        ) { args, interp throws(Diagnostic) in
            let inputs = try args.integer("inputs", in: 1...Int(Int32.max))
            let specs = try args.layers(interp, required: true)
            guard !specs.isEmpty else { throw args.error("model() needs at least one layer") }
            let network = try interp.engine(args.location) { () throws(EngineError) in
                try Network<Float>(inputs: inputs, layers: specs, rng: &interp.rng)
            }
            return .model(Model(network))
        },
        Builtin(
            name: "dense", group: .models,
            parameters: [
                .init(name: "units", expects: "a whole number ≥ 1"),
                .init(name: "act", default: .activation(.identity), expects: "an activation"),
                .init(
                    name: "init", default: .initScheme(.defaultWeight), expects: "an init scheme"),
                .init(name: "bias", default: .bool(true), expects: "true or false"),
                .init(name: "bias_init", default: .initScheme(.zeros), expects: "an init scheme"),
            ],
            summary: "A fully connected layer with `units` outputs and a fused activation.",
            example: "dense(32, act: relu, init: he_normal)"
        ) { args, _ throws(Diagnostic) in
            let units = try args.integer("units", in: 1...Int(Int32.max))
            return .layer(
                .dense(
                    units: units, activation: try args.activation("act"),
                    weightInit: try args.initScheme("init"),
                    biasInit: try args.initScheme("bias_init"), bias: try args.bool("bias")))
        },
        Builtin(
            name: "batchnorm", group: .models,
            parameters: [
                .init(
                    name: "momentum", default: .number(LayerSpec.batchNormDefaults.momentum),
                    expects: "a number in [0, 1]"),
                .init(
                    name: "eps", default: .number(LayerSpec.batchNormDefaults.eps),
                    expects: "a number > 0"),
            ],
            summary:
                "Batch normalization (PyTorch's BatchNorm1d): batch statistics in training, running ones in evaluation.",
            example: "batchnorm()"
        ) { args, _ throws(Diagnostic) in
            let spec = LayerSpec.batchNorm(
                momentum: try args.number("momentum"), eps: try args.number("eps"))
            if let problem = spec.problem { throw args.refusal(problem) }
            return .layer(spec)
        },
        Builtin(
            name: "dropout", group: .models,
            parameters: [.init(name: "rate", expects: "a number in [0, 1]")],
            summary: "Inverted dropout: zeroes each value with probability `rate` while training.",
            example: "dropout(0.1)"
        ) { args, _ throws(Diagnostic) in
            let spec = LayerSpec.dropout(rate: try args.number("rate"))
            if let problem = spec.problem { throw args.refusal(problem) }
            return .layer(spec)
        },
        Builtin(
            name: "residual", group: .models,
            parameters: [.init(name: "layers", default: .noValue, expects: "a list of layers")],
            summary: "A residual block: output = x + block(x); the block must keep the width.",
            example: "residual { dense(32, act: relu); dense(32) }", takesBlock: true
        ) { args, interp throws(Diagnostic) in
            let specs = try args.layers(interp, required: true)
            guard !specs.isEmpty else {
                throw args.error("residual() needs at least one layer in its block")
            }
            // Models, summaries and model files walk residual blocks recursively.
            guard residualNesting(specs, limit: maxResidualNesting) < maxResidualNesting else {
                throw args.error("residual blocks nested deeper than \(maxResidualNesting)")
            }
            return .layer(.residual(specs))
        },
        Builtin(
            name: "repeat", group: .models,
            parameters: [.init(name: "n", expects: "a whole number ≥ 0")],
            summary: "Evaluates its block `n` times, so each repetition makes fresh layers.",
            example: "repeat(6) { dense(32, act: relu) }", takesBlock: true, returns: .list
        ) { args, interp throws(Diagnostic) in
            let n = try args.integer("n", in: 0...100_000)
            guard let block = args.trailing else {
                throw args.error("repeat() needs a '{ ... }' block on the same line")
            }
            var all: [Value] = []
            for _ in 0..<n {
                try interp.countStep(at: args.location)
                for s in try interp.buildLayers(block, in: args.environment ?? interp.globals) {
                    all.append(.layer(s))
                }
            }
            return .list(all)
        },
        Builtin(
            name: "summary", group: .models, parameters: [.init(name: "net", expects: "a model")],
            summary: "The model's layers, output widths and parameter counts as a table.",
            example: "summary(net)"
        ) { args, interp throws(Diagnostic) in
            .string(interp.modelSummary(try args.model("net")))
        },
        Builtin(
            name: "copy", group: .models, parameters: [.init(name: "net", expects: "a model")],
            summary: "An independent copy of a model: same layers, weights and running statistics.",
            example: "let net2 = copy(net)", returns: .model
        ) { args, interp throws(Diagnostic) in
            let m = try args.model("net")
            return .model(
                Model(
                    try interp.engine(args.location) { () throws(EngineError) in
                        try m.network.copy()
                    }))
        },
        Builtin(
            name: "reinit", group: .models,
            parameters: [
                .init(name: "net", expects: "a model"),
                .init(name: "init", default: .noValue, expects: "an init scheme"),
            ],
            summary:
                "Draws fresh weights for a model (with `init:` for every dense layer) and forgets its optimizer.",
            example: "reinit(net, init: he)", returns: .model
        ) { args, interp throws(Diagnostic) in
            let m = try args.model("net")
            let override = args.optional("init") == nil ? nil : try args.initScheme("init")
            func rewrite(_ specs: [LayerSpec]) -> [LayerSpec] {
                specs.map { spec in
                    switch spec {
                    case .dense(let units, let act, let w, let b, let bias):
                        return .dense(
                            units: units, activation: act, weightInit: override ?? w, biasInit: b,
                            bias: bias)
                    case .residual(let inner): return .residual(rewrite(inner))
                    case .batchNorm, .dropout, .activation: return spec
                    }
                }
            }
            let fresh = try interp.engine(args.location) { () throws(EngineError) in
                try Network<Float>(
                    inputs: m.network.inputs, layers: rewrite(m.network.specs), rng: &interp.rng)
            }
            try interp.engine(args.location) { () throws(EngineError) in
                for (p, q) in zip(m.network.parameters, fresh.parameters) {
                    try p.value.copy(from: q.value)
                }
                m.network.resetRunningStatistics()
            }
            m.trainer = nil
            m.optimizer = nil
            m.lastHistory = nil
            return .model(m)
        },
        Builtin(
            name: "gain", group: .models,
            parameters: [.init(name: "act", expects: "an activation")],
            summary: "PyTorch's calculate_gain for an activation (tanh: 5/3, relu: √2, ...).",
            example: "xavier_uniform(gain: gain(tanh))"
        ) { args, _ throws(Diagnostic) in
            let a = try args.activation("act")
            guard let g = a.gain else {
                throw args.error("gain(): PyTorch has no recommended gain for \(a.name)", "act")
            }
            return .number(g)
        },
        Builtin(
            name: "constant", group: .models,
            parameters: [.init(name: "value", expects: "a number")],
            summary: "An init scheme that fills every weight with `value`.",
            example: "dense(8, init: constant(0.1))"
        ) { args, _ throws(Diagnostic) in
            .initScheme(.constant(try args.number("value")))
        },
    ]
}
