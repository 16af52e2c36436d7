"""jupyter_kernel_test against the installed GradLab kernel, plus what it does not cover.

jupyter_kernel_test (PyPI) starts the kernel by its kernelspec name with
jupyter_client, sends each message and validates every reply and IOPub message
against the protocol's schema. The samples are real `.grad` code
(docs/language.md, docs/repl.md). Left out, with the reason:

- code_stderr: a `.grad` program cannot write to standard error (`print`
  writes standard output; errors are `error` messages);
- code_page_something: `help(...)` returns a string (shown as a result) and
  `:help` prints; nothing uses the pager payload;
- code_clear_output: no `.grad` code clears a cell's output.
"""

import os
import unittest

import jupyter_kernel_test
from jupyter_client.kernelspec import KernelSpecManager

import proof_setup as setup

TIMEOUT = 30

SETUP_CELL = """seed(1)
let net = model(inputs: 2) { dense(8, act: relu); dense(3) }
let data = spiral(points: 30)"""
"""Run once before the tests: the names the completion and display samples use."""


class GradLabKernelTests(jupyter_kernel_test.KernelTests):
    kernel_name = setup.KERNEL_NAME
    language_name = "grad"
    file_extension = ".grad"

    code_hello_world = 'print("hello, world")'

    # Completion after the setup cell: the REPL's completer (docs/repl.md).
    completion_samples = [
        {"text": "dense(8, act: le", "matches": {"leaky_relu"}},
        {"text": "net.par", "matches": {"params"}},
        {"text": "xavier_u", "matches": {"xavier_uniform"}},
    ]

    # The REPL's continuation rules (docs/language.md §1, docs/repl.md "Entries").
    complete_code_samples = [
        'print("hello")',
        "let total = 1 + 2",
        "model(inputs: 2) { dense(8); dense(3) }",
        "let net2 = model(inputs: 2) {\n    dense(8)\n    dense(3)\n}",
        "fn f(x) {\n  return x * 2\n}",
    ]
    incomplete_code_samples = [
        "print(1,",
        "let total = 1 +",
        "let q =",
        "let net2 = model(inputs: 2) {\n    dense(8)",
        "let xs = [1, 2,\n  3",
        "fn f(x) {",
    ]
    invalid_code_samples = [
        "print(1))",
        "}",
    ]

    code_generate_error = "nosuch + 1"

    code_execute_result = [
        {"code": "1 + 2", "result": "3"},
        {"code": 'len("gradlab")', "result": "7"},
        {"code": "plot([1, 4, 9, 16])", "mime": "image/svg+xml"},
        {"code": "grads(net, data)", "mime": "text/html"},
    ]

    code_display_data = [
        {"code": 'plot([1, 4, 9, 16])\nprint("drawn")', "mime": "image/svg+xml"},
        {"code": 'grads(net, data)\nprint("shown")', "mime": "text/html"},
    ]

    # Glob syntax as the protocol says; it names one of code_execute_result's codes.
    code_history_pattern = "1 + 2"
    supported_history_operations = ("tail", "range", "search")

    code_inspect_sample = "dense"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.kc.execute_interactive(SETUP_CELL, timeout=TIMEOUT)

    # ---- Beyond jupyter_kernel_test ----

    def run_cell(self, code):
        """Runs `code`; returns the execute_reply's content and the cell's IOPub outputs."""
        self.flush_channels()
        reply, outputs = self.execute_helper(code, timeout=TIMEOUT)
        return reply["content"], outputs

    def test_kernelspec_starts_the_release_binary(self):
        spec = KernelSpecManager().get_kernel_spec(self.kernel_name)
        self.assertEqual(os.path.realpath(spec.argv[0]), os.path.realpath(setup.GRADLAB))
        self.assertIn("{connection_file}", spec.argv)
        self.assertEqual(spec.display_name, "GradLab")
        self.assertEqual(spec.language, "grad")
        self.assertEqual(spec.interrupt_mode, "message")
        prefix = os.environ.get("GRADLAB_JUPYTER_PREFIX")
        if prefix:
            self.assertTrue(
                os.path.realpath(spec.resource_dir).startswith(os.path.realpath(prefix)),
                "the kernelspec found is %s, not the one installed into %s"
                % (spec.resource_dir, prefix),
            )
        logos = [f for f in os.listdir(spec.resource_dir) if f.startswith("logo")]
        self.assertTrue(logos, "no logo files in %s" % spec.resource_dir)

    def test_kernel_info_names_the_language(self):
        self.flush_channels()
        self.kc.kernel_info()
        reply = self.kc.get_shell_msg(timeout=TIMEOUT)["content"]
        self.assertTrue(reply["protocol_version"].startswith("5."), reply["protocol_version"])
        info = reply["language_info"]
        self.assertEqual(info["mimetype"], "text/x-grad")
        self.assertEqual(info["pygments_lexer"], "grad")
        self.assertIn("codemirror_mode", info)
        self.assertTrue(info.get("version"), "language_info has no version")

    def test_state_persists_across_cells_and_an_error_does_not_end_the_kernel(self):
        reply, _ = self.run_cell("let kept = 41")
        self.assertEqual(reply["status"], "ok")
        first = reply["execution_count"]
        reply, outputs = self.run_cell("kept / nosuch")
        self.assertEqual(reply["status"], "error")
        self.assertEqual(reply["execution_count"], first + 1)
        reply, outputs = self.run_cell("kept + 1")
        self.assertEqual(reply["status"], "ok")
        self.assertEqual(reply["execution_count"], first + 2)
        results = [o for o in outputs if o["msg_type"] == "execute_result"]
        self.assertEqual([r["content"]["data"]["text/plain"] for r in results], ["42"])
        self.assertEqual(results[0]["content"]["execution_count"], first + 2)

    def test_an_error_is_the_repl_error_text_with_cell_name_and_caret(self):
        reply, outputs = self.run_cell("let a = 1\nlet b = a + nosuch")
        self.assertEqual(reply["status"], "error")
        errors = [o["content"] for o in outputs if o["msg_type"] == "error"]
        self.assertEqual(len(errors), 1)
        error = errors[0]
        self.assertTrue(error["ename"])
        self.assertIn("nosuch", error["evalue"])
        trace = "\n".join(error["traceback"])
        self.assertIn("In[%d]:2:" % reply["execution_count"], trace)
        self.assertIn("let b = a + nosuch", trace)
        self.assertIn("^", trace)
        self.assertEqual(reply["ename"], error["ename"])

    def test_print_writes_stdout_streams_and_meta_commands_answer(self):
        reply, outputs = self.run_cell('print("one")\nprint("two", 3)')
        self.assertEqual(reply["status"], "ok")
        text = "".join(
            o["content"]["text"]
            for o in outputs
            if o["msg_type"] == "stream" and o["content"]["name"] == "stdout"
        )
        self.assertEqual(text, "one\ntwo 3\n")
        reply, outputs = self.run_cell(":vars")
        self.assertEqual(reply["status"], "ok")
        shown = "".join(str(o["content"]) for o in outputs)
        self.assertIn("net", shown)
        self.assertIn("data", shown)
        reply, outputs = self.run_cell(":quit")
        shown = "".join(str(o["content"]) for o in outputs)
        self.assertIn(":quit", shown, "a meta command a notebook has no use for says so")


if __name__ == "__main__":
    unittest.main()
