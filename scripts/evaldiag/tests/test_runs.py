import unittest

from evaldiag.runs import RunResult, first_error, parse_output

STDOUT = """eval-init ["exploding"]
⚠ before training: learning rate out of range: lr 50 for sgd
⚠ step 32: vanishing gradients: dense_1–dense_4: ‖∇W‖ down to 1.93e-6 at dense_1
  try: relu
⚠ step 48: oscillating loss: the loss swings
⚠ step 64: loss plateau: the loss stayed at 1.11
⚠ step 80: vanishing gradients: again
! step 96: a title nobody knows: text
training stopped: step 100: the forward pass went non-finite at dense_2
eval-final ["vanishing", "plateau"]
@@eval-trace kind classification
@@eval-trace loss [1.1, 1.05]
"""


class RunsTests(unittest.TestCase):
    def test_protocol_announcements_stop_and_trace(self):
        result = RunResult(case_id="c", seed=1)
        parse_output(result, STDOUT, case_lines=10)
        self.assertEqual(result.init, ["exploding"])
        self.assertEqual(result.final, ["vanishing", "plateau"])
        self.assertEqual(result.live, {"learning_rate": 0, "vanishing": 32, "oscillation": 48, "plateau": 64})
        self.assertEqual(result.unknown_titles, ["a title nobody knows"])
        self.assertEqual(result.stopped_step, 100)
        self.assertEqual(result.trace, {"kind": "classification", "loss": [1.1, 1.05]})
        self.assertEqual(result.reported(), {"exploding", "learning_rate", "vanishing", "plateau", "oscillation"})
        self.assertEqual(result.sources("vanishing"), ["live", "final"])

    def test_healthy_is_not_reported(self):
        result = RunResult(case_id="c", seed=1, init=["healthy"], final=["healthy"])
        self.assertEqual(result.reported(), set())

    def test_first_error_names_the_case_file(self):
        stderr = "/tmp/x/a__b.grad:7:9: error: 'softmax' is not defined\n    softmax\n"
        self.assertEqual(first_error(stderr, "/tmp/x/a__b.grad", "evaluation/cases/a/b.grad"),
                         (7, "'softmax' is not defined"))
