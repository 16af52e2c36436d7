"""Builders for the tests: cases and runs without running anything."""

from __future__ import annotations

from pathlib import Path

from evaldiag.cases import Case
from evaldiag.runs import RunResult


def case(case_id="set/x-buggy", kind="buggy", expect="", forbid="", allow="", **more) -> Case:
    header = {"kind": kind, "expect": expect, "forbid": forbid, "allow": allow}
    header.update(more)
    return Case(id=case_id, path=Path(f"/cases/{case_id}.grad"), header=header)


def run(case_id="set/x-buggy", seed=1, init=(), live=None, final=("healthy",), status="ok", trace=None,
        stopped_step=None, train_call=None) -> RunResult:
    return RunResult(
        case_id=case_id, seed=seed, status=status, init=list(init), live=dict(live or {}), final=list(final),
        trace=dict(trace or {}), stopped_step=stopped_step, train_call=train_call,
    )
