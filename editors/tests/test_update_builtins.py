"""editors/update-builtins: reading help() and writing the two editor files."""

import importlib.machinery
import importlib.util
import json
import subprocess
import sys
import unittest

from programs import ROOT
from support import STRICT
from test_nbconvert import gradlab_binary

SCRIPT = ROOT / "editors/update-builtins"


def script_module():
    loader = importlib.machinery.SourceFileLoader("update_builtins", str(SCRIPT))
    spec = importlib.util.spec_from_loader("update_builtins", loader)
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    return module


OVERVIEW = """Builtins (help(name) for details):

Models and layers:
  model(inputs, layers: none) { ... }
      A network taking `inputs` features.
  constant(value)
      An init scheme that fills every weight with `value`.

Files and the rest:
  print(values...)
      Prints.
  help(topic: none)
      Documents a builtin.

Activations: identity, relu, silu (swish), softmax
Init schemes: he_normal (he, kaiming), zeros, constant(v)
Losses: mse, bce
"""


class OverviewTests(unittest.TestCase):
    def setUp(self):
        self.script = script_module()

    def test_functions_and_values_with_their_aliases_in_order(self):
        functions, values = self.script.parse_overview(OVERVIEW)
        self.assertEqual(functions, ["model", "constant", "print", "help"])
        self.assertEqual(
            values,
            [
                "identity",
                "relu",
                "silu",
                "swish",
                "softmax",
                "he_normal",
                "he",
                "kaiming",
                "zeros",
                "mse",
                "bce",
            ],
        )

    def test_an_overview_in_another_format_is_refused(self):
        for broken in [
            OVERVIEW.replace("Losses: mse, bce\n", ""),
            OVERVIEW.replace("  help(", "help("),
            OVERVIEW.replace("  print(", "    print("),
            OVERVIEW.replace("identity, relu", "identity, relu, relu"),
        ]:
            with self.assertRaises(self.script.OverviewError):
                self.script.parse_overview(broken)

    def test_the_files_it_writes_change_with_one_name(self):
        functions, values = self.script.parse_overview(OVERVIEW)
        full = self.script.pygments_text(functions, values)
        self.assertIn('    "constant",\n', full)
        self.assertNotEqual(full, self.script.pygments_text(functions[:-1], values))
        grammar = json.dumps({"repository": {"builtin-functions": {}, "builtin-values": {}}})
        written = json.loads(self.script.grammar_text(grammar, functions, values))
        self.assertEqual(
            written["repository"]["builtin-functions"]["match"],
            "(?<![A-Za-z0-9_])(?:model|constant|print|help)(?![A-Za-z0-9_])",
        )


class CheckTests(unittest.TestCase):
    def test_the_committed_files_are_what_help_gives(self):
        binary = gradlab_binary()
        if not binary.is_file():
            message = f"{binary} is missing: swift build -c release --product gradlab"
            if STRICT:
                self.fail(message)
            self.skipTest(message)
        done = subprocess.run(
            [sys.executable, str(SCRIPT), "--check", "--gradlab", str(binary)],
            capture_output=True,
            text=True,
            timeout=120,
        )
        self.assertEqual(done.returncode, 0, done.stdout + done.stderr)
        self.assertIn("2 of 2 files up to date", done.stdout)


if __name__ == "__main__":
    unittest.main()
