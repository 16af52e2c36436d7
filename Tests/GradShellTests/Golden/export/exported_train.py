# A GradLab training run exported to PyTorch by GradLab 0.2.0.
# The model starts from the run's start weights; the settings below are the run's.
#
#   python3 this.py                          # trains on one process
#   torchrun --nproc_per_node 2 this.py      # the same run on 2 processes (DDP, gloo, CPU)
#   python3 this.py --data more.csv          # other data with the same columns
#   python3 this.py --order train_order.json # GradLab's sample order, one list per epoch
#   python3 this.py --out trained.json       # where the trained model goes (GradLab's load())
#
# On several machines, the same command on each (HOST: one of them, the same for all;
# the data at the same path on each, or --data):
#   torchrun --nnodes 2 --nproc_per_node 4 --rdzv-backend c10d --rdzv-endpoint HOST:29500 this.py
#
# Several processes keep the run's batches: a DistributedSampler (RunSampler below)
# splits every batch of BATCH samples between the N processes, process r taking the
# batch's samples r, r + N, r + 2N, ..., and each process's loss is weighted so that
# DistributedDataParallel's average of the gradients is the whole batch's mean.
import argparse
import importlib.util
import json
import os

try:
    import torch
    import torch.distributed as dist
    from torch import nn
    from torch.nn import functional as F
    from torch.utils.data import DistributedSampler
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
TARGET_COLUMNS = 1
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
SEED = 0  # DistributedSampler's shuffle seed (plus the epoch); GradLab's order: --order
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
    the target columns last."""
    import csv

    with open(path, newline="") as f:
        rows = list(csv.reader(f))
    header, rows = rows[0], [row for row in rows[1:] if row]
    if len(header) != FEATURES + TARGET_COLUMNS:
        raise SystemExit(
            "%s: expected %d feature columns and %d target column(s), found %d columns"
            % (path, FEATURES, TARGET_COLUMNS, len(header))
        )
    x = torch.tensor([[float(v) for v in row[:FEATURES]] for row in rows], dtype=torch.float32)
    if TARGETS == "classes":
        index = {name: i for i, name in enumerate(CLASS_NAMES)}
        labels = [index[row[-1]] if CLASSES_BY_NAME else int(row[-1]) for row in rows]
        y = torch.tensor(labels, dtype=torch.long)
    else:
        y = torch.tensor([[float(v) for v in row[FEATURES:]] for row in rows], dtype=torch.float32)
    return x, y


def sample_losses(output, y):
    """The run's loss of each sample, as GradLab computes it (a batch's loss is their mean;
    a sample's loss is the mean over its outputs for mse, mae and bce)."""
    if LOSS == "mse":
        return F.mse_loss(output, y, reduction="none").mean(dim=1)
    if LOSS == "mae":
        return F.l1_loss(output, y, reduction="none").mean(dim=1)
    low, high = CLIP_RANGE
    if LOSS == "cross_entropy":
        if FROM_LOGITS:
            return F.cross_entropy(output, y, reduction="none")
        # Keras's cross-entropy of probabilities: normalized, clipped to CLIP_RANGE.
        p = output.gather(1, y[:, None]).squeeze(1) / output.sum(dim=1)
        return -torch.log(p.clamp(low, high))
    # bce: class labels are read as 0 and 1.
    target = y.to(torch.float32).reshape(output.shape) if TARGETS == "classes" else y
    if FROM_LOGITS:
        return F.binary_cross_entropy_with_logits(output, target, reduction="none").mean(dim=1)
    p = output.clamp(low, high)
    return -(target * torch.log(p) + (1 - target) * torch.log(1 - p)).mean(dim=1)


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
    """L1*sum|w| + L2*sum(w^2) over the dense weights, added to the loss as GradLab does."""
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


class Samples(torch.utils.data.Dataset):
    """The training samples by index, each with whether it is real: the sampler's padding
    (index -1) stands for no sample, and the loop drops it."""

    def __init__(self, x, y):
        self.x, self.y = x, y

    def __len__(self):
        return len(self.x)

    def __getitem__(self, i):
        return self.x[max(i, 0)], self.y[max(i, 0)], i >= 0


class RunSampler(DistributedSampler):
    """DistributedSampler over the run's batches: each batch of BATCH samples (the last may be
    smaller) is split between the N processes, process r taking the batch's samples r, r + N,
    r + 2N, ..., so the batches together are the run's whatever N is.

    The epoch's order is GradLab's (--order) or DistributedSampler's own shuffle (SEED plus
    the epoch, the same in every process). Each batch is padded with -1 (no sample) to a
    multiple of N, so that every process takes as many places from it as the others and the
    processes' j-th batches are parts of the same batch of the run."""

    def __init__(self, count, batch, num_replicas, rank, orders=None):
        super().__init__(
            range(count), num_replicas=num_replicas, rank=rank, shuffle=SHUFFLE, seed=SEED
        )
        self.batch = batch
        self.orders = orders
        self.batch_sizes = [min(batch, count - start) for start in range(0, count, batch)]
        self.num_samples = sum(-(-size // num_replicas) for size in self.batch_sizes)
        self.total_size = self.num_samples * num_replicas

    def shares(self, size):
        """How many samples of a batch of `size` each process takes."""
        return [len(range(r, size, self.num_replicas)) for r in range(self.num_replicas)]

    def epoch_order(self):
        """Every sample's place in this epoch, the same in every process."""
        if self.orders is not None and self.epoch < len(self.orders):
            return list(self.orders[self.epoch])
        whole = DistributedSampler(
            self.dataset, num_replicas=1, rank=0, shuffle=self.shuffle, seed=self.seed
        )
        whole.set_epoch(self.epoch)
        return list(whole)

    def __iter__(self):
        order = self.epoch_order()
        mine = []
        for start in range(0, len(order), self.batch):
            places = order[start : start + self.batch]
            places += [-1] * (-len(places) % self.num_replicas)
            mine += places[self.rank :: self.num_replicas]
        return iter(mine)


def read_orders(path, count):
    """GradLab's sample orders (--order): a JSON list of permutations of the samples, one per
    epoch; the epochs after those given use the script's own shuffles."""
    with open(path) as f:
        orders = json.load(f)
    for epoch, order in enumerate(orders, 1):
        if sorted(order) != list(range(count)):
            raise SystemExit(
                "%s: the order of epoch %d is not an order of the %d samples" % (path, epoch, count)
            )
    return orders


def evaluate(model, x, y):
    """Loss and accuracy in evaluation mode (no penalty), as GradLab's validation."""
    model.eval()
    with torch.no_grad():
        output = model(x)
        loss = float(sample_losses(output, y).mean())
        correct = correct_count(output, y)
    model.train()
    if correct is None:
        return loss, None
    return loss, correct / (len(x) * output.shape[1] if LOSS == "bce" else len(x))


def main():
    parser = argparse.ArgumentParser(description="Trains the exported GradLab run with PyTorch.")
    parser.add_argument("--data", default=os.path.join(HERE, DATA_FILE), help="the training CSV")
    parser.add_argument("--order", help="a JSON list of sample orders, one per epoch")
    parser.add_argument(
        "--out", default=os.path.join(HERE, TRAINED_FILE), help="the trained model file"
    )
    args = parser.parse_args()

    # One process (python3) or several (torchrun): the same code, with N = 1 or more.
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
    count = len(x)
    orders = read_orders(args.order, count) if args.order is not None else None
    batch = min(BATCH, count)
    sampler = RunSampler(count, batch, world, rank, orders)
    # Each process's batches are its places in the run's batches: ceil(batch / N) of each.
    places = -(-batch // world)
    loader = torch.utils.data.DataLoader(Samples(x, y), batch_size=places, sampler=sampler)
    last = sampler.batch_sizes[-1]
    split, last_split = (" + ".join(map(str, sampler.shares(size))) for size in (batch, last))
    has_batch_norm = any(isinstance(m, nn.BatchNorm1d) for m in net.modules())
    if has_batch_norm and 1 in sampler.shares(batch) + sampler.shares(last):
        raise SystemExit(
            "batch norm cannot train on 1 sample: batches of %d (%s) and the last, of %d (%s), "
            "give some process 1" % (batch, split, last, last_split)
        )
    if rank == 0:
        processes = "%d processes" % world if distributed else "one process"
        line = "%d samples, batch %d, %d epochs, %s, %s" % (count, batch, EPOCHS, LOSS, processes)
        print(line, flush=True)
        if distributed:
            line = "each batch of %d is split between the %d processes as %s samples" % (
                batch, world, split
            )
            if last != batch:
                line += " (the last, of %d: %s)" % (last, last_split)
            print(line, flush=True)

    layers = named_layers(net)
    for epoch in range(EPOCHS):
        sampler.set_epoch(epoch)
        loss_sum = 0.0
        correct = 0
        decisions = 0
        grad_norms = [0.0] * len(layers)
        steps = 0
        for step, (xb, yb, real) in enumerate(loader):
            xb, yb = xb[real], yb[real]  # the padding is no sample
            output = model(xb)
            losses = sample_losses(output, yb)
            extra = penalty(net)
            optimizer.zero_grad()
            # DDP averages the N processes' gradients: with each process's loss summed over its
            # samples, times N over the batch's size, that average is the batch's mean gradient.
            (losses.sum() * world / sampler.batch_sizes[step] + extra).backward()
            # h.grad_norms: each layer's weight gradient norm, penalties included, before clipping.
            for i, (_, weight) in enumerate(layers):
                grad_norms[i] += float(weight.grad.norm())
            if CLIP_NORM is not None:
                torch.nn.utils.clip_grad_norm_(net.parameters(), CLIP_NORM)
            if CLIP_VALUE is not None:
                torch.nn.utils.clip_grad_value_(net.parameters(), CLIP_VALUE)
            optimizer.step()
            loss_sum += losses.sum().item() + extra.item() * len(yb)
            hits = correct_count(output, yb)
            if hits is not None:
                correct += hits
                decisions += output.numel() if LOSS == "bce" else len(yb)
            steps += 1
        totals = torch.tensor([loss_sum, correct, decisions], dtype=torch.float64)
        if distributed:
            dist.all_reduce(totals)
        if rank != 0:
            continue
        line = "epoch %d  loss %.6f" % (epoch + 1, totals[0] / count)
        if totals[2] > 0:
            line += "  accuracy %.4f" % (totals[1] / totals[2])
        if validation is not None:
            val_loss, val_accuracy = evaluate(net, *validation)
            line += "  val_loss %.6f" % val_loss
            if val_accuracy is not None:
                line += "  val_accuracy %.4f" % val_accuracy
        print(line, flush=True)
        norms = "  ".join(
            "%s %.4g" % (name, total / steps) for (name, _), total in zip(layers, grad_norms)
        )
        line = "  grad norms (as h.grad_norms, mean of the epoch's %d steps): %s" % (steps, norms)
        print(line, flush=True)

    flat = torch.cat([p.detach().reshape(-1) for p in net.parameters()])
    if distributed:
        first = flat.clone()
        dist.broadcast(first, 0)
        difference = (flat - first).abs().max()
        dist.all_reduce(difference, op=dist.ReduceOp.MAX)
        if rank == 0:
            print(
                "the %d processes agree on the weights: max |difference| %g"
                % (world, float(difference))
            )
    if rank == 0:
        net.eval()
        with torch.no_grad():
            print("outputs for the first sample: " + json.dumps(net(x[:1])[0].tolist()))
        exported.to_gradlab(net, args.out)
        print("wrote " + args.out + " (GradLab: load(\"" + args.out + "\"))")
    if distributed:
        # Every process waits for process 0's model file, then all leave together:
        # one that left early would close its connections under the others.
        dist.barrier()
        dist.destroy_process_group()


if __name__ == "__main__":
    main()
