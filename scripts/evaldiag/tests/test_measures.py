import unittest

from evaldiag import measures
from evaldiag.instrument import TrainCall

from .helpers import run


def classification(accuracy, y=None):
    return {"kind": "classification", "y": y or [0, 1] * 50, "accuracy": [0.5, accuracy], "epochs": 2}


class MeasuresTests(unittest.TestCase):
    def test_classification_closes_two_thirds_of_the_gap_to_perfect(self):
        self.assertTrue(measures.trains_well(run(trace=classification(0.84))))
        self.assertFalse(measures.trains_well(run(trace=classification(0.83))))
        # three balanced classes: 1/3 + 2/3 · 2/3 = 0.78
        three = [0, 1, 2] * 30
        self.assertTrue(measures.trains_well(run(trace=classification(0.78, three))))
        self.assertFalse(measures.trains_well(run(trace=classification(0.77, three))))

    def test_a_run_stopped_on_a_non_finite_value_does_not_train_well(self):
        self.assertFalse(measures.trains_well(run(trace=classification(0.99), stopped_step=40)))

    def test_regression_against_the_best_constant(self):
        trace = {"kind": "regression", "y": [0.0, 2.0] * 20, "data_loss": [1.0, 0.33], "epochs": 2}
        self.assertTrue(measures.trains_well(run(trace=trace)))            # variance 1
        self.assertFalse(measures.trains_well(run(trace=dict(trace, data_loss=[1.0, 0.34]))))
        mae = TrainCall(history="h", loss="mae")
        self.assertEqual(measures.baseline_loss(trace, "mae"), 1.0)
        self.assertTrue(measures.trains_well(run(trace=dict(trace, data_loss=[1, 0.3]), train_call=mae)))

    def test_no_trace_no_verdict(self):
        self.assertIsNone(measures.trains_well(run(trace={})))

    def test_final_score(self):
        trace = dict(classification(0.9), val_accuracy=[None, None])
        self.assertEqual(measures.final_score(run(trace=trace)), ("accuracy", 0.9))
        trace = dict(classification(0.9), val_accuracy=[0.6, 0.7])
        self.assertEqual(measures.final_score(run(trace=trace)), ("accuracy", 0.7))
        trace = {"kind": "regression", "data_loss": [], "epochs": 0}
        self.assertEqual(measures.final_score(run(trace=trace)), ("loss", float("inf")))

    def test_the_loss_named_by_a_variable_is_read_from_the_trace(self):
        call = TrainCall(history="h", loss="loss")
        result = run(trace={"loss_name": "bce(from_logits: false)"}, train_call=call)
        self.assertEqual(measures.run_loss(result), "bce")
        self.assertFalse(measures.logits(result))
        self.assertTrue(measures.logits(run(trace={}, train_call=TrainCall(history="h", loss="bce"))))
        self.assertEqual(measures.run_loss(run(trace={}, train_call=call)), "")

    def test_the_bce_baseline_is_the_binary_entropy_and_needs_targets_in_0_1(self):
        trace = {"y": [[1.0, 0.0], [0.0, 1.0]] * 10}
        self.assertAlmostEqual(measures.baseline_loss(trace, "bce"), 0.6931, places=4)
        self.assertIsNone(measures.baseline_loss({"y": [2.0, 0.0]}, "bce"))
        self.assertAlmostEqual(measures.baseline_loss(trace, "cross_entropy"), 0.6931, places=4)


def regression(pred, y, **more):
    return dict({"kind": "regression", "y": y, "data_loss": [1.0], "epochs": 1, "pred": pred, "scored_y": y}, **more)


class TaskScoreTests(unittest.TestCase):
    def test_one_hot_rows_score_by_argmax_whatever_the_loss(self):
        y = [[1, 0, 0], [0, 1, 0], [0, 0, 1], [0, 1, 0]]
        pred = [[0.9, 0.2, 0.1], [0.1, 0.3, 0.2], [5.0, 1.0, 9.0], [0.5, 0.1, 0.0]]
        self.assertEqual(measures.task_score(run(trace=regression(pred, y))), ("accuracy", 0.75))

    def test_binary_targets_against_half_or_against_zero_for_logits(self):
        y, pred = [0, 1, 1, 0], [[-0.2], [0.4], [0.7], [-1.0]]
        self.assertEqual(measures.task_score(run(trace=regression(pred, y))), ("accuracy", 0.75))
        logits = run(trace=regression(pred, y), train_call=TrainCall(history="h", loss="bce"))
        self.assertEqual(measures.task_score(logits), ("accuracy", 1.0))

    def test_real_targets_score_the_unexplained_variance_the_same_at_any_scale(self):
        y, pred = [0.0, 2.0, 4.0, 6.0], [[1.0], [2.0], [3.0], [6.0]]
        kind, value = measures.task_score(run(trace=regression(pred, y)))
        self.assertEqual(kind, "unexplained")
        self.assertAlmostEqual(value, (1 + 0 + 1 + 0) / 4 / 5.0)
        scaled = measures.task_score(run(trace=regression([[v[0] * 1000] for v in pred], [v * 1000 for v in y])))
        self.assertAlmostEqual(scaled[1], value)
        self.assertEqual(measures.task_score(run(trace=regression([[1.0], [float("nan")], [3.0], [6.0]], y))),
                         ("unexplained", float("inf")))

    def test_a_stopped_run_scores_a_constant_prediction(self):
        y = [[1, 0], [1, 0], [0, 1]]
        stopped = run(trace=regression([[0, 1]] * 3, y), stopped_step=3)
        self.assertEqual(measures.task_score(stopped), ("accuracy", 2 / 3))
        stopped = run(trace=regression([[1.0]] * 2, [0.0, 3.0]), stopped_step=3)
        self.assertEqual(measures.task_score(stopped), ("unexplained", 1.0))
        classes = dict(classification(0.9), val_accuracy=[0.6, 0.7], y=[0, 0, 0, 1])
        self.assertEqual(measures.task_score(run(trace=classes, stopped_step=9)), ("accuracy", 0.75))

    def test_classification_data_keeps_gradlabs_accuracy_and_old_traces_fall_back(self):
        trace = dict(classification(0.9), val_accuracy=[0.6, 0.7])
        self.assertEqual(measures.task_score(run(trace=trace)), ("accuracy", 0.7))
        old = {"kind": "regression", "data_loss": [0.5], "epochs": 1, "y": [0.0, 1.0]}
        self.assertEqual(measures.task_score(run(trace=old)), ("loss", 0.5))

