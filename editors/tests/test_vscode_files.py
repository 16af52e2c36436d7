"""The VS Code extension folder (editors/vscode): its JSON files and what they set."""

import json
import re
import unittest

from programs import ROOT, all_programs, walkthroughs_and_examples
from support import GRAMMAR_FILE, grad_lexer

FOLDER = ROOT / "editors/vscode"


def load(name):
    return json.loads((FOLDER / name).read_text(encoding="utf-8"))


def indent_level(line, tab_size):
    """VS Code's computeIndentLevel: -1 for a line of whitespace only."""
    indent = 0
    for ch in line:
        if ch == " ":
            indent += 1
        elif ch == "\t":
            indent = indent - indent % tab_size + tab_size
        else:
            return indent
    return -1


def fold_ranges(lines, tab_size=4):
    """The folding ranges VS Code computes by indentation (1-based, inclusive).

    A transcription of computeRanges in VS Code's indentRangeProvider.ts for
    a language without folding markers and with offSide false, which is what
    language-configuration.json declares. (VS Code uses it when no extension
    provides folding ranges for the language, as none does for GradLab.)
    """
    ranges = []
    # Each: [indent, endAbove]; the sentinel has indent -1.
    previous_regions = [[-1, len(lines) + 1]]
    for line in range(len(lines), 0, -1):
        indent = indent_level(lines[line - 1], tab_size)
        previous = previous_regions[-1]
        if indent == -1:
            continue
        if previous[0] > indent:
            while previous[0] > indent:
                previous_regions.pop()
                previous = previous_regions[-1]
            end = previous[1] - 1
            if end - line >= 1:
                ranges.append((line, end))
        if previous[0] == indent:
            previous[1] = line
        else:
            previous_regions.append([indent, line])
    return set(ranges)


class PackageTests(unittest.TestCase):
    def test_package_json_contributes_the_language_its_grammar_and_configuration(self):
        package = load("package.json")
        for key in ("name", "displayName", "version", "publisher", "description"):
            self.assertTrue(package.get(key), key)
        self.assertIn("vscode", package["engines"])
        (language,) = package["contributes"]["languages"]
        self.assertEqual(language["id"], "grad")
        self.assertEqual(language["extensions"], [".grad"])
        self.assertEqual(language["mimetypes"], ["text/x-grad"])
        self.assertTrue((FOLDER / language["configuration"]).is_file())
        (grammar,) = package["contributes"]["grammars"]
        self.assertEqual(grammar["language"], "grad")
        self.assertTrue((FOLDER / grammar["path"]).resolve() == GRAMMAR_FILE.resolve())
        self.assertEqual(grammar["scopeName"], json.loads(GRAMMAR_FILE.read_text())["scopeName"])
        # firstLine recognises the walkthroughs' `#!/usr/bin/env gradlab`.
        first = re.compile(language["firstLine"])
        for program in walkthroughs_and_examples():
            line = program.text.split("\n", 1)[0]
            if line.startswith("#!"):
                self.assertTrue(first.search(line), line)
        self.assertFalse(first.search("#!/usr/bin/env python3"))

    def test_the_readme_says_how_to_use_the_folder(self):
        readme = (FOLDER / "README.md").read_text(encoding="utf-8")
        self.assertIn("--extensionDevelopmentPath", readme)


class LanguageConfigurationTests(unittest.TestCase):
    def setUp(self):
        self.config = load("language-configuration.json")

    def test_comments_are_hash_lines_and_there_are_no_block_comments(self):
        self.assertEqual(self.config["comments"], {"lineComment": "#"})

    def test_brackets_are_the_languages_three_pairs(self):
        # Lexer.lexPunctuation: ( [ { open, ) ] } close.
        pairs = [("{", "}"), ("[", "]"), ("(", ")")]
        self.assertEqual([tuple(p) for p in self.config["brackets"]], pairs)
        closing = [(p["open"], p["close"]) for p in self.config["autoClosingPairs"]]
        self.assertEqual(closing, pairs + [('"', '"')])
        # A quote typed inside a string or a comment is only a quote.
        quote = self.config["autoClosingPairs"][-1]
        self.assertEqual(sorted(quote["notIn"]), ["comment", "string"])
        self.assertEqual([tuple(p) for p in self.config["surroundingPairs"]], pairs + [('"', '"')])

    def test_indentation_rules_follow_the_blocks_of_the_programs(self):
        rules = self.config["indentationRules"]
        increase = re.compile(rules["increaseIndentPattern"])
        decrease = re.compile(rules["decreaseIndentPattern"])
        for line in [
            "let net = model(inputs: 2) {",
            "} else {",
            "  repeat(3) {  # three",
            "f(",
            "let xs = [",
        ]:
            self.assertTrue(increase.search(line), line)
        for line in ["dense(3)", "x # {", "}", 'print("{")']:
            self.assertFalse(increase.search(line), line)
        for line in ["}", "    } else {", "]", ")"]:
            self.assertTrue(decrease.search(line), line)
        self.assertFalse(decrease.search("dense(3) }"))
        # In the walkthroughs and examples: each line that opens a block spanning
        # lines indents the next, and each line that starts by closing one outdents.
        lexer = grad_lexer()
        from pygments.token import Punctuation

        for program in walkthroughs_and_examples():
            lines = program.text.split("\n")
            for line, column, closing_line in brace_blocks(lexer, program.text, Punctuation):
                if closing_line > line and lines[line - 1].rstrip().endswith("{"):
                    self.assertTrue(increase.search(lines[line - 1]), lines[line - 1])
                    self.assertTrue(
                        decrease.search(lines[closing_line - 1]), lines[closing_line - 1]
                    )

    def test_enter_on_a_prose_line_continues_the_prose(self):
        (rule,) = self.config["onEnterRules"]
        before = re.compile(rule["beforeText"])
        self.assertTrue(before.search("## The gradient vanishes"))
        self.assertFalse(before.search("##"))
        self.assertFalse(before.search("#%% Train"))
        self.assertFalse(before.search("let x = 1  # note"))
        self.assertEqual(rule["action"], {"indent": "none", "appendText": "## "})

    def test_a_word_is_a_name_or_a_whole_number(self):
        word = re.compile(self.config["wordPattern"])
        for text in ["grads", "dense_2", "1e-3", "1_000", "0.25"]:
            self.assertEqual(word.fullmatch(text) is not None, True, text)
        self.assertEqual(word.match("x.loss").group(), "x")

    def test_every_brace_block_spanning_lines_folds(self):
        """What is between `{` and its `}` folds.

        Under the line of the `{`, or, when the `{` ends a statement's
        continuation line, under the statement's first line (the one indented
        as the `}` is).
        """
        lexer = grad_lexer()
        from pygments.token import Punctuation

        checked = 0
        for program in all_programs():
            if program.syntax_error:
                continue
            lines = program.text.split("\n")
            ranges = fold_ranges(lines)
            for line, column, closing_line in brace_blocks(lexer, program.text, Punctuation):
                if closing_line <= line + 1:
                    continue  # on one line, or nothing between
                with self.subTest(program.name, line=line):
                    closer = indent_level(lines[closing_line - 1], 4)
                    starts = [s for s, e in ranges if e == closing_line - 1 and s <= line]
                    self.assertTrue(
                        any(indent_level(lines[s - 1], 4) == closer for s in starts),
                        f"no fold ends at line {closing_line - 1}: {sorted(ranges)}",
                    )
                    checked += 1
        self.assertGreater(checked, 100)


def brace_blocks(lexer, text, punctuation):
    """Each `{`'s line and column and its `}`'s line, from the lexer's tokens."""
    from support import tokens_with_places

    open_braces = []
    for token_type, value, line, column in tokens_with_places(lexer, text):
        if token_type in punctuation and value == "{":
            open_braces.append((line, column))
        elif token_type in punctuation and value == "}" and open_braces:
            start_line, start_column = open_braces.pop()
            yield start_line, start_column, line


class GrammarJSONTests(unittest.TestCase):
    def test_the_grammar_is_json_written_as_update_builtins_writes_it(self):
        text = GRAMMAR_FILE.read_text(encoding="utf-8")
        grammar = json.loads(text)
        self.assertEqual(json.dumps(grammar, indent=2, ensure_ascii=False) + "\n", text)


if __name__ == "__main__":
    unittest.main()
