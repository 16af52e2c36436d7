import unittest

from evaldiag import oracles
from evaldiag.scoring import evaluate

from .helpers import case, run


def scored(accuracy):
    return {"kind": "classification", "y": [0, 1] * 10, "accuracy": [accuracy], "epochs": 1, "steps": 1,
            "loss": [1.0], "data_loss": [1.0], "layers": [], "grad_norms": []}


def rows(buggy_accuracy, fixed_accuracy, buggy=None, fixed=None):
    buggy = buggy or case("dl/so-1-buggy", expect="exploding")
    fixed = fixed or case("dl/so-1-fixed", kind="fixed", forbid="exploding")
    results = {}
    for seed, (b, f) in enumerate(zip(buggy_accuracy, fixed_accuracy), start=1):
        results[(buggy.id, seed)] = run(buggy.id, seed, trace=scored(b))
        results[(fixed.id, seed)] = run(fixed.id, seed, trace=scored(f))
    seeds = list(range(1, len(buggy_accuracy) + 1))
    evaluation = evaluate([buggy, fixed], results, seeds)
    return {row.case.id: row for row in oracles.oracle_rows(evaluation, {buggy.id: buggy, fixed.id: fixed})}


class OraclesTests(unittest.TestCase):
    def test_the_fix_that_gains_ten_points_on_three_of_five_seeds_makes_the_bug_real(self):
        table = rows([0.5] * 5, [0.6, 0.6, 0.6, 0.55, 0.5])
        intervention = table["dl/so-1-buggy"].intervention
        self.assertEqual((intervention.improved, intervention.compared, intervention.real(5)), (3, 5, True))
        self.assertIn("real: dl/so-1-fixed gains 10 points or more on 3 of 5 seeds", intervention.describe(5))

    def test_a_fix_that_does_not_help_is_a_disagreement(self):
        table = rows([0.5] * 5, [0.6, 0.6, 0.5, 0.5, 0.5])
        self.assertFalse(table["dl/so-1-buggy"].intervention.real(5))
        self.assertTrue(any(d.startswith("intervention: the remedy does not make the run learn better")
                            for d in table["dl/so-1-buggy"].disagreements))
        self.assertIn("intervention: as the remedy of dl/so-1-buggy it does not make the run learn better",
                      table["dl/so-1-fixed"].disagreements)

    def test_autotrainer_silent_on_a_bug(self):
        table = rows([0.5] * 5, [0.9] * 5)
        self.assertEqual(table["dl/so-1-buggy"].autotrainer_label(), oracles.NOTHING)
        self.assertIn("AUTOTRAINER: no problem found", table["dl/so-1-buggy"].disagreements)
        self.assertEqual(table["dl/so-1-fixed"].disagreements, [])

    def test_regression_halves_the_loss(self):
        buggy = case("dl/r-buggy", expect="exploding")
        fixed = case("dl/r-fixed", kind="fixed")
        results = {}
        for seed, (b, f) in enumerate([(1.0, 0.4), (1.0, 0.5), (1.0, 0.6), (float("inf"), 0.9), (1.0, 0.9)], 1):
            for c, loss in ((buggy, b), (fixed, f)):
                results[(c.id, seed)] = run(c.id, seed, trace={"kind": "regression", "data_loss": [loss],
                                                                "epochs": 1, "y": [0.0, 1.0]})
        evaluation = evaluate([buggy, fixed], results, [1, 2, 3, 4, 5])
        row = oracles.oracle_rows(evaluation, {buggy.id: buggy, fixed.id: fixed})[0]
        self.assertEqual((row.intervention.kind, row.intervention.improved), ("loss", 3))


    def test_a_fix_that_changes_the_loss_and_the_targets_is_compared_on_accuracy(self):
        # buggy: one-hot targets under bce (regression data, predictions scored by argmax);
        # fixed: the same classes as classification data under cross-entropy
        buggy = case("dl/m-buggy", expect="output_activation")
        fixed = case("dl/m-fixed", kind="fixed")
        y = [[1, 0], [0, 1]] * 5
        results = {}
        for seed in range(1, 6):
            results[(buggy.id, seed)] = run(buggy.id, seed, trace={
                "kind": "regression", "y": y, "scored_y": y, "pred": [[0.6, 0.4]] * 10, "epochs": 1,
                "data_loss": [-3.0], "loss_name": "bce(from_logits: false)"})
            results[(fixed.id, seed)] = run(fixed.id, seed, trace=scored(0.9))
        evaluation = evaluate([buggy, fixed], results, [1, 2, 3, 4, 5])
        row = oracles.oracle_rows(evaluation, {buggy.id: buggy, fixed.id: fixed})[0]
        self.assertEqual((row.intervention.kind, row.intervention.improved), ("accuracy", 5))
        self.assertIn("median +40 points", row.intervention.describe(5))

    def test_a_fixed_case_that_does_not_train_well_yet_expects_nothing_is_named(self):
        table = rows([0.5] * 5, [0.6] * 5)
        fixed = table["dl/so-1-fixed"]
        self.assertEqual(fixed.trains_well_count(), 0)
        self.assertIn("the fixed case trains well on only 0 of 5 seeds, yet expects nothing", fixed.disagreements)
        text = oracles.as_text(list(table.values()), 5)
        self.assertIn("intervention  no remedy (a fixed case): trains well on 0 of 5 seeds", text)
        expecting = rows([0.5] * 5, [0.6] * 5, fixed=case("dl/so-1-fixed", kind="fixed", expect="plateau"))
        self.assertFalse(any("trains well" in d for d in expecting["dl/so-1-fixed"].disagreements))


class AutoTrainerLabelTests(unittest.TestCase):
    def test_a_label_needs_more_than_half_the_seeds(self):
        from types import SimpleNamespace

        from evaldiag.autotrainer import Verdict

        def label(*issues):
            outcome = SimpleNamespace(seeds=len(issues))
            return oracles.OracleRow(outcome=outcome, verdicts=[Verdict(issue=i) for i in issues],
                                     intervention=None).autotrainer_label()

        self.assertEqual(label("vanish", "vanish", None), "vanishing")
        self.assertIsNone(label("vanish", "vanish", None, None))
        self.assertEqual(label(None, None, "relu"), oracles.NOTHING)

    def test_a_finding_the_case_allows_is_no_disagreement(self):
        from types import SimpleNamespace

        from evaldiag.autotrainer import Verdict

        def found(kind, **labels):
            outcome = SimpleNamespace(seeds=5, could_not_run=False, ran=[], case=case("dl/x-" + kind, kind=kind, **labels))
            row = oracles.OracleRow(outcome=outcome, verdicts=[Verdict(issue="not_converge")] * 5, intervention=None)
            return oracles.disagreements(row, [])

        self.assertIn("AUTOTRAINER: finds plateau, which the case does not expect",
                      found("buggy", expect="output_activation"))
        self.assertEqual(found("buggy", expect="output_activation", allow="plateau"), [])
        self.assertIn("AUTOTRAINER: finds plateau on a fixed case", found("fixed", expect="unscaled_inputs"))
        self.assertNotIn("AUTOTRAINER: finds plateau on a fixed case", found("fixed", expect="unscaled_inputs", allow="plateau"))

