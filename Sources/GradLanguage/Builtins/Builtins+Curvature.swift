import GradEngine

extension Builtins {
    /// The most samples `curvature` takes the loss over (evenly spaced): each
    /// Hessian-vector product is a Double forward and backward pass over them.
    static let curvatureSamples = 1024

    /// `curvature(net, data, iterations: 20)`: λ_max of the loss's Hessian at
    /// the current weights (`CurvatureProbe`), as a record.
    static let curvatureBuiltin = Builtin(
        name: "curvature", group: .gradients,
        parameters: [
            .init(name: "net", expects: "a model"), .init(name: "data", expects: "a dataset"),
            .init(
                name: "iterations", default: .number(20),
                expects: "a whole number from 2 to 1000"),
            .init(name: "loss", default: .computed("by data"), expects: Builtins.lossExpectation),
        ],
        summary:
            "The loss's sharpest curvature at the current weights: the Hessian's largest-magnitude eigenvalue by power iteration (at most `iterations` products, in Double); a record with .lambda_max, .iterations, .relative_change and .samples.",
        example: "curvature(net, data).lambda_max"
    ) { args, interp throws(Diagnostic) in
        let model = try args.model("net")
        let data = try args.dataset("data")
        try args.checkWidth(model, data)
        let loss = try args.loss(data)
        let iterations = try args.integer("iterations", in: 2...1000)
        let c = try interp.engine(args.location) { () throws(EngineError) in
            let sample = try CurvatureProbe.sample(data, atMost: curvatureSamples)
            let probe = try CurvatureProbe(network: model.network, data: sample, loss: loss)
            // Settled to the products' own precision (about 1e-6): stop there.
            return try probe.estimate(at: model.network, iterations: iterations, tolerance: 1e-5)
        }
        return .record(
            Record(
                kind: "curvature",
                fields: [
                    ("lambda_max", .number(c.lambdaMax)),
                    ("iterations", .number(Double(c.iterations))),
                    ("relative_change", .number(c.relativeChange)),
                    ("samples", .number(Double(c.samples))),
                ]))
    }
}
