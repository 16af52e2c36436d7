"""Every walkthrough, as GradLab's own .ipynb export, executed by nbconvert under the kernel.

For each walkthrough: `gradlab run NN-slug.grad --notebook NN-slug.ipynb` (as
WalkthroughTests runs it), whose outputs joined must be the golden file
(cell_outputs.golden_problem); the notebook with its outputs cleared; then

    jupyter nbconvert --to notebook --execute --ExecutePreprocessor.kernel_name=gradlab
        --ExecutePreprocessor.timeout=CELL_SECONDS

in the walkthrough's folder (a copy, so a walkthrough that read or wrote files
would find them there), and each code cell's outputs compared with the
export's outputs of that cell (cell_outputs.difference): printed text and
tables by their text, plots by the presence of image/svg+xml. A place in the
script (`NN-slug.grad:LINE:COL`) is expected as the kernel names it
(`In[n]:LINE:COL`). The environment is the golden one (proof_setup.run_environment).

A report line per walkthrough is printed: seconds, cells, and the first
difference.
"""

import json
import subprocess
import sys
import time
import unittest

import cell_outputs as co
import proof_setup as setup

CELL_SECONDS = 120


def execute(notebook, folder):
    """Runs nbconvert on `notebook` (in `folder`); returns the executed notebook and its log."""
    executed = notebook.with_name(notebook.stem + ".executed.ipynb")
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
        "--output",
        executed.name,
        notebook.name,
    ]
    run = subprocess.run(
        command,
        cwd=folder,
        env=setup.run_environment(),
        capture_output=True,
        text=True,
        timeout=CELL_SECONDS * 20,
    )
    if run.returncode != 0:
        raise AssertionError(
            "jupyter nbconvert --execute exited %d:\n%s" % (run.returncode, run.stderr[-3000:])
        )
    with open(executed, encoding="utf-8") as f:
        return json.load(f)


def cleared(export):
    """The export with no outputs and no execution counts, as a learner would open it."""
    notebook = json.loads(json.dumps(export))
    for cell in co.code_cells(notebook):
        cell["outputs"] = []
        cell["execution_count"] = None
    return notebook


class WalkthroughNotebookTests(unittest.TestCase):
    def check_walkthrough(self, name, report):
        folder = setup.work_folder("walkthroughs/" + name.replace(".grad", ""))
        started = time.monotonic()
        path, _ = setup.export_walkthrough(name, folder)
        with open(path, encoding="utf-8") as f:
            export = json.load(f)
        golden = (setup.GOLDEN / name.replace(".grad", ".out")).read_text(encoding="utf-8")
        problem = co.golden_problem(co.code_cells(export), golden)
        self.assertIsNone(problem, "the export's outputs are not the golden file")

        notebook = folder / (path.stem + ".cleared.ipynb")
        notebook.write_text(json.dumps(cleared(export), ensure_ascii=False), encoding="utf-8")
        executed = execute(notebook, folder)
        seconds = time.monotonic() - started

        want_cells = co.code_cells(export)
        got_cells = co.code_cells(executed)
        self.assertEqual(len(got_cells), len(want_cells))
        counts = [c.get("execution_count") for c in got_cells]
        self.assertEqual(
            counts, list(range(1, len(got_cells) + 1)), "each cell runs once, in order"
        )
        self.assertEqual(executed["metadata"]["language_info"]["name"], "grad")

        script = (setup.WALKTHROUGHS / name).read_text(encoding="utf-8").split("\n")
        where = co.cell_lines(script, ["".join(c["source"]) for c in want_cells])
        problems = []
        for k, (want, got) in enumerate(zip(want_cells, got_cells)):
            expected = co.expected_items(want["outputs"], name, where, counts)
            difference = co.difference(expected, co.items(got["outputs"]))
            if difference:
                problems.append("cell %d (In [%s]): %s" % (k + 1, counts[k], difference))
        report.append(
            "%-28s %5.1f s  %d cells  %s"
            % (
                name,
                seconds,
                len(got_cells),
                "match" if not problems else problems[0].split("\n")[0],
            )
        )
        self.assertEqual(problems, [], "\n".join(problems))

    def test_every_walkthrough_runs_in_the_kernel_with_its_golden_outputs(self):
        names = setup.walkthrough_names()
        self.assertEqual(len(names), 12)
        report = []
        try:
            for name in names:
                with self.subTest(walkthrough=name):
                    try:
                        self.check_walkthrough(name, report)
                    except Exception as error:
                        if not any(line.startswith(name + " ") for line in report):
                            report.append("%-28s failed: %s" % (name, str(error).split("\n")[0]))
                        raise
        finally:
            print("\nwalkthroughs under the kernel (nbconvert --execute):", file=sys.stderr)
            for line in report:
                print("  " + line, file=sys.stderr)


if __name__ == "__main__":
    unittest.main()
