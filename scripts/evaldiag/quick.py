"""The quick evaluation scripts/test runs: a fixed subset of cases and the
floors its figures must not fall below (evaluation/quick.json)."""

from __future__ import annotations

import json
from pathlib import Path

FLOOR_KEYS = {
    "min_right_share": "share of the quick cases right",
    "min_specificity": "specificity on the quick fixed and clean cases",
    "max_trains_well_called_vanishing_or_exploding": "runs that trained well called vanishing or exploding",
    "max_could_not_run": "quick cases that could not run",
}


def load(path: Path) -> dict:
    spec = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(spec.get("cases"), list) or not spec["cases"]:
        raise ValueError(f"{path}: 'cases' must list the quick cases' ids")
    unknown = set(spec.get("floors", {})) - set(FLOOR_KEYS)
    if unknown:
        raise ValueError(f"{path}: unknown floors {', '.join(sorted(unknown))}")
    return spec


def measure(evaluation) -> dict:
    right, total = evaluation.right("buggy", "fixed", "seeded", "clean")
    specific, specific_total = evaluation.specificity("fixed", "clean")
    _, called, _ = evaluation.trains_well_called()
    return {
        "min_right_share": right / total if total else 0.0,
        "min_specificity": specific / specific_total if specific_total else 1.0,
        "max_trains_well_called_vanishing_or_exploding": len(called),
        "max_could_not_run": len(evaluation.could_not_run),
    }


def check(evaluation, floors: dict) -> list:
    """The figures below their floors, as sentences; empty when all hold."""
    values = measure(evaluation)
    failures = []
    for key, floor in floors.items():
        value = values[key]
        below = value < floor if key.startswith("min_") else value > floor
        if below:
            bound = "at least" if key.startswith("min_") else "at most"
            shown = f"{value:.2f}" if isinstance(value, float) else str(value)
            failures.append(f"{FLOOR_KEYS[key]}: {shown}, the floor is {bound} {floor}")
    return failures
