"""nbconvert's HTML highlights `.grad` cells with the lexer, through language_info."""

import json
import os
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path

from programs import ROOT
from support import STRICT, require

CELL = (
    'let net = model(inputs: 2) { dense(16, act: relu); dense(3) }\nprint("lr\\t", 1e-3)  # rate\n'
)


def gradlab_binary():
    return Path(os.environ.get("GRADLAB_BINARY", ROOT / ".build/release/gradlab"))


class NbconvertTests(unittest.TestCase):
    def setUp(self):
        require("nbconvert")
        self.folder = Path(tempfile.mkdtemp(prefix="grad-nbconvert-"))

    def tearDown(self):
        for path in sorted(self.folder.rglob("*"), reverse=True):
            path.rmdir() if path.is_dir() else path.unlink()
        self.folder.rmdir()

    def html(self, notebook):
        """`jupyter nbconvert --to html` of the notebook file."""
        # The venv's `jupyter` command, as a user types it.
        jupyter = Path(sys.executable).parent / "jupyter"
        command = (
            [str(jupyter), "nbconvert"]
            if jupyter.is_file()
            else [sys.executable, "-m", "nbconvert"]
        )
        done = subprocess.run(
            command + ["--to", "html", "--stdout", str(notebook)],
            capture_output=True,
            text=True,
            timeout=120,
        )
        self.assertEqual(done.returncode, 0, done.stderr[-2000:])
        return done.stdout

    def assertHighlighted(self, html):
        # Pygments' HTML classes: kd let, nb builtin, nl label, no value name, mf float.
        for span in [
            '<span class="kd">let</span>',
            '<span class="nb">model</span>',
            '<span class="nl">inputs</span>',
            '<span class="no">relu</span>',
            '<span class="mf">1e-3</span>',
            '<span class="se">\\t</span>',
            '<span class="c1"># rate</span>',
        ]:
            self.assertIn(span, html)
        self.assertNotIn('class="err"', html)

    def test_a_kernel_notebook_names_the_lexer_grad(self):
        # The language_info the GradLab kernel sends (kernel_info_reply).
        notebook = {
            "cells": [
                {
                    "cell_type": "code",
                    "execution_count": 1,
                    "id": "c1",
                    "metadata": {},
                    "outputs": [],
                    "source": CELL,
                }
            ],
            "metadata": {
                "kernelspec": {"display_name": "GradLab", "language": "grad", "name": "gradlab"},
                "language_info": {
                    "name": "grad",
                    "file_extension": ".grad",
                    "mimetype": "text/x-grad",
                    "pygments_lexer": "grad",
                },
            },
            "nbformat": 4,
            "nbformat_minor": 5,
        }
        path = self.folder / "kernel.ipynb"
        path.write_text(json.dumps(notebook), encoding="utf-8")
        self.assertHighlighted(self.html(path))

    def test_a_notebook_gradlab_exports_is_highlighted_too(self):
        # `gradlab run --notebook` writes language_info.name "gradlab" and no
        # pygments_lexer; nbconvert then asks for the lexer by that name, an alias.
        binary = gradlab_binary()
        if not binary.is_file():
            message = f"{binary} is missing: swift build -c release --product gradlab"
            if STRICT:
                self.fail(message)
            self.skipTest(message)
        program = self.folder / "tiny.grad"
        program.write_text("## A tiny program\n" + CELL.replace("print", "let s = 0\nprint"))
        notebook = self.folder / "tiny.ipynb"
        done = subprocess.run(
            [str(binary), "run", str(program), "--notebook", str(notebook), "--no-color"],
            capture_output=True,
            text=True,
            timeout=120,
        )
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertHighlighted(self.html(notebook))


if __name__ == "__main__":
    unittest.main()
