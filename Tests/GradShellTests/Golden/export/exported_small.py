# A GradLab model exported to PyTorch by GradLab 0.2.0.
# 299 parameters; 2 inputs, 3 outputs.
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
EXAMPLE = [0.0, 0.0]


class Residual(nn.Module):
    """y = x + block(x), as GradLab's residual { }."""

    def __init__(self, *layers):
        super().__init__()
        self.block = nn.Sequential(*layers)

    def forward(self, x):
        return x + self.block(x)


def build():
    """The architecture, with fresh weights."""
    return nn.Sequential(
        nn.Linear(2, 8),  # dense_1
        nn.ReLU(),
        Residual(  # residual_1
            nn.Linear(8, 8),  # dense_2
            nn.Tanh(),
            nn.Linear(8, 8),  # dense_3
        ),
        nn.Linear(8, 8, bias=False),  # dense_4
        nn.BatchNorm1d(8, eps=1e-05, momentum=0.1),  # batchnorm_1
        nn.GELU(),  # gelu_1
        nn.Dropout(p=0.1),  # dropout_1
        nn.Linear(8, 4),  # dense_5
        nn.LeakyReLU(negative_slope=0.2),
        nn.Softplus(),  # softplus_1
        nn.Linear(4, 3),  # dense_6
    )


# Every parameter and running statistic, by state-dict key.
WEIGHTS = {
    "0.weight": [
        [-0.9721069, -1.1838481],
        [-0.6858471, -0.14861353],
        [-0.84865636, 0.620602],
        [-0.14742696, -0.67092055],
        [0.8075752, 2.2477188],
        [-0.9666506, -2.0500968],
        [0.04074975, -1.4384118],
        [1.1699436, 0.9720771],
    ],
    "0.bias": [0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0],
    "2.block.0.weight": [
        [-0.47085932, -0.47144678, 0.48677212, 0.25536767, 0.12283626, 0.013881925, 0.023171244, -0.5449617],
        [0.5070567, 0.58877146, 0.11500039, 0.498219, -0.3949859, -0.035944812, -0.59762394, 0.43569547],
        [0.28401202, -0.3514317, 0.57038945, 0.45434606, -0.03205579, 0.0986711, -0.2912341, -0.18643811],
        [-0.2476718, -0.03300716, -0.1434367, 0.050695986, 0.12472903, -0.14468639, 0.13081187, -0.28829128],
        [-0.07083996, 0.38830245, -0.5809572, 0.15480238, 0.105704345, -0.2696258, 0.444947, 0.16011365],
        [-0.5688322, 0.3442867, 0.12475806, 0.12994131, 0.106974214, 0.2787123, 0.568044, -0.091145806],
        [-0.1121167, -0.60442317, -0.22313717, 0.37339976, 0.45652038, -0.101034656, -0.4039023, 0.47091943],
        [-0.24082543, 0.31355527, 0.4595124, -0.24185346, 0.19295739, -0.16973804, 0.28553286, -0.11563944],
    ],
    "2.block.0.bias": [0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0],
    "2.block.2.weight": [
        [-0.19183303, -0.3570712, 0.06880746, 0.11865045, -0.12663968, 0.0414617, -0.08099854, 0.3059477],
        [0.30038708, 0.25979683, -0.19750577, 0.12811205, -0.14231066, -0.285508, 0.4219569, 0.44058982],
        [0.032867108, -0.26522198, -0.5720206, -0.3388201, -0.06180334, 0.032924403, 0.56587183, 0.38883987],
        [0.6005824, 0.034163848, 0.41426072, 0.14649053, 0.16201538, 0.07426529, -0.51539356, 0.15075374],
        [0.20644774, 0.11378407, -0.5591462, 0.28778356, -0.23980643, -0.5011917, 0.47831032, -0.46935835],
        [-0.5076142, 0.17605832, 0.3687386, -0.18568978, -0.56243366, -0.11071334, -0.20373951, 0.0063126073],
        [-0.42473462, -0.58465505, -0.117756255, -0.0787786, -0.54360306, -0.5533716, -0.06711616, 0.23166852],
        [0.044633955, -0.06095539, -0.0038659316, -0.59004056, 0.1464887, -0.38058603, -0.23460835, 0.5789831],
    ],
    "2.block.2.bias": [0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0],
    "3.weight": [
        [-0.34273434, 0.16483599, 0.2269941, 0.1974186, -0.14947957, 0.06627464, -0.34958115, 0.19552149],
        [-0.057176214, 0.48486292, -0.21727002, 0.5137744, 0.06681236, -0.2026248, -0.019105632, -0.22199291],
        [-0.057019234, 0.3091549, 0.28607398, -0.026302187, -0.08640154, -0.17976788, 0.011086848, -0.5355372],
        [0.41222435, -0.062028043, 0.20170692, -0.46727768, -0.48501346, -0.13156062, 0.34232354, -0.06038466],
        [0.46161926, -0.03880704, 0.5846821, 0.4915556, -0.38301748, -0.46543315, -0.31872624, -0.30072096],
        [0.36981025, 0.08340322, -0.5490626, 0.3303396, -0.07739614, 0.41094062, 0.17296197, 0.5788072],
        [0.55627, 0.21487226, -0.4457491, -0.040180337, 0.27302006, 0.46276414, -0.27749556, -0.029829012],
        [-0.50109804, -0.5881533, 0.26936373, 0.30727547, 0.28135002, 0.6048118, 0.3665131, 0.014481435],
    ],
    "4.weight": [1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0],
    "4.bias": [0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0],
    "4.running_mean": [0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0],
    "4.running_var": [1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0],
    "4.num_batches_tracked": 0,
    "7.weight": [
        [-0.061504588, -0.33408988, -0.5614719, -0.076440014, -0.52110726, -0.26698413, 0.030722164, 0.38129923],
        [-0.60875535, -0.41742206, -0.13341445, 0.28344932, 0.2805977, 0.2188733, 0.6055157, -0.114373945],
        [-0.6333557, 0.5979815, 0.34907824, -0.17683606, 0.52406573, 0.4870632, 0.20466992, 0.19353954],
        [-0.19894826, 0.6846665, -0.56726384, -0.14865027, -0.43508244, -0.16808623, 0.513577, -0.48293817],
    ],
    "7.bias": [0.0, 0.0, 0.0, 0.0],
    "10.weight": [
        [0.042020164, -0.10025482, -0.65774614, -0.18600956],
        [0.011680892, -0.03739623, 0.33987117, -0.18594441],
        [-0.18478614, 0.2625259, -0.6173951, 0.056206997],
    ],
    "10.bias": [0.0, 0.0, 0.0],
}


# GradLab's layers in model-file form, without weights; "key" is the state-dict prefix.
LAYOUT = [
    {"kind": "dense", "in": 2, "out": 8, "act": "relu", "key": "0"},
    {"kind": "residual", "layers": [
        {"kind": "dense", "in": 8, "out": 8, "act": "tanh", "key": "2.block.0"},
        {"kind": "dense", "in": 8, "out": 8, "act": "identity", "key": "2.block.2"},
    ]},
    {"kind": "dense", "in": 8, "out": 8, "act": "identity", "key": "3"},
    {"kind": "batchnorm", "momentum": 0.1, "eps": 1e-05, "key": "4"},
    {"kind": "activation", "act": "gelu"},
    {"kind": "dropout", "rate": 0.1},
    {"kind": "dense", "in": 8, "out": 4, "act": {"name": "leaky_relu", "slope": 0.2}, "key": "7"},
    {"kind": "activation", "act": "softplus"},
    {"kind": "dense", "in": 4, "out": 3, "act": "identity", "key": "10"},
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
