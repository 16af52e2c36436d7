"""scripts/eval-diagnosis: the command line."""

from __future__ import annotations

import argparse
import datetime
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

from . import measures, oracles, quick, report, runs, scoring
from .cases import discover, matches, remedy_of

BEGIN = "<!-- eval-table begin -->"
END = "<!-- eval-table end -->"

USAGE = """scripts/eval-diagnosis [--seeds N] [--only ID]... [--quick] [--oracles] [--write-docs]
                       [--jobs N] [--timeout S] [--json FILE] [--cases DIR]"""


def parse_arguments(argv: list) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="scripts/eval-diagnosis",
        usage=USAGE,
        description="Runs the outside evaluation cases (evaluation/cases/) over seeds with the release "
        "binary and prints how well GradLab's diagnosis does on them (docs/diagnosis.md, "
        "\"Evaluation on outside cases\").",
    )
    parser.add_argument("--seeds", type=int, default=3, metavar="N", help="run every case with seeds 1..N (default 3)")
    parser.add_argument("--only", action="append", default=[], metavar="ID",
                        help="only cases whose id or file name is ID, matches it as a glob, or lie in the set ID "
                        "(clean, deeplocalize/...); may be repeated")
    parser.add_argument("--quick", action="store_true",
                        help="the fixed subset of evaluation/quick.json, with its seeds; exits 1 when a figure "
                        "falls below its recorded floor")
    parser.add_argument("--oracles", action="store_true",
                        help="also print the three labels of each case side by side (published, AUTOTRAINER's "
                        "rules, the intervention) and their disagreements; runs at least 5 seeds and the "
                        "remedy cases")
    parser.add_argument("--write-docs", action="store_true",
                        help=f"write the table into docs/diagnosis.md between {BEGIN} and {END}")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, metavar="N",
                        help="runs in parallel (default: the machine's cores)")
    parser.add_argument("--timeout", type=float, default=120, metavar="S",
                        help="seconds one run may take before it counts as a timeout (default 120)")
    parser.add_argument("--json", metavar="FILE", help="also write every run's result as JSON")
    parser.add_argument("--cases", type=Path, metavar="DIR",
                        help="run the cases under DIR instead of evaluation/cases/ (for trying new cases; "
                        "paths in them still resolve against the repository root)")
    parser.add_argument("--root", type=Path, default=Path(__file__).resolve().parents[2], help=argparse.SUPPRESS)
    arguments = parser.parse_args(argv)
    if arguments.seeds < 1:
        parser.error("--seeds needs a whole number ≥ 1")
    if arguments.jobs < 1 or arguments.timeout <= 0:
        parser.error("--jobs needs a whole number ≥ 1 and --timeout a number of seconds > 0")
    if arguments.write_docs and (arguments.only or arguments.quick or arguments.cases):
        parser.error("--write-docs writes the table of every case: it cannot be combined with --only, --quick or --cases")
    return arguments


def metadata(root: Path, binary: Path) -> dict:
    def output(command):
        try:
            return subprocess.run(command, cwd=root, capture_output=True, text=True, timeout=30).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            return ""

    version = output([str(binary), "--version"]).splitlines()
    commit = output(["git", "rev-parse", "--short", "HEAD"])
    if commit and output(["git", "status", "--porcelain", "--", "Sources", "Package.swift", "evaluation"]):
        commit += " with uncommitted changes"
    return {
        "date": datetime.date.today().isoformat(),
        "version": version[0] if version else "gradlab",
        "commit": commit,
    }


def select(arguments, all_cases: list) -> tuple:
    """(cases to run, seeds, floors or None)."""
    seeds = arguments.seeds
    floors = None
    cases = all_cases
    if arguments.quick:
        try:
            spec = quick.load(arguments.root / "evaluation" / "quick.json")
        except (OSError, ValueError) as error:
            raise SystemExit(f"eval-diagnosis --quick: {error}") from None
        by_id = {c.id: c for c in all_cases}
        missing = [case_id for case_id in spec["cases"] if case_id not in by_id]
        if missing:
            raise SystemExit(f"eval-diagnosis --quick: evaluation/quick.json lists cases that do not exist: "
                             f"{', '.join(missing)}")
        cases = [by_id[case_id] for case_id in spec["cases"]]
        seeds = spec.get("seeds", seeds)
        floors = spec.get("floors", {})
    elif arguments.only:
        cases = [c for c in all_cases if matches(c, arguments.only)]
        if not cases:
            raise SystemExit(f"eval-diagnosis: no case matches {', '.join(arguments.only)}")
    if arguments.oracles:
        seeds = max(seeds, 5)
        by_id = {c.id: c for c in all_cases}
        chosen = {c.id: c for c in cases}
        for case in cases:
            remedy = remedy_of(case, by_id)
            if remedy is not None:
                chosen.setdefault(remedy.id, remedy)
        cases = list(chosen.values())
    return cases, list(range(1, seeds + 1)), floors


def write_docs(root: Path, markdown: str) -> None:
    path = root / "docs" / "diagnosis.md"
    text = path.read_text(encoding="utf-8")
    if BEGIN not in text or END not in text:
        raise SystemExit(f"eval-diagnosis: {path} has no {BEGIN} ... {END} section to write")
    head, rest = text.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    note = "<!-- written by scripts/eval-diagnosis --write-docs; edits here are overwritten -->\n"
    path.write_text(head + BEGIN + "\n" + note + "\n" + markdown + "\n" + END + tail, encoding="utf-8")
    print(f"wrote the table into {path.relative_to(root)}", file=sys.stderr)


def result_json(evaluation) -> dict:
    out = {"seeds": evaluation.seeds, "cases": []}
    for outcome in evaluation.outcomes:
        case = outcome.case
        out["cases"].append({
            "id": case.id, "kind": case.kind, "expect": case.expect, "forbid": case.forbid, "allow": case.allow,
            "right": outcome.right, "specific": outcome.specific, "reported": sorted(outcome.reported),
            "runs": [{
                "seed": run.seed, "status": run.status, "reason": run.reason, "init": run.init,
                "live": run.live, "final": run.final, "stopped_step": run.stopped_step,
                "seconds": round(run.seconds, 3), "trace_error": run.trace_error,
                "trains_well": measures.trains_well(run), "final_score": measures.final_score(run),
                "task_score": measures.task_score(run),
            } for run in outcome.runs],
        })
    return out


def main(argv=None) -> int:
    arguments = parse_arguments(sys.argv[1:] if argv is None else argv)
    root = arguments.root
    all_cases = discover(arguments.cases.resolve() if arguments.cases else root / "evaluation" / "cases")
    if not all_cases:
        print(f"eval-diagnosis: no cases under {arguments.cases or 'evaluation/cases/'}", file=sys.stderr)
        return 1
    cases, seeds, floors = select(arguments, all_cases)
    started = time.monotonic()
    print(f"eval-diagnosis: {len(cases)} cases × {len(seeds)} seeds on {arguments.jobs} parallel runs ...",
          file=sys.stderr)
    results = runs.run_all(root, cases, seeds, arguments.jobs, arguments.timeout)
    elapsed = time.monotonic() - started
    evaluation = scoring.evaluate(cases, results, seeds)
    meta = metadata(root, runs.binary_path(root))
    parts = report.sections(evaluation, meta)
    print(report.as_text(parts), flush=True)
    if arguments.oracles:
        rows = oracles.oracle_rows(evaluation, {c.id: c for c in all_cases})
        print("Oracles (published label, AUTOTRAINER's rules over GradLab's trace, the intervention)\n")
        print(oracles.as_text(rows, len(seeds)))
    cpu = sum(run.seconds for run in results.values())
    print(f"{len(results)} runs in {elapsed:.0f} s ({cpu:.0f} s of runs) on {arguments.jobs} parallel runs")
    if arguments.json:
        data = result_json(evaluation)
        if arguments.oracles:
            data["oracles"] = oracles.as_json(rows, len(seeds))
        Path(arguments.json).write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    if arguments.write_docs:
        write_docs(root, report.as_markdown(parts))
    if floors is not None:
        failures = quick.check(evaluation, floors)
        if failures:
            print("eval-diagnosis --quick: below the recorded floors (evaluation/quick.json):", file=sys.stderr)
            for failure in failures:
                print(f"  {failure}", file=sys.stderr)
            return 1
        print("eval-diagnosis --quick: every figure at or above its recorded floor", file=sys.stderr)
    return 0
