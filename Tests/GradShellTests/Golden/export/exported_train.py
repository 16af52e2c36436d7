# A GradLab training run exported to PyTorch by GradLab 0.2.0.
# The model starts from the run's start weights; the settings below are the run's.
#
#   python3 this.py                               # trains on one process
#   torchrun --nproc_per_node 2 this.py           # the same run on 2 processes (DDP, gloo, CPU)
#   python3 this.py --data more.csv               # other data with the same columns
#   python3 this.py --order train_order.json  # GradLab's sample order, one list per epoch
#   python3 this.py --out trained.json            # where the trained model goes (GradLab's load())
#
# Under torchrun, every batch of BATCH samples is split between the processes
# (process r takes samples r, r + N, r + 2N, ... of it), so the effective batch
# size stays BATCH; each process's loss is weighted by its share of the batch, so
# DistributedDataParallel's average of the gradients is the whole batch's gradient.
import argparse
import importlib.util
import json
import os

try:
    import torch
    import torch.distributed as dist
    from torch import nn
    from torch.nn import functional as F
except ImportError as error:
    raise SystemExit(
        "%s needs PyTorch (pip install torch): %s" % (os.path.basename(__file__), error)
    )

HERE = os.path.dirname(os.path.abspath(__file__))

# The model export (build(), the weights, to_gradlab()), the data and the trained model.
MODEL_FILE = "train_model.py"
DATA_FILE = "train_data.csv"
VALIDATION_FILE = "train_validation.csv"
TRAINED_FILE = "train_trained.json"

# The data: 30 samples of 2 features; the target column is the last.
FEATURES = 2
TARGETS = "classes"
CLASSES = 3
CLASS_NAMES = ["0", "1", "2"]
CLASSES_BY_NAME = False

# The run's settings.
LOSS = "cross_entropy"
FROM_LOGITS = True
CLIP_RANGE = (1.0000000116860974e-07, 0.9999998807907104)  # Keras's: probabilities are clipped to it
EPOCHS = 2
BATCH = 10
SHUFFLE = True
SEED = 0  # the shuffle order's seed (GradLab's own order: --order)
CLIP_NORM = 1.5
CLIP_VALUE = None
L1 = 0.001
L2 = 0.01

# The layers with weights: GradLab's name, and the module's key in build()'s model.
LAYERS = [("dense_1", "0"), ("batchnorm_1", "2"), ("dense_2", "3")]


def make_optimizer(parameters):
    """The run's optimizer, with its settings."""
    return torch.optim.SGD(parameters, lr=0.1, momentum=0.9, nesterov=False)

def load_model_module():
    """The model export written beside this script (build(), load(), LAYOUT, to_gradlab())."""
    path = os.path.join(HERE, MODEL_FILE)
    spec = importlib.util.spec_from_file_location("gradlab_model", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def read_csv(path):
    """The features and targets of a GradLab CSV (save(data, "file.csv")): a header row,
    the target column last."""
    import csv

    with open(path, newline="") as f:
        rows = list(csv.reader(f))
    header, rows = rows[0], [row for row in rows[1:] if row]
    if len(header) != FEATURES + 1:
        raise SystemExit(
            "%s: expected %d feature columns and the target, found %d columns"
            % (path, FEATURES, len(header))
        )
    x = torch.tensor([[float(v) for v in row[:-1]] for row in rows], dtype=torch.float32)
    if TARGETS == "classes":
        index = {name: i for i, name in enumerate(CLASS_NAMES)}
        labels = [index[row[-1]] if CLASSES_BY_NAME else int(row[-1]) for row in rows]
        y = torch.tensor(labels, dtype=torch.long)
    else:
        y = torch.tensor([[float(row[-1])] for row in rows], dtype=torch.float32)
    return x, y


def data_loss(output, y):
    """The run's loss, as GradLab computes it (the mean over the batch)."""
    if LOSS == "mse":
        return F.mse_loss(output, y)
    if LOSS == "mae":
        return F.l1_loss(output, y)
    low, high = CLIP_RANGE
    if LOSS == "cross_entropy":
        if FROM_LOGITS:
            return F.cross_entropy(output, y)
        # Keras's cross-entropy of probabilities: normalized, clipped to CLIP_RANGE.
        p = output.gather(1, y[:, None]).squeeze(1) / output.sum(dim=1)
        return -torch.log(p.clamp(low, high)).mean()
    # bce: class labels are read as 0 and 1.
    target = y.to(torch.float32).reshape(output.shape) if TARGETS == "classes" else y
    if FROM_LOGITS:
        return F.binary_cross_entropy_with_logits(output, target)
    p = output.clamp(low, high)
    return -(target * torch.log(p) + (1 - target) * torch.log(1 - p)).mean()


def correct_count(output, y):
    """The correct decisions in a batch, as GradLab counts them (None: no accuracy)."""
    if LOSS == "cross_entropy":
        return int((output.argmax(dim=1) == y).sum())
    if LOSS == "bce":
        target = y.to(torch.float32).reshape(output.shape) if TARGETS == "classes" else y
        threshold = 0.0 if FROM_LOGITS else 0.5
        return int(((output > threshold) == (target > 0.5)).sum())
    return None


def penalized(model):
    """The weights L1 and L2 apply to: every dense layer's weight matrix (not biases)."""
    return [m.weight for m in model.modules() if isinstance(m, nn.Linear)]


def penalty(model):
    """L1·Σ|w| + L2·Σw² over the dense weights, added to the loss as GradLab does."""
    total = torch.zeros(())
    for w in penalized(model):
        if L1 > 0:
            total = total + L1 * w.abs().sum()
        if L2 > 0:
            total = total + L2 * (w * w).sum()
    return total


def named_layers(model):
    """(GradLab name, weight) of each layer with weights, in order: the layers
    h.grad_norms follows."""
    modules = dict(model.named_modules())
    return [(name, modules[key].weight) for name, key in LAYERS]


def epoch_order(epoch, count, orders):
    """The order of the samples in an epoch: the given one (--order), a shuffle every
    process draws alike (the same seed), or the data's order."""
    if orders is not None and epoch <= len(orders):
        return orders[epoch - 1]
    if SHUFFLE:
        generator = torch.Generator().manual_seed(SEED + epoch)
        return torch.randperm(count, generator=generator).tolist()
    return list(range(count))


def evaluate(model, x, y):
    """Loss and accuracy in evaluation mode (no penalty), as GradLab's validation."""
    model.eval()
    with torch.no_grad():
        output = model(x)
        loss = float(data_loss(output, y))
        correct = correct_count(output, y)
    model.train()
    if correct is None:
        return loss, None
    return loss, correct / (len(x) * output.shape[1] if LOSS == "bce" else len(x))


def main():
    parser = argparse.ArgumentParser(description="Trains the exported GradLab run with PyTorch.")
    parser.add_argument("--data", default=os.path.join(HERE, DATA_FILE), help="the training CSV")
    parser.add_argument("--order", help="a JSON list of sample orders, one per epoch")
    parser.add_argument("--out", default=os.path.join(HERE, TRAINED_FILE), help="the trained model file")
    args = parser.parse_args()

    world = int(os.environ.get("WORLD_SIZE", "1"))
    distributed = world > 1
    if distributed:
        dist.init_process_group("gloo")
    rank = dist.get_rank() if distributed else 0

    torch.manual_seed(SEED + rank)  # dropout differs between processes, as it would on one
    exported = load_model_module()
    net = exported.load()
    net.train()
    model = nn.parallel.DistributedDataParallel(net) if distributed else net
    optimizer = make_optimizer(net.parameters())

    x, y = read_csv(args.data)
    validation = None
    if VALIDATION_FILE is not None:
        validation = read_csv(os.path.join(HERE, VALIDATION_FILE))
    orders = None
    if args.order is not None:
        with open(args.order) as f:
            orders = json.load(f)
    count = len(x)
    batch = min(BATCH, count)
    if batch < world or (count % batch and count % batch < world):
        raise SystemExit(
            "every batch needs at least one sample per process: %d samples in batches of %d "
            "cannot be split between %d processes" % (count, batch, world)
        )
    if rank == 0:
        print(
            "%d samples, batch %d (%s), %d epochs, %s"
            % (
                count,
                batch,
                "split between %d processes" % world if distributed else "one process",
                EPOCHS,
                LOSS,
            ),
            flush=True,
        )

    layers = named_layers(net)
    for epoch in range(1, EPOCHS + 1):
        order = epoch_order(epoch, count, orders)
        loss_sum = torch.zeros(())
        correct = 0
        decisions = 0
        grad_norms = [0.0] * len(layers)
        steps = 0
        for start in range(0, count, batch):
            whole = order[start : start + batch]
            mine = whole[rank::world]
            output = model(x[mine])
            loss = data_loss(output, y[mine])
            extra = penalty(net)
            optimizer.zero_grad()
            # Weighted by this process's share, DDP's mean is the whole batch's gradient.
            (loss * (len(mine) * world / len(whole)) + extra).backward()
            for i, (_, weight) in enumerate(layers):
                grad_norms[i] += float(weight.grad.norm())
            if CLIP_NORM is not None:
                torch.nn.utils.clip_grad_norm_(net.parameters(), CLIP_NORM)
            if CLIP_VALUE is not None:
                torch.nn.utils.clip_grad_value_(net.parameters(), CLIP_VALUE)
            optimizer.step()
            loss_sum += (loss.item() + extra.item()) * len(mine)
            hits = correct_count(output, y[mine])
            if hits is not None:
                correct += hits
                decisions += output.numel() if LOSS == "bce" else len(mine)
            steps += 1
        totals = torch.tensor([float(loss_sum), correct, decisions], dtype=torch.float64)
        if distributed:
            dist.all_reduce(totals)
        line = "epoch %d  loss %.6f" % (epoch, totals[0] / count)
        if decisions:
            line += "  accuracy %.4f" % (totals[1] / totals[2])
        if validation is not None:
            val_loss, val_accuracy = evaluate(net, *validation)
            line += "  val_loss %.6f" % val_loss
            if val_accuracy is not None:
                line += "  val_accuracy %.4f" % val_accuracy
        if rank == 0:
            print(line, flush=True)
            norms = "  ".join(
                "%s %.4g" % (name, total / steps) for (name, _), total in zip(layers, grad_norms)
            )
            print("  grad norms (mean over the epoch's steps): " + norms, flush=True)

    flat = torch.cat([p.detach().reshape(-1) for p in net.parameters()])
    if distributed:
        first = flat.clone()
        dist.broadcast(first, 0)
        difference = (flat - first).abs().max()
        dist.all_reduce(difference, op=dist.ReduceOp.MAX)
        if rank == 0:
            print("the %d processes agree on the weights: max |difference| %g" % (world, float(difference)))
    if rank == 0:
        net.eval()
        with torch.no_grad():
            print("outputs for the first sample: " + json.dumps(net(x[:1])[0].tolist()))
        exported.to_gradlab(net, args.out)
        print("wrote " + args.out + " (GradLab: load(\"" + args.out + "\"))")
    if distributed:
        dist.destroy_process_group()


if __name__ == "__main__":
    main()
