"""What a run's trace says about its learning: the final accuracy or loss, the
loss of knowing nothing, and whether the network trained well.

"Trains well" (docs/diagnosis.md): the run ended without a non-finite stop
after at least one epoch, and
- classification: its last epoch's training accuracy closes at least two
  thirds of the gap between always predicting the most frequent class and
  perfect: accuracy >= m + (2/3)(1 - m), m the most frequent class's share of
  the training data (0.83 for two balanced classes, 0.78 for three, 0.70 for
  ten);
- regression: its last epoch's training data loss closes at least two thirds
  of the gap between the best constant prediction and 0: loss <= baseline / 3
  (mse: the targets' variance, i.e. R^2 >= 2/3; mae: the mean absolute
  deviation from the median).
"""

from __future__ import annotations

import math
import statistics

WELL = 2.0 / 3.0


def _finite(values) -> list:
    return [v for v in values or [] if isinstance(v, (int, float)) and math.isfinite(v)]


def _last(values):
    finite = [v for v in values or [] if v is not None]
    return finite[-1] if finite else None


def loss_name(train_call) -> str:
    """`mse`, `mae`, `bce` or `cross_entropy` from the train call's `loss:` text ('' when by data)."""
    return _loss_kind(getattr(train_call, "loss", None) or "")


def _loss_kind(text) -> str:
    text = str(text).replace(" ", "")
    for name in ("mse", "mae", "bce", "cross_entropy"):
        if text.startswith(name):
            return name
    return ""


def run_loss(result) -> str:
    """The run's loss as `loss_name` gives it, read from the trace's `loss_name`
    (the value the train call's `loss:` holds, printed) when there is one, so that
    `loss: loss` after `let loss = bce(...)` is known as bce; else from the call's text."""
    printed = (result.trace or {}).get("loss_name")
    if isinstance(printed, str) and _loss_kind(printed):
        return _loss_kind(printed)
    return loss_name(result.train_call)


def logits(result) -> bool:
    """Whether the run's loss reads its outputs as logits (bce or cross_entropy
    without `from_logits: false`)."""
    printed = (result.trace or {}).get("loss_name")
    text = printed if isinstance(printed, str) else (getattr(result.train_call, "loss", None) or "")
    text = str(text).replace(" ", "")
    return _loss_kind(text) in ("bce", "cross_entropy") and "from_logits:false" not in text


def is_classification(trace: dict) -> bool | None:
    kind = trace.get("kind")
    if kind is None:
        return None
    return kind == "classification"


def targets(trace: dict) -> list:
    """The training targets as rows of numbers (one row per sample)."""
    rows = []
    for value in trace.get("y") or []:
        rows.append(value if isinstance(value, list) else [value])
    return rows


def majority_share(trace: dict) -> float | None:
    labels = [row[0] for row in targets(trace) if row]
    if not labels:
        return None
    counts: dict = {}
    for label in labels:
        counts[label] = counts.get(label, 0) + 1
    return max(counts.values()) / len(labels)


def baseline_loss(trace: dict, loss: str) -> float | None:
    """The loss of the best constant prediction for a regression run: mse the
    targets' variance, mae their mean absolute deviation from the median, bce
    the mean binary entropy of each target column's mean (None when a target
    is outside [0, 1], where bce has no floor)."""
    rows = targets(trace)
    if not rows:
        return None
    columns = list(zip(*rows))
    if loss == "mae":
        return statistics.fmean(_mean_absolute_deviation(col) for col in columns)
    if loss == "cross_entropy" and len(columns) > 1:
        means = [math.fsum(col) / len(col) for col in columns]
        total = math.fsum(means)
        return -math.fsum(m / total * math.log(m / total) for m in means if m > 0) if total > 0 else None
    if loss == "bce":
        if any(not 0.0 <= v <= 1.0 for col in columns for v in col):
            return None
        return statistics.fmean(_binary_entropy(math.fsum(col) / len(col)) for col in columns)
    return statistics.fmean(_variance(col) for col in columns)


def _binary_entropy(p: float) -> float:
    if p <= 0.0 or p >= 1.0:
        return 0.0
    return -(p * math.log(p) + (1 - p) * math.log(1 - p))


def _variance(values) -> float:
    # statistics.pvariance computes in exact fractions: minutes for 10,000 targets
    mean = math.fsum(values) / len(values)
    return math.fsum((v - mean) ** 2 for v in values) / len(values)


def _mean_absolute_deviation(values) -> float:
    middle = statistics.median(values)
    return math.fsum(abs(v - middle) for v in values) / len(values)


def finished(result) -> bool:
    trace = result.trace
    return bool(trace) and (trace.get("epochs") or 0) >= 1


def trains_well(result) -> bool | None:
    """Whether the run trained well (module doc); None when the trace is missing."""
    trace = result.trace
    if not trace or "epochs" not in trace or "kind" not in trace:
        return None
    if result.stopped_step is not None or not finished(result):
        return False
    if is_classification(trace):
        accuracy, share = _last(trace.get("accuracy")), majority_share(trace)
        if accuracy is None or share is None:
            return None
        return accuracy >= share + WELL * (1 - share)
    baseline = baseline_loss(trace, run_loss(result))
    loss = _last(trace.get("data_loss"))
    if baseline is None or loss is None or not math.isfinite(loss):
        return None
    return loss <= baseline * (1 - WELL)


def final_score(result) -> tuple:
    """(kind, value) for the intervention: ('accuracy', last validation accuracy,
    else last training accuracy; 0 without a finished epoch) for classification,
    ('loss', last validation loss, else last training data loss; inf without one)
    for regression; (None, None) without a trace."""
    trace = result.trace
    if not trace or "kind" not in trace:
        return None, None
    if is_classification(trace):
        value = _last(trace.get("val_accuracy"))
        if value is None:
            value = _last(trace.get("accuracy"))
        return "accuracy", (value if value is not None else 0.0)
    value = _last(trace.get("val_loss"))
    if value is None:
        value = _last(trace.get("data_loss"))
    if value is None or not math.isfinite(value):
        value = math.inf
    return "loss", value


def task_score(result) -> tuple:
    """(kind, value) for the intervention, the same measure whatever the loss and
    the targets' scale, so that a buggy program and its fix (which may change
    both) compare:

    - classification data: ('accuracy', GradLab's last validation accuracy,
      else training accuracy), as `final_score`;
    - regression data whose targets are all 0 or 1 (one-hot rows, multi-label
      rows, one binary column: classes under mse, mae or bce): ('accuracy', the
      predictions' accuracy on the scored data: the argmax for one-hot rows, else
      each output against 0.5, or against 0 when the loss reads logits);
    - other regression: ('unexplained', the predictions' mean squared error over
      the targets' variance on the scored data, i.e. 1 − R², the same under any
      rescaling of the targets; inf when a prediction is not finite).

    The scored data is the train call's `val:` data when it has one, else its
    training data (the trace's `pred` and `scored_y`). A run stopped on a
    non-finite value scores what a constant prediction scores (accuracy: the most
    frequent class's share; unexplained: 1 or more), as Keras's NaN weights would.
    Without predictions in the trace (an older trace), regression falls back to
    `final_score`."""
    trace = result.trace
    if not trace or "kind" not in trace:
        return None, None
    if is_classification(trace):
        if result.stopped_step is not None:
            return "accuracy", majority_share(trace) or 0.0
        return final_score(result)
    pred, y = trace.get("pred"), trace.get("scored_y")
    if not isinstance(pred, list) or not isinstance(y, list) or not y or len(pred) != len(y):
        return final_score(result)
    truth = [row if isinstance(row, list) else [row] for row in y]
    guess = [row if isinstance(row, list) else [row] for row in pred]
    if any(len(a) != len(b) for a, b in zip(truth, guess)):
        return final_score(result)
    stopped = result.stopped_step is not None
    if all(v in (0, 1) for row in truth for v in row):
        return "accuracy", _class_accuracy(truth, guess, 0.0 if logits(result) else 0.5, stopped)
    return "unexplained", _unexplained(truth, guess, stopped)


def _number(value) -> float:
    return value if isinstance(value, (int, float)) and math.isfinite(value) else math.nan


def _class_accuracy(truth: list, guess: list, threshold: float, stopped: bool) -> float:
    one_hot = len(truth[0]) > 1 and all(math.fsum(row) == 1 for row in truth)
    if stopped:
        if one_hot:
            counts: dict = {}
            for row in truth:
                counts[row.index(1)] = counts.get(row.index(1), 0) + 1
            return max(counts.values()) / len(truth)
        columns = list(zip(*truth))
        return statistics.fmean(max(sum(col), len(col) - sum(col)) / len(col) for col in columns)
    if one_hot:
        right = 0
        for t, g in zip(truth, guess):
            values = [_number(v) for v in g]
            if all(math.isfinite(v) for v in values):
                right += values.index(max(values)) == t.index(1)
        return right / len(truth)
    right = total = 0
    for t, g in zip(truth, guess):
        for target, value in zip(t, g):
            total += 1
            value = _number(value)
            right += math.isfinite(value) and (value > threshold) == (target == 1)
    return right / total if total else 0.0


def _unexplained(truth: list, guess: list, stopped: bool) -> float:
    shares = []
    for column in range(len(truth[0])):
        values = [row[column] for row in truth]
        variance = _variance(values)
        if variance <= 0:
            continue
        if stopped:
            shares.append(1.0)
            continue
        errors = [(t - _number(g[column])) ** 2 for t, g in zip(values, guess)]
        if any(not math.isfinite(e) for e in errors):
            return math.inf
        shares.append(math.fsum(errors) / len(errors) / variance)
    return statistics.fmean(shares) if shares else math.nan
