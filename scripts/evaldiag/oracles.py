"""The three labels of each case side by side (issue 12 §1, "Labels"):
the published one (the case's header), AUTOTRAINER's rules over GradLab's
trace, and the intervention (does the standard remedy make the run learn?),
with GradLab's own findings beside them and the disagreements named.

The intervention: a problem is real when its standard remedy raises the final
accuracy by at least 10 points (regression: at least halves the final error)
on at least 3 of 5 seeds (with N seeds: at least 60% of them). A buggy case's
remedy is its fixed twin, a seeded case's its base program. The measure is
`measures.task_score`, the same whatever the loss and the targets' scale
(a fix often changes both): the final accuracy (GradLab's, validation when the
run has `val:`, for classification data; the predictions' own for 0/1 targets
under mse, mae or bce), else the share of the targets' variance the
predictions leave unexplained (1 − R²) on the same data.

Fixed and clean cases have no remedy: their interventional label is whether
they train well (`measures.trains_well`) on a majority of seeds; one that
does not, yet expects nothing, is named as a disagreement.
"""

from __future__ import annotations

import math
import statistics
from collections import Counter
from dataclasses import dataclass, field

from . import autotrainer, measures
from .cases import remedy_of

GAIN = 0.10
LOSS_FACTOR = 0.5
SHARE_OF_SEEDS = 0.6
NOTHING = "nothing"


@dataclass
class Intervention:
    remedy_id: str | None = None
    kind: str | None = None
    improved: int = 0
    compared: int = 0
    changes: list = field(default_factory=list)
    note: str = ""

    def real(self, seeds: int) -> bool | None:
        if not self.compared:
            return None
        return self.improved >= math.ceil(SHARE_OF_SEEDS * seeds)

    def describe(self, seeds: int) -> str:
        if self.note:
            return self.note
        verdict = {True: "real", False: "not real", None: "unknown"}[self.real(seeds)]
        if self.kind == "accuracy":
            change = f"median {statistics.median(self.changes) * 100:+.0f} points"
            what = "gains 10 points or more"
        else:
            finite = [c for c in self.changes if math.isfinite(c)]
            name = "unexplained-variance" if self.kind == "unexplained" else "loss"
            change = f"median {name} ratio {statistics.median(finite):.2g}" if finite else f"no finite {name} ratio"
            what = "halves the unexplained variance (1 − R²)" if self.kind == "unexplained" else "halves the loss"
        return f"{verdict}: {self.remedy_id} {what} on {self.improved} of {self.compared} seeds ({change})"


@dataclass
class OracleRow:
    outcome: object
    verdicts: list
    intervention: Intervention | None
    disagreements: list = field(default_factory=list)
    remedy_for: list = field(default_factory=list)

    @property
    def case(self):
        return self.outcome.case

    def autotrainer_label(self) -> str | None:
        """The label found on a majority of seeds (a finding, an issue of AUTOTRAINER's
        own, or "nothing"); None when no label has a majority."""
        counts = Counter(_label(v) for v in self.verdicts)
        for label, count in counts.most_common():
            if count * 2 > self.outcome.seeds:
                return label
        return None

    def trains_well_count(self) -> int:
        """On how many seeds the case's run trained well (`measures.trains_well`)."""
        return sum(bool(measures.trains_well(run)) for run in self.outcome.ran)

    def autotrainer_text(self) -> str:
        counts = Counter(_label(v) for v in self.verdicts)
        epochs: dict = {}
        for verdict in self.verdicts:
            if verdict.epoch is not None:
                epochs.setdefault(_label(verdict), []).append(verdict.epoch)
        parts = []
        for label, count in counts.most_common():
            at = f", epoch {statistics.median(epochs[label]):g}" if label in epochs else ""
            parts.append(f"{label} on {count} of {self.outcome.seeds} seeds{at}")
        return "; ".join(parts) if parts else "no trace"


def _label(verdict) -> str:
    if verdict.issue is None:
        return NOTHING if verdict.note == "" else f"({verdict.note})"
    return verdict.finding or verdict.issue


def intervention_for(outcome, outcomes_by_id: dict, cases_by_id: dict) -> Intervention:
    case = outcome.case
    remedy = remedy_of(case, cases_by_id)
    if remedy is None:
        return Intervention(note="no remedy case found" + (" (no fixed twin)" if case.kind == "buggy" else " (no base:)"))
    other = outcomes_by_id.get(remedy.id)
    if other is None:
        return Intervention(remedy_id=remedy.id, note=f"{remedy.id} was not run")
    result = Intervention(remedy_id=remedy.id)
    for run, remedied in zip(outcome.runs, other.runs):
        if not run.ran or not remedied.ran:
            continue
        kind, before = measures.task_score(run)
        kind_after, after = measures.task_score(remedied)
        if kind is None or kind != kind_after or before != before or after != after:
            continue  # not comparable: different measures, or no measure (nan)
        result.kind = kind
        result.compared += 1
        if kind == "accuracy":
            result.changes.append(after - before)
            result.improved += after - before >= GAIN - 1e-9  # 0.6 - 0.5 is 0.0999...98 in binary
        else:
            if math.isfinite(before) and before > 0:
                ratio = after / before
            else:
                ratio = 0.0 if math.isfinite(after) and not math.isfinite(before) else math.nan
            result.changes.append(ratio)
            result.improved += (not math.isfinite(before) and math.isfinite(after)) or (
                math.isfinite(before) and after <= LOSS_FACTOR * before)
    if not result.compared:
        result.note = f"no seed where both {case.id} and {remedy.id} ran with a trace"
    return result


def oracle_rows(evaluation, cases_by_id: dict) -> list:
    by_id = {o.case.id: o for o in evaluation.outcomes}
    remedied_by: dict = {}
    rows = []
    for outcome in evaluation.outcomes:
        verdicts = [autotrainer.judge(run) for run in outcome.ran]
        intervention = None
        if outcome.case.kind in ("buggy", "seeded"):
            intervention = intervention_for(outcome, by_id, cases_by_id)
            if intervention.remedy_id:
                remedied_by.setdefault(intervention.remedy_id, []).append((outcome.case.id, intervention))
        rows.append(OracleRow(outcome=outcome, verdicts=verdicts, intervention=intervention))
    for row in rows:
        row.disagreements = disagreements(row, remedied_by.get(row.case.id, []))
        row.remedy_for = remedied_by.get(row.case.id, [])
    return rows


def disagreements(row: OracleRow, remedy_for: list) -> list:
    """Where the published label, AUTOTRAINER's rules and the intervention part;
    `remedy_for` holds (case id, Intervention) for the cases this one is the remedy of."""
    case, seeds = row.case, row.outcome.seeds
    label = row.autotrainer_label()
    out = []
    if row.outcome.could_not_run:
        return ["could not run: no oracle but the published one"]
    if case.kind in ("buggy", "seeded"):
        real = row.intervention.real(seeds) if row.intervention else None
        if real is False:
            out.append("intervention: the remedy does not make the run learn better on enough seeds, "
                       "so the fault may not show in this transcription")
        if real and not case.expect:
            out.append("intervention: the remedy helps, but the case expects no finding")
        if label == NOTHING:
            out.append("AUTOTRAINER: no problem found")
        elif label is None:
            out.append("AUTOTRAINER: no label on a majority of seeds")
        elif label in case.forbid:
            out.append(f"AUTOTRAINER: finds {label}, which the case forbids")
        elif label not in case.expect + case.allow and not label.startswith("("):
            out.append(f"AUTOTRAINER: finds {label}, which the case does not expect")
        if real is False and label not in (NOTHING, None):
            out.append(f"AUTOTRAINER finds {label} although the remedy does not help")
    else:
        if label not in (NOTHING, None) and not str(label).startswith("(") and label not in case.expect + case.allow:
            out.append(f"AUTOTRAINER: finds {label} on a {case.kind} case")
        for other, intervention in remedy_for:
            if intervention.real(seeds) is False:
                out.append(f"intervention: as the remedy of {other} it does not make the run learn better")
        well = row.trains_well_count()
        if well * 2 <= seeds and (case.kind == "clean" or not case.expect):
            out.append(f"the {case.kind} case trains well on only {well} of {seeds} seeds"
                       + ("" if case.kind == "clean" else ", yet expects nothing"))
    return out


def as_text(rows: list, seeds: int) -> str:
    lines = []
    agree = 0
    for row in rows:
        case = row.case
        lines.append(f"{case.id} ({case.kind}; fault: {case.header.get('fault', '–') or '–'})")
        lines.append(f"  published     expect {', '.join(case.expect) or '–'}; forbid {', '.join(case.forbid) or '–'}")
        lines.append(f"  AUTOTRAINER   {row.autotrainer_text()}")
        if row.intervention is not None:
            lines.append(f"  intervention  {row.intervention.describe(seeds)}")
        if case.kind in ("fixed", "clean"):
            lines.append(f"  intervention  no remedy (a {case.kind} case): trains well on "
                         f"{row.trains_well_count()} of {seeds} seeds")
        for buggy_id, intervention in row.remedy_for:
            lines.append(f"  intervention  the remedy of {buggy_id}: {intervention.describe(seeds).split(':')[0]}")
        reported = ", ".join(sorted(row.outcome.reported)) or "nothing"
        lines.append(f"  GradLab       {reported} (on a majority of seeds)")
        if row.disagreements:
            for text in row.disagreements:
                lines.append(f"  ✗ {text}")
        else:
            agree += 1
            lines.append("  ✓ AUTOTRAINER's rules and the intervention agree with the published label")
        lines.append("")
    ran = sum(not row.outcome.could_not_run for row in rows)
    lines.append(f"Of the {ran} cases that ran, the oracles agree with the published label on {agree}, "
                 f"and disagree on {ran - agree} (✗ above); {len(rows) - ran} could not run.")
    lines += summary(rows, seeds)
    return "\n".join(lines)


def summary(rows: list, seeds: int) -> list:
    """How often each oracle agrees with the published labels, over the cases that ran."""
    ran = [row for row in rows if not row.outcome.could_not_run]
    faulty = [row for row in ran if row.case.kind in ("buggy", "seeded")]
    sound = [row for row in ran if row.case.kind in ("fixed", "clean")]
    out = [""]
    for label, group in (("buggy", [r for r in faulty if r.case.kind == "buggy"]),
                         ("seeded", [r for r in faulty if r.case.kind == "seeded"])):
        if not group:
            continue
        verdicts = Counter(
            {True: "real", False: "not real", None: "no verdict"}[row.intervention.real(seeds)] for row in group
        )
        autotrainer_labels = Counter()
        for row in group:
            found = row.autotrainer_label()
            if found == NOTHING:
                autotrainer_labels["nothing"] += 1
            elif found is None:
                autotrainer_labels["no majority"] += 1
            elif found in row.case.expect:
                autotrainer_labels["an expected finding"] += 1
            else:
                autotrainer_labels["another finding"] += 1
        out.append(f"{label} cases that ran ({len(group)}): the intervention says "
                   + ", ".join(f"{k} {v}" for k, v in verdicts.most_common())
                   + "; AUTOTRAINER's rules find " + ", ".join(f"{k} {v}" for k, v in autotrainer_labels.most_common()))
    if sound:
        silent = sum(row.autotrainer_label() == NOTHING for row in sound)
        out.append(f"fixed and clean cases that ran ({len(sound)}): AUTOTRAINER's rules find nothing on {silent}")
    return out


def as_json(rows: list, seeds: int) -> list:
    out = []
    for row in rows:
        out.append({
            "case": row.case.id,
            "kind": row.case.kind,
            "fault": row.case.header.get("fault", ""),
            "expect": row.case.expect,
            "forbid": row.case.forbid,
            "autotrainer": [{"issue": v.issue, "finding": v.finding, "epoch": v.epoch, "note": v.note}
                            for v in row.verdicts],
            "autotrainer_majority": row.autotrainer_label(),
            "intervention": None if row.intervention is None else {
                "remedy": row.intervention.remedy_id,
                "kind": row.intervention.kind,
                "improved": row.intervention.improved,
                "compared": row.intervention.compared,
                "changes": row.intervention.changes,
                "real": row.intervention.real(seeds),
                "note": row.intervention.note,
            },
            "trains_well": row.trains_well_count(),
            "gradlab": sorted(row.outcome.reported),
            "disagreements": row.disagreements,
        })
    return out
