"""The comparison the walkthrough test relies on (cell_outputs), without a kernel.

Each check changes one thing in a real export and must see the difference,
so that a kernel test passing means the outputs matched, not that the
comparison looked away.
"""

import copy
import json
import unittest

import cell_outputs as co
import proof_setup as setup


class GoldenCutTests(unittest.TestCase):
    """golden_problem: the check that an export is its golden file cut into cells
    (test_walkthrough_notebooks applies it to every walkthrough)."""

    @classmethod
    def setUpClass(cls):
        folder = setup.work_folder("exports-golden")
        path, _ = setup.export_walkthrough("01-vanishing.grad", folder)
        with open(path, encoding="utf-8") as f:
            cls.notebook = json.load(f)
        cls.golden = (setup.GOLDEN / "01-vanishing.out").read_text(encoding="utf-8")

    def test_the_export_joined_is_the_golden_file(self):
        self.assertIsNone(co.golden_problem(co.code_cells(self.notebook), self.golden))

    def test_a_changed_line_in_the_export_is_not_the_golden_file(self):
        changed = copy.deepcopy(self.notebook)
        stream = next(
            o
            for c in co.code_cells(changed)
            for o in c["outputs"]
            if o["output_type"] == "stream" and "true" in "".join(o["text"])
        )
        stream["text"] = "".join(stream["text"]).replace("true", "false", 1)
        self.assertIn("line ", co.golden_problem(co.code_cells(changed), self.golden))

    def test_a_missing_output_is_not_the_golden_file(self):
        changed = copy.deepcopy(self.notebook)
        cell = next(c for c in co.code_cells(changed) if c["outputs"])
        cell["outputs"].pop()
        self.assertIsNotNone(co.golden_problem(co.code_cells(changed), self.golden))

    def test_its_plots_and_tables_are_seen(self):
        found = [
            item[2]
            for cell in co.code_cells(self.notebook)
            for item in co.items(cell["outputs"])
            if item[0] == "value"
        ]
        self.assertGreaterEqual(sum(co.PLOT in m for m in found), 4)
        self.assertGreaterEqual(sum(co.HTML in m for m in found), 2)


class ComparisonTests(unittest.TestCase):
    """Mutations of 01-vanishing's export, compared with the export itself."""

    @classmethod
    def setUpClass(cls):
        folder = setup.work_folder("exports-comparison")
        path, _ = setup.export_walkthrough("01-vanishing.grad", folder)
        with open(path, encoding="utf-8") as f:
            cls.cells = co.code_cells(json.load(f))

    def outputs_with(self, kind, test):
        """(cell index, output index) of the first output of `kind` that passes `test`."""
        for i, cell in enumerate(self.cells):
            for k, output in enumerate(cell["outputs"]):
                if output["output_type"] == kind and test(output):
                    return i, k
        self.fail("01-vanishing's export has no such %s output" % kind)

    def compare(self, i, outputs):
        return co.difference(co.items(self.cells[i]["outputs"]), co.items(outputs))

    def test_each_cell_matches_itself(self):
        for i, cell in enumerate(self.cells):
            self.assertIsNone(self.compare(i, cell["outputs"]))

    def test_a_changed_character_is_a_difference(self):
        i, k = self.outputs_with("stream", lambda o: True)
        outputs = copy.deepcopy(self.cells[i]["outputs"])
        text = "".join(outputs[k]["text"])
        outputs[k]["text"] = text[:-2] + "X\n"
        self.assertIn("expected", self.compare(i, outputs))

    def test_a_changed_table_text_is_a_difference(self):
        i, k = self.outputs_with("display_data", lambda o: co.HTML in o["data"])
        outputs = copy.deepcopy(self.cells[i]["outputs"])
        outputs[k]["data"][co.TEXT] = "".join(outputs[k]["data"][co.TEXT]).replace("✓", "↓", 1)
        self.assertIn("line", self.compare(i, outputs))

    def test_a_table_without_html_is_a_difference(self):
        i, k = self.outputs_with("display_data", lambda o: co.HTML in o["data"])
        outputs = copy.deepcopy(self.cells[i]["outputs"])
        del outputs[k]["data"][co.HTML]
        self.assertIn(co.HTML, self.compare(i, outputs))

    def test_a_plot_without_svg_is_a_difference_and_its_text_is_not_compared(self):
        i, k = self.outputs_with("display_data", lambda o: co.PLOT in o["data"])
        outputs = copy.deepcopy(self.cells[i]["outputs"])
        outputs[k]["data"][co.TEXT] = "<plot drawn 120 columns wide>"
        self.assertIsNone(self.compare(i, outputs))
        del outputs[k]["data"][co.PLOT]
        self.assertIn("expected a plot", self.compare(i, outputs))

    def test_a_missing_or_extra_output_is_a_difference(self):
        i = max(range(len(self.cells)), key=lambda i: len(self.cells[i]["outputs"]))
        outputs = copy.deepcopy(self.cells[i]["outputs"])
        self.assertIn("missing", self.compare(i, outputs[:-1]))
        extra = outputs + [
            {"output_type": "display_data", "data": {co.TEXT: "more"}, "metadata": {}}
        ]
        self.assertIn("extra", self.compare(i, extra))
        # Text printed after the last printed text joins it: a longer text.
        extra = outputs + [{"output_type": "stream", "name": "stdout", "text": "more\n"}]
        self.assertIn("extra line 'more'", self.compare(i, extra))

    def test_the_progress_line_is_left_out_and_only_it(self):
        i, k = self.outputs_with("stream", lambda o: True)
        line = "epoch 20/20  loss 1.107  (0.2 s)"
        progress = {
            "output_type": "display_data",
            "data": {co.TEXT: line, co.PROGRESS: line},
            "metadata": {},
        }
        outputs = copy.deepcopy(self.cells[i]["outputs"])
        self.assertIsNone(self.compare(i, outputs[:k] + [progress] + outputs[k:]))
        del progress["data"][co.PROGRESS]
        self.assertIsNotNone(self.compare(i, outputs[:k] + [progress] + outputs[k:]))

    def test_stderr_and_errors_never_match(self):
        i, k = self.outputs_with("stream", lambda o: True)
        outputs = copy.deepcopy(self.cells[i]["outputs"])
        outputs[k]["name"] = "stderr"
        self.assertIsNotNone(self.compare(i, outputs))
        error = {"output_type": "error", "ename": "RuntimeError", "evalue": "x", "traceback": []}
        self.assertIsNotNone(self.compare(i, outputs[:k] + [error] + outputs[k + 1 :]))

    def test_streams_cut_differently_and_results_shown_as_displays_match(self):
        i, k = self.outputs_with("stream", lambda o: "".join(o["text"]).count("\n") > 1)
        outputs = copy.deepcopy(self.cells[i]["outputs"])
        text = "".join(outputs[k]["text"])
        cut = text.index("\n") + 1
        outputs[k : k + 1] = [
            {"output_type": "stream", "name": "stdout", "text": text[:cut]},
            {"output_type": "stream", "name": "stdout", "text": text[cut:]},
        ]
        self.assertIsNone(self.compare(i, outputs))
        j, m = self.outputs_with("execute_result", lambda o: True)
        outputs = copy.deepcopy(self.cells[j]["outputs"])
        outputs[m]["output_type"] = "display_data"
        del outputs[m]["execution_count"]
        self.assertIsNone(self.compare(j, outputs))


class RelocationTests(unittest.TestCase):
    def test_a_place_in_the_script_is_named_by_its_cell(self):
        script = [
            "seed(1)",
            "## prose",
            "#%% two",
            "## more prose",
            "let a = 1",
            "# expect: x",
            "let h = train(net, data)",
        ]
        cells = ["seed(1)", "let a = 1\nlet h = train(net, data)"]
        where = co.cell_lines(script, cells)
        self.assertEqual(where, {1: (0, 1), 5: (1, 1), 7: (1, 2)})
        text = "  in train() at w.grad:7:9\n  in f() at other.grad:7:9\n"
        self.assertEqual(
            co.relocate(text, "w.grad", where, [4, 5]),
            "  in train() at In[5]:2:9\n  in f() at other.grad:7:9\n",
        )


if __name__ == "__main__":
    unittest.main()
