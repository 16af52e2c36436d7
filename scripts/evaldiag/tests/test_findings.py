import re
import unittest
from pathlib import Path

from evaldiag import findings

ROOT = Path(__file__).resolve().parents[3]


def engine_titles() -> dict:
    """{raw name: title} from Finding.Name in the engine."""
    source = (ROOT / "Sources/GradEngine/Diagnosis/Finding.swift").read_text(encoding="utf-8")
    cases = {m[0]: m[1] or m[0] for m in re.findall(r'^\s*case (\w+)(?: = "(\w+)")?\s*$', source, re.M)}
    titles = dict(re.findall(r"case \.(\w+): \"([^\"]+)\"", source))
    return {cases[name]: title for name, title in titles.items() if name in cases}


class FindingsTests(unittest.TestCase):
    def test_every_engine_title_maps_to_its_name(self):
        titles = engine_titles()
        self.assertGreaterEqual(len(titles), 8, titles)
        for name, title in titles.items():
            if name == findings.HEALTHY:
                continue
            with self.subTest(title=title):
                self.assertEqual(findings.name_for_title(title), name)
                self.assertIn(name, findings.KINDS)

    def test_titles_table_covers_the_engine(self):
        for name, title in engine_titles().items():
            if name != findings.HEALTHY:
                self.assertEqual(findings.TITLES.get(title.lower()), name,
                                 f"findings.TITLES lacks Finding.swift's {title!r}")

    def test_new_findings_by_keyword(self):
        self.assertEqual(findings.name_for_title("oscillating loss"), "oscillation")
        self.assertEqual(findings.name_for_title("learning rate far outside the usual range"), "learning_rate")
        self.assertEqual(findings.name_for_title("output activation fights the loss"), "output_activation")
        self.assertEqual(findings.name_for_title("unscaled inputs"), "unscaled_inputs")
        self.assertEqual(findings.name_for_title("poor init"), "poor_init")
        self.assertEqual(findings.name_for_title("target range"), "target_range")
        self.assertIsNone(findings.name_for_title("something else"))

    def test_header_lists(self):
        self.assertEqual(findings.parse_list("vanishing, plateau (maybe)"), ["vanishing", "plateau"])
        self.assertEqual(findings.parse_list(""), [])
        self.assertEqual(findings.parse_list("none"), [])
