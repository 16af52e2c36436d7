import unittest

from evaldiag.scoring import evaluate

from .helpers import case, run

WELL_TRACE = {"kind": "classification", "y": [0, 1] * 50, "accuracy": [0.7, 0.95], "epochs": 2, "steps": 100}


def runs_for(c, *reported_per_seed, status=None):
    out = {}
    for seed, names in enumerate(reported_per_seed, start=1):
        out[(c.id, seed)] = run(c.id, seed, final=list(names) or ["healthy"],
                                status=(status or {}).get(seed, "ok"))
    return out


class ScoringTests(unittest.TestCase):
    def test_a_case_is_right_on_a_majority_of_seeds(self):
        c = case("a/x-buggy", expect="vanishing")
        evaluation = evaluate([c], runs_for(c, ["vanishing"], ["vanishing"], []), [1, 2, 3])
        self.assertTrue(evaluation.outcomes[0].right)
        evaluation = evaluate([c], runs_for(c, ["vanishing"], [], []), [1, 2, 3])
        self.assertFalse(evaluation.outcomes[0].right)
        evaluation = evaluate([c], runs_for(c, ["vanishing"], ["vanishing"], [], []), [1, 2, 3, 4])
        self.assertFalse(evaluation.outcomes[0].right, "half the seeds is not a majority")

    def test_a_seed_that_could_not_run_is_not_right(self):
        c = case("a/x-buggy", expect="vanishing")
        results = runs_for(c, ["vanishing"], ["vanishing"], [], status={2: "runtime error"})
        evaluation = evaluate([c], results, [1, 2, 3])
        self.assertFalse(evaluation.outcomes[0].right)
        self.assertEqual(evaluation.partly_failed, evaluation.outcomes)

    def test_a_forbidden_finding_makes_a_case_wrong(self):
        c = case("a/x-fixed", kind="fixed", forbid="exploding, vanishing")
        evaluation = evaluate([c], runs_for(c, ["exploding"], ["exploding"], ["plateau"]), [1, 2, 3])
        self.assertFalse(evaluation.outcomes[0].right)
        self.assertEqual(evaluation.specificity("fixed"), (0, 1))
        evaluation = evaluate([c], runs_for(c, ["exploding"], ["plateau"], []), [1, 2, 3])
        self.assertEqual(evaluation.specificity("fixed"), (1, 1))

    def test_true_and_false_positives_by_kind(self):
        same_kind = case("a/same-buggy", expect="vanishing")             # saturation: same kind, not counted
        other_kind = case("a/other-buggy", expect="plateau")             # exploding: no gradient finding expected
        forbidden = case("a/forbid-buggy", expect="vanishing", forbid="saturation")
        allowed = case("a/allow-buggy", expect="vanishing", allow="plateau")
        results = {}
        results.update(runs_for(same_kind, ["vanishing", "saturation"]))
        results.update(runs_for(other_kind, ["plateau", "exploding"]))
        results.update(runs_for(forbidden, ["saturation"]))
        results.update(runs_for(allowed, ["vanishing", "plateau"]))
        evaluation = evaluate([same_kind, other_kind, forbidden, allowed], results, [1])
        scores = {s.name: s for s in evaluation.finding_scores("buggy")}
        self.assertEqual((scores["vanishing"].tp, scores["vanishing"].fn, scores["vanishing"].fp), (2, 1, 0))
        self.assertEqual(scores["vanishing"].recall, 2 / 3)
        self.assertEqual(scores["vanishing"].precision, 1.0)
        self.assertEqual(scores["saturation"].fp, 1)
        self.assertEqual(scores["exploding"].fp, 1)
        self.assertEqual(scores["plateau"].tp, 1)
        self.assertEqual(scores["plateau"].fp, 0)
        self.assertIsNone(scores["poor_init"].precision)

    def test_cases_that_could_not_run_are_left_out_and_listed(self):
        ran, failed = case("a/ran-buggy", expect="vanishing"), case("a/failed-buggy", expect="exploding")
        results = runs_for(ran, ["vanishing"])
        results.update(runs_for(failed, [], status={1: "parse error"}))
        evaluation = evaluate([ran, failed], results, [1])
        self.assertEqual(evaluation.right("buggy"), (1, 1))
        self.assertEqual([o.case.id for o in evaluation.could_not_run], ["a/failed-buggy"])
        self.assertEqual([s.name for s in evaluation.step_scores()], ["vanishing"])

    def test_when_an_expected_finding_is_first_reported(self):
        c = case("a/x-buggy", expect="vanishing")
        results = {
            (c.id, 1): run(c.id, 1, init=["vanishing"]),
            (c.id, 2): run(c.id, 2, live={"vanishing": 48}, trace={"steps": 96}),
            (c.id, 3): run(c.id, 3, final=["vanishing"]),
            (c.id, 4): run(c.id, 4),
        }
        score = evaluate([c], results, [1, 2, 3, 4]).step_scores()[0]
        self.assertEqual((score.runs, score.before, score.live_steps, score.end_only, score.missed),
                         (4, 1, [48], 1, 1))
        self.assertEqual(score.median_fraction, 0.5)

    def test_init_predictions_against_the_run(self):
        c = case("a/x-fixed", kind="fixed", forbid="exploding")
        results = {
            (c.id, 1): run(c.id, 1, init=["exploding"]),
            (c.id, 2): run(c.id, 2, init=["exploding"], final=["exploding"]),
            (c.id, 3): run(c.id, 3, live={"vanishing": 32}),
        }
        scores = {s.name: s for s in evaluate([c], results, [1, 2, 3]).prediction_scores()}
        self.assertEqual((scores["exploding"].predicted, scores["exploding"].confirmed), (2, 1))
        self.assertEqual(scores["vanishing"].shown_unpredicted, 1)

    def test_networks_that_train_well_called_vanishing_or_exploding(self):
        c = case("clean/x", kind="clean", forbid="exploding")
        results = {
            (c.id, 1): run(c.id, 1, init=["exploding"], trace=WELL_TRACE),
            (c.id, 2): run(c.id, 2, trace=WELL_TRACE),
            (c.id, 3): run(c.id, 3, final=["vanishing"], trace=dict(WELL_TRACE, accuracy=[0.5, 0.6])),
        }
        well, called, unknown = evaluate([c], results, [1, 2, 3]).trains_well_called()
        self.assertEqual((well, unknown), (2, 0))
        self.assertEqual([(run.seed, names) for _, run, names in called], [(1, ["exploding"])])
