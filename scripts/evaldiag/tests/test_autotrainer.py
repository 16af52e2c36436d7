import math
import unittest

from evaldiag import autotrainer
from evaldiag.instrument import TrainCall

from .helpers import run

SAMPLES, BATCH = 100, 10   # 10 steps per epoch


def trace(accuracy, first=0.5, last=0.5, zeros=0.0, epochs=None):
    epochs = len(accuracy) if epochs is None else epochs
    steps = epochs * SAMPLES // BATCH
    return {
        "kind": "classification",
        "y": [0, 1] * (SAMPLES // 2),
        "epochs": epochs,
        "steps": steps,
        "loss": [1.0 - a / 2 for a in accuracy[:epochs]],
        "data_loss": [1.0 - a / 2 for a in accuracy[:epochs]],
        "accuracy": accuracy[:epochs],
        "val_loss": [None] * epochs,
        "val_accuracy": [None] * epochs,
        "layers": ["dense_1", "batchnorm_1", "dense_2", "dense_3"],
        "grad_norms": [[first] * steps, [0.1] * steps, [0.3] * steps, [last] * steps],
        "grads_final": [{"layer": "dense_1", "shape": "8×2", "zeros": zeros * 100},
                        {"layer": "dense_3", "shape": "2×8", "zeros": zeros * 100}],
    }


def judge(accuracy, requested=None, stopped_step=None, **more):
    call = TrainCall(history="h", epochs=str(requested or len(accuracy)), batch=str(BATCH))
    return autotrainer.judge(run(trace=trace(accuracy, **more), train_call=call, stopped_step=stopped_step))


class AutoTrainerTests(unittest.TestCase):
    def test_a_run_that_learns_is_left_alone(self):
        verdict = judge([0.75 + 0.02 * i for i in range(12)])
        self.assertIsNone(verdict.issue)

    def test_vanishing_needs_three_checks_and_a_run_that_does_not_learn(self):
        # 30 epochs: the loss flags start at 30% of the run (epoch 6), the decision at the next check
        verdict = judge([0.5] * 30, first=1e-6, last=1.0)
        self.assertEqual((verdict.issue, verdict.finding, verdict.epoch), ("vanish", "vanishing", 9))
        # the same gradients while learning well: nothing
        self.assertIsNone(judge([0.6, 0.8] + [0.9] * 28, first=1e-6, last=1.0).issue)
        # learning by less than 0.01 an epoch is slow convergence, and then the gradients decide
        self.assertEqual(judge([0.75 + 0.007 * i for i in range(30)], first=1e-6, last=1.0).issue, "vanish")

    def test_a_short_run_that_does_not_learn_is_not_converging_before_three_gradient_checks(self):
        verdict = judge([0.5] * 12, first=1e-6, last=1.0)
        self.assertEqual((verdict.issue, verdict.finding, verdict.epoch), ("not_converge", "plateau", 3))

    def test_exploding_and_dead_relu(self):
        self.assertEqual(judge([0.5] * 30, first=100.0, last=1.0).finding, "exploding")
        self.assertEqual(judge([0.5] * 30, zeros=0.8).finding, "dead_relu")
        self.assertEqual(judge([0.5] * 30, zeros=0.6).finding, "plateau")

    def test_oscillating_accuracy(self):
        verdict = judge([0.9, 0.6] * 6)
        self.assertEqual((verdict.issue, verdict.finding), ("unstable", "oscillation"))
        self.assertTrue(autotrainer.oscillates([0.6, 0.9, 0.6, 0.9], 0.03, 0.2))
        self.assertFalse(autotrainer.oscillates([0.6, 0.62, 0.6, 0.62], 0.03, 0.2))

    def test_a_run_stopped_on_a_non_finite_value_explodes(self):
        verdict = judge([0.8, 0.82, 0.84, 0.86, 0.88, 0.9] + [0.9] * 6, requested=12, stopped_step=45, epochs=4)
        self.assertEqual((verdict.issue, verdict.epoch), ("explode", 6))

    def test_zero_share_weighs_layers_by_size(self):
        rows = [{"shape": "32×2", "zeros": 100.0}, {"shape": "2×32", "zeros": 0.0}, {"shape": "32", "zeros": 50.0}]
        self.assertAlmostEqual(autotrainer.zero_share(rows), (64 + 16) / 160)

    def test_max_delta(self):
        self.assertEqual(autotrainer.max_delta([0.5]), 0.0)
        self.assertAlmostEqual(autotrainer.max_delta([0.5, 0.7, 0.6, 0.65]), 0.2)
        self.assertEqual(autotrainer.max_delta([0.5, math.nan]), 0.0)


class RunningHistoryTests(unittest.TestCase):
    def test_the_running_summary_agrees_with_the_rules_over_the_whole_history(self):
        import random

        generator = random.Random(7)
        for _ in range(200):
            history = autotrainer._History()
            accuracy = []
            for _ in range(generator.randint(1, 40)):
                value = round(generator.random(), 2) if generator.random() > 0.1 else accuracy[-1] if accuracy else 0.5
                accuracy.append(value)
                history.add(1.0, value, 1.0, value)
                self.assertEqual(history.oscillates(),
                                 autotrainer.oscillates(accuracy, autotrainer.PARAMS["zeta"], autotrainer.PARAMS["eta"]))
                self.assertEqual(history.max_delta_acc, autotrainer.max_delta(accuracy))
                self.assertEqual(history.max_acc, max(accuracy))


class RegressionTests(unittest.TestCase):
    def test_a_negative_bce_loss_on_targets_outside_0_1_is_a_loss_issue(self):
        # bce has no floor for such targets: the variance stands in for the accuracy proxy
        body = trace([0.5] * 12)
        body.update(kind="regression", y=[0.0, 4.0] * 50, loss=[-1.0 - i for i in range(12)],
                    data_loss=[-1.0 - i for i in range(12)], loss_name="bce(from_logits: false)")
        call = TrainCall(history="h", epochs="12", batch=str(BATCH), loss="loss")
        self.assertEqual(autotrainer.judge(run(trace=body, train_call=call)).issue, "loss_issue")
