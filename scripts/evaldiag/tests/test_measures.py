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
