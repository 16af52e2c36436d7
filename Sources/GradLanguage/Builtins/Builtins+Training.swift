import GradEngine

extension Builtins {
    /// The optimizer of a model trained without `opt:` and never before; also
    /// the throwaway optimizer behind `evaluate` and `compare` of an untrained model.
    static let defaultOptimizer = Optimizer<Float>.Kind.sgd(lr: 0.1)

    /// The default optimizer as `help` shows it: `sgd(lr: 0.1)`.
    static var defaultOptimizerText: String {
        "\(defaultOptimizer.name)(lr: \(formatNumber(defaultOptimizer.learningRate)))"
    }

    /// What a `loss:` argument must be: "mse, mae, cross_entropy or bce".
    static var lossExpectation: String {
        let names = Loss.allDefaults.map(\.name)
        return names.dropLast().joined(separator: ", ") + " or " + (names.last ?? "")
    }

    /// The engine's defaults of the training options, which `train` and `step` declare as theirs.
    static var defaultTraining: TrainingOptions<Float> { TrainingOptions() }
}

extension Model {
    /// The model's trainer, or a throwaway one to evaluate an untrained model with.
    func evaluationTrainer() throws(EngineError) -> Trainer<Float> {
        if let trainer { return trainer }
        return try Trainer(network: network, optimizer: Optimizer(Builtins.defaultOptimizer))
    }
}

/// The options `train` and `step` share.
private let trainingParameters: [Builtin.Param] = [
    .init(name: "loss", default: .computed("by data"), expects: Builtins.lossExpectation),
    .init(
        name: "opt", default: .computed(Builtins.defaultOptimizerText), expects: "an optimizer"),
    .init(
        name: "batch", default: .number(Double(Builtins.defaultTraining.batchSize)),
        expects: "a whole number ≥ 1"),
    .init(name: "clip_norm", default: .noValue, expects: "a number > 0"),
    .init(name: "clip_value", default: .noValue, expects: "a number > 0"),
    .init(name: "l1", default: .number(Builtins.defaultTraining.l1), expects: "a number ≥ 0"),
    .init(name: "l2", default: .number(Builtins.defaultTraining.l2), expects: "a number ≥ 0"),
]

extension Arguments {
    func loss(_ data: Dataset<Float>) throws(Diagnostic) -> Loss {
        guard let v = optional("loss") else { return Loss.defaultFor(data) }
        guard case .loss(let l) = v else { throw mismatch("loss", Builtins.lossExpectation, v) }
        return l
    }

    /// The training options given. Here only their types are checked; their
    /// ranges are the engine's (`TrainingOptions.problem`), worded for the argument.
    func trainingOptions(_ data: Dataset<Float>) throws(Diagnostic) -> TrainingOptions<Float> {
        var o = TrainingOptions<Float>()
        o.loss = try loss(data)
        o.batchSize = try wholeNumber("batch")
        if optional("clip_norm") != nil && optional("clip_value") != nil {
            throw error("\(function)(): give clip_norm or clip_value, not both")
        }
        if optional("clip_norm") != nil { o.clipping = .norm(try number("clip_norm")) }
        if optional("clip_value") != nil { o.clipping = .value(try number("clip_value")) }
        o.l1 = try number("l1")
        o.l2 = try number("l2")
        if let problem = o.problem { throw refusal(problem) }
        return o
    }

    /// The model's trainer, with the optimizer given (or the last one, or the default).
    func trainer(for model: Model) throws(Diagnostic) -> Trainer<Float> {
        var chosen: OptimizerValue?
        if let v = optional("opt") {
            guard case .optimizer(let o) = v else {
                throw mismatch("opt", "an optimizer such as sgd(lr: 0.1)", v)
            }
            chosen = o
        }
        if let t = model.trainer {
            if let chosen {
                t.optimizer = chosen.optimizer
                model.optimizer = chosen
            }
            return t
        }
        do throws(EngineError) {
            let value: OptimizerValue
            if let chosen {
                value = chosen
            } else {
                value = OptimizerValue(try Optimizer(Builtins.defaultOptimizer))
            }
            let t = try Trainer(network: model.network, optimizer: value.optimizer)
            model.trainer = t
            model.optimizer = value
            return t
        } catch {
            throw self.error(error.description)
        }
    }
}

extension Arguments {
    /// The optimizer these arguments describe, its hyper-parameters checked by
    /// the engine (`Optimizer.Kind.problem`) and refusals worded for the argument.
    func optimizerKind(_ kind: Optimizer<Float>.Kind) throws(Diagnostic) -> Optimizer<Float>.Kind {
        if let problem = kind.problem { throw refusal(problem) }
        return kind
    }

    /// The data's features must be the model's inputs (said here, naming this function and 'data').
    func checkWidth(_ model: Model, _ data: Dataset<Float>) throws(Diagnostic) {
        let inputs = model.network.inputs
        guard data.features == inputs else {
            throw error(
                "\(function)(): the model takes \(inputs) input\(inputs == 1 ? "" : "s"), but 'data' has \(data.features) feature\(data.features == 1 ? "" : "s")",
                "data")
        }
    }
}

extension Builtins {
    private static func optimizer(
        _ name: String, _ params: [Builtin.Param], summary: String, example: String,
        make: @escaping @Sendable (Arguments) throws(Diagnostic) -> Optimizer<Float>.Kind
    ) -> Builtin {
        Builtin(
            name: name, group: .training, parameters: params, summary: summary, example: example,
            returns: .optimizer
        ) { args, interp throws(Diagnostic) in
            let kind = try args.optimizerKind(try make(args))
            return .optimizer(
                OptimizerValue(
                    try interp.engine(args.location) { () throws(EngineError) in try Optimizer(kind)
                    }))
        }
    }

    static let trainingBuiltins: [Builtin] = [
        Builtin(
            name: "train", group: .training,
            parameters: [
                .init(name: "net", expects: "a model"), .init(name: "data", expects: "a dataset"),
                .init(
                    name: "epochs", default: .number(Double(Builtins.defaultTraining.epochs)),
                    expects: "a whole number ≥ 0"),
            ]
                + trainingParameters
                + [
                    .init(name: "val", default: .noValue, expects: "a dataset"),
                    .init(
                        name: "shuffle", default: .bool(Builtins.defaultTraining.shuffle),
                        expects: "true or false"),
                    .init(name: "checks", default: .bool(true), expects: "true or false"),
                ],
            summary:
                "Trains a model for some epochs of shuffled mini-batches; returns the history.",
            example:
                "let h = train(net, data, opt: sgd(lr: 0.1, momentum: 0.9), epochs: 20, clip_norm: 1.0)",
            returns: .history
        ) { args, interp throws(Diagnostic) in
            let model = try args.model("net")
            let data = try args.dataset("data")
            try args.checkWidth(model, data)
            var options = try args.trainingOptions(data)
            // The step budget's bound; the lower bound is also the engine's.
            options.epochs = try args.integer("epochs", in: 0...10_000_000)
            options.shuffle = try args.bool("shuffle")
            if args.optional("val") != nil {
                // Checked against 'data' here, so the message names 'val' (the engine's would say "the data").
                let val = try args.dataset("val")
                func kind(_ d: Dataset<Float>) -> String {
                    d.isClassification
                        ? "classification with \(d.targetWidth) classes" : "regression"
                }
                guard val.features == data.features else {
                    throw args.error(
                        "train(): 'val' has \(val.features) feature\(val.features == 1 ? "" : "s"), but 'data' has \(data.features)",
                        "val")
                }
                guard val.isClassification == data.isClassification,
                    !val.isClassification || val.targetWidth == data.targetWidth
                else {
                    throw args.error(
                        "train(): 'val' is \(kind(val)), but 'data' is \(kind(data))", "val")
                }
                options.validation = val
            }
            // Every training step counts against the step budget, all of them before the first.
            let batchSize = max(1, min(options.batchSize, data.count))
            let perEpoch = (data.count + batchSize - 1) / batchSize
            let (planned, overflow) = perEpoch.multipliedReportingOverflow(by: options.epochs)
            try interp.countSteps(overflow ? Int.max : planned, for: "train()", at: args.location)
            let trainer = try args.trainer(for: model)
            interp.cancellation.reset()
            let display = TrainingProgress(
                epochs: options.epochs,
                stepsPerEpoch: (data.count + options.batchSize - 1) / options.batchSize,
                sink: interp.progress, hint: interp.progressHint)
            let live = try args.bool("checks") ? interp.thresholds : nil
            // What the run starts from, for try_remedies: one copy of the weights.
            let setup = RunSetup(
                start: NetworkSnapshot(model.network), data: data, options: options,
                optimizer: trainer.optimizer.kind, generator: interp.rng)
            // The checks before training always run, so that diagnose(h) reports
            // them; `checks: false` only keeps them (and the live ones) quiet.
            let history = try interp.engine(args.location) { () throws(EngineError) in
                try trainer.train(
                    data, options: options, rng: &interp.rng, cancel: interp.cancellation,
                    liveChecks: live, programChecks: interp.thresholds
                ) { event in
                    if case .finding(let f) = event, live != nil {
                        display.pause()
                        interp.output(interp.style.shows(interp.announcement(f)))
                    }
                    display.update(event)
                }
            }
            display.finish()
            switch history.ending {
            case .nonFinite(let report):
                interp.output(interp.style.shows("training stopped: \(report)"))
                interp.output("  in train() at \(args.location)")
                if let trail = report.trail {
                    for line in DiagnosisText.trail(trail) {
                        interp.output(interp.style.shows(line))
                    }
                }
                let remedies =
                    Diagnosis.run(history, network: model.network, thresholds: interp.thresholds)
                    .findings.first { $0.kind == .exploding }?.remedies ?? []
                for r in remedies.prefix(3) {
                    interp.output(interp.style.shows("  remedy: " + DiagnosisText.remedy(r)))
                }
            case .cancelled:
                interp.output(
                    "training interrupted after \(history.steps) step\(history.steps == 1 ? "" : "s")"
                )
            case .completed: break
            }
            model.lastHistory = history
            return .history(HistoryValue(history, model: model, setup: setup))
        },
        Builtin(
            name: "step", group: .training,
            parameters: [
                .init(name: "net", expects: "a model"), .init(name: "data", expects: "a dataset"),
            ] + trainingParameters,
            summary: "One optimizer step on one random batch of the data; returns the loss.",
            example: "step(net, data, batch: 32)"
        ) { args, interp throws(Diagnostic) in
            let model = try args.model("net")
            let data = try args.dataset("data")
            try args.checkWidth(model, data)
            let options = try args.trainingOptions(data)
            try interp.countSteps(1, for: "step()", at: args.location)
            let trainer = try args.trainer(for: model)
            model.lastHistory = nil
            let batch = min(options.batchSize, data.count)
            let indices = interp.rng.permutation(data.count).prefix(batch)
            let outcome = try interp.engine(args.location) { () throws(EngineError) in
                try trainer.step(on: data, indices: indices, options: options, rng: &interp.rng)
            }
            switch outcome {
            case .finished(let r): return .number(r.loss)
            case .nonFinite(let report): throw args.error("step stopped: \(report)")
            }
        },
        Builtin(
            name: "evaluate", group: .training,
            parameters: [
                .init(name: "net", expects: "a model"), .init(name: "data", expects: "a dataset"),
                .init(
                    name: "loss", default: .computed("by data"),
                    expects: Builtins.lossExpectation),
            ],
            summary:
                "Loss and accuracy in evaluation mode, without updating: a record with .loss and .accuracy.",
            example: "evaluate(net, parts.test).accuracy"
        ) { args, interp throws(Diagnostic) in
            let model = try args.model("net")
            let data = try args.dataset("data")
            try args.checkWidth(model, data)
            let loss = try args.loss(data)
            let e = try interp.engine(args.location) { () throws(EngineError) in
                try model.evaluationTrainer().evaluate(data, loss: loss)
            }
            return .record(
                Record(
                    kind: "evaluation",
                    fields: [
                        ("loss", .number(e.loss)),
                        ("accuracy", e.accuracy.map { .number($0) } ?? .none),
                    ]))
        },
        Builtin(
            name: "predict", group: .training,
            parameters: [
                .init(name: "net", expects: "a model"),
                .init(name: "x", expects: "a list of numbers, a list of rows, or a dataset"),
            ],
            summary:
                "The model's outputs (logits) in evaluation mode: a list for one sample, a list of rows for several.",
            example: "predict(net, [0.5, -1.0])"
        ) { args, interp throws(Diagnostic) in
            let model = try args.model("net")
            let x = try args.required("x")
            var rows: [[Float]] = []
            var single = false
            switch x {
            case .dataset(let d): rows = d.data.x.rowArrays
            case .list(let items)
            where items.allSatisfy({ if case .number = $0 { return true } else { return false } }):
                single = true
                rows = [try numbers(items, args)]
            case .list(let items):
                for item in items {
                    guard case .list(let r) = item else {
                        throw args.mismatch("x", "a list of numbers or a list of rows", item)
                    }
                    rows.append(try numbers(r, args))
                }
            default:
                throw args.mismatch("x", "a list of numbers, a list of rows, or a dataset", x)
            }
            guard !rows.isEmpty else { throw args.error("predict(): 'x' has no samples", "x") }
            let width = model.network.inputs
            for (i, r) in rows.enumerated() where r.count != width {
                throw args.error(
                    "predict(): the model takes \(width) input\(width == 1 ? "" : "s"), but \(single ? "x" : "row \(i)") has \(r.count)",
                    "x")
            }
            let out = try interp.engine(args.location) { () throws(EngineError) in
                try model.network.predict(try Tensor<Float>(rows))
            }
            // Through the Float's shortest text, so 0.1 shows as 0.1, not 0.10000000149.
            let result = out.rowArrays.map {
                Value.list($0.map { .number(Double($0.description) ?? Double($0)) })
            }
            return single ? result[0] : .list(result)
        },
        optimizer(
            "sgd",
            [
                .init(name: "lr", default: .number(0.1), expects: "a number ≥ 0"),
                .init(
                    name: "momentum", default: .number(OptimizerDefaults.sgd.momentum),
                    expects: "a number ≥ 0"),
                .init(
                    name: "nesterov", default: .bool(OptimizerDefaults.sgd.nesterov),
                    expects: "true or false"),
            ],
            summary:
                "Stochastic gradient descent, with optional (Nesterov) momentum, as torch.optim.SGD.",
            example: "sgd(lr: 0.1, momentum: 0.9)"
        ) { a throws(Diagnostic) in
            .sgd(
                lr: try a.number("lr"), momentum: try a.number("momentum"),
                nesterov: try a.bool("nesterov"))
        },
        optimizer(
            "adam",
            [
                .init(
                    name: "lr", default: .number(OptimizerDefaults.adam.lr), expects: "a number ≥ 0"
                ),
                .init(
                    name: "beta1", default: .number(OptimizerDefaults.adam.beta1),
                    expects: "a number in [0, 1)"),
                .init(
                    name: "beta2", default: .number(OptimizerDefaults.adam.beta2),
                    expects: "a number in [0, 1)"),
                .init(
                    name: "eps", default: .number(OptimizerDefaults.adam.eps),
                    expects: "a number ≥ 0"),
            ],
            summary: "Adam, as torch.optim.Adam.", example: "adam(lr: 1e-3)"
        ) { a throws(Diagnostic) in
            .adam(
                lr: try a.number("lr"), beta1: try a.number("beta1"),
                beta2: try a.number("beta2"), eps: try a.number("eps"))
        },
        optimizer(
            "adamw",
            [
                .init(
                    name: "lr", default: .number(OptimizerDefaults.adamW.lr),
                    expects: "a number ≥ 0"),
                .init(
                    name: "weight_decay", default: .number(OptimizerDefaults.adamW.weightDecay),
                    expects: "a number ≥ 0"),
                .init(
                    name: "beta1", default: .number(OptimizerDefaults.adamW.beta1),
                    expects: "a number in [0, 1)"),
                .init(
                    name: "beta2", default: .number(OptimizerDefaults.adamW.beta2),
                    expects: "a number in [0, 1)"),
                .init(
                    name: "eps", default: .number(OptimizerDefaults.adamW.eps),
                    expects: "a number ≥ 0"),
            ],
            summary:
                "AdamW: Adam with decoupled weight decay on every parameter, as torch.optim.AdamW.",
            example: "adamw(lr: 1e-3, weight_decay: 0.01)"
        ) { a throws(Diagnostic) in
            .adamW(
                lr: try a.number("lr"), beta1: try a.number("beta1"),
                beta2: try a.number("beta2"), eps: try a.number("eps"),
                weightDecay: try a.number("weight_decay"))
        },
        optimizer(
            "rmsprop",
            [
                .init(
                    name: "lr", default: .number(OptimizerDefaults.rmsprop.lr),
                    expects: "a number ≥ 0"),
                .init(
                    name: "alpha", default: .number(OptimizerDefaults.rmsprop.alpha),
                    expects: "a number in [0, 1]"),
                .init(
                    name: "eps", default: .number(OptimizerDefaults.rmsprop.eps),
                    expects: "a number ≥ 0"),
            ],
            summary: "RMSprop, as torch.optim.RMSprop.", example: "rmsprop(lr: 0.01)"
        ) { a throws(Diagnostic) in
            .rmsprop(lr: try a.number("lr"), alpha: try a.number("alpha"), eps: try a.number("eps"))
        },
        optimizer(
            "adagrad",
            [
                .init(
                    name: "lr", default: .number(OptimizerDefaults.adagrad.lr),
                    expects: "a number ≥ 0"),
                .init(
                    name: "eps", default: .number(OptimizerDefaults.adagrad.eps),
                    expects: "a number ≥ 0"),
                .init(
                    name: "initial_accumulator",
                    default: .number(OptimizerDefaults.adagrad.initialAccumulator),
                    expects: "a number ≥ 0"),
            ],
            summary:
                "Adagrad, as torch.optim.Adagrad (initial_accumulator is its initial_accumulator_value).",
            example: "adagrad(lr: 0.01)"
        ) { a throws(Diagnostic) in
            .adagrad(
                lr: try a.number("lr"), eps: try a.number("eps"),
                initialAccumulator: try a.number("initial_accumulator"))
        },
        optimizer(
            "adadelta",
            [
                .init(
                    name: "lr", default: .number(OptimizerDefaults.adadelta.lr),
                    expects: "a number ≥ 0"),
                .init(
                    name: "rho", default: .number(OptimizerDefaults.adadelta.rho),
                    expects: "a number in [0, 1]"),
                .init(
                    name: "eps", default: .number(OptimizerDefaults.adadelta.eps),
                    expects: "a number ≥ 0"),
            ],
            summary: "Adadelta, as torch.optim.Adadelta.", example: "adadelta(lr: 1.0, rho: 0.95)"
        ) { a throws(Diagnostic) in
            .adadelta(lr: try a.number("lr"), rho: try a.number("rho"), eps: try a.number("eps"))
        },
        optimizer(
            "adamax",
            [
                .init(
                    name: "lr", default: .number(OptimizerDefaults.adamax.lr),
                    expects: "a number ≥ 0"),
                .init(
                    name: "beta1", default: .number(OptimizerDefaults.adamax.beta1),
                    expects: "a number in [0, 1)"),
                .init(
                    name: "beta2", default: .number(OptimizerDefaults.adamax.beta2),
                    expects: "a number in [0, 1)"),
                .init(
                    name: "eps", default: .number(OptimizerDefaults.adamax.eps),
                    expects: "a number ≥ 0"),
            ],
            summary: "Adamax (Adam with an infinity norm), as torch.optim.Adamax.",
            example: "adamax(lr: 0.002)"
        ) { a throws(Diagnostic) in
            .adamax(
                lr: try a.number("lr"), beta1: try a.number("beta1"),
                beta2: try a.number("beta2"), eps: try a.number("eps"))
        },
        optimizer(
            "nadam",
            [
                .init(
                    name: "lr", default: .number(OptimizerDefaults.nadam.lr),
                    expects: "a number ≥ 0"),
                .init(
                    name: "beta1", default: .number(OptimizerDefaults.nadam.beta1),
                    expects: "a number in [0, 1)"),
                .init(
                    name: "beta2", default: .number(OptimizerDefaults.nadam.beta2),
                    expects: "a number in [0, 1)"),
                .init(
                    name: "eps", default: .number(OptimizerDefaults.nadam.eps),
                    expects: "a number ≥ 0"),
                .init(
                    name: "momentum_decay", default: .number(OptimizerDefaults.nadam.momentumDecay),
                    expects: "a number ≥ 0"),
            ],
            summary: "NAdam (Adam with Nesterov momentum), as torch.optim.NAdam.",
            example: "nadam(lr: 0.002)"
        ) { a throws(Diagnostic) in
            .nadam(
                lr: try a.number("lr"), beta1: try a.number("beta1"),
                beta2: try a.number("beta2"), eps: try a.number("eps"),
                momentumDecay: try a.number("momentum_decay"))
        },
    ]
}

private func numbers(_ items: [Value], _ args: Arguments) throws(Diagnostic) -> [Float] {
    var out: [Float] = []
    for item in items {
        guard case .number(let v) = item, v.isFinite else {
            throw args.mismatch("x", "finite numbers", item)
        }
        out.append(Float(v))
    }
    return out
}
