import json
import tempfile
import unittest
from pathlib import Path

from evaldiag import quick, report
from evaldiag.scoring import evaluate

from .helpers import case, run

WELL = {"kind": "classification", "y": [0, 1] * 50, "accuracy": [0.95], "epochs": 1, "steps": 10}


def sample_evaluation():
    clean = case("clean/a", kind="clean", forbid="exploding")
    buggy = case("dl/b-buggy", expect="vanishing")
    broken = case("dl/c-buggy", expect="exploding")
    results = {
        (clean.id, 1): run(clean.id, 1, init=["exploding"], trace=WELL),
        (buggy.id, 1): run(buggy.id, 1, live={"vanishing": 32}, final=["vanishing"]),
        (broken.id, 1): run(broken.id, 1, status="runtime error"),
    }
    results[(broken.id, 1)].reason = "missing vocabulary: line 9: 'softmax' is not defined"
    return evaluate([clean, buggy, broken], results, [1])


class QuickTests(unittest.TestCase):
    def test_floors(self):
        evaluation = sample_evaluation()
        self.assertEqual(quick.check(evaluation, {"min_right_share": 0.5, "max_could_not_run": 1,
                                                  "max_trains_well_called_vanishing_or_exploding": 1}), [])
        failures = quick.check(evaluation, {"min_specificity": 1.0,
                                            "max_trains_well_called_vanishing_or_exploding": 0})
        self.assertEqual(failures, [
            "specificity on the quick fixed and clean cases: 0.00, the floor is at least 1.0",
            "runs that trained well called vanishing or exploding: 1, the floor is at most 0",
        ])

    def test_unknown_floor_is_refused(self):
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "quick.json"
            path.write_text(json.dumps({"cases": ["clean/a"], "floors": {"min_right": 1}}))
            with self.assertRaises(ValueError):
                quick.load(path)


class ReportTests(unittest.TestCase):
    def test_text_and_markdown_name_the_figures(self):
        parts = report.sections(sample_evaluation(), {"date": "2026-01-02", "version": "gradlab 0.2.0"})
        text = report.as_text(parts)
        self.assertIn("2026-01-02, seeds 1 (1 per case), gradlab 0.2.0. 3 cases: 2 buggy, 1 clean; "
                      "2 ran, 1 could not run.", text)
        self.assertIn("1 of 1 runs that trained well were called vanishing or exploding (must be 0)", text)
        self.assertIn("- clean/a seed 1: exploding (init)", text)
        self.assertIn("- dl/c-buggy: runtime error: missing vocabulary: line 9: 'softmax' is not defined", text)
        markdown = report.as_markdown(parts)
        self.assertIn("| finding | expected | found | missed | false pos. | precision | recall |", markdown)
        self.assertIn("| vanishing | 1 | 1 | 0 | 0 | 100% | 100% |", markdown)
        self.assertIn("#### Cases that could not run", markdown)
