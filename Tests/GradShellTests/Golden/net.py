# A GradLab model exported to PyTorch by GradLab 0.2.0.
# 131 parameters; 2 inputs, 3 outputs.
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
INPUTS = 2
EXAMPLE = [0.5, -1.0]


def build():
    """The architecture, with fresh weights."""
    return nn.Sequential(
        nn.Linear(2, 16),  # dense_1
        nn.ReLU(),
        nn.BatchNorm1d(16, eps=1e-05, momentum=0.1),  # batchnorm_1
        nn.Linear(16, 3),  # dense_2
    )


# Every parameter and running statistic, by state-dict key.
WEIGHTS = {
    "0.weight": [
        [0.24606162, 0.108322024],
        [-0.31663483, 0.098884806],
        [-0.013305172, -0.23298062],
        [-0.3501592, 0.20987298],
        [0.5009519, -0.3660195],
        [0.49796528, 0.18026176],
        [0.27921084, 0.21739748],
        [0.12366949, -0.48351142],
        [-0.46004218, -0.42598242],
        [0.43997002, 0.25911662],
        [0.16367733, 0.13883123],
        [0.09411925, -0.5002158],
        [0.4753803, 0.5573887],
        [0.16804117, 0.44956246],
        [-0.36224702, -0.021503622],
        [-0.56943685, 0.40257215],
    ],
    "0.bias": [0.08084409, 0.071239725, -0.15482408, -0.09741833, 0.024623672, 0.051969077, -0.041473776, 0.059080414, -0.05052475, -0.101307824, 0.021878727, -0.09014339, -0.0030191834, 0.07085693, 0.10739308, 0.011870818],
    "2.weight": [1.0159698, 0.9401304, 1.0271037, 1.0172483, 0.96226454, 1.0024651, 1.0333519, 0.9659886, 1.0200539, 1.0007143, 0.9813598, 1.0121869, 0.9975051, 1.0048792, 1.0026399, 1.014044],
    "2.bias": [0.0008213705, -0.014251391, 0.010221537, 0.004890216, 0.0029972023, 0.0033086801, -0.013639202, 0.0017009685, 0.006137723, -0.0029135824, 0.0019985035, -0.004318792, 0.0006227586, -0.007317919, -0.004583681, -0.0005985304],
    "2.running_mean": [0.037499968, 0.043179646, 0.0060840026, 0.022208178, 0.05450306, 0.04757919, 0.022964705, 0.05076436, 0.041683234, 0.028061038, 0.005683163, 0.031668387, 0.049908765, 0.042559687, 0.042557273, 0.050840225],
    "2.running_var": [0.5346418, 0.53617, 0.5317951, 0.5351436, 0.5422835, 0.54095525, 0.53459466, 0.5403284, 0.5416796, 0.53769916, 0.5317602, 0.5374392, 0.54571325, 0.5380545, 0.5367463, 0.546025],
    "2.num_batches_tracked": 0,
    "3.weight": [
        [0.2871175, -0.39412317, 0.55779076, 0.3684415, 0.05309228, 0.12433388, -0.25641933, -0.11193933, -0.24333698, -0.017563762, -0.11495087, 0.10000818, 0.12736587, -0.13509664, 0.054346688, -0.32084736],
        [-0.007903628, 0.29945216, -0.538978, 0.07605809, 0.11899909, -0.19602413, 0.4483432, 0.14772144, -0.5782745, 0.37316465, 0.14865212, 0.10825298, 0.14065641, 0.26891366, 0.45633405, -0.13309817],
        [-0.18647909, -0.42615083, -0.23327509, 0.45714846, 0.31442496, -0.17790432, -0.42151332, 0.37220627, -0.1486606, 0.21778686, 0.37083554, -0.26443696, 0.12167304, -0.16658865, 0.39265636, -0.00036787195],
    ],
    "3.bias": [0.0057059936, -0.017971942, 0.012265949],
}


# GradLab's layers in model-file form, without weights; "key" is the state-dict prefix.
LAYOUT = [
    {"kind": "dense", "in": 2, "out": 16, "act": "relu", "key": "0"},
    {"kind": "batchnorm", "momentum": 0.1, "eps": 1e-05, "key": "2"},
    {"kind": "dense", "in": 16, "out": 3, "act": "identity", "key": "3"},
]


def load():
    """The model with GradLab's weights, in evaluation mode."""
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
    """Writes the model's current weights as a GradLab model file (load(path) in GradLab)."""
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

    document = {"format": "gradlab-model", "version": 1, "inputs": 2, "layers": fill(LAYOUT)}
    temporary = path + ".tmp-%d" % os.getpid()
    with open(temporary, "w") as f:
        json.dump(document, f)
    os.replace(temporary, path)


def is_row(value):
    """Whether value is a list of INPUTS finite numbers."""
    return (
        isinstance(value, list)
        and len(value) == INPUTS
        and all(
            isinstance(x, (int, float)) and not isinstance(x, bool) and math.isfinite(x)
            for x in value
        )
    )


def input_rows(parser, text):
    """The rows the command line gives as JSON (a row, or a list of rows), and
    whether it gave one row; a usage error (exit 2) when they do not fit the model."""
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
    """python3 this.py [ROWS | --to-gradlab FILE.json]"""
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
