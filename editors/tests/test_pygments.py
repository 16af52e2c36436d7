"""The Pygments lexer (editors/pygments) against the language's own programs."""

import re
import subprocess
import sys
import unittest

from programs import ROOT, all_programs, walkthroughs_and_examples
from support import PACKAGE_DIR, STRICT, grad_lexer, require, tokens_with_places


def kinds(lexer, source):
    """The tokens of `source` other than whitespace, as (type, text)."""
    return [(t, v) for t, v in lexer.get_tokens(source) if v.strip()]


class CorpusTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.lexer = grad_lexer()
        from pygments.token import Error

        cls.Error = Error

    def errors(self, program):
        return [
            (line, column, value)
            for t, value, line, column in tokens_with_places(self.lexer, program.text)
            if t in self.Error
        ]

    def test_every_program_without_a_lexer_error_has_no_error_token(self):
        programs = all_programs()
        self.assertGreater(len(programs), 300, "the corpus was not found")
        checked = 0
        for program in programs:
            if program.lexer_errors:
                continue
            with self.subTest(program.name):
                self.assertEqual(self.errors(program), [])
                checked += 1
        print(f"\n  pygments: {checked} programs tokenize with no error token", file=sys.stderr)

    def test_the_lexer_errors_goldens_expect_are_error_tokens_at_their_place(self):
        with_errors = [p for p in all_programs() if p.lexer_errors]
        # Each lexer message of LEXER_MESSAGE_* is exercised by some golden.
        self.assertGreaterEqual(len(with_errors), 9)
        for program in with_errors:
            self.assertTrue(program.syntax_error, program.name)
            spans = []
            for t, value, line, column in tokens_with_places(self.lexer, program.text):
                if t in self.Error:
                    spans.append((line, column, column + len(value)))
            for line, column, message in program.lexer_errors:
                with self.subTest(program.name, message=message):
                    covered = any(l == line and a <= column < b for l, a, b in spans)
                    self.assertTrue(covered, f"no error token at {line}:{column}: {spans}")

    def test_tokens_join_back_into_the_text(self):
        for program in walkthroughs_and_examples():
            text = "".join(v for _, v in self.lexer.get_tokens(program.text))
            self.assertEqual(text.rstrip("\n"), program.text.rstrip("\n"), program.name)


class TokenTests(unittest.TestCase):
    """What each construct of the language is, as Pygments names it."""

    @classmethod
    def setUpClass(cls):
        cls.lexer = grad_lexer()
        cls.token = require("pygments.token")

    def assertTokens(self, source, expected):
        got = kinds(self.lexer, source)
        self.assertEqual([(str(t), v) for t, v in got], [(str(t), v) for t, v in expected])

    def test_keywords_literals_and_names(self):
        T = self.token
        self.assertTokens(
            "let net = model(inputs: 2) { dense(3, act: relu) }",
            [
                (T.Keyword.Declaration, "let"),
                (T.Name, "net"),
                (T.Operator, "="),
                (T.Name.Builtin, "model"),
                (T.Punctuation, "("),
                (T.Name.Label, "inputs"),
                (T.Punctuation, ":"),
                (T.Number.Integer, "2"),
                (T.Punctuation, ")"),
                (T.Punctuation, "{"),
                (T.Name.Builtin, "dense"),
                (T.Punctuation, "("),
                (T.Number.Integer, "3"),
                (T.Punctuation, ","),
                (T.Name.Label, "act"),
                (T.Punctuation, ":"),
                (T.Name.Constant, "relu"),
                (T.Punctuation, ")"),
                (T.Punctuation, "}"),
            ],
        )
        self.assertTokens(
            "if not x and y != none { return true } else { for i in 0..n {} }",
            [
                (T.Keyword, "if"),
                (T.Operator.Word, "not"),
                (T.Name, "x"),
                (T.Operator.Word, "and"),
                (T.Name, "y"),
                (T.Operator, "!="),
                (T.Keyword.Constant, "none"),
                (T.Punctuation, "{"),
                (T.Keyword, "return"),
                (T.Keyword.Constant, "true"),
                (T.Punctuation, "}"),
                (T.Keyword, "else"),
                (T.Punctuation, "{"),
                (T.Keyword, "for"),
                (T.Name, "i"),
                (T.Keyword, "in"),
                (T.Number.Integer, "0"),
                (T.Operator, ".."),
                (T.Name, "n"),
                (T.Punctuation, "{"),
                (T.Punctuation, "}"),
                (T.Punctuation, "}"),
            ],
        )
        self.assertTokens(
            "fn f(x, lr: 0.1) { return x.loss }",
            [
                (T.Keyword.Declaration, "fn"),
                (T.Name.Function, "f"),
                (T.Punctuation, "("),
                (T.Name, "x"),
                (T.Punctuation, ","),
                (T.Name.Label, "lr"),
                (T.Punctuation, ":"),
                (T.Number.Float, "0.1"),
                (T.Punctuation, ")"),
                (T.Punctuation, "{"),
                (T.Keyword, "return"),
                (T.Name, "x"),
                (T.Punctuation, "."),
                (T.Name.Property, "loss"),
                (T.Punctuation, "}"),
            ],
        )

    def test_numbers_in_every_form_the_lexer_reads(self):
        T = self.token
        for source, kind in [
            ("0", T.Number.Integer),
            ("1_000", T.Number.Integer),
            ("3.25", T.Number.Float),
            ("1e-3", T.Number.Float),
            ("1E+20", T.Number.Float),
            ("2e5", T.Number.Float),
            ("1.5e-0_3", T.Number.Float),
            ("1_0.2_5", T.Number.Float),
        ]:
            with self.subTest(source):
                self.assertTokens(source, [(kind, source)])
        # A fraction needs a digit after the dot: `1..10` is a range, `1.e5` a member.
        self.assertTokens(
            "1..10", [(T.Number.Integer, "1"), (T.Operator, ".."), (T.Number.Integer, "10")]
        )
        self.assertTokens(
            "1.e5", [(T.Number.Integer, "1"), (T.Punctuation, "."), (T.Name.Property, "e5")]
        )
        # An exponent needs a digit: `1e` runs into a name, as `3x` does.
        self.assertTokens("1ex", [(T.Number, "1"), (T.Error, "ex")])
        self.assertTokens(
            "2 * 3x", [(T.Number.Integer, "2"), (T.Operator, "*"), (T.Number, "3"), (T.Error, "x")]
        )
        self.assertTokens("1e-3y", [(T.Number, "1e-3"), (T.Error, "y")])

    def test_strings_and_their_escapes(self):
        T = self.token
        self.assertTokens(
            r'print("a\tb\n\"q\" \\ \0\r \u{1F600} \u{41}")',
            [
                (T.Name.Builtin, "print"),
                (T.Punctuation, "("),
                (T.String.Double, '"'),
                (T.String.Double, "a"),
                (T.String.Escape, r"\t"),
                (T.String.Double, "b"),
                (T.String.Escape, r"\n"),
                (T.String.Escape, r"\""),
                (T.String.Double, "q"),
                (T.String.Escape, r"\""),
                (T.String.Escape, r"\\"),
                (T.String.Escape, r"\0"),
                (T.String.Escape, r"\r"),
                (T.String.Escape, r"\u{1F600}"),
                (T.String.Escape, r"\u{41}"),
                (T.String.Double, '"'),
                (T.Punctuation, ")"),
            ],
        )
        # What Lexer.lexString refuses.
        self.assertTokens(
            r'"\q"', [(T.String.Double, '"'), (T.Error, r"\q"), (T.String.Double, '"')]
        )
        for bad in [r"\u{D800}", r"\u{110000}", r"\u{}", r"\u{zz}", r"\u41", r"\u{0000000041}"]:
            with self.subTest(bad):
                got = kinds(self.lexer, f'"{bad}"')
                self.assertIn(T.Error, [t for t, _ in got], got)
        self.assertTokens(
            r'"\u{10FFFF}"',
            [(T.String.Double, '"'), (T.String.Escape, r"\u{10FFFF}"), (T.String.Double, '"')],
        )
        # A string must close on its line; the opening quote is the error.
        self.assertTokens(
            'let s = "open\nprint(s)',
            [
                (T.Keyword.Declaration, "let"),
                (T.Name, "s"),
                (T.Operator, "="),
                (T.Error, '"'),
                (T.String.Double, "open"),
                (T.Name.Builtin, "print"),
                (T.Punctuation, "("),
                (T.Name, "s"),
                (T.Punctuation, ")"),
            ],
        )

    def test_comments_prose_cells_and_meta_commands(self):
        T = self.token
        self.assertTokens(
            "#!/usr/bin/env gradlab\n## Prose *here*\n#%% Cell title\nx  # note\n",
            [
                (T.Comment.Hashbang, "#!/usr/bin/env gradlab"),
                (T.Comment.Special, "## Prose *here*"),
                (T.Comment.Preproc, "#%% Cell title"),
                (T.Name, "x"),
                (T.Comment.Single, "# note"),
            ],
        )
        # Only at the top level: inside braces `##` is an ordinary comment.
        self.assertTokens(
            "repeat(2) {\n    ## not prose\n}",
            [
                (T.Name.Builtin, "repeat"),
                (T.Punctuation, "("),
                (T.Number.Integer, "2"),
                (T.Punctuation, ")"),
                (T.Punctuation, "{"),
                (T.Comment.Single, "## not prose"),
                (T.Punctuation, "}"),
            ],
        )
        self.assertTokens(
            ":time train(net, data)\n:load session.grad\n:vars",
            [
                (T.Keyword.Pseudo, ":time"),
                (T.Name.Builtin, "train"),
                (T.Punctuation, "("),
                (T.Name, "net"),
                (T.Punctuation, ","),
                (T.Name, "data"),
                (T.Punctuation, ")"),
                (T.Keyword.Pseudo, ":load"),
                (T.Text, " session.grad"),
                (T.Keyword.Pseudo, ":vars"),
            ],
        )

    def test_names_a_program_binds_or_reads_are_not_builtins(self):
        T = self.token
        # `let data = ...` shadows nothing visible; `h.loss` is a member, `loss:` a label.
        self.assertTokens(
            "let spiral = h.train",
            [
                (T.Keyword.Declaration, "let"),
                (T.Name, "spiral"),
                (T.Operator, "="),
                (T.Name, "h"),
                (T.Punctuation, "."),
                (T.Name.Property, "train"),
            ],
        )
        self.assertTokens("my_dense", [(T.Name, "my_dense")])
        self.assertTokens("summary_x", [(T.Name, "summary_x")])

    def test_what_the_language_lexer_rejects_is_an_error_token(self):
        T = self.token
        self.assertTokens("a ! b", [(T.Name, "a"), (T.Error, "!"), (T.Name, "b")])
        self.assertTokens("a $ b", [(T.Name, "a"), (T.Error, "$"), (T.Name, "b")])
        self.assertTokens("é", [(T.Error, "é")])
        self.assertTokens(
            "f(1]", [(T.Name, "f"), (T.Punctuation, "("), (T.Number.Integer, "1"), (T.Error, "]")]
        )
        self.assertTokens(")", [(T.Error, ")")])
        self.assertTokens("[{()}]", [(T.Punctuation, c) for c in "[{()}]"])

    def test_every_builtin_is_a_builtin_token(self):
        T = self.token
        from gradlab_pygments.builtins import FUNCTIONS, VALUES

        self.assertGreater(len(FUNCTIONS), 40)
        self.assertGreater(len(VALUES), 20)
        for name in FUNCTIONS:
            self.assertTokens(
                f"{name}(x)",
                [(T.Name.Builtin, name), (T.Punctuation, "("), (T.Name, "x"), (T.Punctuation, ")")],
            )
        for name in VALUES:
            self.assertTokens(
                f"act = {name}", [(T.Name, "act"), (T.Operator, "="), (T.Name.Constant, name)]
            )

    def test_keywords_are_those_of_token_swift(self):
        from gradlab_pygments.lexer import KEYWORDS

        swift = (ROOT / "Sources/GradLanguage/Syntax/Token.swift").read_text(encoding="utf-8")
        table = re.search(r"let keywords: \[String: TokenKind\] = \[(.*?)\]", swift, re.S)
        self.assertIsNotNone(table, "Token.swift's keyword table was not found")
        names = re.findall(r'"([a-z]+)": \.\w+Keyword', table.group(1))
        self.assertIn("let", names)
        ours = [k for group in KEYWORDS.values() for k in group]
        self.assertEqual(sorted(ours), sorted(names))
        T = self.token
        for name in names:
            with self.subTest(name):
                (t, v), *_ = kinds(self.lexer, f"{name} x")
                self.assertTrue(t in T.Keyword or t in T.Operator.Word, t)
                # Never a label or a bound name, even where a name would be.
                self.assertNotIn(T.Name.Label, [t for t, _ in kinds(self.lexer, f"f({name}: 1)")])
                bound = kinds(self.lexer, f"let {name}")[1][0]
                self.assertNotIn(bound, T.Name)


class InstalledPackageTests(unittest.TestCase):
    """The package as pip installed it: what nbconvert and pygmentize find."""

    def test_pygments_finds_the_lexer_by_alias_file_name_and_mime_type(self):
        require("pygments")
        probe = (
            "import gradlab_pygments, pygments.lexers as L\n"
            "print(gradlab_pygments.__file__)\n"
            "for l in (L.get_lexer_by_name('grad'), L.get_lexer_by_name('gradlab'),"
            " L.get_lexer_for_filename('net.grad'), L.get_lexer_for_mimetype('text/x-grad')):\n"
            "    print(type(l).__module__ + '.' + type(l).__name__)\n"
        )
        # A fresh interpreter without the working tree on its path: the installed copy.
        done = subprocess.run(
            [sys.executable, "-c", probe], capture_output=True, text=True, cwd="/"
        )
        if done.returncode != 0 and not STRICT:
            self.skipTest(f"gradlab-pygments is not installed here: {done.stderr.strip()[-200:]}")
        self.assertEqual(done.returncode, 0, done.stderr)
        installed, *lexers = done.stdout.split()
        self.assertNotIn(str(PACKAGE_DIR), installed)
        self.assertEqual(lexers, ["gradlab_pygments.lexer.GradLexer"] * 4)
        # The installed lexer is the working tree's (scripts/test-editors reinstalls it).
        from pathlib import Path

        for module in ("lexer.py", "builtins.py"):
            self.assertEqual(
                (Path(installed).parent / module).read_text(encoding="utf-8"),
                (PACKAGE_DIR / "gradlab_pygments" / module).read_text(encoding="utf-8"),
                f"the installed {module} is stale",
            )


if __name__ == "__main__":
    unittest.main()
