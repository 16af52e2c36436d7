"""Case files: discovery under evaluation/cases/, their headers, their twins.

A case is `evaluation/cases/<set>/<name>.grad`; its id is `<set>/<name>`.
The header is the comment block at the top, `# key: value` lines; a comment
line without a key continues the previous value. evaluation/README.md
describes the format.
"""

from __future__ import annotations

import fnmatch
import re
from dataclasses import dataclass, field
from pathlib import Path

from .findings import parse_list

KINDS = ("buggy", "fixed", "seeded", "clean")

_KEY_LINE = re.compile(r"^#\s*([A-Za-z_][A-Za-z0-9_-]*)\s*:(.*)$")


@dataclass
class Case:
    """One case file and what its header says."""

    id: str
    path: Path
    header: dict = field(default_factory=dict)
    problems: list = field(default_factory=list)

    @property
    def kind(self) -> str:
        return self.header.get("kind", "").split()[0].lower() if self.header.get("kind") else ""

    @property
    def expect(self) -> list:
        return parse_list(self.header.get("expect", ""))

    @property
    def forbid(self) -> list:
        return parse_list(self.header.get("forbid", ""))

    @property
    def allow(self) -> list:
        return parse_list(self.header.get("allow", ""))

    @property
    def group(self) -> str:
        """`real` (buggy and fixed transcriptions), `seeded` or `clean`."""
        if self.kind in ("buggy", "fixed"):
            return "real"
        return self.kind or "unknown"

    @property
    def set_name(self) -> str:
        return self.id.split("/", 1)[0]

    @property
    def base_name(self) -> str:
        return self.id.rsplit("/", 1)[-1]


def parse_header(text: str) -> dict:
    """The `# key: value` lines at the top of a case (keys lower-cased)."""
    header: dict = {}
    last = None
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped.startswith("#"):
            if stripped == "" and not header:
                continue
            break
        if stripped.startswith("#!") or stripped.startswith("#%%"):
            continue
        match = _KEY_LINE.match(stripped)
        if match:
            last = match.group(1).lower()
            header[last] = match.group(2).strip()
        elif last is not None:
            more = stripped.lstrip("#").strip()
            if more:
                header[last] = (header[last] + " " + more).strip()
    return header


def load_case(path: Path, cases_root: Path) -> Case:
    """Reads one case file; `problems` lists what is wrong with its header."""
    case_id = str(path.relative_to(cases_root).with_suffix("")).replace("\\", "/")
    text = path.read_text(encoding="utf-8", errors="replace")
    case = Case(id=case_id, path=path, header=parse_header(text))
    if case.kind not in KINDS:
        case.problems.append(f"kind is {case.header.get('kind', '(missing)')!r}, not one of {', '.join(KINDS)}")
    if case.kind == "clean" and case.expect:
        case.problems.append("a clean case expects findings")
    if case.kind in ("buggy", "seeded") and not case.expect and not case.forbid:
        case.problems.append("a buggy or seeded case with neither expect: nor forbid:")
    declared = case.header.get("case")
    if declared and declared != case.id:
        case.problems.append(f"its header says case: {declared}, its path says {case.id}")
    return case


def discover(cases_root: Path) -> list:
    """Every case under the root, sorted by id."""
    if not cases_root.is_dir():
        return []
    return [load_case(path, cases_root) for path in sorted(cases_root.rglob("*.grad"))]


def matches(case: Case, patterns: list) -> bool:
    """Whether `--only` selects the case: its id or file name, a glob over
    either, or a set (`clean`, `deeplocalize/`)."""
    for pattern in patterns:
        pattern = pattern.strip().removesuffix(".grad")
        if pattern in (case.id, case.base_name) or case.id.startswith(pattern.rstrip("/") + "/"):
            return True
        if fnmatch.fnmatch(case.id, pattern) or fnmatch.fnmatch(case.base_name, pattern):
            return True
    return False


def remedy_of(case: Case, by_id: dict):
    """The case whose run is this case's standard remedy, or None: a buggy
    case's fixed twin (same id, `-fixed`); a seeded case's base program: its
    `base:` header, else, for `<base>-<operator>` names (the operator may hold
    hyphens), the longest prefix that names a case `<prefix>-clean`,
    `<prefix>-fixed` or `<prefix>`, in the seeded case's own set first."""
    if case.kind == "buggy":
        twin = re.sub(r"-buggy$", "-fixed", case.id)
        if twin == case.id:
            twin = case.id + "-fixed"
        return by_id.get(twin)
    if case.kind != "seeded":
        return None
    base = case.header.get("base", "").split()
    if base:
        name = base[0].removesuffix(".grad").removeprefix("evaluation/cases/")
        if name in by_id:
            return by_id[name]
    parts = case.base_name.split("-")
    others = sorted({c.set_name for c in by_id.values()} - {case.set_name})
    for length in range(len(parts) - 1, 0, -1):
        prefix = "-".join(parts[:length])
        for set_name in [case.set_name] + others:
            for name in (f"{prefix}-clean", f"{prefix}-fixed", prefix):
                found = by_id.get(f"{set_name}/{name}")
                if found is not None and found is not case and found.kind != "seeded":
                    return found
    return None
