"""A real browser: scripts/screenshot-jupyterlab on walkthrough 01, and what its page shows.

The script runs 01-vanishing's notebook in JupyterLab in headless Chromium
under the GradLab kernel and writes a screenshot, the notebook's rendered HTML
and a JSON report of the page. This test runs it and checks the page, not only
that a PNG was written:

- every code cell ran (`[n]:` prompts, as many as the export's code cells), and
  no output is an error;
- the output area holds the gradient table as HTML: a <table> with a health
  column whose marks (✓ ↓ ...) are coloured (a colour other than the table's text);
- the output area holds the plots as SVG: JupyterLab renders `image/svg+xml` as
  an <img> whose source is the SVG document (an inline <svg> element counts too);
- the PNG is a picture of the window's size.
"""

import html.parser
import json
import struct
import subprocess
import sys
import unittest
import urllib.parse

import cell_outputs as co
import proof_setup as setup

WALKTHROUGH = "01-vanishing.grad"
SIZE = (1400, 2400)
MARKS = ("✓", "↓", "↑", "∅")
VOID = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "track",
    "wbr",
}


class OutputAreaParser(html.parser.HTMLParser):
    """Collects, inside `.jp-OutputArea-output` elements, the tables' text and the SVGs."""

    def __init__(self):
        super().__init__()
        self.depth = 0  # how deep inside an output area (0: outside)
        self.table_depth = 0
        self.tables = []
        self.svg_elements = 0
        self.svg_images = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        classes = (attrs.get("class") or "").split()
        if self.depth:
            self.depth += tag not in VOID
        elif "jp-OutputArea-output" in classes:
            self.depth = 1
        if not self.depth:
            return
        if tag == "table":
            self.table_depth += 1
            if self.table_depth == 1:
                self.tables.append("")
        elif tag == "svg":
            self.svg_elements += 1
        elif tag == "img" and (attrs.get("src") or "").startswith("data:image/svg+xml"):
            document = urllib.parse.unquote(attrs["src"].split(",", 1)[1])
            self.svg_images.append(document)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        if not self.depth or tag in VOID:
            return
        if tag == "table" and self.table_depth:
            self.table_depth -= 1
        self.depth -= 1

    def handle_data(self, data):
        if self.table_depth:
            self.tables[-1] += data


def png_size(path):
    with open(path, "rb") as f:
        head = f.read(24)
    if head[:8] != b"\x89PNG\r\n\x1a\n":
        return None
    return struct.unpack(">II", head[16:24])


class JupyterLabTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        if not setup.chromium():
            raise unittest.SkipTest("chromium is missing (scripts/screenshot-notebook installs it)")
        run = subprocess.run(
            [
                str(setup.ROOT / "scripts" / "screenshot-jupyterlab"),
                str(setup.WALKTHROUGHS / WALKTHROUGH),
                "--size",
                "%d,%d" % SIZE,
            ],
            capture_output=True,
            text=True,
            timeout=900,
        )
        sys.stderr.write(run.stderr[-4000:] if run.returncode else "")
        if run.returncode != 0:
            raise AssertionError("scripts/screenshot-jupyterlab exited %d" % run.returncode)
        cls.png, cls.html, report = run.stdout.split()[-3:]
        print("\njupyterlab screenshot: %s" % cls.png, file=sys.stderr)
        with open(report, encoding="utf-8") as f:
            cls.report = json.load(f)
        cls.page = OutputAreaParser()
        with open(cls.html, encoding="utf-8") as f:
            cls.page.feed(f.read())
        folder = setup.work_folder("lab-export")
        path, _ = setup.export_walkthrough(WALKTHROUGH, folder)
        with open(path, encoding="utf-8") as f:
            cls.code_cells = len(co.code_cells(json.load(f)))

    def test_every_cell_ran_without_an_error(self):
        prompts = self.report["prompts"]
        self.assertEqual(len(prompts), self.code_cells)
        self.assertEqual(prompts, ["[%d]:" % n for n in range(1, self.code_cells + 1)])
        self.assertEqual(self.report["errors"], [])
        self.assertIn("GradLab", self.report["kernelName"])

    def test_the_output_area_has_the_gradient_table_as_html_with_coloured_marks(self):
        gradient_tables = [t for t in self.page.tables if "dense_1" in t and "health" in t]
        self.assertTrue(gradient_tables, "no <table> with a health column in the output area")
        self.assertTrue(any(m in gradient_tables[0] for m in MARKS), gradient_tables[0][:500])
        reported = [t for t in self.report["tables"] if "health" in t["text"]]
        marks = [m for t in reported for m in t["marks"] if m["text"][:1] in MARKS]
        self.assertTrue(marks, "the browser found no health marks in the tables")
        self.assertTrue(
            all(m["color"] != m["tableColor"] for m in marks),
            "health marks not coloured: %s" % marks[:4],
        )

    def test_the_output_area_has_svg_plots(self):
        svgs = self.page.svg_images + ["<svg"] * self.page.svg_elements
        self.assertTrue(svgs, "no <svg> (element or SVG image) in the output area")
        for document in self.page.svg_images:
            self.assertIn("<svg", document)
        drawn = [i for i in self.report["svgImages"] if i["width"] > 0 and i["height"] > 0]
        self.assertTrue(drawn or self.report["inlineSvgs"], "the browser drew no SVG plot")

    def test_the_screenshot_is_a_picture_of_the_window(self):
        self.assertEqual(png_size(self.png), SIZE)


if __name__ == "__main__":
    unittest.main()
