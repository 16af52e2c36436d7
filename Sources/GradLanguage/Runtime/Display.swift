import GradEngine

#if canImport(Glibc)
    import Glibc
#endif

/// How values print.
extension Interpreter {
    /// Lists and records nested deeper than this display as `[...]` and `{...}`
    /// (a value built by `l = [l]` in a loop may nest a million deep).
    static let maxDisplayDepth = 100

    public func display(_ value: Value) -> String { display(value, depth: 0) }

    private func display(_ value: Value, depth: Int) -> String {
        switch value {
        case .none: return "none"
        case .bool(let b): return b ? "true" : "false"
        case .number(let x): return formatNumber(x)
        case .string(let s): return s
        case .list(let items):
            if depth >= Interpreter.maxDisplayDepth { return items.isEmpty ? "[]" : "[...]" }
            return "[" + items.map { displayNested($0, depth: depth + 1) }.joined(separator: ", ")
                + "]"
        case .range(let a, let b): return "\(a)..\(b)"
        case .record(let r) where r.kind == Estimate.recordKind:
            return style.shows(estimateText(r))
        case .record(let r):
            if depth >= Interpreter.maxDisplayDepth { return "{...}" }
            return "{"
                + r.fields.map { "\($0.name): \(displayNested($0.value, depth: depth + 1))" }
                .joined(separator: ", ") + "}"
        case .function(let f):
            return
                "<fn \(f.declaration.name)(\(f.declaration.parameters.map(\.name).joined(separator: ", ")))>"
        case .builtin(let name): return "<builtin \(Builtins.table[name]?.signature ?? name)>"
        case .activation(let a): return activationText(a)
        case .initScheme(let s): return describe(s)
        case .layer(let spec): return describe(spec)
        case .loss(let l): return lossText(l)
        case .model(let m): return modelSummary(m)
        case .dataset(let d): return describe(d.data)
        case .history(let h): return style.shows(describe(h.history))
        case .optimizer(let o): return describe(o.optimizer)
        case .table(let t): return render(t)
        case .findings(let f): return style.shows(render(f.report))
        case .plot(let p): return p.terminal(style: style)
        }
    }

    /// Inside a list or record strings are quoted and tables become one line.
    private func displayNested(_ value: Value, depth: Int) -> String {
        switch value {
        case .string(let s):
            // Escaped as the language writes it, so the text reads back as the same string.
            var quoted = "\""
            for c in s.unicodeScalars {
                switch c {
                case "\\": quoted += "\\\\"
                case "\"": quoted += "\\\""
                case "\n": quoted += "\\n"
                case "\t": quoted += "\\t"
                case "\r": quoted += "\\r"
                case "\0": quoted += "\\0"
                default: quoted.unicodeScalars.append(c)
                }
            }
            return quoted + "\""
        case .model(let m):
            return
                "<model \(m.network.inputs) → \(m.network.outputs), \(m.network.parameterCount) params>"
        case .plot(let p): return p.title.isEmpty ? "<plot>" : "<plot \(p.title)>"
        case .history(let h):
            return
                "<history \(h.history.epochs.count) epoch\(h.history.epochs.count == 1 ? "" : "s")>"
        default: return display(value, depth: depth)
        }
    }

    func describe(_ s: InitScheme) -> String { initSchemeText(s) }

    func describe(_ spec: LayerSpec) -> String {
        switch spec {
        case .dense(let units, let act, let w, let b, let bias):
            var parts = ["\(units)"]
            if act != .identity { parts.append("act: \(activationText(act))") }
            if w != .defaultWeight { parts.append("init: \(describe(w))") }
            if !bias {
                parts.append("bias: false")
            } else if b != .zeros {
                parts.append("bias_init: \(describe(b))")
            }
            return "dense(\(parts.joined(separator: ", ")))"
        case .batchNorm(let m, let eps):
            return m == 0.1 && eps == 1e-5
                ? "batchnorm()"
                : "batchnorm(momentum: \(formatNumber(m)), eps: \(formatNumber(eps)))"
        case .dropout(let r): return "dropout(\(formatNumber(r)))"
        case .activation(let a): return activationText(a)
        case .residual(let inner):
            return "residual { " + inner.map(describe).joined(separator: "; ") + " }"
        }
    }

    func describe(_ d: Dataset<Float>) -> String {
        let kind: String
        switch d.targets {
        case .classes(_, let k): kind = "\(k) classes"
        case .values(let y): kind = "regression, \(y.columns) target\(y.columns == 1 ? "" : "s")"
        }
        return
            "<dataset \(d.name): \(d.count) samples, \(d.features) feature\(d.features == 1 ? "" : "s"), \(kind)>"
    }

    func describe(_ o: Optimizer<Float>) -> String {
        let k: String
        switch o.kind {
        case .sgd(let lr, let m, let n):
            k =
                "sgd(lr: \(formatNumber(lr))" + (m != 0 ? ", momentum: \(formatNumber(m))" : "")
                + (n ? ", nesterov: true" : "") + ")"
        case .adam(let lr, let b1, let b2, let eps):
            k =
                "adam(lr: \(formatNumber(lr)), beta1: \(formatNumber(b1)), beta2: \(formatNumber(b2)), eps: \(formatNumber(eps)))"
        case .adamW(let lr, _, _, _, let wd):
            k = "adamw(lr: \(formatNumber(lr)), weight_decay: \(formatNumber(wd)))"
        case .rmsprop(let lr, let a, _):
            k = "rmsprop(lr: \(formatNumber(lr)), alpha: \(formatNumber(a)))"
        case .adagrad(let lr, let eps, let initial):
            k =
                "adagrad(lr: \(formatNumber(lr)), eps: \(formatNumber(eps)), initial_accumulator: \(formatNumber(initial)))"
        case .adadelta(let lr, let rho, let eps):
            k =
                "adadelta(lr: \(formatNumber(lr)), rho: \(formatNumber(rho)), eps: \(formatNumber(eps)))"
        case .adamax(let lr, let b1, let b2, let eps):
            k =
                "adamax(lr: \(formatNumber(lr)), beta1: \(formatNumber(b1)), beta2: \(formatNumber(b2)), eps: \(formatNumber(eps)))"
        case .nadam(let lr, let b1, let b2, let eps, let psi):
            k =
                "nadam(lr: \(formatNumber(lr)), beta1: \(formatNumber(b1)), beta2: \(formatNumber(b2)), eps: \(formatNumber(eps)), momentum_decay: \(formatNumber(psi)))"
        }
        return o.steps == 0 ? k : "\(k), \(o.steps) step\(o.steps == 1 ? "" : "s") taken"
    }

    /// A short summary with a loss sparkline.
    func describe(_ h: History) -> String {
        guard let first = h.epochs.first, let last = h.epochs.last else {
            var out = "<history: no finished epoch, \(h.steps) step\(h.steps == 1 ? "" : "s")>"
            // Why a run ended before its first epoch is the one thing worth showing.
            if case .nonFinite(let r) = h.ending { out += "\n  stopped: \(r)" }
            if case .cancelled = h.ending { out += "\n  interrupted" }
            return out
        }
        var out =
            "History: \(h.epochs.count) epoch\(h.epochs.count == 1 ? "" : "s"), \(h.steps) step\(h.steps == 1 ? "" : "s"); loss \(short(first.loss)) → \(short(last.loss))  \(sparkline(h.epochs.map(\.loss)))"
        if let a = last.accuracy { out += "\n  accuracy \(short(a))" }
        if let v = last.validationLoss {
            out += (last.accuracy == nil ? "\n  " : ", ") + "val_loss \(short(v))"
        }
        if let va = last.validationAccuracy { out += ", val_accuracy \(short(va))" }
        let clipped = h.stepClipped.filter { $0 }.count
        if clipped > 0 { out += "\n  clipping fired on \(clipped) of \(h.steps) steps" }
        if case .nonFinite(let r) = h.ending { out += "\n  stopped: \(r)" }
        if case .cancelled = h.ending { out += "\n  interrupted" }
        return out
    }

    /// Four significant digits, in the language's number format.
    func short(_ x: Double) -> String {
        guard x.isFinite, x != 0 else { return formatNumber(x) }
        // %g-style rounding through the shortest text of the rounded value.
        let exponent = Int(log10(abs(x)).rounded(.down))
        let scale = pow(10, Double(3 - exponent))
        let rounded = (x * scale).rounded() / scale
        if exponent < -4 || exponent >= 6 {
            let mantissa = (x / pow(10, Double(exponent)) * 1000).rounded() / 1000
            return
                "\(formatNumber(mantissa))e\(exponent >= 0 ? "+" : "-")\(abs(exponent) < 10 ? "0" : "")\(abs(exponent))"
        }
        return formatNumber(rounded)
    }

    func sparkline(_ values: [Double]) -> String {
        let finite = values.filter(\.isFinite)
        guard let lo = finite.min(), let hi = finite.max() else { return "" }
        let bars = Array("▁▂▃▄▅▆▇█")
        // At most 40 bars: longer runs are averaged in buckets.
        let n = min(values.count, 40)
        var out = ""
        for i in 0..<n {
            let from = i * values.count / n
            let to = max(from + 1, (i + 1) * values.count / n)
            let bucket = values[from..<to].filter(\.isFinite)
            guard !bucket.isEmpty else {
                out.append("×")
                continue
            }
            let v = bucket.reduce(0, +) / Double(bucket.count)
            let level = hi > lo ? Int(((v - lo) / (hi - lo) * 7).rounded()) : 3
            out.append(bars[max(0, min(7, level))])
        }
        return out
    }

    /// A Keras-style table: each layer's name, kind, output width and parameters.
    public func modelSummary(_ model: Model) -> String {
        let summary = modelSummaryTable(model)
        let header = ModelSummary.columns
        let rows =
            [(header[0], header[1], header[2], header[3])]
            + summary.rows.map { ($0.layer, $0.kind, $0.output, $0.params) }
        let w0 = rows.map(\.0.count).max() ?? 0
        let w1 = rows.map(\.1.count).max() ?? 0
        let w2 = rows.map(\.2.count).max() ?? 0
        let w3 = rows.map(\.3.count).max() ?? 0
        func pad(_ s: String, _ w: Int, right: Bool = false) -> String {
            let space = String(repeating: " ", count: max(0, w - s.count))
            return right ? space + s : s + space
        }
        var lines = [summary.heading]
        for (i, r) in rows.enumerated() {
            lines.append(
                "  " + pad(r.0, w0) + "  " + pad(r.1, w1) + "  " + pad(r.2, max(w2, 6), right: true)
                    + "  " + pad(r.3, max(w3, 6), right: true))
            if i == 0 {
                lines.append(
                    "  " + String(repeating: "─", count: w0 + w1 + max(w2, 6) + max(w3, 6) + 6))
            }
        }
        lines.append("  " + summary.total)
        return lines.joined(separator: "\n")
    }

    /// The model summary's parts, for the text above and for notebooks'
    /// tables: a nested layer's name is indented two spaces a level.
    public func modelSummaryTable(_ model: Model) -> ModelSummary {
        let net = model.network
        var rows: [ModelSummary.Row] = []
        for named in net.namedLayers {
            let indent = String(repeating: "  ", count: named.depth)
            let params = named.layer.parameterCount
            let output: Int
            let kind: String
            switch named.layer {
            case .dense(let d):
                output = d.units
                kind =
                    "dense" + (d.activation == .identity ? "" : " \(activationText(d.activation))")
            case .batchNorm(let b):
                output = b.features
                kind = "batchnorm"
            case .dropout(let d):
                output = named.layer.outputWidth
                kind = "dropout(\(formatNumber(d.rate)))"
            case .activation(let a):
                output = named.layer.outputWidth
                kind = activationText(a.activation)
            case .residual(let r):
                output = r.block.outputs
                kind = "residual (x + block)"
            }
            rows.append(
                ModelSummary.Row(
                    layer: indent + named.name, kind: kind, output: "\(output)",
                    params: grouped(params)))
        }
        return ModelSummary(
            heading:
                "Model: \(net.inputs) input\(net.inputs == 1 ? "" : "s") → \(net.outputs) output\(net.outputs == 1 ? "" : "s")",
            rows: rows, total: "Total params: \(grouped(net.parameterCount))")
    }

    func grouped(_ n: Int) -> String {
        let s = String(n)
        var out = ""
        for (i, c) in s.reversed().enumerated() {
            if i > 0 && i % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return String(out.reversed())
    }
}

/// An init scheme as the language writes it: `he_normal`, `xavier_uniform(gain: 2)`, `constant(0.5)`.
func initSchemeText(_ s: InitScheme) -> String {
    switch s {
    case .xavierNormal(let g) where g != 1, .xavierUniform(let g) where g != 1,
        .orthogonal(let g) where g != 1:
        return "\(s.name)(gain: \(formatNumber(g)))"
    case .normal(let m, let sd): return "normal(mean: \(formatNumber(m)), std: \(formatNumber(sd)))"
    case .uniform(let lo, let hi):
        return "uniform(low: \(formatNumber(lo)), high: \(formatNumber(hi)))"
    case .constant(let v): return "constant(\(formatNumber(v)))"
    default: return s.name
    }
}

/// An activation as the language writes it, parameters in the language's number
/// format: `leaky_relu(slope: 0.2)`, `elu(alpha: 1)` (not `elu(alpha: 1.0)`).
func activationText(_ a: Activation) -> String {
    guard !a.parameters.isEmpty else { return a.name }
    let arguments = a.parameters.map { "\($0.name): \(formatNumber($0.value))" }
    return "\(a.name)(\(arguments.joined(separator: ", ")))"
}

/// A loss as the language writes it: `mse`, `cross_entropy`,
/// `cross_entropy(from_logits: false)` (only a setting off its default is written).
func lossText(_ l: Loss) -> String {
    l.fromLogits == false ? "\(l.name)(from_logits: false)" : l.name
}

/// A value-call argument's default as a program writes it: `0.01`, `true`.
func parameterDefaultText(_ v: Value) -> String {
    switch v {
    case .number(let x): formatNumber(x)
    case .bool(let b): b ? "true" : "false"
    default: "?"
    }
}

extension String {
    func replacingOccurrences(_ target: String, _ replacement: String) -> String {
        guard !target.isEmpty else { return self }
        return components(separatedByString: target).joined(separator: replacement)
    }

    private func components(separatedByString sep: String) -> [String] {
        var parts: [String] = []
        var current = ""
        var rest = Substring(self)
        while !rest.isEmpty {
            if rest.hasPrefix(sep) {
                parts.append(current)
                current = ""
                rest = rest.dropFirst(sep.count)
            } else {
                current.append(rest.removeFirst())
            }
        }
        parts.append(current)
        return parts
    }
}
