"""Every walkthrough, as GradLab's own .ipynb export, executed by nbconvert under the kernel.

For each walkthrough: `gradlab run NN-slug.grad --notebook NN-slug.ipynb` (as
WalkthroughTests runs it), whose outputs joined must be the golden file
(cell_outputs.golden_problem); the notebook with its outputs cleared; then

    jupyter nbconvert --to notebook --execute --ExecutePreprocessor.kernel_name=gradlab
        --ExecutePreprocessor.timeout=CELL_SECONDS --ExecutePreprocessor.allow_errors=True

with the kernel in the walkthrough's folder (a copy, so a walkthrough that
read or wrote files would find them there; one nbconvert runs six notebooks,
two run at once), and each code cell's outputs compared with the
export's outputs of that cell (cell_outputs.difference): printed text and
tables by their text, plots by the presence of image/svg+xml. A place in the
script (`NN-slug.grad:LINE:COL`) is expected as the kernel names it
(`In[n]:LINE:COL`). The environment is the golden one (proof_setup.run_environment).

A report line per walkthrough is printed: the seconds from its first cell's
start to its last cell's end, its cells, and its first difference.
"""

import concurrent.futures
import datetime
import json
import subprocess
import sys
import unittest

import cell_outputs as co
import proof_setup as setup

CELL_SECONDS = 120


def execute_all(notebooks):
    """Runs one `jupyter nbconvert --to notebook --execute` over `notebooks`.

    nbconvert starts a kernel for each notebook in the notebook's folder and
    writes `STEM.nbconvert.ipynb` beside it. Errors in cells are kept as
    outputs (`allow_errors`), so that one walkthrough's failure is reported
    as its difference and the others still run. Returns nbconvert's exit
    status and the end of its standard error.
    """
    command = [
        sys.executable,
        "-m",
        "jupyter",
        "nbconvert",
        "--to",
        "notebook",
        "--execute",
        "--ExecutePreprocessor.kernel_name=%s" % setup.KERNEL_NAME,
        "--ExecutePreprocessor.timeout=%d" % CELL_SECONDS,
        "--ExecutePreprocessor.allow_errors=True",
    ] + [str(n) for n in notebooks]
    run = subprocess.run(
        command,
        env=setup.run_environment(),
        capture_output=True,
        text=True,
        timeout=CELL_SECONDS * 40,
    )
    return run.returncode, run.stderr[-3000:]


def kernel_seconds(notebook):
    """The time from the first cell's start to the last cell's end, from the
    timing nbclient records in each cell's metadata."""
    times = [c.get("metadata", {}).get("execution", {}) for c in co.code_cells(notebook)]
    try:
        first = datetime.datetime.fromisoformat(times[0]["iopub.status.busy"])
        last = datetime.datetime.fromisoformat(times[-1]["iopub.status.idle"])
    except (IndexError, KeyError, ValueError):
        return float("nan")
    return (last - first).total_seconds()


def cleared(export):
    """The export with no outputs and no execution counts, as a learner would open it."""
    notebook = json.loads(json.dumps(export))
    for cell in co.code_cells(notebook):
        cell["outputs"] = []
        cell["execution_count"] = None
    return notebook


class Walkthrough:
    """One walkthrough: its export, the golden check, and what nbconvert made of it."""

    def __init__(self, name):
        self.name = name
        self.folder = setup.work_folder("walkthroughs/" + name.replace(".grad", ""))
        path, _ = setup.export_walkthrough(name, self.folder)
        with open(path, encoding="utf-8") as f:
            self.export = json.load(f)
        golden = (setup.GOLDEN / name.replace(".grad", ".out")).read_text(encoding="utf-8")
        self.golden_problem = co.golden_problem(co.code_cells(self.export), golden)
        self.notebook = self.folder / (path.stem + ".cleared.ipynb")
        self.notebook.write_text(
            json.dumps(cleared(self.export), ensure_ascii=False), encoding="utf-8"
        )
        self.nbconvert_failure = None

    def executed(self):
        """The executed notebook nbconvert wrote, or None."""
        path = self.notebook.with_name(self.notebook.stem + ".nbconvert.ipynb")
        if not path.exists():
            return None
        with open(path, encoding="utf-8") as f:
            return json.load(f)


class WalkthroughNotebookTests(unittest.TestCase):
    def check(self, walkthrough):
        """The executed notebook against the export's outputs; returns the report line's verdict."""
        self.assertIsNone(
            walkthrough.golden_problem,
            "the export's outputs are not the golden file: %s" % walkthrough.golden_problem,
        )
        executed = walkthrough.executed()
        self.assertIsNotNone(
            executed, "nbconvert wrote no executed notebook: %s" % walkthrough.nbconvert_failure
        )
        want_cells = co.code_cells(walkthrough.export)
        got_cells = co.code_cells(executed)
        self.assertEqual(len(got_cells), len(want_cells))
        counts = [c.get("execution_count") for c in got_cells]
        self.assertEqual(
            counts, list(range(1, len(got_cells) + 1)), "each cell runs once, in order"
        )
        self.assertEqual(executed["metadata"]["language_info"]["name"], "grad")

        name = walkthrough.name
        script = (setup.WALKTHROUGHS / name).read_text(encoding="utf-8").split("\n")
        where = co.cell_lines(script, ["".join(c["source"]) for c in want_cells])
        problems = []
        for k, (want, got) in enumerate(zip(want_cells, got_cells)):
            expected = co.expected_items(want["outputs"], name, where, counts)
            difference = co.difference(expected, co.items(got["outputs"]))
            if difference:
                problems.append("cell %d (In [%s]): %s" % (k + 1, counts[k], difference))
        if problems:
            self.fail("\n".join(problems))

    def test_every_walkthrough_runs_in_the_kernel_with_its_golden_outputs(self):
        names = setup.walkthrough_names()
        self.assertEqual(len(names), 12)
        walkthroughs = [Walkthrough(name) for name in names]
        # Two nbconvert processes (the machine's two cores), six notebooks
        # each; every kernel computes on one thread, as the golden outputs
        # need, so the two do not disturb each other's numbers.
        groups = [walkthroughs[0::2], walkthroughs[1::2]]
        with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
            results = list(pool.map(lambda g: execute_all([w.notebook for w in g]), groups))
        for group, (status, errors) in zip(groups, results):
            if status != 0:
                for walkthrough in group:
                    walkthrough.nbconvert_failure = "nbconvert exited %d: %s" % (status, errors)
        report = []
        for walkthrough in walkthroughs:
            with self.subTest(walkthrough=walkthrough.name):
                verdict = "match"
                try:
                    self.check(walkthrough)
                except AssertionError as error:
                    verdict = str(error).split("\n")[0][:300]
                    raise
                finally:
                    report.append(
                        "%-28s %5.1f s  %2d cells  %s"
                        % (
                            walkthrough.name,
                            kernel_seconds(walkthrough.executed() or {"cells": []}),
                            len(co.code_cells(walkthrough.export)),
                            verdict,
                        )
                    )
        print("\nwalkthroughs under the kernel (nbconvert --execute):", file=sys.stderr)
        for line in report:
            print("  " + line, file=sys.stderr)


if __name__ == "__main__":
    unittest.main()
