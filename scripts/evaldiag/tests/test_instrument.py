import unittest

from evaldiag.instrument import INITIAL_COPY, TRACE_PREFIX, find_train_call, instrument, split_arguments

PROGRAM = """# kind: buggy
seed(1)
let data = csv("evaluation/data/x.csv", target: "y")   # a comment, train(
let net = model(inputs: 4) { dense(8, act: relu); dense(3) }
print("eval-init", diagnose(net, data).names)
let h = train(net, data,
    epochs: 12,   # as the source
    loss: cross_entropy(from_logits: false),
    opt: adam(lr: 0.001, beta1: 0.9), batch: 16)
print("eval-final", diagnose(h).names)"""


class InstrumentTests(unittest.TestCase):
    def test_arguments_split_at_the_top_level(self):
        self.assertEqual(split_arguments('net, data, opt: adam(lr: 1, b: [1, 2]), s: "a,b"'),
                         ["net", "data", "opt: adam(lr: 1, b: [1, 2])", 's: "a,b"'])

    def test_the_train_call_across_lines(self):
        call = find_train_call(PROGRAM, "h")
        self.assertEqual((call.net, call.data, call.epochs, call.batch), ("net", "data", "12", "16"))
        self.assertEqual(call.loss, "cross_entropy(from_logits: false)")
        self.assertEqual(call.opt, "adam(lr: 0.001, beta1: 0.9)")
        self.assertEqual(call.line, 6)

    def test_positional_epochs(self):
        call = find_train_call("let run = train(m, d, 7)\n", "run")
        self.assertEqual((call.net, call.data, call.epochs), ("m", "d", "7"))

    def test_case_lines_keep_their_numbers_and_the_trace_follows(self):
        result = instrument(PROGRAM)
        lines = result.text.splitlines()
        original = PROGRAM.splitlines()
        self.assertEqual(result.case_lines, len(original))
        self.assertEqual(lines[4], f"let {INITIAL_COPY} = copy(net); " + original[4])
        for number in range(len(original)):
            if number != 4:
                self.assertEqual(lines[number], original[number])
        trace = [line for line in lines[len(original):] if line.startswith("print(")]
        self.assertTrue(all(line.startswith(f'print("{TRACE_PREFIX}') for line in trace))
        self.assertIn(f'print("{TRACE_PREFIX}grads_init", grads({INITIAL_COPY}, data, '
                      'loss: cross_entropy(from_logits: false), batch: 16).rows)', trace)

    def test_no_protocol_no_trace(self):
        result = instrument("print(1)\n")
        self.assertEqual(result.text, "print(1)\n")
        self.assertEqual(result.notes, ["no eval-final line: no trace"])

    def test_the_predictions_are_on_the_validation_data_and_the_loss_is_printed(self):
        program = PROGRAM.replace("batch: 16)", "batch: 16, val: parts.test)")
        trace = instrument(program).text.splitlines()
        self.assertIn(f'print("{TRACE_PREFIX}pred", predict(net, parts.test))', trace)
        self.assertIn(f'print("{TRACE_PREFIX}scored_y", parts.test.y)', trace)
        self.assertIn(f'print("{TRACE_PREFIX}loss_name", cross_entropy(from_logits: false))', trace)
        plain = instrument(PROGRAM.replace("    loss: cross_entropy(from_logits: false),\n", "")).text
        self.assertIn(f'print("{TRACE_PREFIX}pred", predict(net, data))', plain)
        self.assertNotIn("loss_name", plain)

