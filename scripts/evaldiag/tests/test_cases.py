import tempfile
import unittest
from pathlib import Path

from evaldiag.cases import discover, matches, parse_header, remedy_of

from .helpers import case

HEADER = """# case: deeplocalize/so-1-buggy
# source: Wardat-ISU/DeepLocalize@297bc34 Benchmark/StackOverflow/1/Buggy Code/1.py
# kind: buggy
# published: the learning rate is too high;
#   the fix lowers it to 0.001
# expect: exploding
# forbid:
seed(1)
# a comment in the program is not the header
"""


class CasesTests(unittest.TestCase):
    def test_header_keys_and_continuation_lines(self):
        header = parse_header(HEADER)
        self.assertEqual(header["kind"], "buggy")
        self.assertEqual(header["published"], "the learning rate is too high; the fix lowers it to 0.001")
        self.assertEqual(header["forbid"], "")
        self.assertNotIn("a comment in the program is not the header", str(header))

    def test_discover_reads_ids_and_checks_headers(self):
        with tempfile.TemporaryDirectory() as folder:
            root = Path(folder)
            (root / "deeplocalize").mkdir()
            (root / "deeplocalize" / "so-1-buggy.grad").write_text(HEADER)
            (root / "deeplocalize" / "so-1-fixed.grad").write_text("# kind: clean\n# expect: vanishing\n")
            cases = discover(root)
        self.assertEqual([c.id for c in cases], ["deeplocalize/so-1-buggy", "deeplocalize/so-1-fixed"])
        self.assertEqual(cases[0].problems, [])
        self.assertEqual(cases[1].problems, ["a clean case expects findings"])

    def test_only_matches_ids_names_globs_and_sets(self):
        c = case("deeplocalize/so-1-buggy")
        for pattern in ("deeplocalize/so-1-buggy", "so-1-buggy", "so-1-*", "deeplocalize", "deeplocalize/",
                        "so-1-buggy.grad"):
            self.assertTrue(matches(c, [pattern]), pattern)
        for pattern in ("so-1", "clean", "deep"):
            self.assertFalse(matches(c, [pattern]), pattern)

    def test_remedies(self):
        buggy, fixed = case("dl/so-1-buggy"), case("dl/so-1-fixed", kind="fixed")
        seeded = case("seeded/so-1-lr", kind="seeded")
        named = case("seeded/other-lr", kind="seeded", base="dl/so-1-fixed")
        by_id = {c.id: c for c in (buggy, fixed, seeded, named)}
        self.assertIs(remedy_of(buggy, by_id), fixed)
        self.assertIs(remedy_of(seeded, by_id), fixed)
        self.assertIs(remedy_of(named, by_id), fixed)
        self.assertIsNone(remedy_of(fixed, by_id))
        self.assertIsNone(remedy_of(case("dl/lonely-buggy"), by_id))

    def test_a_seeded_case_s_base_in_its_own_set_first(self):
        clean = case("seeded/so-2-clean", kind="clean")
        fixed = case("dl/so-2-fixed", kind="fixed")
        seeded = case("seeded/so-2-lr-high", kind="seeded")
        self.assertIs(remedy_of(seeded, {c.id: c for c in (clean, fixed, seeded)}), clean)
        self.assertIs(remedy_of(seeded, {c.id: c for c in (fixed, seeded)}), fixed)
