/// A network as a PyTorch script: `nn.Sequential` with the same layers,
/// activations, batch norm and residual blocks, and the exact weights.
///
/// The script defines `build()` (the architecture), `WEIGHTS` (every
/// parameter and batch-norm running statistic, by state-dict key) and
/// `load()` (the model with its weights, in evaluation mode). Run as a
/// program it prints the model's output for an input given as JSON (a list
/// of rows) on the command line, so the two frameworks can be compared.
/// `to_gradlab(model, path)` writes a (possibly further trained) model back
/// as a GradLab model file, so a model goes to PyTorch and back unchanged.
struct PyTorchExport<Scalar: EngineScalar> {
    /// One line of `build()`'s `nn.Sequential(...)` per module, and the state entries.
    private var modules: [String] = []
    private var state: [(key: String, value: String)] = []
    private var usesResidual = false

    static func script(of network: Network<Scalar>, version: String) throws(EngineError) -> String {
        var export = PyTorchExport()
        let (top, layout) = try export.sequence(
            network.body, prefix: "", names: network.namedLayers.map(\.name)[...],
            indent: "        ",
            layoutIndent: "    ")
        var out = """
            # A GradLab model exported to PyTorch by GradLab \(version).
            # \(network.parameterCount) parameters; \(network.inputs) inputs, \(network.outputs) outputs.
            #
            #   model = load()                  # the architecture with the exact weights, in eval mode
            #   python3 this.py '[[0.5, -1.0]]'   # prints the outputs (logits) for these rows as JSON
            #   to_gradlab(model, "net.json")   # writes the model back for GradLab's load("net.json")
            #   python3 this.py --to-gradlab net.json
            import json
            import os
            import sys

            import torch
            from torch import nn



            """
        if export.usesResidual {
            out += """
                class Residual(nn.Module):
                    \"\"\"y = x + block(x), as GradLab's residual { }.\"\"\"

                    def __init__(self, *layers):
                        super().__init__()
                        self.block = nn.Sequential(*layers)

                    def forward(self, x):
                        return x + self.block(x)



                """
        }
        out +=
            "def build():\n    \"\"\"The architecture, with fresh weights.\"\"\"\n    return nn.Sequential(\n"
        out += top.joined(separator: "\n") + "\n    )\n\n\n"
        out += "# Every parameter and running statistic, by state-dict key.\nWEIGHTS = {\n"
        for (key, value) in export.state { out += "    \"\(key)\": \(value),\n" }
        out += "}\n\n\n"
        out +=
            "# GradLab's layers in model-file form, without weights; \"key\" is the state-dict prefix.\nLAYOUT = [\n"
        out += layout.joined(separator: "\n") + "\n]\n\n\n"
        out += """
            def load():
                \"\"\"The model with GradLab's weights, in evaluation mode.\"\"\"
                model = build()
                state = {key: torch.tensor(value) for key, value in WEIGHTS.items()}
                for key, value in state.items():
                    if key.endswith("num_batches_tracked"):
                        state[key] = value.to(torch.long)
                    else:
                        state[key] = value.to(torch.float32)
                model.load_state_dict(state, strict=True)
                model.eval()
                return model


            def to_gradlab(model, path):
                \"\"\"Writes the model's current weights as a GradLab model file (load(path) in GradLab).\"\"\"
                state = {key: value.detach().cpu() for key, value in model.state_dict().items()}

                def values(key):
                    return state[key].to(torch.float32).tolist()

                def fill(layers):
                    filled = []
                    for layer in layers:
                        layer = dict(layer)
                        key = layer.pop("key", None)
                        if layer["kind"] == "dense":
                            layer["weight"] = values(key + ".weight")
                            layer["bias"] = values(key + ".bias") if key + ".bias" in state else None
                        elif layer["kind"] == "batchnorm":
                            layer["gamma"] = values(key + ".weight")
                            layer["beta"] = values(key + ".bias")
                            layer["running_mean"] = values(key + ".running_mean")
                            layer["running_var"] = values(key + ".running_var")
                        elif layer["kind"] == "residual":
                            layer["layers"] = fill(layer["layers"])
                        filled.append(layer)
                    return filled

                document = {"format": "gradlab-model", "version": 1, "inputs": \(network.inputs), "layers": fill(LAYOUT)}
                temporary = path + ".tmp-%d" % os.getpid()
                with open(temporary, "w") as f:
                    json.dump(document, f)
                os.replace(temporary, path)


            if __name__ == "__main__":
                if len(sys.argv) == 3 and sys.argv[1] == "--to-gradlab":
                    to_gradlab(load(), sys.argv[2])
                    sys.exit(0)
                rows = json.loads(sys.argv[1]) if len(sys.argv) > 1 else [[0.0] * \(network.inputs)]
                with torch.no_grad():
                    outputs = load()(torch.tensor(rows, dtype=torch.float32))
                print(json.dumps(outputs.tolist()))

            """
        return out
    }

    /// The module lines of a sequence (its layers in order), recording state under `prefix`.
    private mutating func sequence(
        _ s: Sequential<Scalar>, prefix: String, names: ArraySlice<String>,
        indent: String, layoutIndent: String
    ) throws(EngineError) -> (modules: [String], layout: [String]) {
        var lines: [String] = []
        var layout: [String] = []
        var index = 0
        var names = names
        func key(_ field: String) -> String { "\(prefix)\(index).\(field)" }
        for layer in s.layers {
            let name = names.popFirst() ?? ""
            switch layer {
            case .dense(let d):
                layout.append(
                    "\(layoutIndent){\"kind\": \"dense\", \"in\": \(d.inputs), \"out\": \(d.units), \"act\": \(actJSON(d.activation)), \"key\": \"\(prefix)\(index)\"},"
                )
                lines.append(
                    "\(indent)nn.Linear(\(d.inputs), \(d.units)\(d.bias == nil ? ", bias=False" : "")),  # \(name)"
                )
                state.append((key("weight"), try matrix(d.weight.value, name)))
                if let b = d.bias { state.append((key("bias"), try vector(b.value, name))) }
                index += 1
                if let act = module(for: d.activation) {
                    lines.append("\(indent)\(act),")
                    index += 1
                }
            case .batchNorm(let b):
                layout.append(
                    "\(layoutIndent){\"kind\": \"batchnorm\", \"momentum\": \(python(b.momentum)), \"eps\": \(python(b.eps)), \"key\": \"\(prefix)\(index)\"},"
                )
                lines.append(
                    "\(indent)nn.BatchNorm1d(\(b.features), eps=\(python(b.eps)), momentum=\(python(b.momentum))),  # \(name)"
                )
                state.append((key("weight"), try vector(b.gamma.value, name)))
                state.append((key("bias"), try vector(b.beta.value, name)))
                state.append((key("running_mean"), try vector(b.runningMean, name)))
                state.append((key("running_var"), try vector(b.runningVar, name)))
                state.append((key("num_batches_tracked"), "0"))
                index += 1
            case .dropout(let d):
                layout.append(
                    "\(layoutIndent){\"kind\": \"dropout\", \"rate\": \(python(d.rate))},")
                lines.append("\(indent)nn.Dropout(p=\(python(d.rate))),  # \(name)")
                index += 1
            case .activation(let a):
                layout.append(
                    "\(layoutIndent){\"kind\": \"activation\", \"act\": \(actJSON(a.activation))},")
                // An identity layer has no module; the others keep their position.
                if let act = module(for: a.activation) {
                    lines.append("\(indent)\(act),  # \(name)")
                    index += 1
                }
            case .residual(let r):
                usesResidual = true
                let inner = try sequence(
                    r.block, prefix: "\(prefix)\(index).block.", names: names,
                    indent: indent + "    ",
                    layoutIndent: layoutIndent + "    ")
                names = names.dropFirst(Self.count(r.block))
                lines.append("\(indent)Residual(  # \(name)")
                lines += inner.modules
                lines.append("\(indent)),")
                layout.append("\(layoutIndent){\"kind\": \"residual\", \"layers\": [")
                layout += inner.layout
                layout.append("\(layoutIndent)]},")
                index += 1
            }
        }
        return (lines, layout)
    }

    /// An activation as the model file writes it: "relu", or {"name": "elu", "alpha": 1.0}.
    private func actJSON(_ a: Activation) -> String {
        switch a {
        case .leakyReLU(let slope): "{\"name\": \"leaky_relu\", \"slope\": \(python(slope))}"
        case .elu(let alpha): "{\"name\": \"elu\", \"alpha\": \(python(alpha))}"
        default: "\"\(a.name)\""
        }
    }

    /// How many named layers a sequence holds, nested ones included.
    private static func count(_ s: Sequential<Scalar>) -> Int {
        s.layers.reduce(0) { n, layer in
            if case .residual(let r) = layer { return n + 1 + count(r.block) }
            return n + 1
        }
    }

    /// The torch module of an activation; nil for identity.
    private func module(for a: Activation) -> String? {
        switch a {
        case .identity: nil
        case .relu: "nn.ReLU()"
        case .leakyReLU(let slope): "nn.LeakyReLU(negative_slope=\(python(slope)))"
        case .elu(let alpha): "nn.ELU(alpha=\(python(alpha)))"
        case .gelu: "nn.GELU()"
        case .selu: "nn.SELU()"
        case .sigmoid: "nn.Sigmoid()"
        case .tanh: "nn.Tanh()"
        case .softplus: "nn.Softplus()"
        }
    }

    /// A Double as Python reads it back exactly (Swift's shortest round-trip text).
    private func python(_ x: Double) -> String { "\(x)" }

    private func number(_ x: Scalar, _ layer: String) throws(EngineError) -> String {
        guard x.isFinite else { throw .invalidArgument("cannot export: \(layer) holds NaN or Inf") }
        return "\(x)"
    }

    private func vector(_ t: Tensor<Scalar>, _ layer: String) throws(EngineError) -> String {
        var items: [String] = []
        for x in t.rowArrays.joined() { items.append(try number(x, layer)) }
        return "[" + items.joined(separator: ", ") + "]"
    }

    private func matrix(_ t: Tensor<Scalar>, _ layer: String) throws(EngineError) -> String {
        var rows: [String] = []
        for row in t.rowArrays {
            var items: [String] = []
            for x in row { items.append(try number(x, layer)) }
            rows.append("[" + items.joined(separator: ", ") + "]")
        }
        return "[\n        " + rows.joined(separator: ",\n        ") + ",\n    ]"
    }
}

extension Network {
    /// Writes a PyTorch script that rebuilds this network with its exact
    /// weights (see `PyTorchExport`). The write is atomic; an existing file
    /// that is not a GradLab export is not replaced unless `replacingForeignFile`.
    public func exportPyTorch(to path: String, version: String, replacingForeignFile: Bool = false)
        throws(EngineError)
    {
        if !replacingForeignFile, let head = AtomicFile.prefix(of: path, bytes: 256),
            !head.isEmpty,
            !String(decoding: head, as: UTF8.self).hasPrefix(
                "# A GradLab model exported to PyTorch")
        {
            throw .file(
                "cannot export to \(path): the file exists and is not a GradLab export; export(net, \"\(path)\", force: true) replaces it"
            )
        }
        try AtomicFile.write(try PyTorchExport<Scalar>.script(of: self, version: version), to: path)
    }
}
