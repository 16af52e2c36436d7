"""Reading a notebook's code-cell outputs as the text a walkthrough's golden file holds.

A walkthrough's golden file (walkthroughs/golden/NN-slug.out) is the whole
standard output of `gradlab run NN-slug.grad`. GradLab's own export of the same
run (`--notebook NN-slug.ipynb`) holds that output cut into cells: printed text
as `stream`s, each displayed value as `display_data` or `execute_result` with
its terminal text in `text/plain`. Joined back together (a value's text ends
with a line break, as `run` prints it) the export's outputs are the golden file,
byte for byte: `golden_problem` checks that, so that the export's cells are a
proven cut of the golden file and each kernel cell is compared with its own
part of it.

A cell's outputs are compared as a list of items (`items`):

- ("text", s): printed text, consecutive streams merged (a kernel may split
  or join `stream` messages as it likes);
- ("value", text/plain, mime types): a displayed value or result. Whether it
  came as `display_data` or `execute_result` is not compared (the kernel may
  show the cell's last value as a result where the script showed a display).

A plot (a value with `image/svg+xml`) is compared by presence: the kernel's
item must have `image/svg+xml` too, its text is not compared (the terminal
drawing depends on the width). Every other value is compared by its
`text/plain`, and a value the export shows as an HTML table must have
`text/html` in the kernel's output too. Errors are items ("error", text) and
never match the golden file, which a walkthrough writes only on success.

The kernel's live progress line (a display it updates in place while `train`
runs, which a saved notebook keeps in its last state) is no part of standard
output: it is left out, known by its `text/x-gradlab-progress` form.
"""

import re

PLOT = "image/svg+xml"
HTML = "text/html"
TEXT = "text/plain"
PROGRESS = "text/x-gradlab-progress"


def _joined(value):
    """nbformat stores multi-line strings as lists of lines (or as one string)."""
    return "".join(value) if isinstance(value, list) else (value or "")


def _with_newline(text):
    return text if text.endswith("\n") else text + "\n"


def items(outputs):
    """The comparable items of one code cell's outputs (see the module's doc)."""
    result = []
    for output in outputs:
        kind = output.get("output_type")
        if kind == "stream":
            text = _joined(output.get("text"))
            if output.get("name") != "stdout":
                # The golden file is standard output only; a walkthrough writes
                # nothing to standard error, so stderr text can never match.
                text = "[%s] %s" % (output.get("name"), text)
            if result and result[-1][0] == "text":
                result[-1] = ("text", result[-1][1] + text)
            else:
                result.append(("text", text))
        elif kind in ("display_data", "execute_result"):
            data = output.get("data", {})
            if PROGRESS in data:
                continue
            result.append(("value", _joined(data.get(TEXT)), frozenset(data)))
        elif kind == "error":
            trace = "\n".join(output.get("traceback") or [])
            result.append(
                ("error", "%s: %s\n%s" % (output.get("ename"), output.get("evalue"), trace))
            )
        else:
            result.append(("other", kind))
    return result


def golden_text(cells_outputs):
    """Standard output as `gradlab run` prints it, rebuilt from the cells' outputs."""
    text = ""
    for outputs in cells_outputs:
        for output in outputs:
            kind = output.get("output_type")
            if kind == "stream":
                text += _joined(output.get("text"))
            elif kind in ("display_data", "execute_result"):
                text += _with_newline(_joined(output.get("data", {}).get(TEXT)))
    return text


def code_cells(notebook):
    """The notebook's code cells (dicts, as json.load or nbformat reads them)."""
    return [c for c in notebook["cells"] if c.get("cell_type") == "code"]


def golden_problem(export_cells, golden):
    """Why the export's outputs are not the golden file cut into cells, or None."""
    rebuilt = golden_text([c.get("outputs", []) for c in export_cells])
    if rebuilt == golden:
        return None
    want, got = golden.split("\n"), rebuilt.split("\n")
    for k, (w, g) in enumerate(zip(want, got)):
        if w != g:
            return "line %d: golden %r, export %r" % (k + 1, w, g)
    return "the golden file has %d lines, the export's outputs %d" % (len(want), len(got))


_LOCATION = re.compile(r"\b([\w.-]+\.grad):(\d+):(\d+)")


def cell_lines(script_lines, cells_sources):
    """Maps each line number of the script (1-based) to (cell index, line in cell).

    The export moves a cell's prose before its code and drops comment lines
    that are claims (`# expect:`), so a cell's code lines are found in the
    script in order: each is the next script line with the same text.
    """
    where = {}
    cursor = 0
    for index, source in enumerate(cells_sources):
        for k, line in enumerate(source.split("\n")):
            at = cursor
            while at < len(script_lines) and script_lines[at] != line:
                at += 1
            if at == len(script_lines):
                continue  # a line the export made up; nothing refers to it
            where[at + 1] = (index, k + 1)
            cursor = at + 1
    return where


def relocate(text, script_name, where, counts):
    """`text` with places in the script (`NAME.grad:LINE:COL`) named as the kernel
    names them (`In[n]:LINE:COL`, the line counted within cell n)."""

    def replace(match):
        if match.group(1) != script_name:
            return match.group(0)
        spot = where.get(int(match.group(2)))
        if spot is None:
            return match.group(0)
        index, line = spot
        return "In[%d]:%d:%s" % (counts[index], line, match.group(3))

    return _LOCATION.sub(replace, text)


def expected_items(export_outputs, script_name, where, counts):
    """The export's items for one cell, with script places renamed for the kernel."""
    result = []
    for item in items(export_outputs):
        if item[0] in ("text", "value"):
            item = (item[0], relocate(item[1], script_name, where, counts)) + item[2:]
        result.append(item)
    return result


def _show(item):
    if item[0] == "value" and PLOT in item[2]:
        return "a plot (%s)" % PLOT
    if item[0] == "value":
        return "a value (%s):\n%s" % (", ".join(sorted(item[2])), item[1])
    return "%s:\n%s" % (item[0], item[1])


def _lines(text):
    lines = text.split("\n")
    return lines[:-1] if lines and lines[-1] == "" else lines


def _first_line_difference(want, got):
    w, g = _lines(want), _lines(got)
    for k, (a, b) in enumerate(zip(w, g)):
        if a != b:
            return "line %d: expected %r, got %r" % (k + 1, a, b)
    if len(w) != len(g):
        k = min(len(w), len(g))
        extra = ("extra line %r" % g[k]) if len(g) > len(w) else ("missing line %r" % w[k])
        return "%d lines instead of %d; %s" % (len(g), len(w), extra)
    return "the same lines, but the final line break differs"


def difference(want, got):
    """How a kernel cell's items differ from the expected ones, or None when they match."""
    for k, (w, g) in enumerate(zip(want, got)):
        where = "output %d" % (k + 1)
        if w[0] != g[0]:
            return "%s: expected %s\n  got %s" % (where, _show(w), _show(g))
        if w[0] == "value" and PLOT in w[2]:
            if PLOT not in g[2]:
                return "%s: expected a plot (%s), got %s" % (where, PLOT, _show(g))
            continue
        if w[0] == "value" and PLOT in g[2]:
            return "%s: expected %s\n  got a plot" % (where, _show(w))
        if w[1] != g[1]:
            return "%s (%s): %s" % (where, w[0], _first_line_difference(w[1], g[1]))
        if w[0] == "value" and HTML in w[2] and HTML not in g[2]:
            return "%s: the export shows this table as %s; the kernel sent only %s" % (
                where,
                HTML,
                ", ".join(sorted(g[2])),
            )
    if len(want) != len(got):
        k = min(len(want), len(got))
        if len(got) > len(want):
            return "%d outputs instead of %d; extra: %s" % (len(got), len(want), _show(got[k]))
        return "%d outputs instead of %d; missing: %s" % (len(got), len(want), _show(want[k]))
    return None
