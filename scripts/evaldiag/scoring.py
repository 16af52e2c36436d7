"""The figures of the evaluation, from the runs of every case over the seeds.

Definitions (docs/diagnosis.md, "Evaluation on outside cases", says the same):
- A run reports a finding when GradLab told the user about it anywhere: in
  `diagnose(net, data)` before training (`eval-init`), live during training
  (`⚠ step N: ...`), or in `diagnose(h)` after it (`eval-final`).
  `healthy` is not a finding.
- A run is right when it reports every expected finding and no forbidden one.
  A case is right when its runs are right on a majority of the seeds (more
  than half of the seeds asked for; a seed that could not run is not right).
- A case reports a finding when a majority of its seeds do.
- Per finding, over buggy cases (and, separately, seeded ones): a true
  positive is a case that expects the finding and reports it; a false
  negative, one that expects it and does not; a false positive, one that
  reports it without expecting or allowing it, when it forbids it or expects
  no finding of the same kind (gradient: vanishing, exploding, dead_relu,
  saturation; training: plateau, unstable_updates, clipping_active,
  oscillation, divergence_risk; program: output_activation, target_range, unscaled_inputs,
  learning_rate, poor_init). Precision = TP / (TP + FP), recall =
  TP / (TP + FN). The same false-positive rule on fixed and clean cases gives
  each finding's false alarms there.
- Specificity: the share of fixed (and clean) cases with no forbidden finding
  on a majority of seeds.
- A case that could not run on any seed is left out of every figure and
  listed with the reason.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field

from . import findings as fd
from . import measures


@dataclass
class CaseOutcome:
    """A case and its runs over the seeds."""

    case: object
    runs: list
    seeds: int

    @property
    def ran(self) -> list:
        return [run for run in self.runs if run.ran]

    @property
    def could_not_run(self) -> bool:
        return not self.ran

    @property
    def failed_runs(self) -> list:
        return [run for run in self.runs if not run.ran]

    def majority(self, count: int) -> bool:
        return count * 2 > self.seeds

    def run_right(self, run) -> bool:
        reported = run.reported()
        return run.ran and set(self.case.expect) <= reported and not (set(self.case.forbid) & reported)

    def run_specific(self, run) -> bool:
        return run.ran and not (set(self.case.forbid) & run.reported())

    @property
    def right(self) -> bool:
        return self.majority(sum(self.run_right(run) for run in self.runs))

    @property
    def specific(self) -> bool:
        return self.majority(sum(self.run_specific(run) for run in self.runs))

    @property
    def reported(self) -> set:
        counts: dict = {}
        for run in self.ran:
            for name in run.reported():
                counts[name] = counts.get(name, 0) + 1
        return {name for name, count in counts.items() if self.majority(count)}

    def false_positive(self, name: str) -> bool:
        """Reported, neither expected nor allowed, and forbidden or of a kind the case expects nothing of."""
        case = self.case
        if name not in self.reported or name in case.expect or name in case.allow:
            return False
        if name in case.forbid:
            return True
        kind = fd.kind_of(name)
        return kind is None or all(fd.kind_of(expected) != kind for expected in case.expect)


@dataclass
class FindingScore:
    name: str
    expected: int = 0
    tp: int = 0
    fn: int = 0
    fp: int = 0
    false_alarms: int = 0

    @property
    def precision(self):
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self):
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None


@dataclass
class StepScore:
    """When the runs that expect a finding first reported it."""

    name: str
    runs: int = 0
    before: int = 0
    live_steps: list = field(default_factory=list)
    live_fractions: list = field(default_factory=list)
    end_only: int = 0
    missed: int = 0

    @property
    def median_step(self):
        return statistics.median(self.live_steps) if self.live_steps else None

    @property
    def median_fraction(self):
        return statistics.median(self.live_fractions) if self.live_fractions else None


@dataclass
class PredictionScore:
    """A finding `diagnose(net, data)` gave before training, against the run."""

    name: str
    predicted: int = 0
    confirmed: int = 0
    shown_unpredicted: int = 0


@dataclass
class Evaluation:
    outcomes: list
    seeds: list

    def group(self, *kinds) -> list:
        return [o for o in self.outcomes if o.case.kind in kinds and not o.could_not_run]

    @property
    def could_not_run(self) -> list:
        return [o for o in self.outcomes if o.could_not_run]

    @property
    def partly_failed(self) -> list:
        return [o for o in self.outcomes if o.failed_runs and not o.could_not_run]

    def right(self, *kinds) -> tuple:
        group = self.group(*kinds)
        return sum(o.right for o in group), len(group)

    def specificity(self, *kinds) -> tuple:
        group = self.group(*kinds)
        return sum(o.specific for o in group), len(group)

    def finding_scores(self, kind: str) -> list:
        """Per finding, over the cases of one kind (`buggy` or `seeded`), with the
        false alarms on fixed and clean cases."""
        names = list(fd.VOCABULARY)
        for outcome in self.outcomes:
            for name in sorted(outcome.reported):
                if name not in names:
                    names.append(name)
        scores = []
        for name in names:
            score = FindingScore(name)
            for outcome in self.group(kind):
                if name in outcome.case.expect:
                    score.expected += 1
                    if name in outcome.reported:
                        score.tp += 1
                    else:
                        score.fn += 1
                elif outcome.false_positive(name):
                    score.fp += 1
            score.false_alarms = sum(o.false_positive(name) for o in self.group("fixed", "clean"))
            scores.append(score)
        return scores

    def step_scores(self) -> list:
        scores: dict = {}
        for outcome in self.outcomes:
            if outcome.could_not_run:
                continue
            for name in outcome.case.expect:
                score = scores.setdefault(name, StepScore(name))
                for run in outcome.ran:
                    score.runs += 1
                    if name in (run.init or []) or run.live.get(name) == 0:
                        score.before += 1
                    elif name in run.live:
                        score.live_steps.append(run.live[name])
                        steps = run.trace.get("steps")
                        if steps:
                            score.live_fractions.append(run.live[name] / steps)
                    elif name in (run.final or []):
                        score.end_only += 1
                    else:
                        score.missed += 1
        return [scores[name] for name in fd.VOCABULARY if name in scores] + [
            score for name, score in scores.items() if name not in fd.KINDS
        ]

    def prediction_scores(self) -> list:
        scores = {name: PredictionScore(name) for name in fd.KINDS if fd.kind_of(name) == fd.GRADIENT}
        for outcome in self.outcomes:
            for run in outcome.ran:
                shown = (set(run.live) | set(run.final or []))
                for name, score in scores.items():
                    predicted = name in (run.init or [])
                    score.predicted += predicted
                    score.confirmed += predicted and name in shown
                    score.shown_unpredicted += (not predicted) and name in shown
        return list(scores.values())

    def trains_well_called(self) -> tuple:
        """(runs that trained well, [(outcome, run, names)] of those called vanishing or exploding,
        runs whose trace could not say)."""
        well, called, unknown = 0, [], 0
        for outcome in self.outcomes:
            for run in outcome.ran:
                verdict = measures.trains_well(run)
                if verdict is None:
                    unknown += 1
                    continue
                if verdict:
                    well += 1
                    names = sorted(set(fd.GRADIENT_PROBLEMS) & run.reported())
                    if names:
                        called.append((outcome, run, names))
        return well, called, unknown

    def unknown_titles(self) -> list:
        titles = []
        for outcome in self.outcomes:
            for run in outcome.runs:
                for title in run.unknown_titles:
                    if title not in titles:
                        titles.append(title)
        return titles

    def trace_problems(self) -> list:
        return [
            (outcome.case.id, run.seed, run.trace_error)
            for outcome in self.outcomes
            for run in outcome.ran
            if run.trace_error
        ]


def evaluate(cases: list, results: dict, seeds: list) -> Evaluation:
    outcomes = [
        CaseOutcome(case=case, runs=[results[(case.id, seed)] for seed in seeds], seeds=len(seeds))
        for case in cases
    ]
    return Evaluation(outcomes=outcomes, seeds=seeds)
