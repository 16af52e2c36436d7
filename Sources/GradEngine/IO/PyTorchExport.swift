/// A network as a PyTorch script: `nn.Sequential` with the same layers,
/// activations, batch norm and residual blocks, and the exact weights.
///
/// The script defines `build()` (the architecture), `WEIGHTS` (every
/// parameter and batch-norm running statistic, by state-dict key) and
/// `load()` (the model with its weights, in evaluation mode). Run as a
/// program it prints the model's outputs as JSON for `EXAMPLE` (the export's
/// example row, else zeros), or for a row or a list of rows given as JSON on
/// the command line, so the two frameworks can be compared; a bad argument
/// gets a usage line (argparse's), not a traceback. `to_gradlab(model, path)`
/// writes a (possibly further trained) model back as a GradLab model file, so
/// a model goes to PyTorch and back unchanged.
struct PyTorchExport<Scalar: EngineScalar> {
    /// One line of `build()`'s `nn.Sequential(...)` per module, and the state entries.
    private var modules: [String] = []
    private var state: [(key: String, value: String)] = []
    private var usesResidual = false
    /// Activations used whose module the script defines itself (`helperClass(for:)`).
    private var helperActivations: Set<String> = []
    /// Each dense and batch-norm layer's GradLab name and module key, in order.
    private var keyedLayers: [(name: String, key: String)] = []

    /// The GradLab name and the state-dict module key (such as "2.block.0") of
    /// each layer with weights, in order: how the training script names them.
    static func layerKeys(of network: Network<Scalar>) throws(EngineError) -> [(
        name: String, key: String
    )] {
        var export = PyTorchExport()
        _ = try export.sequence(
            network.body, prefix: "", names: network.namedLayers.map(\.name)[...], indent: "",
            layoutIndent: "")
        return export.keyedLayers
    }

    /// The script for `network`; `example` is the row `python3 script.py`
    /// runs without arguments (nil: zeros), one number per input.
    static func script(of network: Network<Scalar>, version: String, example: [Double]? = nil)
        throws(EngineError) -> String
    {
        let example = example ?? Array(repeating: 0, count: network.inputs)
        guard example.count == network.inputs else {
            throw .invalidArgument(
                "cannot export: the model takes \(network.inputs) input\(network.inputs == 1 ? "" : "s"), but the example has \(example.count) number\(example.count == 1 ? "" : "s")"
            )
        }
        guard example.allSatisfy(\.isFinite) else {
            throw .invalidArgument("cannot export: the example holds NaN or Inf")
        }
        var export = PyTorchExport()
        let (top, layout) = try export.sequence(
            network.body, prefix: "", names: network.namedLayers.map(\.name)[...],
            indent: "        ",
            layoutIndent: "    ")
        var out = """
            # A GradLab model exported to PyTorch by GradLab \(version).
            # \(network.parameterCount) parameters; \(network.inputs) inputs, \(network.outputs) outputs.
            #
            #   model = load()                    # the architecture with the exact weights, in eval mode
            #   python3 this.py                   # prints the outputs (logits) for EXAMPLE as JSON
            #   python3 this.py '[0.5, -1.0]'     # ... for this row; '[[0.5, -1.0], [0, 1]]' for rows
            #   to_gradlab(model, "net.json")     # writes the model back for GradLab's load("net.json")
            #   python3 this.py --to-gradlab net.json
            import argparse
            import json
            import math
            import os

            try:
                import torch
                from torch import nn
            except ImportError as error:
                raise SystemExit(
                    "%s needs PyTorch (pip install torch): %s" % (os.path.basename(__file__), error)
                )

            # The number of inputs, and the row `python3 this.py` runs without arguments.
            INPUTS = \(network.inputs)
            EXAMPLE = [\(example.map { "\($0)" }.joined(separator: ", "))]



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
        // The helper classes in `allDefaults` order, so the script does not depend on set order.
        for a in Activation.allDefaults where export.helperActivations.contains(a.name) {
            if let helper = helperClass(for: a) { out += helper + "\n\n\n" }
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


            def is_row(value):
                \"\"\"Whether value is a list of INPUTS finite numbers.\"\"\"
                return (
                    isinstance(value, list)
                    and len(value) == INPUTS
                    and all(
                        isinstance(x, (int, float)) and not isinstance(x, bool) and math.isfinite(x)
                        for x in value
                    )
                )


            def input_rows(parser, text):
                \"\"\"The rows the command line gives as JSON (a row, or a list of rows), and
                whether it gave one row; a usage error (exit 2) when they do not fit the model.\"\"\"
                try:
                    rows = json.loads(text)
                except ValueError:
                    parser.error(
                        "the rows must be JSON, such as '%s'; found %s" % (json.dumps(EXAMPLE), text)
                    )
                if is_row(rows):
                    return [rows], True
                if not isinstance(rows, list) or not rows or not all(isinstance(row, list) for row in rows):
                    parser.error(
                        "give a row of %d numbers, such as '%s', or a list of rows; found %s"
                        % (INPUTS, json.dumps(EXAMPLE), text)
                    )
                for index, row in enumerate(rows):
                    if not is_row(row):
                        parser.error(
                            "the model takes %d inputs: row %d must be %d finite numbers; found %s"
                            % (INPUTS, index, INPUTS, json.dumps(row))
                        )
                return rows, False


            def main():
                \"\"\"python3 this.py [ROWS | --to-gradlab FILE.json]\"\"\"
                parser = argparse.ArgumentParser(
                    description="Prints the outputs (logits) of this GradLab model, in eval mode, as JSON."
                )
                parser.add_argument(
                    "rows",
                    nargs="?",
                    help="a row of %d numbers as JSON, or a list of rows (default: EXAMPLE, %s)"
                    % (INPUTS, json.dumps(EXAMPLE)),
                )
                parser.add_argument(
                    "--to-gradlab",
                    metavar="FILE.json",
                    help="instead, write the model as a GradLab model file (for GradLab's load())",
                )
                args = parser.parse_args()
                if args.to_gradlab is not None:
                    if args.rows is not None:
                        parser.error("give rows or --to-gradlab, not both")
                    try:
                        to_gradlab(load(), args.to_gradlab)
                    except OSError as error:
                        raise SystemExit(
                            "%s: error: cannot write %s: %s" % (parser.prog, args.to_gradlab, error.strerror)
                        )
                    return
                rows, single = ([EXAMPLE], True) if args.rows is None else input_rows(parser, args.rows)
                with torch.no_grad():
                    outputs = load()(torch.tensor(rows, dtype=torch.float32)).tolist()
                print(json.dumps(outputs[0] if single else outputs))


            if __name__ == "__main__":
                main()

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
                keyedLayers.append((name, "\(prefix)\(index)"))
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
                noteHelper(d.activation)
            case .batchNorm(let b):
                keyedLayers.append((name, "\(prefix)\(index)"))
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
                noteHelper(a.activation)
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
        guard !a.parameters.isEmpty else { return "\"\(a.name)\"" }
        let members = a.parameters.map { "\"\($0.name)\": \(python($0.value))" }
        return "{" + (["\"name\": \"\(a.name)\""] + members).joined(separator: ", ") + "}"
    }

    /// How many named layers a sequence holds, nested ones included.
    private static func count(_ s: Sequential<Scalar>) -> Int {
        s.layers.reduce(0) { n, layer in
            if case .residual(let r) = layer { return n + 1 + count(r.block) }
            return n + 1
        }
    }

    /// Records that the script must define `a`'s module class, if torch has none.
    private mutating func noteHelper(_ a: Activation) {
        if Self.helperClass(for: a) != nil { helperActivations.insert(a.name) }
    }

    /// The Python class of an activation's module when torch has none with the
    /// same maths: exponential, and Keras 2's hard_sigmoid (torch's Hardsigmoid
    /// is relu6(x + 3)/6, another function). nil for the others.
    private static func helperClass(for a: Activation) -> String? {
        switch a {
        case .exponential:
            """
            class Exponential(nn.Module):
                \"\"\"exp(x), GradLab's exponential (Keras's).\"\"\"

                def forward(self, x):
                    return torch.exp(x)
            """
        case .hardSigmoid:
            """
            class KerasHardSigmoid(nn.Module):
                \"\"\"clip(0.2·x + 0.5, 0, 1), GradLab's hard_sigmoid (Keras 2's), not nn.Hardsigmoid.\"\"\"

                def forward(self, x):
                    return torch.clamp(0.2 * x + 0.5, 0.0, 1.0)
            """
        case .identity, .relu, .leakyReLU, .elu, .gelu, .selu, .sigmoid, .tanh, .softplus,
            .softsign, .silu, .softmax:
            nil
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
        case .exponential: "Exponential()"
        case .softsign: "nn.Softsign()"
        case .hardSigmoid: "KerasHardSigmoid()"
        case .silu: "nn.SiLU()"
        case .softmax: "nn.Softmax(dim=1)"
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
    /// `example` is the input row the script runs without arguments (nil: zeros).
    public func exportPyTorch(
        to path: String, version: String, example: [Double]? = nil,
        replacingForeignFile: Bool = false
    ) throws(EngineError) {
        if !replacingForeignFile, let head = AtomicFile.prefix(of: path, bytes: 256),
            !head.isEmpty,
            !String(decoding: head, as: UTF8.self).hasPrefix(
                "# A GradLab model exported to PyTorch")
        {
            throw .file(
                "cannot export to \(path): the file exists and is not a GradLab export; export(net, \"\(path)\", force: true) replaces it"
            )
        }
        try AtomicFile.write(
            try PyTorchExport<Scalar>.script(of: self, version: version, example: example),
            to: path)
    }
}
