#!/usr/bin/env python3
"""Writes PyTorch reference fixtures for GradLab's engine parity tests.

Run from anywhere (paths are relative to this script):

    python3 scripts/make-torch-fixtures.py

With `--add-new` it writes only the cases that have no file yet and adds them to
index.json, each entry naming the torch version that wrote it; the existing
files stay as they are. Another torch build (or CPU) rounds the last bits of
some results differently, so regenerating everything with it rewrites every
file; `--add-new` adds cases without that churn.

If `import torch` fails, the script makes a throw-away virtual environment in a
temporary directory, `pip install torch` into it (from PyPI), re-runs itself
with that interpreter and deletes the environment afterwards. Set
GRADLAB_TORCH_PYTHON to an interpreter that already has torch to skip that.

Output: Tests/GradEngineTests/Fixtures/torch/<case>.json, one file per case,
plus index.json listing the cases by family. Everything is float32 and seeded,
and numbers are written with repr(float(x)) (the shortest decimal that reads
back to the same double, which is the float32 value exactly), so re-running
produces byte-identical files on the same CPU. Another CPU may differ in the
last bits (torch's matrix kernels depend on its instruction set; torch 2.13
and 2.15 agree on one machine): to add cases, commit their new files and the
index, and keep the committed files of the others. The cases of each function
(all_cases, keras_activation_cases) are seeded apart, so that adding a case to
one leaves the others' numbers as they are.

Each case records the architecture (GradLab LayerSpec terms), the batch x and
its targets, the initial parameters in GradLab's parameter order (Linear weight
out×in then bias; BatchNorm1d weight = gamma then bias = beta; a residual
block's inner parameters in place), the loss, optimizer, clipping and l1/l2,
then for each of 3 steps on the same batch:
  output          train-mode forward output before the step
  data_loss       mean-reduced loss of that output
  penalty_loss    l1·Σ|W| + l2·ΣW² over Linear weights (0 when both are 0)
  grad_norm       the global L2 norm of the gradients before clipping
                  (after the penalty gradient; clip_grad_norm_'s return value)
  clipped         whether clipping changed the gradients
  grads           every parameter gradient the optimizer used (post-clip)
  parameters      every parameter after the optimizer step
  running_stats   every BatchNorm1d's running mean/var after the step
and finally eval_output: the eval-mode forward of x after the 3 steps.
"""

import copy
import json
import math
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
OUT_DIR = os.path.join(ROOT, "Tests", "GradEngineTests", "Fixtures", "torch")
STEPS = 3
REEXEC_FLAG = "GRADLAB_TORCH_FIXTURES_CHILD"


def ensure_torch():
    """Imports torch, or re-runs this script under an interpreter that has it."""
    try:
        import torch  # noqa: F401
        return
    except ImportError:
        pass
    if os.environ.get(REEXEC_FLAG):
        sys.exit("make-torch-fixtures: torch is still missing after installing it; giving up")
    env = dict(os.environ)
    env[REEXEC_FLAG] = "1"
    python = os.environ.get("GRADLAB_TORCH_PYTHON")
    if python:
        sys.exit(subprocess.call([python, os.path.abspath(__file__)] + sys.argv[1:], env=env))
    tmp = tempfile.mkdtemp(prefix="gradlab-torch-venv-")
    try:
        print(f"torch is not installed; creating a temporary venv in {tmp} (pip install torch)...",
              file=sys.stderr)
        subprocess.check_call([sys.executable, "-m", "venv", tmp])
        python = os.path.join(tmp, "bin", "python")
        subprocess.check_call([python, "-m", "pip", "install", "--quiet", "--upgrade", "pip"])
        subprocess.check_call([python, "-m", "pip", "install", "--quiet", "torch"])
        code = subprocess.call([python, os.path.abspath(__file__)] + sys.argv[1:], env=env)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    sys.exit(code)


ensure_torch()

import warnings  # noqa: E402

# A fresh venv has torch without numpy, which torch reports on import; unused here.
warnings.filterwarnings("ignore", message="Failed to initialize NumPy")

import torch  # noqa: E402
import torch.nn as nn  # noqa: E402
import torch.nn.functional as F  # noqa: E402

torch.set_num_threads(1)
torch.use_deterministic_algorithms(True)
torch.set_default_dtype(torch.float32)


# ---------------------------------------------------------------------------
# Architecture: GradLab layer specs (plain dicts) and their torch modules.

def act(name, **kw):
    defaults = {"elu": {"alpha": 1.0}, "leaky_relu": {"slope": 0.01}}.get(name, {})
    return dict(name=name, **{**defaults, **kw})


def dense(units, activation="identity", bias=True):
    if isinstance(activation, str):
        activation = act(activation)
    return {"type": "dense", "units": units, "activation": activation, "bias": bias}


def batchnorm(momentum=0.1, eps=1e-5):
    return {"type": "batchnorm", "momentum": momentum, "eps": eps}


def activation_layer(name, **kw):
    return {"type": "activation", "activation": act(name, **kw)}


def residual(*layers):
    return {"type": "residual", "layers": list(layers)}


def torch_activation(a):
    n = a["name"]
    if n == "identity":
        return None
    if n == "relu":
        return nn.ReLU()
    if n == "leaky_relu":
        return nn.LeakyReLU(negative_slope=a["slope"])
    if n == "elu":
        return nn.ELU(alpha=a["alpha"])
    if n == "gelu":
        return nn.GELU(approximate="none")
    if n == "selu":
        return nn.SELU()
    if n == "sigmoid":
        return nn.Sigmoid()
    if n == "tanh":
        return nn.Tanh()
    if n == "softplus":
        return nn.Softplus(beta=1.0, threshold=20.0)
    if n in KERAS_ACTIVATIONS:
        return KERAS_ACTIVATIONS[n]()
    raise ValueError(f"unknown activation {n}")


# ---------------------------------------------------------------------------
# The activations Keras programs use (issue 12): torch's module where it has one
# with the same maths, else a small module of the same maths as GradLab's.

class Exponential(nn.Module):
    """exp(x), Keras's `exponential` (torch has no module for it)."""

    def forward(self, x):
        return torch.exp(x)


class KerasHardSigmoid(nn.Module):
    """clip(0.2·x + 0.5, 0, 1), Keras 2's hard_sigmoid; nn.Hardsigmoid is relu6(x + 3)/6."""

    def forward(self, x):
        return torch.clamp(0.2 * x + 0.5, 0.0, 1.0)


KERAS_ACTIVATIONS = {
    "exponential": Exponential,
    "softsign": nn.Softsign,
    "hard_sigmoid": KerasHardSigmoid,
    "silu": nn.SiLU,
    "softmax": lambda: nn.Softmax(dim=1),
}


class Residual(nn.Module):
    def __init__(self, block):
        super().__init__()
        self.block = block

    def forward(self, x):
        return x + self.block(x)


def build(specs, width, params, roles, linears, norms):
    """torch modules for `specs` on `width` inputs; appends to params/roles in
    GradLab's order. Returns (module, output width)."""
    mods = []
    for s in specs:
        t = s["type"]
        if t == "dense":
            lin = nn.Linear(width, s["units"], bias=s["bias"])
            mods.append(lin)
            linears.append(lin)
            params.append(lin.weight)
            roles.append("weight")
            if s["bias"]:
                params.append(lin.bias)
                roles.append("bias")
            a = torch_activation(s["activation"])
            if a is not None:
                mods.append(a)
            width = s["units"]
        elif t == "batchnorm":
            bn = nn.BatchNorm1d(width, eps=s["eps"], momentum=s["momentum"])
            mods.append(bn)
            norms.append(bn)
            params += [bn.weight, bn.bias]
            roles += ["gamma", "beta"]
        elif t == "activation":
            a = torch_activation(s["activation"])
            if a is not None:
                mods.append(a)
        elif t == "residual":
            inner, w = build(s["layers"], width, params, roles, linears, norms)
            assert w == width, "residual block must keep the width"
            mods.append(Residual(inner))
        else:
            raise ValueError(t)
    return nn.Sequential(*mods), width


# ---------------------------------------------------------------------------
# JSON helpers.

def floats(t):
    vals = [float(v) for v in t.detach().to(torch.float32).reshape(-1).tolist()]
    for v in vals:
        assert math.isfinite(v), "non-finite value in a fixture"
    return vals


def matrix(t):
    t = t.detach()
    if t.dim() == 1:
        t = t.reshape(1, -1)
    return {"rows": t.shape[0], "columns": t.shape[1], "values": floats(t)}


def num(x):
    v = float(x.detach()) if torch.is_tensor(x) else float(x)
    assert math.isfinite(v)
    return v


def dump(obj, indent=0):
    """JSON with one key per line at the top levels and number arrays inline.
    Floats go through json's float repr, i.e. repr(float(x))."""
    pad = "  " * indent
    if isinstance(obj, dict):
        if all(not isinstance(v, (dict, list)) for v in obj.values()) or indent >= 3:
            return json.dumps(obj, separators=(", ", ": "), allow_nan=False)
        items = [f'{pad}  {json.dumps(k)}: {dump(v, indent + 1)}' for k, v in obj.items()]
        return "{\n" + ",\n".join(items) + "\n" + pad + "}"
    if isinstance(obj, list):
        if all(not isinstance(v, (dict, list)) for v in obj) or indent >= 3:
            return json.dumps(obj, separators=(", ", ": "), allow_nan=False)
        items = [f"{pad}  {dump(v, indent + 1)}" for v in obj]
        return "[\n" + ",\n".join(items) + "\n" + pad + "]"
    return json.dumps(obj, allow_nan=False)


# ---------------------------------------------------------------------------
# One case.

def make_case(name, family, *, seed, inputs, layers, batch, loss, optimizer, outputs=None,
              clipping=None, l1=0.0, l2=0.0, x_scale=1.0, weight_scale=1.0,
              perturb_norms=True, expect_clipped=None, one_hot_targets=False, curvature=False):
    torch.manual_seed(seed)
    params, roles, linears, norms = [], [], [], []
    model, width = build(layers, inputs, params, roles, linears, norms)
    with torch.no_grad():
        for lin in linears:
            lin.weight.mul_(weight_scale)
            if lin.bias is not None:
                lin.bias.uniform_(-0.3, 0.3)
        if perturb_norms:  # gamma/beta away from 1/0 so their gradients matter
            for bn in norms:
                bn.weight.copy_(1 + 0.25 * torch.randn(bn.num_features))
                bn.bias.copy_(0.2 * torch.randn(bn.num_features))

    x = (x_scale * torch.randn(batch, inputs)).to(torch.float32)
    if loss in ("mse", "mae"):
        y = torch.randn(batch, width)
        targets = {"kind": "values", **matrix(y)}
    elif loss in ("cross_entropy", "cross_entropy_probabilities"):
        labels = torch.randint(0, width, (batch,))
        labels[: width] = torch.arange(width)  # every class present
        y = labels
        targets = {"kind": "classes", "count": width, "labels": [int(v) for v in labels.tolist()]}
    elif loss in ("bce", "bce_classes", "bce_probabilities"):
        assert width == 1
        labels = torch.randint(0, 2, (batch,))
        labels[:2] = torch.tensor([0, 1])
        y = labels.to(torch.float32).reshape(batch, 1)
        if loss == "bce":
            targets = {"kind": "values", **matrix(y)}
        else:  # the same maths on 2-class labels
            targets = {"kind": "classes", "count": 2, "labels": [int(v) for v in labels.tolist()]}
    else:
        raise ValueError(loss)
    if one_hot_targets:  # mse on one-hot classes, as a Keras model ending in softmax trains
        assert loss == "mse"
        labels = torch.randint(0, width, (batch,))
        labels[: width] = torch.arange(width)
        y = F.one_hot(labels, width).to(torch.float32)
        targets = {"kind": "values", **matrix(y)}

    def data_loss_fn(out):
        if loss in PROBABILITY_LOSSES or loss == "mae":
            return vocabulary_loss(loss, out, y, model, x)
        if loss == "mse":
            return F.mse_loss(out, y)
        if loss == "cross_entropy":
            return F.cross_entropy(out, y)
        return F.binary_cross_entropy_with_logits(out, y)

    kind = optimizer["kind"]
    if kind in MORE_OPTIMIZERS:
        opt = more_optimizer(params, optimizer)
    elif kind == "sgd":
        opt = torch.optim.SGD(params, lr=optimizer["lr"], momentum=optimizer["momentum"],
                              nesterov=optimizer["nesterov"])
    elif kind == "adam":
        opt = torch.optim.Adam(params, lr=optimizer["lr"], betas=(optimizer["beta1"], optimizer["beta2"]),
                               eps=optimizer["eps"], foreach=False)
    elif kind == "adamw":
        opt = torch.optim.AdamW(params, lr=optimizer["lr"], betas=(optimizer["beta1"], optimizer["beta2"]),
                                eps=optimizer["eps"], weight_decay=optimizer["weight_decay"], foreach=False)
    elif kind == "rmsprop":
        opt = torch.optim.RMSprop(params, lr=optimizer["lr"], alpha=optimizer["alpha"], eps=optimizer["eps"],
                                  foreach=False)
    else:
        raise ValueError(kind)

    case = {
        "name": name,
        "family": family,
        "inputs": inputs,
        "layers": layers,
        "loss": "bce" if loss == "bce_classes" else PROBABILITY_LOSSES.get(loss, loss),
        **({"from_logits": False} if loss in PROBABILITY_LOSSES else {}),
        "optimizer": optimizer,
        "clipping": clipping,
        "l1": l1,
        "l2": l2,
        "x": matrix(x),
        "targets": targets,
        "initial_parameters": [{"role": r, **matrix(p)} for r, p in zip(roles, params)],
        "steps": [],
    }

    if curvature:
        case["curvature"] = hessian_spectrum(model, params, linears, x, y, loss, l2)

    for step in range(1, STEPS + 1):
        model.train()
        opt.zero_grad(set_to_none=False)
        out = model(x)
        data_loss = data_loss_fn(out)
        if l1 > 0 or l2 > 0:
            penalty = torch.zeros((), dtype=torch.float32)
            for lin in linears:
                if l1 > 0:
                    penalty = penalty + l1 * lin.weight.abs().sum()
                if l2 > 0:
                    penalty = penalty + l2 * (lin.weight * lin.weight).sum()
        else:
            penalty = torch.zeros((), dtype=torch.float32)
        (data_loss + penalty).backward()

        grads = [p.grad for p in params]
        if clipping is not None and clipping["kind"] == "norm":
            norm = torch.nn.utils.clip_grad_norm_(params, clipping["max"], foreach=False)
            clipped = float(clipping["max"]) / (float(norm) + 1e-6) < 1
        else:
            norm = torch.linalg.vector_norm(torch.stack([torch.linalg.vector_norm(g) for g in grads]))
            clipped = False
            if clipping is not None:
                assert clipping["kind"] == "value"
                clipped = any(bool((g.abs() > clipping["max"]).any()) for g in grads)
                torch.nn.utils.clip_grad_value_(params, clipping["max"], foreach=False)
        if expect_clipped is not None:
            assert clipped == expect_clipped, f"{name} step {step}: clipped={clipped}, norm={float(norm)}"
        used = [g.detach().clone() for g in grads]
        opt.step()

        case["steps"].append({
            "step": step,
            "output": matrix(out),
            "data_loss": num(data_loss),
            "penalty_loss": num(penalty),
            "grad_norm": num(norm),
            "clipped": clipped,
            "grads": [floats(g) for g in used],
            "parameters": [floats(p) for p in params],
            "running_stats": [{"mean": floats(bn.running_mean), "var": floats(bn.running_var)}
                              for bn in norms],
        })

    model.eval()
    with torch.no_grad():
        case["eval_output"] = matrix(model(x))
    return case


def hessian_spectrum(model, params, linears, x, y, loss, l2):
    """The exact Hessian of the loss (data loss + l2·ΣW² over Linear weights) at
    the initial parameters, in float64, over every parameter in GradLab's order:
    torch.autograd.functional.hessian of the loss as a function of one flat
    vector, and torch.linalg.eigvalsh of it. The model runs in train() mode
    (batch norm on the batch's statistics, as GradLab's curvature does; these
    cases have no dropout). Returns the eigenvalue of largest magnitude, the
    next one's magnitude (how fast power iteration converges) and the size."""
    m = copy.deepcopy(model).double()
    m.train()
    names = {id(p): n for n, p in model.named_parameters()}
    order = [names[id(p)] for p in params]
    copies = dict(m.named_parameters())
    shapes = [copies[n].shape for n in order]
    sizes = [copies[n].numel() for n in order]
    flat = torch.cat([copies[n].detach().reshape(-1) for n in order])
    linear_weights = {names[id(lin.weight)] for lin in linears}
    x64 = x.double()
    y64 = y if loss == "cross_entropy" else y.double()

    def objective(v):
        tensors, offset = {}, 0
        for n, shape, size in zip(order, shapes, sizes):
            tensors[n] = v[offset:offset + size].reshape(shape)
            offset += size
        out = torch.func.functional_call(m, tensors, (x64,))
        if loss == "mse":
            value = F.mse_loss(out, y64)
        elif loss == "cross_entropy":
            value = F.cross_entropy(out, y64)
        elif loss == "bce":
            value = F.binary_cross_entropy_with_logits(out, y64)
        else:
            raise ValueError(loss)
        for n in order:
            if n in linear_weights and l2 > 0:
                value = value + l2 * (tensors[n] * tensors[n]).sum()
        return value

    h = torch.autograd.functional.hessian(objective, flat)
    eigenvalues = torch.linalg.eigvalsh(h)
    by_size = sorted(eigenvalues.tolist(), key=abs, reverse=True)
    return {"lambda_max": num(by_size[0]), "second_magnitude": num(abs(by_size[1])),
            "parameters": int(flat.numel()), "mode": "train (batch statistics)"}


def curvature_cases():
    """Tiny networks whose full Hessian torch can form: GradLab's curvature
    (power iteration on finite-difference Hessian-vector products in Double)
    must find the eigenvalue of largest magnitude within 1%. Seeded apart
    (from 3000), so the other families' fixtures stay as they are."""
    cases = []
    seed = 3000

    def add(*args, **kw):
        nonlocal seed
        seed += 1
        cases.append(make_case(*args, seed=seed, curvature=True, **kw))

    add("curvature_tanh_cross_entropy", "curvature", inputs=4,
        layers=[dense(6, "tanh"), dense(3)],
        batch=12, loss="cross_entropy", optimizer=sgd(0.1), x_scale=1.5, weight_scale=1.5)
    add("curvature_relu_mse", "curvature", inputs=4,
        layers=[dense(6, "relu"), dense(5, "relu"), dense(2)],
        batch=16, loss="mse", optimizer=sgd(0.1), x_scale=1.5)
    add("curvature_batchnorm_cross_entropy", "curvature", inputs=4,
        layers=[dense(6), batchnorm(), activation_layer("tanh"), dense(3)],
        batch=12, loss="cross_entropy", optimizer=sgd(0.1, momentum=0.9))
    add("curvature_sigmoid_bce_l2", "curvature", inputs=3,
        layers=[dense(5, "sigmoid"), dense(1)],
        batch=10, loss="bce", optimizer=sgd(0.5), l2=0.05, x_scale=2.0, weight_scale=2.0)
    return cases


def sgd(lr, momentum=0.0, nesterov=False):
    return {"kind": "sgd", "lr": lr, "momentum": momentum, "nesterov": nesterov}


def adam(lr=0.01, beta1=0.9, beta2=0.999, eps=1e-8):
    return {"kind": "adam", "lr": lr, "beta1": beta1, "beta2": beta2, "eps": eps}


def adamw(lr=0.01, beta1=0.9, beta2=0.999, eps=1e-8, weight_decay=0.05):
    return {"kind": "adamw", "lr": lr, "beta1": beta1, "beta2": beta2, "eps": eps,
            "weight_decay": weight_decay}


def rmsprop(lr=0.01, alpha=0.9, eps=1e-8):
    return {"kind": "rmsprop", "lr": lr, "alpha": alpha, "eps": eps}


def all_cases():
    cases = []
    seed = 1000

    def add(*args, **kw):
        nonlocal seed
        seed += 1
        cases.append(make_case(*args, seed=seed, **kw))

    # Every activation fused into dense layers (torch: Linear then the activation
    # module), two hidden layers so each derivative is used on a back-propagated
    # signal, mse on 3 outputs, plain sgd.
    activations = [
        ("identity", act("identity")),
        ("relu", act("relu")),
        ("leaky_relu", act("leaky_relu", slope=0.2)),
        ("elu", act("elu", alpha=1.0)),
        ("elu_alpha_0_5", act("elu", alpha=0.5)),
        ("gelu", act("gelu")),
        ("selu", act("selu")),
        ("sigmoid", act("sigmoid")),
        ("tanh", act("tanh")),
        ("softplus", act("softplus")),
    ]
    for label, a in activations:
        add(f"activation_{label}", "activations", inputs=5,
            layers=[dense(7, a), dense(6, a), dense(3)],
            batch=12, loss="mse", optimizer=sgd(0.1), x_scale=1.5, weight_scale=1.5)

    # Stand-alone layers and dense without bias.
    add("layers_standalone_activation", "layers", inputs=4,
        layers=[dense(6), activation_layer("tanh"), dense(6), activation_layer("elu", alpha=0.5),
                dense(3)],
        batch=10, loss="cross_entropy", optimizer=sgd(0.1, momentum=0.9))
    add("layers_dense_without_bias", "layers", inputs=5,
        layers=[dense(6, "tanh", bias=False), dense(5, "gelu"), dense(2, bias=False)],
        batch=10, loss="mse", optimizer=adam(0.01))

    # Batch norm in training mode, running statistics, eval-mode forward.
    add("batchnorm_default", "batchnorm", inputs=5,
        layers=[dense(8), batchnorm(), activation_layer("relu"), dense(3)],
        batch=12, loss="cross_entropy", optimizer=sgd(0.1, momentum=0.9))
    add("batchnorm_momentum_0_3_eps_1e-3", "batchnorm", inputs=5,
        layers=[dense(8, "tanh"), batchnorm(0.3, 1e-3), dense(6, "relu"), batchnorm(0.3, 1e-3), dense(3)],
        batch=12, loss="mse", optimizer=adam(0.01), x_scale=2.0)
    add("batchnorm_on_inputs", "batchnorm", inputs=4,
        layers=[batchnorm(), dense(6, "sigmoid"), batchnorm(0.3, 1e-3), dense(1)],
        batch=10, loss="bce", optimizer=rmsprop(0.01), x_scale=3.0)

    # Residual blocks: x + f(x), f = Linear → ReLU → Linear.
    add("residual_basic", "residual", inputs=6,
        layers=[dense(6, "tanh"), residual(dense(6, "relu"), dense(6)), dense(3)],
        batch=12, loss="cross_entropy", optimizer=sgd(0.1))
    add("residual_with_batchnorm", "residual", inputs=4,
        layers=[dense(8, "tanh"), batchnorm(), activation_layer("relu"),
                residual(dense(8, "relu"), dense(8)), dense(3)],
        batch=12, loss="cross_entropy", optimizer=adam(0.01))
    add("residual_stacked", "residual", inputs=5,
        layers=[dense(6, "elu"), residual(dense(6, "relu"), dense(6)),
                residual(dense(5, "relu"), dense(6)), dense(2)],
        batch=10, loss="mse", optimizer=rmsprop(0.01))

    # Losses.
    add("loss_mse", "losses", inputs=4, layers=[dense(6, "tanh"), dense(3)],
        batch=12, loss="mse", optimizer=sgd(0.1))
    add("loss_cross_entropy", "losses", inputs=4, layers=[dense(6, "tanh"), dense(3)],
        batch=12, loss="cross_entropy", optimizer=sgd(0.1), weight_scale=2.0, x_scale=2.0)
    add("loss_bce", "losses", inputs=4, layers=[dense(6, "tanh"), dense(1)],
        batch=12, loss="bce", optimizer=sgd(0.1), weight_scale=2.0, x_scale=2.0)
    add("loss_bce_class_labels", "losses", inputs=4, layers=[dense(6, "relu"), dense(1)],
        batch=12, loss="bce_classes", optimizer=sgd(0.1), x_scale=2.0)

    # Optimizers, all on the same architecture.
    opt_layers = [dense(7, "tanh"), dense(6, "sigmoid"), dense(3)]
    for label, o in [
        ("sgd", sgd(0.1)),
        ("sgd_momentum", sgd(0.1, momentum=0.9)),
        ("sgd_nesterov", sgd(0.1, momentum=0.9, nesterov=True)),
        ("adam", adam(0.01)),
        ("adam_custom_betas", adam(0.02, beta1=0.8, beta2=0.95, eps=1e-6)),
        ("adam_beta2_0_9999", adam(0.01, beta2=0.9999)),
        ("adamw", adamw(0.01, weight_decay=0.05)),
        ("rmsprop", rmsprop(0.01, alpha=0.9)),
    ]:
        add(f"optimizer_{label}", "optimizers", inputs=5, layers=opt_layers,
            batch=10, loss="cross_entropy", optimizer=o, weight_scale=1.5, x_scale=1.5)

    # Clipping (by norm set low enough to fire every step, by norm not firing, by value).
    add("clip_norm", "clipping", inputs=5, layers=[dense(7, "tanh"), dense(6, "relu"), dense(3)],
        batch=10, loss="mse", optimizer=sgd(0.1, momentum=0.9), clipping={"kind": "norm", "max": 0.5},
        weight_scale=2.0, expect_clipped=True)
    add("clip_norm_not_firing", "clipping", inputs=5, layers=[dense(7, "tanh"), dense(3)],
        batch=10, loss="cross_entropy", optimizer=sgd(0.1), clipping={"kind": "norm", "max": 100.0},
        expect_clipped=False)
    add("clip_value", "clipping", inputs=5, layers=[dense(7, "tanh"), dense(6, "relu"), dense(3)],
        batch=10, loss="mse", optimizer=adam(0.01), clipping={"kind": "value", "max": 0.01},
        weight_scale=1.5, expect_clipped=True)
    add("clip_norm_batchnorm_residual", "clipping", inputs=4,
        # No bias before the batch norm: its gradient is exactly 0 in exact arithmetic, and
        # rmsprop would blow rounding noise up to full-size (and unreproducible) updates.
        layers=[dense(6, bias=False), batchnorm(), activation_layer("relu"),
                residual(dense(6, "relu"), dense(6)), dense(3)],
        batch=12, loss="cross_entropy", optimizer=rmsprop(0.01), clipping={"kind": "norm", "max": 0.3},
        expect_clipped=True)

    # Penalties on Linear weights only.
    pen_layers = [dense(7, "tanh"), dense(6, "relu"), dense(3)]
    add("penalty_l1", "penalties", inputs=5, layers=pen_layers, batch=10, loss="mse",
        optimizer=sgd(0.1), l1=1e-3)
    add("penalty_l2", "penalties", inputs=5, layers=pen_layers, batch=10, loss="mse",
        optimizer=sgd(0.1), l2=1e-2)
    add("penalty_l1_l2_strong", "penalties", inputs=5, layers=pen_layers, batch=10, loss="cross_entropy",
        optimizer=sgd(0.05, momentum=0.9), l1=0.02, l2=0.05, weight_scale=2.0)
    add("penalty_l2_batchnorm_residual_clip", "penalties", inputs=4,
        layers=[dense(6, "tanh"), batchnorm(), residual(dense(6, "relu"), dense(6)), dense(3)],
        batch=12, loss="cross_entropy", optimizer=adamw(0.01, weight_decay=0.05),
        clipping={"kind": "norm", "max": 0.5}, l1=1e-3, l2=1e-2)
    return cases


# ---------------------------------------------------------------------------
# Losses on probabilities (Keras's defaults), mae, and the optimizers Adagrad,
# Adadelta, Adamax and NAdam. Their cases have seeds of their own (from 2000),
# so adding cases elsewhere does not change them.

# The fixture's loss name for each probability loss, written with from_logits: false.
PROBABILITY_LOSSES = {"cross_entropy_probabilities": "cross_entropy",
                      "bce_probabilities": "bce"}
KERAS_EPSILON = 1e-7


def assert_clear_of_clip_edges(loss, out, y, model, x):
    """A probability at a clip edge would make the two engines' gradients differ
    by one rounding (0 outside the range, full inside), so a case must keep clear
    of both edges. In float32 the upper edge 1 − 1e-7 is 2 ulps below 1: a
    sigmoid output is near it whenever its logit is in about [14, 18.5]; and
    below it, 1 − p keeps few bits (p = 1 − 1e-4 has 10), so bce's 1/(1 − p)
    would magnify one ulp of difference in p: logits in [7, 18.5] are refused."""
    with torch.no_grad():
        if loss == "bce_probabilities":
            z = model[:-1](x)
            assert not bool(((z > 7) & (z < 18.5)).any()), f"bce: a logit near the clip: {z}"
            q = out.detach()
        else:
            p = out.detach().double()
            label = p.gather(1, y.reshape(-1, 1))
            others = p.sum(dim=1, keepdim=True) - label
            r = others / label
            assert not bool(((r > 1e-8) & (r < 1e-6)).any()), f"cross_entropy: near 1 − ε: {r}"
            q = label / p.sum(dim=1, keepdim=True)
        low = (q > 0.5 * KERAS_EPSILON) & (q < 2 * KERAS_EPSILON)
        assert not bool(low.any()), f"{loss}: a probability near ε: {q}"


def vocabulary_loss(loss, out, y, model, x):
    """Keras 2's clipped probability losses in torch ops (clamp, then log), and mae."""
    if loss == "mae":
        return F.l1_loss(out, y)
    assert_clear_of_clip_edges(loss, out, y, model, x)
    if loss == "cross_entropy_probabilities":
        # keras.backend.categorical_crossentropy: p / Σp per row, clip, −Σ y·log p.
        q = out / out.sum(dim=1, keepdim=True)
        q = torch.clamp(q, KERAS_EPSILON, 1 - KERAS_EPSILON)
        return -torch.log(q.gather(1, y.reshape(-1, 1))).mean()
    # keras.backend.binary_crossentropy: clip, −(y·log p + (1 − y)·log(1 − p)).
    p = torch.clamp(out, KERAS_EPSILON, 1 - KERAS_EPSILON)
    return -(y * torch.log(p) + (1 - y) * torch.log(1 - p)).mean()


MORE_OPTIMIZERS = ("adagrad", "adadelta", "adamax", "nadam")


def more_optimizer(params, o):
    kind = o["kind"]
    if kind == "adagrad":
        return torch.optim.Adagrad(params, lr=o["lr"], eps=o["eps"],
                                   initial_accumulator_value=o["initial_accumulator"], foreach=False)
    if kind == "adadelta":
        return torch.optim.Adadelta(params, lr=o["lr"], rho=o["rho"], eps=o["eps"], foreach=False)
    if kind == "adamax":
        return torch.optim.Adamax(params, lr=o["lr"], betas=(o["beta1"], o["beta2"]), eps=o["eps"],
                                  foreach=False)
    return torch.optim.NAdam(params, lr=o["lr"], betas=(o["beta1"], o["beta2"]), eps=o["eps"],
                             momentum_decay=o["momentum_decay"], foreach=False)


def adagrad(lr=0.01, eps=1e-10, initial_accumulator=0.0):
    return {"kind": "adagrad", "lr": lr, "eps": eps, "initial_accumulator": initial_accumulator}


def adadelta(lr=1.0, rho=0.9, eps=1e-6):
    return {"kind": "adadelta", "lr": lr, "rho": rho, "eps": eps}


def adamax(lr=0.002, beta1=0.9, beta2=0.999, eps=1e-8):
    return {"kind": "adamax", "lr": lr, "beta1": beta1, "beta2": beta2, "eps": eps}


def nadam(lr=0.002, beta1=0.9, beta2=0.999, eps=1e-8, momentum_decay=4e-3):
    return {"kind": "nadam", "lr": lr, "beta1": beta1, "beta2": beta2, "eps": eps,
            "momentum_decay": momentum_decay}


def vocabulary_cases():
    cases = []
    seed = 2000

    def add(*args, **kw):
        nonlocal seed
        seed += 1
        cases.append(make_case(*args, seed=seed, **kw))

    # Losses: mae on values; the cross-entropies on probabilities made by a
    # sigmoid output layer (for cross_entropy the rows do not sum to 1, so
    # Keras's row scaling is exercised). The "clipped" cases saturate some
    # outputs beyond the clip range, where the gradient is 0.
    add("loss_mae", "losses", inputs=4, layers=[dense(6, "tanh"), dense(3)],
        batch=12, loss="mae", optimizer=sgd(0.1), x_scale=1.5)
    add("loss_cross_entropy_probabilities", "losses", inputs=4,
        layers=[dense(6, "tanh"), dense(3, "sigmoid")],
        batch=12, loss="cross_entropy_probabilities", optimizer=sgd(0.5), weight_scale=2.0,
        x_scale=2.0)
    add("loss_cross_entropy_probabilities_clipped", "losses", inputs=4,
        layers=[dense(6, "tanh"), dense(3, "sigmoid")],
        batch=12, loss="cross_entropy_probabilities", optimizer=sgd(0.5), weight_scale=40.0,
        x_scale=2.0)
    add("loss_bce_probabilities", "losses", inputs=4, layers=[dense(6, "tanh"), dense(1, "sigmoid")],
        batch=12, loss="bce_probabilities", optimizer=sgd(0.5), weight_scale=2.0, x_scale=2.0)
    add("loss_bce_probabilities_clipped", "losses", inputs=4,
        layers=[dense(6, "tanh"), dense(1, "sigmoid")],
        batch=12, loss="bce_probabilities", optimizer=sgd(0.5), weight_scale=60.0, x_scale=2.0)

    # Optimizers, on the same architecture as the others (torch's defaults,
    # and the settings Keras programs pass).
    opt_layers = [dense(7, "tanh"), dense(6, "sigmoid"), dense(3)]
    for label, o in [
        ("adagrad", adagrad(0.05)),
        ("adagrad_initial_accumulator", adagrad(0.05, eps=1e-7, initial_accumulator=0.1)),
        ("adadelta", adadelta()),
        ("adadelta_keras", adadelta(1.0, rho=0.95, eps=1e-7)),
        ("adamax", adamax(0.01)),
        ("nadam", nadam(0.01)),
        ("nadam_momentum_decay", nadam(0.02, beta1=0.8, beta2=0.99, eps=1e-7, momentum_decay=0.05)),
    ]:
        add(f"optimizer_{label}", "optimizers", inputs=5, layers=opt_layers,
            batch=10, loss="cross_entropy", optimizer=o, weight_scale=1.5, x_scale=1.5)
    return cases


def keras_activation_cases():
    """The activations Keras programs use (issue 12): each fused into dense layers
    (as the "activations" family above) and as a layer of its own, and softmax as
    the last layer under mse (a common Keras bug) and cross_entropy (softmax twice,
    since the loss applies its own). Seeded apart from all_cases, so that adding
    cases there or here leaves the other's fixtures as they are."""
    cases = []
    seed = 2000

    def add(*args, **kw):
        nonlocal seed
        seed += 1
        cases.append(make_case(*args, seed=seed, **kw))

    # Scales as the family above, smaller for exponential, whose second layer
    # would overflow float32 (e^(e^x)), larger for hard_sigmoid so that units sit
    # on both flat sides (|x| > 2.5) as well as on its slope.
    for label, x_scale, weight_scale in [
        ("exponential", 1.5, 1.0),
        ("softsign", 1.5, 1.5),
        ("hard_sigmoid", 1.5, 3.0),
        ("silu", 1.5, 1.5),
        ("softmax", 1.5, 1.5),
    ]:
        a = act(label)
        add(f"activation_{label}", "activations", inputs=5,
            layers=[dense(7, a), dense(6, a), dense(3)],
            batch=12, loss="mse", optimizer=sgd(0.1), x_scale=x_scale, weight_scale=weight_scale)
    for label in ["exponential", "softsign", "hard_sigmoid", "silu", "softmax"]:
        add(f"layers_standalone_{label}", "layers", inputs=4,
            layers=[dense(6), activation_layer(label), dense(3)],
            batch=10, loss="cross_entropy", optimizer=sgd(0.1, momentum=0.9), weight_scale=2.0)

    add("output_softmax_mse_one_hot", "output_activations", inputs=4,
        layers=[dense(8, "relu"), dense(3, "softmax")],
        batch=12, loss="mse", one_hot_targets=True, optimizer=sgd(0.5), x_scale=1.5, weight_scale=1.5)
    add("output_softmax_cross_entropy", "output_activations", inputs=4,
        layers=[dense(8, "relu"), dense(3, "softmax")],
        batch=12, loss="cross_entropy", optimizer=adam(0.01), x_scale=1.5, weight_scale=1.5)
    add("output_softmax_layer_mse_one_hot", "output_activations", inputs=4,
        layers=[dense(8, "tanh"), dense(3), activation_layer("softmax")],
        batch=12, loss="mse", one_hot_targets=True, optimizer=sgd(0.5, momentum=0.9))
    add("output_softmax_layer_cross_entropy", "output_activations", inputs=4,
        layers=[dense(8, "tanh"), dense(3), activation_layer("softmax")],
        batch=12, loss="cross_entropy", optimizer=sgd(0.5, momentum=0.9), weight_scale=2.0)
    return cases


def main():
    add_new = "--add-new" in sys.argv[1:]
    version = torch.__version__.split("+")[0]
    os.makedirs(OUT_DIR, exist_ok=True)
    index_path = os.path.join(OUT_DIR, "index.json")
    existing = {}
    if add_new:
        with open(index_path) as fh:
            old_index = json.load(fh)
        existing = {e["name"]: e for e in old_index["cases"]
                    if os.path.exists(os.path.join(OUT_DIR, e["name"] + ".json"))}
        version_of_all = old_index["torch_version"]
    else:
        for f in os.listdir(OUT_DIR):
            if f.endswith(".json"):
                os.remove(os.path.join(OUT_DIR, f))
        version_of_all = version
    cases = all_cases() + keras_activation_cases() + vocabulary_cases() + curvature_cases()
    names = [c["name"] for c in cases]
    assert len(set(names)) == len(names)
    index = {"torch_version": version_of_all, "steps": STEPS, "cases": []}
    total = 0
    written = 0
    for c in cases:
        if c["name"] in existing:
            index["cases"].append(existing[c["name"]])
            continue
        text = dump(c) + "\n"
        with open(os.path.join(OUT_DIR, c["name"] + ".json"), "w") as fh:
            fh.write(text)
        total += len(text)
        written += 1
        entry = {"name": c["name"], "family": c["family"]}
        if version != version_of_all:
            entry["torch_version"] = version
        index["cases"].append(entry)
    text = dump(index) + "\n"
    with open(index_path, "w") as fh:
        fh.write(text)
    total += len(text)
    print(f"wrote {written} of {len(cases)} cases to {os.path.relpath(OUT_DIR, ROOT)} "
          f"({total / 1024:.0f} KiB)")


if __name__ == "__main__":
    main()
