"""Running cases with the release binary and reading what they print."""

from __future__ import annotations

import os
import platform
import re
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from . import instrument as inst
from .findings import HEALTHY, name_for_title
from .values import ValueSyntaxError, parse_value

OK = "ok"
PARSE_ERROR = "parse error"
RUNTIME_ERROR = "runtime error"
TIMEOUT = "timeout"
NO_PROTOCOL = "protocol lines missing"
FAILED = "failed"

_ANNOUNCEMENT = re.compile(r"^(?:⚠|!)\s+(?:step\s+(?P<step>\d+)|(?P<when>[^:]+)):\s+(?P<title>[^:]+):")
_STOPPED = re.compile(r"^training stopped: step (?P<step>\d+):")
_ERROR = re.compile(r"^(?P<file>.+?):(?P<line>\d+):(?P<column>\d+): error: (?P<message>.*)$")
_MISSING_VOCABULARY = re.compile(
    r"is not defined|cannot be called|has no argument|must be a model or a plot, found a dataset|is not a function"
)


@dataclass
class RunResult:
    """One case run with one seed: what GradLab reported and the trace."""

    case_id: str
    seed: int
    status: str = OK
    reason: str = ""
    init: list | None = None
    final: list | None = None
    live: dict = field(default_factory=dict)
    unknown_titles: list = field(default_factory=list)
    stopped_step: int | None = None
    trace: dict = field(default_factory=dict)
    trace_error: str = ""
    seconds: float = 0.0
    train_call: object = None

    @property
    def ran(self) -> bool:
        return self.status == OK

    def reported(self) -> set:
        """Every finding GradLab told the user: before training, live, or at the end."""
        names = set(self.init or []) | set(self.live) | set(self.final or [])
        names.discard(HEALTHY)
        return names

    def sources(self, name: str) -> list:
        """Where a finding was reported: `init`, `live` and/or `final`."""
        return [
            source
            for source, names in (("init", self.init or []), ("live", self.live), ("final", self.final or []))
            if name in names
        ]


def binary_path(root: Path) -> Path:
    return root / ".build" / "release" / "gradlab"


def ensure_binary(root: Path) -> Path:
    """The release binary, built first when it is missing or older than a source
    file or Package.swift (as scripts/gradlab does)."""
    binary = binary_path(root)
    stale = not binary.exists()
    if not stale:
        built = binary.stat().st_mtime
        sources = [root / "Package.swift"] + [p for p in (root / "Sources").rglob("*") if p.is_file()]
        stale = any(p.stat().st_mtime > built for p in sources)
    if stale:
        print("building the release binary (swift build -c release --product gradlab) ...", file=sys.stderr)
        subprocess.run(
            ["swift", "build", "-c", "release", "--product", "gradlab"],
            cwd=root,
            check=True,
            stdout=sys.stderr,
        )
    return binary


def child_environment(jobs: int) -> dict:
    """The runs' environment: no colour; one OpenBLAS thread per run when runs go
    in parallel; OpenBLAS's Haswell kernels unless the caller chose (as scripts/test,
    so the figures do not depend on the CPU's own kernels)."""
    env = dict(os.environ)
    env["NO_COLOR"] = "1"
    if jobs > 1:
        env.setdefault("OPENBLAS_NUM_THREADS", "1")
    if platform.machine() in ("x86_64", "AMD64"):
        env.setdefault("OPENBLAS_CORETYPE", "Haswell")
    return env


def parse_output(result: RunResult, stdout: str, case_lines: int) -> None:
    """Fills in the protocol lines, the live announcements, a non-finite stop and the trace."""
    for line in stdout.splitlines():
        if line.startswith("eval-init ") or line.startswith("eval-final "):
            key, _, text = line.partition(" ")
            try:
                names = [str(n) for n in parse_value(text)]
            except (ValueSyntaxError, TypeError):
                names = None
            if key == "eval-init" and result.init is None:
                result.init = names
            elif key == "eval-final":
                result.final = names
        elif line.startswith(inst.TRACE_PREFIX):
            key, _, text = line[len(inst.TRACE_PREFIX):].partition(" ")
            try:
                result.trace[key] = parse_value(text)
            except ValueSyntaxError:
                result.trace[key] = text  # a string printed at the top level is unquoted
        else:
            announcement = _ANNOUNCEMENT.match(line)
            if announcement:
                title = announcement.group("title").strip()
                name = name_for_title(title)
                # "⚠ before training: ..." (the checks of the program when train starts) is step 0
                step = int(announcement.group("step")) if announcement.group("step") else 0
                if name is None:
                    if title not in result.unknown_titles:
                        result.unknown_titles.append(title)
                elif name not in result.live:
                    result.live[name] = step
                continue
            stopped = _STOPPED.match(line)
            if stopped and result.stopped_step is None:
                result.stopped_step = int(stopped.group("step"))


def first_error(stderr: str, program_path: str, case_path: str) -> tuple:
    """The first error report's (line, message), with the temporary path replaced."""
    for line in stderr.splitlines():
        match = _ERROR.match(line)
        if match:
            return int(match.group("line")), match.group("message").replace(program_path, case_path)
    lines = [line for line in stderr.splitlines() if line.strip()]
    return None, (lines[0].replace(program_path, case_path) if lines else "")


def run_one(binary: Path, root: Path, case, program: Path, case_lines: int, seed: int, timeout: float, env: dict) -> RunResult:
    """Runs one case with one seed."""
    result = RunResult(case_id=case.id, seed=seed)
    started = time.monotonic()
    try:
        completed = subprocess.run(
            [str(binary), "run", str(program), "--seed", str(seed), "--no-color"],
            cwd=root,
            env=env,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            errors="replace",
            timeout=timeout,
        )
    except subprocess.TimeoutExpired as expired:
        result.seconds = time.monotonic() - started
        result.status, result.reason = TIMEOUT, f"no result after {timeout:g} s"
        stdout = expired.stdout.decode("utf-8", "replace") if isinstance(expired.stdout, bytes) else (expired.stdout or "")
        parse_output(result, stdout, case_lines)
        return result
    result.seconds = time.monotonic() - started
    parse_output(result, completed.stdout, case_lines)
    case_path = str(case.path.relative_to(root)) if case.path.is_relative_to(root) else str(case.path)
    line, message = first_error(completed.stderr, str(program), case_path)
    code = completed.returncode
    if code == 0:
        if result.final is None:
            result.status, result.reason = NO_PROTOCOL, "no eval-final line was printed"
    elif code == 65:
        result.status, result.reason = PARSE_ERROR, f"line {line}: {message}" if line else message
    elif code == 70 and line is not None and line > case_lines and result.final is not None:
        result.trace_error = message
    elif code == 70:
        kind = "missing vocabulary: " if _MISSING_VOCABULARY.search(message) else ""
        result.status, result.reason = RUNTIME_ERROR, f"{kind}line {line}: {message}" if line else message
    elif code < 0:
        result.status, result.reason = FAILED, f"killed by signal {-code}"
    else:
        result.status, result.reason = FAILED, f"exit code {code}: {message}"
    return result


def run_all(root: Path, cases: list, seeds: list, jobs: int, timeout: float, progress=True) -> dict:
    """Runs every case with every seed in parallel: {(case id, seed): RunResult}."""
    binary = ensure_binary(root)
    env = child_environment(jobs)
    results: dict = {}
    with tempfile.TemporaryDirectory(prefix="eval-diagnosis-") as folder:
        work = []
        calls = {}
        for case in cases:
            instrumented = inst.instrument(case.path.read_text(encoding="utf-8", errors="replace"))
            calls[case.id] = instrumented.train
            program = Path(folder) / (case.id.replace("/", "__") + ".grad")
            program.write_text(instrumented.text, encoding="utf-8")
            for seed in seeds:
                work.append((case, program, instrumented.case_lines, seed))
        total, done = len(work), 0
        started = time.monotonic()
        with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
            futures = [
                pool.submit(run_one, binary, root, case, program, lines, seed, timeout, env)
                for case, program, lines, seed in work
            ]
            for future in futures:
                result = future.result()
                result.train_call = calls.get(result.case_id)
                results[(result.case_id, result.seed)] = result
                done += 1
                if progress and sys.stderr.isatty():
                    print(f"\r{done}/{total} runs, {time.monotonic() - started:.0f} s", end="", file=sys.stderr)
        if progress and sys.stderr.isatty():
            print(file=sys.stderr)
    return results
