"""The VS Code grammar (editors/vscode/syntaxes/grad.tmLanguage.json), run by a TextMate engine.

VS Code tokenizes with vscode-textmate, an npm package; npm's registry cannot
be reached where these tests run, so the engine is babi's (see
support.TextMate): the same algorithm over the same regular-expression
library, Oniguruma.
"""

import json
import re
import sys
import unittest
from collections import Counter

from programs import ROOT, all_programs, walkthroughs_and_examples
from support import GRAMMAR_FILE, TextMate, grad_lexer, has_scope, require, tokens_with_places


def pygments_to_scope():
    """For each kind of Pygments token, the scope the grammar gives the same text.

    Checked in order: the first kind a token belongs to decides.
    """
    from pygments.token import Comment, Error, Keyword, Name, Number, Operator, Punctuation, String

    return [
        (Comment, "comment"),
        (String.Escape, "constant.character.escape"),
        (String, "string.quoted.double"),
        (Number, "constant.numeric"),
        (Keyword.Declaration, "storage.type"),
        (Keyword.Constant, "constant.language"),
        (Keyword.Pseudo, "keyword.other.meta-command"),
        (Keyword, "keyword.control"),
        (Operator.Word, "keyword.operator.logical"),
        (Operator, "keyword.operator"),
        (Name.Builtin, "support.function.builtin"),
        (Name.Constant, "support.constant.builtin"),
        (Name.Label, "variable.parameter.label"),
        (Name.Property, "variable.other.property"),
        (Name.Function, "entity.name.function"),
        (Name, "variable.other.grad"),
        (Punctuation, "punctuation"),
        (Error, "invalid"),
    ]


# The five kinds the issue names, as Pygments tokens and grammar scopes.
CATEGORIES = {
    "keyword": ("Keyword", "Operator.Word"),
    "builtin": ("Name.Builtin", "Name.Constant"),
    "number": ("Literal.Number",),
    "string": ("Literal.String",),
    "comment": ("Comment",),
}


def category(token_type):
    name = str(token_type).removeprefix("Token.")
    for key, prefixes in CATEGORIES.items():
        if any(name == p or name.startswith(p + ".") for p in prefixes):
            return key
    return None


class GrammarFileTests(unittest.TestCase):
    def setUp(self):
        self.grammar = json.loads(GRAMMAR_FILE.read_text(encoding="utf-8"))

    def rules(self, node=None):
        """Every rule object of the grammar."""
        node = self.grammar if node is None else node
        if isinstance(node, dict):
            if any(k in node for k in ("match", "begin", "include", "patterns")):
                yield node
            for value in node.values():
                yield from self.rules(value)
        elif isinstance(node, list):
            for value in node:
                yield from self.rules(value)

    def test_every_regular_expression_compiles_in_oniguruma(self):
        onig = require("onigurumacffi")
        count = 0
        for rule in self.rules():
            for key in ("match", "begin", "end", "while"):
                if key in rule:
                    with self.subTest(rule=rule.get("name"), key=key):
                        onig.compile(rule[key])
                        count += 1
        self.assertGreater(count, 30)

    def test_includes_resolve_and_every_rule_is_used(self):
        repository = self.grammar["repository"]
        used = set()
        for rule in self.rules():
            include = rule.get("include")
            if include:
                self.assertTrue(include.startswith("#"), include)
                self.assertIn(include[1:], repository)
                used.add(include[1:])
        self.assertEqual(set(repository) - used, set())

    def test_the_grammar_names_its_scope_and_file_type(self):
        self.assertEqual(self.grammar["scopeName"], "source.grad")
        self.assertEqual(self.grammar["fileTypes"], ["grad"])
        # Every scope it gives ends in the language's suffix.
        for rule in self.rules(self.grammar["repository"]):
            for key in ("name", "contentName"):
                if key in rule:
                    self.assertTrue(rule[key].endswith(".grad"), rule[key])


class ScopeTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.textmate = TextMate()

    def char_scopes(self, source, fragment, occurrence=0):
        """The scopes of each character of the `occurrence`-th `fragment` in `source`."""
        starts = [m.start() for m in re.finditer(re.escape(fragment), source)]
        start = starts[occurrence]
        return self.textmate.scopes(source)[start : start + len(fragment)]

    def scope_of(self, source, fragment, occurrence=0):
        """The scopes of a fragment whose characters are all scoped alike."""
        chars = self.char_scopes(source, fragment, occurrence)
        self.assertEqual(len(set(chars)), 1, f"{fragment!r} is split: {chars}")
        return chars[0]

    def assertScope(self, source, fragment, expected, occurrence=0):
        """Every character of the fragment has the scope `expected` (or one below it)."""
        for scopes in self.char_scopes(source, fragment, occurrence):
            self.assertTrue(has_scope(scopes, expected), f"{fragment!r} in {source!r}: {scopes}")

    def test_spot_checks_of_every_kind_of_scope(self):
        program = (
            "#!/usr/bin/env gradlab\n"
            "## Prose with `code`\n"
            "#%% Train it\n"
            "let net = model(inputs: 2) { dense(16, act: relu); dense(3) }\n"
            "fn lr_at(step, base: 1e-3) { return base * 0.5 ^ (step / 1_000) }\n"
            'print("done:\\t\\u{2713}", net.params, 1..3)  # a comment\n'
            "if not true and x != none { } else { }\n"
            ":time train(net, data)\n"
        )
        for fragment, expected, occurrence in [
            ("#!/usr/bin/env gradlab", "comment.line.shebang.grad", 0),
            ("## Prose with `code`", "comment.line.double-number-sign.prose.grad", 0),
            ("#%%", "comment.line.cell-marker.grad", 0),
            ("Train it", "entity.name.section.grad", 0),
            ("let", "storage.type.grad", 0),
            ("net", "variable.other.grad", 0),
            ("model", "support.function.builtin.grad", 0),
            ("inputs", "variable.parameter.label.grad", 0),
            ("2", "constant.numeric.integer.grad", 0),
            ("{", "punctuation.section.block.begin.grad", 0),
            ("act", "variable.parameter.label.grad", 0),
            ("relu", "support.constant.builtin.grad", 0),
            (";", "punctuation.terminator.statement.grad", 0),
            ("fn", "storage.type.function.grad", 0),
            ("lr_at", "entity.name.function.grad", 0),
            ("base", "variable.parameter.label.grad", 0),
            ("1e-3", "constant.numeric.float.grad", 0),
            ("return", "keyword.control.grad", 0),
            ("*", "keyword.operator.arithmetic.grad", 0),
            ("0.5", "constant.numeric.float.grad", 0),
            ("^", "keyword.operator.arithmetic.grad", 0),
            ("1_000", "constant.numeric.integer.grad", 0),
            ("print", "support.function.builtin.grad", 0),
            ('"done:', "string.quoted.double.grad", 0),
            ("\\t", "constant.character.escape.grad", 0),
            ("\\u{2713}", "constant.character.escape.unicode.grad", 0),
            (".", "punctuation.accessor.grad", 1),
            ("params", "variable.other.property.grad", 0),
            ("..", "keyword.operator.range.grad", 0),
            ("# a comment", "comment.line.number-sign.grad", 0),
            ("if", "keyword.control.grad", 0),
            ("not", "keyword.operator.logical.grad", 0),
            ("true", "constant.language.boolean.grad", 0),
            ("and", "keyword.operator.logical.grad", 0),
            ("!=", "keyword.operator.comparison.grad", 0),
            ("none", "constant.language.none.grad", 0),
            ("else", "keyword.control.grad", 0),
            (":time", "keyword.other.meta-command.grad", 0),
            ("train", "support.function.builtin.grad", 0),
        ]:
            with self.subTest(fragment):
                self.assertScope(program, fragment, expected, occurrence)

    def test_names_a_program_binds_or_reads_are_not_builtins(self):
        self.assertScope("let spiral = 3", "spiral", "variable.other.grad")
        self.assertScope("for step in 1..3 { }", "step", "variable.other.grad")
        self.assertScope("h.train", "train", "variable.other.property.grad")
        self.assertScope("f(loss: mse)", "loss", "variable.parameter.label.grad")
        self.assertScope("my_dense", "my_dense", "variable.other.grad")
        self.assertScope("summary_x", "summary_x", "variable.other.grad")

    def test_what_the_language_lexer_rejects_is_invalid(self):
        for source, fragment in [
            ("a ! b", "!"),
            ("a $ b", "$"),
            ("let é = 1", "é"),
            ("3x", "x"),
            ("1ex", "ex"),
            ('"\\q"', "\\q"),
            ('"\\u{D800}"', "\\u{D800}"),
            ('"\\u{110000}"', "\\u{110000}"),
            ('let s = "open', '"'),
        ]:
            with self.subTest(source):
                self.assertScope(source, fragment, "invalid.illegal")
        # `!=` is an operator, not a lone `!`.
        self.assertScope("a != b", "!=", "keyword.operator.comparison.grad")

    def test_a_string_continues_to_its_closing_quote_and_no_further(self):
        source = 'print("a # not a comment", 2)'
        self.assertScope(source, "a # not a comment", "string.quoted.double.grad")
        self.assertScope(source, "2", "constant.numeric.integer.grad")
        # An unterminated string stops at the end of its line.
        self.assertScope('x = "open\nprint(1)', "print", "support.function.builtin.grad")

    def test_meta_commands_take_code_or_plain_text(self):
        source = ":load my file.grad\n:vars\n"
        self.assertScope(source, ":load", "keyword.other.meta-command.grad")
        self.assertScope(source, ":vars", "keyword.other.meta-command.grad")
        scopes = self.scope_of(source, "my file.grad")
        self.assertEqual(scopes, ("meta.meta-command.grad",))

    def test_every_builtin_gets_its_scope(self):
        builtins = _builtins()
        self.assertGreater(len(builtins.FUNCTIONS), 40)
        for name in builtins.FUNCTIONS:
            self.assertScope(f"{name}(x)", name, "support.function.builtin.grad")
        for name in builtins.VALUES:
            self.assertScope(f"act = {name}", name, "support.constant.builtin.grad")

    def test_keywords_of_token_swift_get_keyword_scopes(self):
        swift = (ROOT / "Sources/GradLanguage/Syntax/Token.swift").read_text(encoding="utf-8")
        table = re.search(r"let keywords: \[String: TokenKind\] = \[(.*?)\]", swift, re.S)
        names = re.findall(r'"([a-z]+)": \.\w+Keyword', table.group(1))
        self.assertGreaterEqual(len(names), 13)
        for name in names:
            with self.subTest(name):
                scopes = self.scope_of(f"{name} x", name)
                self.assertTrue(
                    any(
                        has_scope(scopes, p)
                        for p in ("keyword", "storage.type", "constant.language")
                    ),
                    scopes,
                )
                # Never a label nor a bound name.
                self.assertNotIn(
                    "variable.parameter.label.grad", self.scope_of(f"f({name}: 1)", name)
                )
                self.assertNotIn(
                    "variable.other.grad",
                    self.scope_of(f"let {name}", name, 0 if name != "let" else 1),
                )


def _builtins():
    from support import PACKAGE_DIR

    if str(PACKAGE_DIR) not in sys.path:
        sys.path.insert(0, str(PACKAGE_DIR))
    from gradlab_pygments import builtins

    return builtins


class CorpusTests(unittest.TestCase):
    """Every program, scoped by the grammar and checked against the Pygments lexer."""

    @classmethod
    def setUpClass(cls):
        cls.textmate = TextMate()
        cls.lexer = grad_lexer()
        cls.mapping = pygments_to_scope()

    def disagreements(self, text):
        """Tokens whose characters lack the scope their Pygments kind calls for."""
        scopes = self.textmate.scopes(text)
        offsets = [0]
        for line in text.split("\n"):
            offsets.append(offsets[-1] + len(line) + 1)
        found = []
        counts = Counter()
        for token_type, value, line, column in tokens_with_places(self.lexer, text):
            expected = next((s for t, s in self.mapping if token_type in t), None)
            if expected is None or not value.strip():
                continue
            start = offsets[line - 1] + column - 1
            kind = category(token_type)
            if kind:
                counts[kind] += 1
            for k in range(start, min(start + len(value), len(scopes))):
                if value[k - start].isspace():
                    continue
                if not has_scope(scopes[k], expected):
                    found.append((line, column, value, str(token_type), expected, scopes[k]))
                    break
        return found, counts

    def test_no_program_without_a_lexer_error_has_an_invalid_scope(self):
        programs = [p for p in all_programs() if not p.lexer_errors]
        self.assertGreater(len(programs), 300)
        for program in programs:
            with self.subTest(program.name):
                scopes = self.textmate.scopes(program.text)
                bad = [k for k, s in enumerate(scopes) if has_scope(s, "invalid")]
                self.assertEqual(bad, [], program.text[bad[0] : bad[0] + 20] if bad else "")

    def test_the_lexer_errors_goldens_expect_are_invalid_at_their_place(self):
        # Brackets are not paired by a line-by-line grammar; the others are seen.
        checked = 0
        for program in all_programs():
            for line, column, message in program.lexer_errors:
                if "bracket" in message or "does not match" in message:
                    continue
                with self.subTest(program.name, message=message):
                    offset = sum(len(l) + 1 for l in program.text.split("\n")[: line - 1])
                    scopes = self.textmate.scopes(program.text)[offset + column - 1]
                    self.assertTrue(has_scope(scopes, "invalid"), scopes)
                    checked += 1
        self.assertGreaterEqual(checked, 6)

    def test_every_program_is_scoped_as_the_pygments_lexer_reads_it(self):
        totals = Counter()
        programs = [p for p in all_programs() if not p.syntax_error]
        for program in programs:
            with self.subTest(program.name):
                found, counts = self.disagreements(program.text)
                totals.update(counts)
                self.assertEqual(found, [])
        print(
            f"\n  textmate: {len(programs)} programs agree with Pygments token by token: "
            + ", ".join(f"{n} {k}s" for k, n in sorted(totals.items())),
            file=sys.stderr,
        )

    def test_walkthroughs_and_examples_scope_keywords_builtins_numbers_strings_and_comments(self):
        programs = walkthroughs_and_examples()
        self.assertGreaterEqual(len(programs), 15)
        for program in programs:
            with self.subTest(program.name):
                found, counts = self.disagreements(program.text)
                self.assertEqual(found, [])
                # Each has all five kinds, each scoped as checked above.
                for kind in CATEGORIES:
                    self.assertGreater(counts[kind], 0, f"no {kind} in {program.name}")


if __name__ == "__main__":
    unittest.main()
