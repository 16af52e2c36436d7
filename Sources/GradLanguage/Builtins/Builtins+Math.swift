import GradEngine

#if canImport(Glibc)
    import Glibc
#endif

extension Arguments {
    /// The numbers of a list argument (every item a number), or a clear error.
    func numberList(_ name: String) throws(Diagnostic) -> [Double] {
        let v = try required(name)
        var items: [Value]
        switch v {
        case .list(let l): items = l
        case .range(let a, let b):
            // Only the empty range gets here (reductions of others are computed directly).
            guard a <= b else { return [] }
            items = (a...b).map { .number(Double($0)) }
        default: throw mismatch(name, "a list of numbers", v)
        }
        var out: [Double] = []
        for item in items {
            guard case .number(let x) = item else {
                throw mismatch(name, "a list of numbers", item)
            }
            out.append(x)
        }
        return out
    }
}

extension Builtins {
    /// `reduce` works on a list; `ofRange` gives the same result for the whole
    /// numbers a...b (a ≤ b) without making the list: a range may hold up to 2·10^15 numbers.
    private static func listReduction(
        _ name: String, summary: String, example: String,
        ofRange: @escaping @Sendable (Double, Double) -> Double,
        reduce: @escaping @Sendable ([Double]) -> Double
    ) -> Builtin {
        Builtin(
            name: name, group: .numbers,
            parameters: [.init(name: "xs", expects: "a non-empty list of numbers")],
            summary: summary, example: example
        ) { args, _ throws(Diagnostic) in
            if case .range(let a, let b)? = args.optional("xs"), a <= b {
                return .number(ofRange(Double(a), Double(b)))
            }
            let xs = try args.numberList("xs")
            guard !xs.isEmpty else { throw args.error("\(name)(): the list is empty", "xs") }
            return .number(reduce(xs))
        }
    }

    private static func unary(
        _ name: String, summary: String, example: String, domain: String? = nil,
        valid: @escaping @Sendable (Double) -> Bool = { _ in true },
        apply f: @escaping @Sendable (Double) -> Double
    ) -> Builtin {
        Builtin(
            name: name, group: .numbers,
            parameters: [.init(name: "x", expects: domain ?? "a number")],
            summary: summary, example: example
        ) { args, _ throws(Diagnostic) in
            let x = try args.number("x")
            guard valid(x) else {
                throw args.error(
                    "\(name)(): 'x' must be \(domain ?? "a number"), found \(formatNumber(x))", "x")
            }
            return .number(f(x))
        }
    }

    static let mathBuiltins: [Builtin] = [
        Builtin(
            name: "round", group: .numbers,
            parameters: [
                .init(name: "x", expects: "a number"),
                .init(name: "digits", default: .number(0), expects: "a whole number from 0 to 15"),
            ],
            summary: "x rounded to `digits` decimals, halves away from zero.",
            example: "round(3.14159, digits: 2)"
        ) { args, _ throws(Diagnostic) in
            let x = try args.number("x")
            let digits = try args.integer("digits", in: 0...15)
            let scale = pow(10, Double(digits))
            return .number((x * scale).rounded() / scale)
        },
        unary("abs", summary: "The absolute value.", example: "abs(-2)") { abs($0) },
        unary(
            "sqrt", summary: "The square root.", example: "sqrt(2)", domain: "a number ≥ 0",
            valid: { $0 >= 0 },
            apply: { $0.squareRoot() }
        ),
        unary(
            "log10", summary: "The base-10 logarithm: how many orders of magnitude.",
            example: "log10(h.grad_norms[0][-1])",
            domain: "a number > 0", valid: { $0 > 0 },
            apply: { log10($0) }
        ),
        listReduction(
            "min", summary: "The smallest number of a list.", example: "min(h.loss)",
            ofRange: { a, _ in a },
            reduce: { $0.min() ?? .nan }
        ),
        listReduction(
            "max", summary: "The largest number of a list.", example: "max(h.loss)",
            ofRange: { _, b in b },
            reduce: { $0.max() ?? .nan }
        ),
        // (a + b)·n is twice the sum, an even integer: exact in a Double below 2^54,
        // so the sum is exact whenever adding the numbers one by one would be.
        listReduction(
            "sum", summary: "The sum of a list of numbers.", example: "sum([1, 2, 3])",
            ofRange: { a, b in (a + b) * (b - a + 1) / 2 },
            reduce: { $0.reduce(0, +) }
        ),
        listReduction(
            "mean", summary: "The mean of a list of numbers.", example: "mean(h.step_loss)",
            ofRange: { a, b in (a + b) / 2 },
            reduce: { $0.reduce(0, +) / Double($0.count) }
        ),
    ]
}
