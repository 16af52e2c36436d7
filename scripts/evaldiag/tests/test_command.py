"""scripts/eval-diagnosis end to end, with the release binary (skipped without it)."""

import io
import tempfile
import unittest
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

from evaldiag import cli
from evaldiag.runs import binary_path

ROOT = Path(__file__).resolve().parents[3]

HEALTHY = """# kind: clean
# forbid: vanishing, exploding, dead_relu, saturation
let data = moons(points: 200, noise: 0.1)
let net = model(inputs: 2) { dense(16, act: relu, init: he_normal); dense(2) }
print("eval-init", diagnose(net, data).names)
let h = train(net, data, epochs: 30, opt: sgd(lr: 0.1, momentum: 0.9))
print("eval-final", diagnose(h).names)
"""

VANISHING = """# kind: buggy
# expect: vanishing
seed(1)
let data = spiral(points: 150, classes: 3)
let net = model(inputs: 2) {
    repeat(8) { dense(16, act: sigmoid) }
    dense(3)
}
print("eval-init", diagnose(net, data).names)
let h = train(net, data, epochs: 10)
print("eval-final", diagnose(h).names)
"""

UNKNOWN = """# kind: buggy
# expect: output_activation
let net = model(inputs: 2) { dense(2); no_such_activation }
"""


@unittest.skipUnless(binary_path(ROOT).exists(), "the release binary is not built")
class CommandTests(unittest.TestCase):
    def test_runs_scores_and_reports_what_could_not_run(self):
        with tempfile.TemporaryDirectory() as folder:
            cases = Path(folder)
            (cases / "t").mkdir()
            (cases / "t" / "healthy.grad").write_text(HEALTHY)
            (cases / "t" / "deep-sigmoid-buggy.grad").write_text(VANISHING)
            (cases / "t" / "unknown-buggy.grad").write_text(UNKNOWN)
            out, err = io.StringIO(), io.StringIO()
            with redirect_stdout(out), redirect_stderr(err):
                code = cli.main(["--cases", str(cases), "--seeds", "2", "--root", str(ROOT)])
        text = out.getvalue()
        self.assertEqual(code, 0, err.getvalue())
        self.assertIn("3 cases: 2 buggy, 1 clean; 2 ran, 1 could not run.", text)
        self.assertRegex(text, r"\n  buggy \(real\) +1 of 1 \(100%\)\n")
        self.assertRegex(text, r"\n  clean +1 of 1 \(100%\) +1 of 1 \(100%\)\n")
        self.assertIn("- t/unknown-buggy: runtime error: missing vocabulary: line 3: "
                      "'no_such_activation' is not defined", text)
        self.assertIn("0 of 2 runs that trained well were called vanishing or exploding (must be 0).", text)
        self.assertIn("6 runs in", text)
