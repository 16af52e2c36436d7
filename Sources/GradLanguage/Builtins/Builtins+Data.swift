import GradEngine

extension Builtins {
    private static func generator(
        _ name: String, points: Int, classes: Int?, noise: Double, extra: [Builtin.Param] = [],
        summary: String, example: String,
        make:
            @escaping @Sendable (Arguments, inout RandomGenerator, Int, Int, Double)
            throws(EngineError) -> Dataset<Float>
    ) -> Builtin {
        var params: [Builtin.Param] = [
            .init(name: "points", default: .number(Double(points)), expects: "a whole number ≥ 1")
        ]
        if let classes {
            params.append(
                .init(
                    name: "classes", default: .number(Double(classes)),
                    expects: "a whole number ≥ 2"))
        }
        params.append(
            .init(name: "noise", default: .number(noise), expects: "a number ≥ 0"))
        params += extra
        return Builtin(
            name: name, group: .data, parameters: params, summary: summary, example: example,
            returns: .dataset
        ) {
            args, interp throws(Diagnostic) in
            let n = try args.integer("points", in: 1...DataGenerator.maxPoints)
            let k = classes == nil ? 0 : try args.integer("classes", in: 2...1000)
            let noise = try args.number("noise")
            if let problem = DataGenerator.noiseProblem(noise) { throw args.refusal(problem) }
            let a = args
            let data = try interp.engine(args.location) { () throws(EngineError) in
                try make(a, &interp.rng, n, k, noise)
            }
            return .dataset(DatasetValue(data))
        }
    }

    static let dataBuiltins: [Builtin] = [
        generator(
            "spiral", points: 300, classes: 3, noise: 0.2,
            summary: "Interleaved spiral arms, one class per arm (CS231n's spiral).",
            example: "spiral(points: 600, classes: 3, noise: 0.1)"
        ) { _, rng, n, k, noise throws(EngineError) in
            try DataGenerator.spiral(points: n, classes: k, noise: noise, rng: &rng)
        },
        generator(
            "moons", points: 200, classes: nil, noise: 0.1,
            summary: "Two interleaving half circles, two classes (scikit-learn's make_moons).",
            example: "moons(points: 400, noise: 0.2)"
        ) { _, rng, n, _, noise throws(EngineError) in
            try DataGenerator.moons(points: n, noise: noise, rng: &rng)
        },
        generator(
            "circles", points: 200, classes: nil, noise: 0.05,
            extra: [.init(name: "factor", default: .number(0.5), expects: "a number in [0, 1)")],
            summary:
                "A small circle inside a large one, two classes (scikit-learn's make_circles).",
            example: "circles(points: 400, noise: 0.05)"
        ) { a, rng, n, _, noise throws(EngineError) in
            // Read here, inside the engine call, so a problem is reported at the call.
            let factor: Double
            do throws(Diagnostic) {
                factor = try a.number("factor")
                if let problem = DataGenerator.factorProblem(factor) { throw a.refusal(problem) }
            } catch {
                throw .invalidArgument(error.message)
            }
            return try DataGenerator.circles(points: n, noise: noise, factor: factor, rng: &rng)
        },
        generator(
            "xor", points: 200, classes: nil, noise: 0.1,
            summary:
                "Points in the square [-1, 1]², labelled by the signs of their coordinates (xor).",
            example: "xor(points: 400)"
        ) { _, rng, n, _, noise throws(EngineError) in
            try DataGenerator.xor(points: n, noise: noise, rng: &rng)
        },
        generator(
            "blobs", points: 300, classes: 3, noise: 1,
            summary: "Gaussian clusters around random centres, one class per cluster.",
            example: "blobs(points: 300, classes: 4, noise: 0.5)"
        ) { _, rng, n, k, noise throws(EngineError) in
            try DataGenerator.blobs(points: n, classes: k, noise: noise, rng: &rng)
        },
        generator(
            "sine", points: 200, classes: nil, noise: 0.1,
            summary: "Regression: y = sin(x) + noise for x in [-π, π].",
            example: "sine(points: 500, noise: 0.05)"
        ) { _, rng, n, _, noise throws(EngineError) in
            try DataGenerator.sine(points: n, noise: noise, rng: &rng)
        },
        Builtin(
            name: "csv", group: .data,
            parameters: [
                .init(name: "path", expects: "a string"),
                .init(
                    name: "target", default: .string(CSVLoader.defaultTarget),
                    expects: "a column name or a list of column names"),
                .init(name: "classes", default: .noValue, expects: "a whole number ≥ 1"),
            ],
            summary: "Reads a CSV file with a header row; the `target` column is what to predict.",
            example: "csv(\"iris.csv\", target: \"species\")", returns: .dataset
        ) { args, interp throws(Diagnostic) in
            let path = try args.path("path", interp)
            let targets = try args.columnNames("target")
            let classes =
                args.optional("classes") == nil
                ? nil : try args.integer("classes", in: 1...1_000_000)
            let data = try interp.engine(args.location) { () throws(EngineError) in
                try CSVLoader.load(path: path, targets: targets, classes: classes, as: Float.self)
            }
            return .dataset(DatasetValue(data))
        },
        Builtin(
            name: "split", group: .data,
            parameters: [
                .init(name: "data", expects: "a dataset"),
                .init(name: "fraction", default: .number(0.8), expects: "a number in (0, 1)"),
            ],
            summary:
                "Shuffles a dataset and splits it: a record with `.train` (the fraction) and `.test`.",
            example: "let parts = split(spiral(), 0.8)"
        ) { args, interp throws(Diagnostic) in
            let data = try args.dataset("data")
            let fraction = try args.number("fraction")
            // The engine's check, worded with this function's argument names.
            switch data.splitProblem(trainFraction: fraction) {
            case nil: break
            case .fraction(let problem)?: throw args.refusal(problem, as: "fraction")
            case .tooFewSamples(let n)?:
                throw args.error(
                    "split(): 'data' has \(n) sample\(n == 1 ? "" : "s"); a split needs at least 2",
                    "data")
            case .emptyPart(let part, _, let n)?:
                throw args.error(
                    "split(): 'fraction' \(formatNumber(fraction)) of \(n) samples leaves the \(part) part empty",
                    "fraction")
            }
            let (train, test) = try interp.engine(args.location) { () throws(EngineError) in
                try data.split(trainFraction: fraction, rng: &interp.rng)
            }
            return .record(
                Record(
                    kind: "split",
                    fields: [
                        ("train", .dataset(DatasetValue(train))),
                        ("test", .dataset(DatasetValue(test))),
                    ]))
        },
    ]
}
