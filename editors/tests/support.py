"""What the editor tests share: the lexer, the grammar engine, and when to skip.

`scripts/test-editors` runs the tests in a venv it made with Pygments, babi
and nbconvert, and sets GRADLAB_EDITORS_STRICT=1 there: then a missing
dependency fails the test instead of skipping it. Elsewhere (a plain
`python3 -m unittest`), tests whose dependency is missing are skipped with
the reason.
"""

import os
import shutil
import sys
import tempfile
import unittest
from pathlib import Path

from programs import ROOT

STRICT = os.environ.get("GRADLAB_EDITORS_STRICT") == "1"
GRAMMAR_FILE = ROOT / "editors/vscode/syntaxes/grad.tmLanguage.json"
PACKAGE_DIR = ROOT / "editors/pygments"


def require(module_name):
    """Imports a module, or skips the test (fails it when strict)."""
    try:
        return __import__(module_name, fromlist=["_"])
    except ImportError as error:
        message = f"{module_name} is not installed ({error}); scripts/test-editors installs it"
        if STRICT:
            raise AssertionError(message) from error
        raise unittest.SkipTest(message) from error


def grad_lexer():
    """GradLexer from the working tree (the installed package is checked apart)."""
    require("pygments")
    if str(PACKAGE_DIR) not in sys.path:
        sys.path.insert(0, str(PACKAGE_DIR))
    from gradlab_pygments.lexer import GradLexer

    # stripnl=False: token positions are those of the file.
    return GradLexer(stripnl=False)


def tokens_with_places(lexer, text):
    """Each token with its 1-based line and column and its text."""
    line, column = 1, 1
    for token_type, value in lexer.get_tokens(text):
        yield token_type, value, line, column
        newlines = value.count("\n")
        if newlines:
            line += newlines
            column = len(value) - value.rindex("\n")
        else:
            column += len(value)


class TextMate:
    """The VS Code grammar run by babi's TextMate engine.

    babi (an editor, on PyPI) tokenizes with TextMate grammars as VS Code's
    vscode-textmate does: begin/end and match rules, captures, leftmost match
    with rule order breaking ties, regular expressions in Oniguruma (through
    onigurumacffi), the engine vscode-textmate uses as WebAssembly. Each line
    is tokenized with its "\\n", as vscode-textmate does.
    """

    def __init__(self):
        highlight = require("babi.highlight")
        self._highlight_line = highlight.highlight_line
        # babi finds a grammar by its scope name as the file's name.
        folder = tempfile.mkdtemp(prefix="grad-grammar-")
        shutil.copy(GRAMMAR_FILE, Path(folder) / "source.grad.json")
        self.compiler = highlight.Grammars(folder).compiler_for_scope("source.grad")
        shutil.rmtree(folder)

    def scopes(self, text):
        """For each character of `text`, its scopes below `source.grad` (a tuple)."""
        out = []
        state = self.compiler.root_state
        lines = text.split("\n")
        for index, line in enumerate(lines):
            fed = line + "\n"
            state, regions = self._highlight_line(self.compiler, state, fed, index == 0)
            per_char = [()] * len(fed)
            for start, end, scope in regions:
                for k in range(start, end):
                    per_char[k] = tuple(scope[1:])
            out.extend(per_char[: len(line)])
            if index < len(lines) - 1:
                out.append(per_char[len(line)])
        return out

    def spans(self, text):
        """Runs of characters with the same scopes: (start, end, scopes)."""
        chars = self.scopes(text)
        runs = []
        start = 0
        for k in range(1, len(chars) + 1):
            if k == len(chars) or chars[k] != chars[start]:
                runs.append((start, k, chars[start]))
                start = k
        return runs


def has_scope(scopes, prefix):
    """Whether one of the scopes is `prefix` or starts with `prefix.`."""
    return any(s == prefix or s.startswith(prefix + ".") for s in scopes)
