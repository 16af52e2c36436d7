"""Interrupting a long `train` with `interrupt_request` on the control channel.

A kernel started with jupyter_client (as JupyterLab starts it; the kernelspec
says `interrupt_mode: message`, so the ■ button sends this message and no
signal) runs a cell whose `train` would take a while. One second after the
cell starts, the test sends `interrupt_request` on the control channel. The
control channel is served while the cell runs: the reply must come within
0.5 s, and the cell's `execute_reply` soon after, as training stops at the
next step: within MAX_STOP_SECONDS of the request, the issue's 0.2 s, the
messages' round trips included (they take milliseconds here). Then the
kernel is still alive with its state: a cell prints the model's step count
(its optimizer's `steps`), above 0 and below the full run's, and the steps of
the history the interrupted `train` returned, the same.
"""

import sys
import time
import unittest

from jupyter_client.manager import KernelManager

import proof_setup as setup

REPLY_SECONDS = 0.5
MAX_STOP_SECONDS = 0.2


class InterruptTests(unittest.TestCase):
    kernel_name = setup.KERNEL_NAME
    setup_cell = (
        "seed(1)\n"
        "let net = model(inputs: 2) { repeat(3) { dense(64, act: relu) }; dense(3) }\n"
        "let data = spiral(points: 3000)"
    )
    # 3000 samples in batches of 32: 94 steps an epoch, 188,000 in all (some
    # 15 s on this machine; the interrupt comes after one second).
    long_cell = "let h = train(net, data, epochs: 2000, checks: false)"
    full_steps = 2000 * 94
    # The model's step count, and that of the history the interrupted `train`
    # returned (the REPL keeps it: `h` is bound).
    count_cell = "print(net.optimizer.steps, h.steps)"

    def setUp(self):
        self.km = KernelManager(kernel_name=self.kernel_name)
        self.km.start_kernel(env=setup.run_environment())
        self.kc = self.km.client()
        self.kc.start_channels()
        self.kc.wait_for_ready(timeout=60)

    def tearDown(self):
        self.kc.stop_channels()
        self.km.shutdown_kernel(now=True)

    def run_cell(self, code):
        """Runs `code` to the end; returns the reply's content and the printed text."""
        printed = []

        def output(msg):
            if msg["msg_type"] == "stream":
                printed.append(msg["content"]["text"])

        reply = self.kc.execute_interactive(code, timeout=60, output_hook=output)
        return reply["content"], "".join(printed)

    def wait_for_iopub(self, msg_id, msg_type, timeout):
        deadline = time.monotonic() + timeout
        while True:
            msg = self.kc.get_iopub_msg(timeout=max(0.01, deadline - time.monotonic()))
            if msg["parent_header"].get("msg_id") == msg_id and msg["msg_type"] == msg_type:
                return msg

    def test_interrupt_stops_training_and_keeps_the_kernel_and_the_finished_steps(self):
        reply, _ = self.run_cell(self.setup_cell)
        self.assertEqual(reply["status"], "ok", reply)

        execute_id = self.kc.execute(self.long_cell)
        self.wait_for_iopub(execute_id, "execute_input", timeout=30)
        time.sleep(1.0)

        request = self.kc.session.msg("interrupt_request", {})
        sent = time.monotonic()
        self.kc.control_channel.send(request)
        answer = self.kc.control_channel.get_msg(timeout=10)
        replied = time.monotonic() - sent
        self.assertEqual(answer["msg_type"], "interrupt_reply")
        self.assertEqual(answer["parent_header"]["msg_id"], request["header"]["msg_id"])
        self.assertEqual(answer["content"]["status"], "ok")

        while True:
            done = self.kc.get_shell_msg(timeout=30)
            if done["parent_header"].get("msg_id") == execute_id:
                break
        stopped = time.monotonic() - sent
        print(
            "\ninterrupt: interrupt_reply after %.3f s, execute_reply (%s) after %.3f s"
            % (replied, done["content"]["status"], stopped),
            file=sys.stderr,
        )
        self.assertLessEqual(replied, REPLY_SECONDS, "interrupt_reply too late")
        self.assertLessEqual(stopped, MAX_STOP_SECONDS, "the cell did not stop soon enough")

        reply, printed = self.run_cell(self.count_cell)
        self.assertEqual(reply["status"], "ok", reply)
        counts = [int(n) for n in printed.split()]
        steps = counts[0]
        print("interrupt: %d of %d steps kept" % (steps, self.full_steps), file=sys.stderr)
        self.assertGreater(steps, 0)
        self.assertLess(steps, self.full_steps)
        self.assertEqual(counts, [steps, steps], "the history has the model's steps")


if __name__ == "__main__":
    unittest.main()
