"""The evaluation's figures as text (the terminal) or Markdown (docs/diagnosis.md)."""

from __future__ import annotations

from collections import Counter

from .table import Table, percent, share

GROUP_ROWS = [
    ("buggy (real)", ("buggy",)),
    ("fixed (real)", ("fixed",)),
    ("real: buggy + fixed", ("buggy", "fixed")),
    ("seeded", ("seeded",)),
    ("clean", ("clean",)),
    ("all", ("buggy", "fixed", "seeded", "clean")),
]


def _fmt(value, digits: int = 0) -> str:
    if value is None:
        return "–"
    return f"{value:.{digits}f}"


def _cases(count: int) -> str:
    return f"{count} case" if count == 1 else f"{count} cases"


def _names(names) -> str:
    return ", ".join(sorted(names)) if names else "–"


def sections(evaluation, meta: dict) -> list:
    """(title, [paragraphs or Tables]) in order."""
    out = []
    counts = Counter(o.case.kind or "unknown" for o in evaluation.outcomes)
    ran = len(evaluation.outcomes) - len(evaluation.could_not_run)
    seeds = evaluation.seeds
    seed_text = f"{seeds[0]}–{seeds[-1]}" if len(seeds) > 1 else str(seeds[0]) if seeds else "none"
    summary = (
        f"{meta.get('date', '')}, seeds {seed_text} ({len(seeds)} per case), {meta.get('version', 'gradlab')}"
        f"{', commit ' + meta['commit'] if meta.get('commit') else ''}. "
        f"{len(evaluation.outcomes)} cases: "
        + ", ".join(f"{counts[k]} {k}" for k in ("buggy", "fixed", "seeded", "clean", "unknown") if counts[k])
        + f"; {ran} ran, {len(evaluation.could_not_run)} could not run."
    )
    out.append(("Summary", [summary]))

    right = Table(["cases", "right", "specificity (no forbidden finding)"])
    for label, kinds in GROUP_ROWS:
        r, n = evaluation.right(*kinds)
        if not n:
            continue
        specific = share(*evaluation.specificity(*kinds)) if set(kinds) <= {"fixed", "clean"} else ""
        right.add(label, share(r, n), specific)
    r, n = evaluation.specificity("fixed", "clean")
    if n and evaluation.group("fixed") and evaluation.group("clean"):
        right.add("fixed + clean", "", share(r, n))
    out.append(("Cases right (every expected finding, no forbidden one, on a majority of seeds)", [right]))

    for kind, title in (("buggy", "real buggy cases"), ("seeded", "seeded cases")):
        table = Table(["finding", "expected", "found", "missed", "false pos.", "precision", "recall"])
        quiet = []
        for score in evaluation.finding_scores(kind):
            if score.expected or score.fp:
                table.add(score.name, score.expected, score.tp, score.fn, score.fp,
                          percent(score.precision), percent(score.recall))
            else:
                quiet.append(score.name)
        cases = len(evaluation.group(kind))
        if not cases:
            body = ["(no cases)"]
        elif table.rows:
            body = [table]
        else:
            body = [f"({_cases(cases)}; no finding expected or falsely reported)"]
        if quiet and table.rows:
            body.append("Neither expected nor falsely reported: " + ", ".join(quiet) + ".")
        out.append((f"Per finding, {title} ({_cases(cases)})", body))

    alarms = [(s.name, s.false_alarms) for s in evaluation.finding_scores("fixed") if s.false_alarms]
    fixed_clean = len(evaluation.group("fixed", "clean"))
    text = ", ".join(f"{name} {count}" for name, count in alarms) if alarms else "none"
    out.append((f"False alarms on fixed and clean cases ({_cases(fixed_clean)}; cases per finding)", [text]))

    steps = Table(["expected finding", "runs", "before training", "live", "median step", "median share of run",
                   "only at the end", "missed"])
    for score in evaluation.step_scores():
        steps.add(score.name, score.runs, score.before, len(score.live_steps), _fmt(score.median_step),
                  percent(score.median_fraction), score.end_only, score.missed)
    out.append(("When an expected finding is first reported (runs of cases that expect it)",
                [steps if steps.rows else "(no case expects a finding)"]))

    predictions = Table(["finding", "predicted before training", "then shown by the run", "not shown",
                         "shown, not predicted"])
    for score in evaluation.prediction_scores():
        predictions.add(score.name, score.predicted, score.confirmed, score.predicted - score.confirmed,
                        score.shown_unpredicted)
    out.append(("Predictions of diagnose(net, data) against the run (all runs; shown = live or in diagnose(h))",
                [predictions]))

    well, called, unknown = evaluation.trains_well_called()
    lines = [f"{len(called)} of {well} runs that trained well were called vanishing or exploding (must be 0)"
             + (f"; {unknown} runs had no trace to judge by." if unknown else ".")]
    for outcome, run, names in called:
        where = "; ".join(f"{name} ({', '.join(run.sources(name))})" for name in names)
        lines.append(f"- {outcome.case.id} seed {run.seed}: {where}")
    out.append(("Networks that train well called vanishing or exploding", lines))

    wrong = [o for o in evaluation.outcomes if not o.could_not_run and not o.right]
    lines = []
    for outcome in wrong:
        case = outcome.case
        reported = outcome.reported
        missing = [n for n in case.expect if n not in reported]
        forbidden = [n for n in case.forbid if n in reported]
        parts = [f"reported {_names(reported)}"]
        if missing:
            parts.append(f"missing {_names(missing)}")
        if forbidden:
            parts.append(f"forbidden {_names(forbidden)}")
        right_runs = sum(outcome.run_right(run) for run in outcome.runs)
        lines.append(f"- {case.id} ({case.kind}): " + "; ".join(parts) + f" (right on {right_runs} of {outcome.seeds} seeds)")
    out.append(("Cases not right", lines or ["none"]))

    lines = []
    for outcome in evaluation.could_not_run:
        reasons = Counter(f"{run.status}: {run.reason}" for run in outcome.runs)
        lines.append(f"- {outcome.case.id}: " + "; ".join(reasons))
    for outcome in evaluation.partly_failed:
        reasons = Counter(f"{run.status}: {run.reason}" for run in outcome.failed_runs)
        lines.append(f"- {outcome.case.id} (on {len(outcome.failed_runs)} of {outcome.seeds} seeds): "
                     + "; ".join(reasons))
    out.append(("Cases that could not run", lines or ["none"]))

    notes = []
    problems = [f"{o.case.id}: {p}" for o in evaluation.outcomes for p in o.case.problems]
    if problems:
        notes.append("Header problems: " + "; ".join(problems) + ".")
    titles = evaluation.unknown_titles()
    if titles:
        notes.append("Announcements with a title the runner does not know (scored as nothing; add them to "
                     "scripts/evaldiag/findings.py): " + "; ".join(titles) + ".")
    trace = evaluation.trace_problems()
    if trace:
        notes.append(f"{len(trace)} runs printed no complete trace, e.g. {trace[0][0]} seed {trace[0][1]}: {trace[0][2]}")
    if notes:
        out.append(("Notes", notes))
    return out


def as_text(parts: list) -> str:
    lines = []
    for title, body in parts:
        lines.append(title)
        for item in body:
            lines.append(item.text() if isinstance(item, Table) else "  " + item)
        lines.append("")
    return "\n".join(lines)


def as_markdown(parts: list, level: str = "####") -> str:
    lines = []
    for title, body in parts:
        if title == "Summary":
            lines += [body[0], ""]
            continue
        lines += [f"{level} {title}", ""]
        for item in body:
            if isinstance(item, Table):
                lines += [item.markdown(), ""]
            else:
                if item.startswith("- ") and lines[-1] and not lines[-1].startswith("- "):
                    lines.append("")
                lines.append(item)
        if lines[-1] != "":
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"
