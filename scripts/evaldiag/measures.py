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
    text = (getattr(train_call, "loss", None) or "").replace(" ", "")
    for name in ("mse", "mae", "bce", "cross_entropy"):
        if text.startswith(name):
            return name
    return ""


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
    """The loss of the best constant prediction for a regression run."""
    rows = targets(trace)
    if not rows:
        return None
    columns = list(zip(*rows))
    if loss == "mae":
        return statistics.fmean(_mean_absolute_deviation(col) for col in columns)
    return statistics.fmean(_variance(col) for col in columns)


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
    baseline = baseline_loss(trace, loss_name(result.train_call))
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
