/// Reading a model file back into a network.

/// A layer's stored values, in the depth-first order of `Network.namedLayers`.
enum LayerValues<Scalar: EngineScalar> {
    case none
    case dense(
        weight: Tensor<Scalar>, weightGrad: Tensor<Scalar>?, bias: Tensor<Scalar>?,
        biasGrad: Tensor<Scalar>?)
    case batchNorm(
        gamma: Tensor<Scalar>, gammaGrad: Tensor<Scalar>?, beta: Tensor<Scalar>,
        betaGrad: Tensor<Scalar>?,
        runningMean: Tensor<Scalar>, runningVar: Tensor<Scalar>)
}

/// The members of one JSON object, read with messages that name where they are.
struct Fields {
    let members: [JSONMember]
    /// "layer 3 (dense)", or nil at the top level.
    let context: String?

    func issue(_ message: String) -> ModelFileIssue {
        ModelFileIssue(context.map { "\($0): \(message)" } ?? message)
    }

    func optional(_ key: String) -> JSONValue? { members.first { $0.key == key }?.value }

    func required(_ key: String) throws(ModelFileIssue) -> JSONValue {
        guard let v = optional(key) else { throw issue("missing \"\(key)\"") }
        return v
    }

    /// Refuses members other than `known` (a misspelt or misplaced field).
    func checkKnown(_ known: [String]) throws(ModelFileIssue) {
        for m in members where !known.contains(m.key) {
            var s = ""
            JSONValue.writeString(m.key, into: &s)
            throw issue("unknown field \(s)")
        }
    }

    func string(_ key: String) throws(ModelFileIssue) -> String {
        let v = try required(key)
        guard case .string(let s) = v else {
            throw issue("\"\(key)\" must be a string, found \(v.kindDescription)")
        }
        return s
    }

    func integer(_ key: String) throws(ModelFileIssue) -> Int {
        let v = try required(key)
        guard case .number(let text) = v else {
            throw issue("\"\(key)\" must be a whole number, found \(v.kindDescription)")
        }
        guard let n = Int(text) else {
            let digits = text.drop { $0 == "-" }
            if !digits.isEmpty, digits.allSatisfy(\.isASCII), digits.allSatisfy(\.isNumber) {
                throw issue("\"\(key)\" is too large (\(text))")
            }
            throw issue("\"\(key)\" must be a whole number, found \(text)")
        }
        return n
    }

    func positiveInteger(_ key: String) throws(ModelFileIssue) -> Int {
        let n = try integer(key)
        guard n > 0 else { throw issue("\"\(key)\" must be a positive whole number, found \(n)") }
        return n
    }

    func double(_ key: String) throws(ModelFileIssue) -> Double {
        let v = try required(key)
        guard case .number(let text) = v else {
            throw issue("\"\(key)\" must be a number, found \(v.kindDescription)")
        }
        guard let x = Double(text), x.isFinite else {
            throw issue("\"\(key)\" is out of range (\(text))")
        }
        return x
    }
}

struct ModelFileReader<Scalar: EngineScalar> {
    var values: [LayerValues<Scalar>] = []

    mutating func network(from root: JSONValue) throws(ModelFileIssue) -> Network<Scalar> {
        guard case .object(let members) = root else {
            throw ModelFileIssue(
                "not a GradLab model file: expected a JSON object, found \(root.kindDescription)")
        }
        let top = Fields(members: members, context: nil)
        guard let formatValue = top.optional("format") else {
            throw ModelFileIssue("not a GradLab model file: missing \"format\"")
        }
        guard case .string(let format) = formatValue, format == ModelFile.format else {
            throw ModelFileIssue(
                "not a GradLab model file: \"format\" is \(formatValue.compactText.prefix(60)), expected \"\(ModelFile.format)\""
            )
        }
        let version = try top.integer("version")
        guard version <= ModelFile.version else {
            throw ModelFileIssue(
                "model file version \(version) is newer than this GradLab understands (\(ModelFile.version))"
            )
        }
        guard version >= 1 else {
            throw ModelFileIssue(
                "model file version \(version) is not a valid version (this GradLab understands \(ModelFile.version))"
            )
        }
        try top.checkKnown(["format", "version", "inputs", "layers"])
        let inputs = try top.positiveInteger("inputs")
        let layersValue = try top.required("layers")
        guard case .array(let layerItems) = layersValue else {
            throw ModelFileIssue(
                "\"layers\" must be an array, found \(layersValue.kindDescription)")
        }
        let plural = inputs == 1 ? "" : "s"
        let (specs, _) = try layers(
            layerItems, path: [], width: inputs,
            widthSource: "the model has \(inputs) input\(plural)")

        var rng = RandomGenerator(seed: 0)
        let network: Network<Scalar>
        do {
            network = try Network<Scalar>(inputs: inputs, layers: specs, rng: &rng)
        } catch {
            throw ModelFileIssue(error.description)
        }
        try fill(network)
        return network
    }

    /// The specs of a list of layers taking `width` inputs, and the width they produce.
    mutating func layers(_ items: [JSONValue], path: [Int], width: Int, widthSource: String)
        throws(ModelFileIssue) -> ([LayerSpec], Int)
    {
        var specs: [LayerSpec] = []
        var width = width
        var widthSource = widthSource
        for (i, item) in items.enumerated() {
            let here = path + [i]
            let (spec, label, outWidth) = try layer(
                item, path: here, width: width, widthSource: widthSource)
            specs.append(spec)
            width = outWidth
            widthSource = "\(label) outputs width \(width)"
        }
        return (specs, width)
    }

    mutating func layer(_ item: JSONValue, path: [Int], width: Int, widthSource: String)
        throws(ModelFileIssue) -> (LayerSpec, String, Int)
    {
        let number = path.map { String($0 + 1) }.joined(separator: ".")
        guard case .object(let members) = item else {
            throw ModelFileIssue(
                "layer \(number): expected an object, found \(item.kindDescription)")
        }
        let bare = Fields(members: members, context: "layer \(number)")
        let name = try bare.string("kind")
        guard let kind = LayerKind(rawValue: name) else {
            var s = ""
            JSONValue.writeString(name, into: &s)
            throw bare.issue(
                "unknown kind \(s) (known: \(ModelFile.kinds.joined(separator: ", ")))")
        }
        let label = layerLabel(path, kind: name)
        let f = Fields(members: members, context: label)
        switch kind {
        case .dense:
            try f.checkKnown([
                "kind", "in", "out", "act", "weight", "weight_grad", "bias", "bias_grad",
            ])
            let inputs = try f.positiveInteger("in")
            guard inputs == width else { throw f.issue("\"in\" is \(inputs), but \(widthSource)") }
            let units = try f.positiveInteger("out")
            let act = try activation(f.required("act"), f)
            let weight = try matrix(f.required("weight"), "weight", rows: units, columns: inputs, f)
            let weightGrad = try f.optional("weight_grad").map { v throws(ModelFileIssue) in
                try matrix(v, "weight_grad", rows: units, columns: inputs, f)
            }
            let biasValue = try f.required("bias")
            var bias: Tensor<Scalar>? = nil
            var biasGrad: Tensor<Scalar>? = nil
            if biasValue == .null {
                if f.optional("bias_grad") != nil {
                    throw f.issue("\"bias_grad\" is given, but the layer has no bias")
                }
            } else {
                bias = try vector(biasValue, "bias", count: units, expected: "out = \(units)", f)
                biasGrad = try f.optional("bias_grad").map { v throws(ModelFileIssue) in
                    try vector(v, "bias_grad", count: units, expected: "out = \(units)", f)
                }
            }
            values.append(
                .dense(weight: weight, weightGrad: weightGrad, bias: bias, biasGrad: biasGrad))
            // Files store weights, not how they were drawn: a reloaded layer gets the
            // default scheme, which is what a later reinit() uses.
            return (
                .dense(
                    units: units, activation: act, weightInit: .defaultWeight, biasInit: .zeros,
                    bias: bias != nil), label, units
            )

        case .batchNorm:
            try f.checkKnown([
                "kind", "momentum", "eps", "gamma", "gamma_grad", "beta", "beta_grad",
                "running_mean", "running_var",
            ])
            let momentum = try f.double("momentum")
            guard momentum >= 0, momentum <= 1 else {
                throw f.issue("\"momentum\" must be in [0, 1], found \(momentum)")
            }
            let eps = try f.double("eps")
            guard eps > 0 else { throw f.issue("\"eps\" must be positive, found \(eps)") }
            let expected = "\(width) (the width of its input)"
            func vec(_ key: String) throws(ModelFileIssue) -> Tensor<Scalar> {
                try vector(f.required(key), key, count: width, expected: expected, f)
            }
            func optionalVec(_ key: String) throws(ModelFileIssue) -> Tensor<Scalar>? {
                guard let v = f.optional(key) else { return nil }
                return try vector(v, key, count: width, expected: expected, f)
            }
            let gamma = try vec("gamma")
            let gammaGrad = try optionalVec("gamma_grad")
            let beta = try vec("beta")
            let betaGrad = try optionalVec("beta_grad")
            let mean = try vec("running_mean")
            let variance = try vec("running_var")
            for (i, v) in variance.scalars.enumerated() where v < 0 {
                throw f.issue("running_var value \(i + 1) is negative (\(v))")
            }
            values.append(
                .batchNorm(
                    gamma: gamma, gammaGrad: gammaGrad, beta: beta, betaGrad: betaGrad,
                    runningMean: mean, runningVar: variance))
            return (.batchNorm(momentum: momentum, eps: eps), label, width)

        case .dropout:
            try f.checkKnown(["kind", "rate"])
            let rate = try f.double("rate")
            guard rate >= 0, rate <= 1 else {
                throw f.issue("\"rate\" must be in [0, 1], found \(rate)")
            }
            values.append(.none)
            return (.dropout(rate: rate), label, width)

        case .activation:
            try f.checkKnown(["kind", "act"])
            let act = try activation(f.required("act"), f)
            values.append(.none)
            return (.activation(act), label, width)

        case .residual:
            try f.checkKnown(["kind", "layers"])
            let inner = try f.required("layers")
            guard case .array(let items) = inner else {
                throw f.issue("\"layers\" must be an array, found \(inner.kindDescription)")
            }
            values.append(.none)
            let (specs, outWidth) = try layers(
                items, path: path, width: width,
                widthSource: "the residual block's input has width \(width)")
            guard outWidth == width else {
                throw f.issue(
                    "its layers map width \(width) to width \(outWidth), but a residual block must keep its width"
                )
            }
            return (.residual(specs), label, width)
        }
    }

    func activation(_ value: JSONValue, _ f: Fields) throws(ModelFileIssue) -> Activation {
        let known = Activation.allDefaults.map(\.name).joined(separator: ", ")
        func named(_ name: String) throws(ModelFileIssue) -> Activation {
            guard let a = Activation.named(name) else {
                var s = ""
                JSONValue.writeString(name, into: &s)
                throw f.issue("unknown activation \(s) (known: \(known))")
            }
            return a
        }
        switch value {
        case .string(let name):
            return try named(name)
        case .object(let members):
            let act = Fields(members: members, context: f.context.map { "\($0): act" } ?? "act")
            let a = try named(act.string("name"))
            try act.checkKnown(["name"] + a.parameters.map(\.name))
            var values: [String: Double] = [:]
            for p in a.parameters where act.optional(p.name) != nil {
                values[p.name] = try act.double(p.name)
            }
            return a.with(parameters: values)
        default:
            throw f.issue(
                "\"act\" must be an activation name or an object like {\"name\": \"leaky_relu\", \"slope\": 0.2}, found \(value.kindDescription)"
            )
        }
    }

    /// `what` names the value for messages; it is only built for a message.
    @inline(__always)
    func scalar(_ value: JSONValue, _ what: @autoclosure () -> String, _ f: Fields)
        throws(ModelFileIssue) -> Scalar
    {
        guard case .number(let text) = value else {
            throw f.issue("\(what()) is \(value.kindDescription), expected a number")
        }
        // Straight from the text to the scalar type: a Float is never rounded through Double.
        guard let x = Scalar(text), x.isFinite else {
            throw f.issue("\(what()) (\(text)) is out of range for \(Scalar.self)")
        }
        return x
    }

    func vector(_ value: JSONValue, _ name: String, count: Int, expected: String, _ f: Fields)
        throws(ModelFileIssue) -> Tensor<Scalar>
    {
        guard case .array(let items) = value else {
            throw f.issue(
                "\"\(name)\" must be an array of \(expected) numbers, found \(value.kindDescription)"
            )
        }
        guard items.count == count else {
            throw f.issue(
                "\(name) has \(items.count) number\(items.count == 1 ? "" : "s"), expected \(expected)"
            )
        }
        var scalars: [Scalar] = []
        scalars.reserveCapacity(count)
        for (i, item) in items.enumerated() {
            scalars.append(try scalar(item, "\(name) value \(i + 1)", f))
        }
        return try tensor(rows: 1, columns: count, scalars, f)
    }

    func matrix(_ value: JSONValue, _ name: String, rows: Int, columns: Int, _ f: Fields)
        throws(ModelFileIssue) -> Tensor<Scalar>
    {
        guard case .array(let rowItems) = value else {
            throw f.issue(
                "\"\(name)\" must be an array of out = \(rows) rows, found \(value.kindDescription)"
            )
        }
        guard rowItems.count == rows else {
            throw f.issue(
                "\(name) has \(rowItems.count) row\(rowItems.count == 1 ? "" : "s"), expected out = \(rows)"
            )
        }
        var scalars: [Scalar] = []
        scalars.reserveCapacity(rows * columns)
        for (r, rowItem) in rowItems.enumerated() {
            guard case .array(let items) = rowItem else {
                throw f.issue(
                    "\(name) row \(r + 1) is \(rowItem.kindDescription), expected an array of in = \(columns) numbers"
                )
            }
            guard items.count == columns else {
                throw f.issue(
                    "\(name) row \(r + 1) has \(items.count) number\(items.count == 1 ? "" : "s"), expected in = \(columns)"
                )
            }
            for (c, item) in items.enumerated() {
                scalars.append(try scalar(item, "\(name) row \(r + 1), column \(c + 1)", f))
            }
        }
        return try tensor(rows: rows, columns: columns, scalars, f)
    }

    func tensor(rows: Int, columns: Int, _ scalars: [Scalar], _ f: Fields) throws(ModelFileIssue)
        -> Tensor<Scalar>
    {
        do {
            return try Tensor(rows: rows, columns: columns, values: scalars)
        } catch {
            throw f.issue(error.description)
        }
    }

    /// Overwrites the fresh network's parameters, running statistics and
    /// gradients with the stored values, layer by layer.
    func fill(_ network: Network<Scalar>) throws(ModelFileIssue) {
        guard network.namedLayers.count == values.count else {
            throw ModelFileIssue(
                "internal error: \(values.count) stored layers for \(network.namedLayers.count) built"
            )
        }
        for (named, stored) in zip(network.namedLayers, values) {
            let mismatch = ModelFileIssue(
                "internal error: stored values do not match layer \(named.name)")
            switch named.layer {
            case .dense(let d):
                guard case .dense(let weight, let weightGrad, let bias, let biasGrad) = stored
                else { throw mismatch }
                d.weight.value.assign(weight)
                if let weightGrad { d.weight.grad.assign(weightGrad) }
                if let b = d.bias, let bias {
                    b.value.assign(bias)
                    if let biasGrad { b.grad.assign(biasGrad) }
                }
            case .batchNorm(let b):
                guard
                    case .batchNorm(
                        let gamma, let gammaGrad, let beta, let betaGrad, let mean, let variance) =
                        stored
                else { throw mismatch }
                b.gamma.value.assign(gamma)
                if let gammaGrad { b.gamma.grad.assign(gammaGrad) }
                b.beta.value.assign(beta)
                if let betaGrad { b.beta.grad.assign(betaGrad) }
                b.runningMean.assign(mean)
                b.runningVar.assign(variance)
            case .dropout, .activation, .residual:
                guard case .none = stored else { throw mismatch }
            }
        }
    }
}
