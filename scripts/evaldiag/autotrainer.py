"""AUTOTRAINER's problem checks (Zhang et al., ICSE 2021), applied to GradLab's
trace of a run: a reference detector, one of the three oracles.

Reimplemented from shiningrain/AUTOTRAINER@03a463e, AutoTrainer/utils/monitor.py
(IssueMonitor.determine, judge_issue, loss_issue, gradient_issue, ol_judge,
max_delta_acc) with the thresholds of utils.py's `default_param`, the check
interval and decision count of `model_train` (checktype 'epoch_3',
determine_threshold 3) and the issue priorities of modules.py
(`problem_evaluation`, `filtered_issue`). Nothing of its code is copied; the
rules are re-expressed over the trace scripts/eval-diagnosis prints.

What the rules read, as AUTOTRAINER reads them:
- every 3rd epoch (epochs 0, 3, 6, ... counted from 0), after that epoch:
  - gradients: the ratio of the first dense layer's ‖∇W‖ to the last one's
    ("gra_rate"); vanishing when it is below 1e-3 and the first layer's norm
    below 1e-4; exploding when it is above 70; dying ReLU when 70% or more of
    the gradient entries are exactly 0; each adds 1 to a counter, and a counter
    counts as a symptom once it reaches 3 checks;
  - the losses and accuracies so far (from 30% of the epochs, less 3): the
    loss went NaN or reached 1e3 ("nan_loss"); oscillation ("unstable_loss"):
    among the accuracy's local maxima and minima, pairs that differ by 0.03 or
    more number at least 0.2 × the epochs so far; not converging: best
    training and validation accuracy below 0.7; slow convergence
    ("sc_accuracy"): no epoch raised either accuracy by 0.01 or more. These
    flags, once set, stay set (as in the original).
- the decision, at a check where the previous check set a loss flag, or at
  the first check past half the epochs: with a NaN loss and a NaN gradient or
  weight: explode (a negative loss: "loss_issue"); with not converging or slow convergence: dying ReLU, else
  exploding, else vanishing (whichever counter reached 3 first in that
  order), else "not_converge" when both are set; and oscillation: "unstable".
  The first check that decides anything ends the run (AUTOTRAINER stops
  training there); the highest-priority issue is kept (of "not_converge" and
  "unstable", which tie, the first: the original keeps whichever its set
  happens to list first).

Where GradLab's trace differs from what AUTOTRAINER measured:
- the gradient norms are those of the last training step of the check epoch
  (AUTOTRAINER recomputes them on the first batch after the epoch);
- the share of zero gradient entries is measured once, on the first batch
  after training (weights and batch-norm γ; AUTOTRAINER also counts biases),
  and used at every check;
- a run without `val:` uses its training loss and accuracy for the
  validation ones;
- regression (AUTOTRAINER is for classifiers): the accuracy is replaced by
  1 − loss / (the loss of the best constant prediction), i.e. R² for mse
  (the targets' variance stands in for bce on targets outside [0, 1]);
- a run GradLab stopped on a non-finite value is continued with NaN losses,
  gradients and weights up to its requested epochs, as Keras would go on;
- the checks that need Keras's loss string and the layers' outputs
  (`activation_issue`, the improper-loss check, `abnormal_data`) are left out.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from . import measures

PARAMS = {
    "beta_1": 1e-3,
    "beta_2": 1e-4,
    "beta_3": 70,
    "gamma": 0.7,
    "zeta": 0.03,
    "eta": 0.2,
    "delta": 0.01,
    "Theta": 0.7,
}
CHECK_GAP = 3
DETERMINE_THRESHOLD = 3
JUDGMENT_POINT = 0.3
LARGE_LOSS = 1e3
PRIORITY = {"activation_issue": 3, "loss_issue": 3, "abnormal_data": 4, "vanish": 2, "explode": 2, "relu": 2,
            "not_converge": 1, "unstable": 1}

#: AUTOTRAINER's issues in the evaluation's vocabulary.
FINDING = {
    "vanish": "vanishing",
    "explode": "exploding",
    "relu": "dead_relu",
    "unstable": "oscillation",
    "not_converge": "plateau",
}


@dataclass
class Verdict:
    """What AUTOTRAINER's rules decide for one run."""

    issue: str | None = None
    epoch: int | None = None
    features: dict = field(default_factory=dict)
    note: str = ""

    @property
    def finding(self) -> str | None:
        return FINDING.get(self.issue) if self.issue else None


def _is_nan(values) -> bool:
    return any(v is None or (isinstance(v, float) and not math.isfinite(v)) for v in values)


def max_delta(values) -> float:
    """The largest rise from one epoch to the next (max_delta_acc)."""
    best = 0.0
    for before, after in zip(values, values[1:]):
        if after - before > best:
            best = after - before
    return best


def oscillates(acc: list, threshold: float, rate: float) -> bool:
    """ol_judge: local maxima and minima of the accuracy, paired in order."""
    maxima, minima = [], []
    for i in range(1, len(acc) - 1):
        if acc[i] - acc[i - 1] >= 0 and acc[i] - acc[i + 1] >= 0:
            maxima.append(acc[i])
        if acc[i] - acc[i - 1] <= 0 and acc[i] - acc[i + 1] <= 0:
            minima.append(acc[i])
    count = sum(1 for high, low in zip(maxima, minima) if high - low >= threshold)
    return count >= rate * len(acc)


def zero_share(rows: list) -> float | None:
    """The share of exactly-zero gradient entries over a `grads(...).rows` table."""
    total = zeros = 0.0
    for row in rows or []:
        size = 1
        for part in str(row.get("shape", "")).replace("x", "×").split("×"):
            if part.strip().isdigit():
                size *= int(part.strip())
        zeros += (row.get("zeros") or 0.0) / 100.0 * size
        total += size
    return zeros / total if total else None


def _series(result) -> dict | None:
    """Per-epoch loss and accuracy (training and validation) as AUTOTRAINER sees them."""
    trace = result.trace
    loss = list(trace.get("loss") or [])
    if measures.is_classification(trace):
        acc = list(trace.get("accuracy") or [])
    else:
        # bce has no floor for targets outside [0, 1]: the variance then stands in,
        # so that the checks of the loss itself (negative, NaN, large) still run
        baseline = measures.baseline_loss(trace, measures.run_loss(result)) or measures.baseline_loss(trace, "mse")
        if not baseline:
            return None
        acc = [1 - v / baseline if v is not None else math.nan for v in trace.get("data_loss") or []]
    val_loss = list(trace.get("val_loss") or [])
    val_acc = list(trace.get("val_accuracy") or [])
    if not val_loss or any(v is None for v in val_loss):
        val_loss = list(loss)
    if not measures.is_classification(trace) or not val_acc or any(v is None for v in val_acc):
        val_acc = list(acc)
    return {"loss": loss, "acc": acc, "val_loss": val_loss, "val_acc": val_acc}


def _int(text, default: int) -> int:
    try:
        return int(float(str(text).strip()))
    except (TypeError, ValueError):
        return default


def judge(result) -> Verdict:
    """AUTOTRAINER's decision for one run (module doc)."""
    trace = result.trace
    if not trace or "epochs" not in trace or "grad_norms" not in trace:
        return Verdict(note="no trace")
    series = _series(result)
    if series is None:
        return Verdict(note="no baseline loss for a regression run")
    done = int(trace.get("epochs") or 0)
    stopped = result.stopped_step is not None
    call = result.train_call
    total = _int(getattr(call, "epochs", None), done) if call else done
    total = max(total, done)
    samples = len(trace.get("y") or []) or 1
    batch = _int(getattr(call, "batch", None), 32) if call else 32
    per_epoch = max(1, math.ceil(samples / max(1, batch)))
    layers = trace.get("layers") or []
    norms = trace.get("grad_norms") or []
    dense = [i for i, name in enumerate(layers) if str(name).startswith("dense") and i < len(norms)]
    zeros = zero_share(trace.get("grads_final") or trace.get("grads_init"))

    feature = {
        "not_converge": False, "unstable_loss": False, "nan_loss": False, "abnormal_loss": False,
        "sc_accuracy": False, "died_relu": 0, "vanish_gradient": 0, "explode_gradient": 0,
        "nan_gradient": False, "nan_weight": False,
    }
    history = _History()
    mid_check = True
    last_epoch = total if stopped else done
    for epoch in range(last_epoch):
        broken = epoch >= done
        history.add(*(math.nan if broken else series[key][epoch] for key in ("loss", "acc", "val_loss", "val_acc")))
        if epoch % CHECK_GAP != 0:
            continue
        layer_output = (
            feature["abnormal_loss"] or feature["nan_loss"] or feature["sc_accuracy"]
            or (total * 0.5 <= epoch and mid_check)
        )
        if total * 0.5 <= epoch and mid_check:
            mid_check = False
        # gradient_issue
        if broken or not dense:
            feature["nan_gradient"] = feature["nan_gradient"] or broken
        else:
            step = min((epoch + 1) * per_epoch, len(norms[dense[0]])) - 1
            values = [norms[i][step] if step < len(norms[i]) else math.nan for i in dense]
            if _is_nan(values):
                feature["nan_gradient"] = True
            else:
                first, last = values[0], values[-1]
                rate = first / last if last else math.inf
                if rate < PARAMS["beta_1"] and first < PARAMS["beta_2"]:
                    feature["vanish_gradient"] += 1
                if rate > PARAMS["beta_3"]:
                    feature["explode_gradient"] += 1
                if zeros is not None and zeros >= PARAMS["gamma"]:
                    feature["died_relu"] += 1
        # weights_issue
        feature["nan_weight"] = feature["nan_weight"] or broken
        # loss_issue
        _loss_issue(feature, history, total)
        issues = _judge_issue(feature, layer_output)
        if issues:
            best = max(issues, key=lambda issue: PRIORITY[issue])
            return Verdict(issue=best, epoch=epoch, features=dict(feature))
    return Verdict(features=dict(feature))


class _History:
    """The epochs so far, summarised as the checks read them, kept up to date
    epoch by epoch (a run of 10,000 epochs has 3,334 checks)."""

    def __init__(self) -> None:
        self.epochs = 0
        self.nan = False
        self.max_loss = -math.inf
        self.min_loss = math.inf
        self.max_acc = -math.inf
        self.max_val_acc = -math.inf
        self.max_delta_acc = 0.0
        self.max_delta_val_acc = 0.0
        self.last = None
        self.recent_acc: list = []
        self.maxima: list = []
        self.minima: list = []
        self.paired = 0
        self.swings = 0

    def add(self, loss, acc, val_loss, val_acc) -> None:
        self.epochs += 1
        self.nan = self.nan or _is_nan([loss, val_loss])
        for value in (loss, val_loss):
            if value is not None and math.isfinite(value):
                self.max_loss = max(self.max_loss, value)
                self.min_loss = min(self.min_loss, value)
        self.max_acc = max(self.max_acc, acc) if acc == acc else self.max_acc
        self.max_val_acc = max(self.max_val_acc, val_acc) if val_acc == val_acc else self.max_val_acc
        if self.last is not None:
            last_acc, last_val_acc = self.last
            if acc - last_acc > self.max_delta_acc:
                self.max_delta_acc = acc - last_acc
            if val_acc - last_val_acc > self.max_delta_val_acc:
                self.max_delta_val_acc = val_acc - last_val_acc
        self.last = (acc, val_acc)
        # ol_judge's local extremes: the middle of the last three values is classified now
        self.recent_acc = (self.recent_acc + [acc])[-3:]
        if len(self.recent_acc) == 3:
            before, middle, after = self.recent_acc
            if middle - before >= 0 and middle - after >= 0:
                self.maxima.append(middle)
            if middle - before <= 0 and middle - after <= 0:
                self.minima.append(middle)
            while self.paired < min(len(self.maxima), len(self.minima)):
                if self.maxima[self.paired] - self.minima[self.paired] >= PARAMS["zeta"]:
                    self.swings += 1
                self.paired += 1

    def oscillates(self) -> bool:
        return self.swings >= PARAMS["eta"] * self.epochs


def _loss_issue(feature: dict, history: _History, total: int) -> None:
    if not history.epochs:
        return
    if history.nan or history.max_loss >= LARGE_LOSS:
        feature["nan_loss"] = True
        return
    if history.min_loss < 0:
        feature["abnormal_loss"] = True
    if history.epochs >= JUDGMENT_POINT * total - CHECK_GAP:
        if history.oscillates():
            feature["unstable_loss"] = True
        if history.max_val_acc < PARAMS["Theta"] and history.max_acc < PARAMS["Theta"]:
            feature["not_converge"] = True
        if history.max_delta_val_acc < PARAMS["delta"] and history.max_delta_acc < PARAMS["delta"]:
            feature["sc_accuracy"] = True


def _judge_issue(feature: dict, layer_output: bool) -> list:
    issues = []
    if not layer_output:
        return issues
    if feature["nan_loss"] or feature["abnormal_loss"]:
        if feature["abnormal_loss"]:
            issues.append("loss_issue")
        elif feature["nan_weight"] or feature["nan_gradient"]:
            issues.append("explode")
    if feature["not_converge"] or feature["sc_accuracy"]:
        if feature["died_relu"] >= DETERMINE_THRESHOLD:
            issues.append("relu")
        elif feature["explode_gradient"] >= DETERMINE_THRESHOLD:
            issues.append("explode")
        elif feature["vanish_gradient"] >= DETERMINE_THRESHOLD:
            issues.append("vanish")
        elif feature["not_converge"] and feature["sc_accuracy"]:
            issues.append("not_converge")
    if feature["unstable_loss"]:
        issues.append("unstable")
    return list(dict.fromkeys(issues))
