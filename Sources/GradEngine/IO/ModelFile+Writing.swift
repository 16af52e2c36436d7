/// Writing a network as a model file.

struct ModelFileWriter<Scalar: EngineScalar> {
    let includeGradients: Bool

    func text(of network: Network<Scalar>) throws(ModelFileIssue) -> String {
        var out = "{\n"
        out += "  \"format\": \"\(ModelFile.format)\",\n"
        out += "  \"version\": \(ModelFile.version),\n"
        out += "  \"inputs\": \(network.inputs),\n"
        out += "  \"layers\": "
        try writeLayers(network.body, path: [], indent: "  ", into: &out)
        out += "\n}\n"
        return out
    }

    /// A JSON array with one layer per line.
    func writeLayers(
        _ sequence: Sequential<Scalar>, path: [Int], indent: String, into out: inout String
    ) throws(ModelFileIssue) {
        guard !sequence.layers.isEmpty else {
            out += "[]"
            return
        }
        out += "[\n"
        let inner = indent + "  "
        for (i, layer) in sequence.layers.enumerated() {
            out += inner
            try writeLayer(layer, path: path + [i], indent: inner, into: &out)
            out += i == sequence.layers.count - 1 ? "\n" : ",\n"
        }
        out += indent + "]"
    }

    func writeLayer(_ layer: Layer<Scalar>, path: [Int], indent: String, into out: inout String)
        throws(ModelFileIssue)
    {
        let kind = layer.kind.rawValue
        let label = layerLabel(path, kind: kind)
        var members = [JSONMember("kind", .string(kind))]
        switch layer {
        case .dense(let d):
            members += [
                JSONMember("in", .int(d.inputs)), JSONMember("out", .int(d.units)),
                JSONMember("act", try activation(d.activation, label)),
            ]
            members.append(JSONMember("weight", try matrix(d.weight.value, "weight", label)))
            if includeGradients {
                members.append(
                    JSONMember("weight_grad", try matrix(d.weight.grad, "weight_grad", label)))
            }
            if let b = d.bias {
                members.append(JSONMember("bias", try vector(b.value, "bias", label)))
                if includeGradients {
                    members.append(JSONMember("bias_grad", try vector(b.grad, "bias_grad", label)))
                }
            } else {
                members.append(JSONMember("bias", .null))
            }
        case .batchNorm(let b):
            members += [
                JSONMember("momentum", try number(b.momentum, "momentum", label)),
                JSONMember("eps", try number(b.eps, "eps", label)),
                JSONMember("gamma", try vector(b.gamma.value, "gamma", label)),
            ]
            if includeGradients {
                members.append(
                    JSONMember("gamma_grad", try vector(b.gamma.grad, "gamma_grad", label)))
            }
            members.append(JSONMember("beta", try vector(b.beta.value, "beta", label)))
            if includeGradients {
                members.append(JSONMember("beta_grad", try vector(b.beta.grad, "beta_grad", label)))
            }
            members.append(
                JSONMember("running_mean", try vector(b.runningMean, "running_mean", label)))
            members.append(
                JSONMember("running_var", try vector(b.runningVar, "running_var", label)))
        case .dropout(let d):
            members.append(JSONMember("rate", try number(d.rate, "rate", label)))
        case .activation(let a):
            members.append(JSONMember("act", try activation(a.activation, label)))
        case .residual(let r):
            out += "{\"kind\": \"\(kind)\", \"layers\": "
            try writeLayers(r.block, path: path, indent: indent, into: &out)
            out += "}"
            return
        }
        JSONValue.object(members).write(into: &out)
    }

    func activation(_ a: Activation, _ label: String) throws(ModelFileIssue) -> JSONValue {
        guard !a.parameters.isEmpty else { return .string(a.name) }
        var members = [JSONMember("name", .string(a.name))]
        for p in a.parameters {
            members.append(JSONMember(p.name, try number(p.value, "\(a.name) \(p.name)", label)))
        }
        return .object(members)
    }

    func number(_ x: Double, _ what: String, _ label: String) throws(ModelFileIssue) -> JSONValue {
        guard let v = JSONValue.float(x) else { throw notFinite(x, what, label) }
        return v
    }

    func vector(_ t: Tensor<Scalar>, _ what: String, _ label: String) throws(ModelFileIssue)
        -> JSONValue
    {
        var items: [JSONValue] = []
        items.reserveCapacity(t.count)
        for (i, x) in t.scalars.enumerated() {
            guard let v = JSONValue.float(x) else {
                throw notFinite(x, "\(what) value \(i + 1)", label)
            }
            items.append(v)
        }
        return .array(items)
    }

    func matrix(_ t: Tensor<Scalar>, _ what: String, _ label: String) throws(ModelFileIssue)
        -> JSONValue
    {
        var rows: [JSONValue] = []
        rows.reserveCapacity(t.rows)
        for (r, rowValues) in t.rowArrays.enumerated() {
            var items: [JSONValue] = []
            items.reserveCapacity(rowValues.count)
            for (c, x) in rowValues.enumerated() {
                guard let v = JSONValue.float(x) else {
                    throw notFinite(x, "\(what) row \(r + 1), column \(c + 1)", label)
                }
                items.append(v)
            }
            rows.append(.array(items))
        }
        return .array(rows)
    }

    func notFinite<F: BinaryFloatingPoint>(_ x: F, _ what: String, _ label: String)
        -> ModelFileIssue
    {
        let value = x.isNaN ? "NaN" : x < 0 ? "-infinity" : "infinity"
        return ModelFileIssue("\(label): \(what) is \(value), and JSON cannot hold NaN or infinity")
    }
}
