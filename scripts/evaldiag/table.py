"""A small table rendered as aligned text or as Markdown."""

from __future__ import annotations


class Table:
    def __init__(self, columns: list, align: str = "") -> None:
        self.columns = columns
        self.align = align or "l" + "r" * (len(columns) - 1)
        self.rows: list = []

    def add(self, *cells) -> None:
        self.rows.append([("" if cell is None else str(cell)) for cell in cells])

    def text(self, indent: str = "  ") -> str:
        widths = [len(c) for c in self.columns]
        for row in self.rows:
            widths = [max(w, len(cell)) for w, cell in zip(widths, row)]

        def line(cells):
            parts = [
                cell.ljust(width) if align == "l" else cell.rjust(width)
                for cell, width, align in zip(cells, widths, self.align)
            ]
            return (indent + "  ".join(parts)).rstrip()

        rule = indent + "  ".join("─" * w for w in widths)
        return "\n".join([line(self.columns), rule] + [line(row) for row in self.rows])

    def markdown(self) -> str:
        def escape(cell):
            return cell.replace("|", "\\|")

        marks = ["---:" if a == "r" else "---" for a in self.align]
        lines = ["| " + " | ".join(self.columns) + " |", "|" + "|".join(marks) + "|"]
        lines += ["| " + " | ".join(escape(cell) for cell in row) + " |" for row in self.rows]
        return "\n".join(lines)


def share(count: int, total: int) -> str:
    """`12 of 15 (80%)`, or `none` when there is nothing to count."""
    if not total:
        return "none"
    return f"{count} of {total} ({100.0 * count / total:.0f}%)"


def percent(value) -> str:
    return "n/a" if value is None else f"{100.0 * value:.0f}%"
