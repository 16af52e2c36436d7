"""Reads values back from the text GradLab prints for them.

`print` shows numbers in their shortest round-trip form (`1e-05`, `nan`,
`inf`), strings quoted inside lists and records, `none`, `true`/`false`,
lists as `[a, b]` and records as `{name: value, ...}` (docs/language.md §4).
"""

from __future__ import annotations

import math
from typing import Any


class ValueSyntaxError(ValueError):
    """The text is not a value as GradLab prints it."""


_WORDS = {
    "none": None,
    "true": True,
    "false": False,
    "nan": math.nan,
    "inf": math.inf,
}

_ESCAPES = {'"': '"', "\\": "\\", "n": "\n", "t": "\t", "r": "\r", "0": "\0"}


def parse_value(text: str) -> Any:
    """The value a printed text stands for: None, bool, float, str, list or dict."""
    parser = _Parser(text)
    value = parser.value()
    parser.skip_space()
    if parser.pos != len(text):
        raise ValueSyntaxError(f"unexpected text at {parser.pos}: {text[parser.pos:parser.pos + 20]!r}")
    return value


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0

    def skip_space(self) -> None:
        while self.pos < len(self.text) and self.text[self.pos] in " \t\r\n":
            self.pos += 1

    def peek(self) -> str:
        return self.text[self.pos] if self.pos < len(self.text) else ""

    def expect(self, char: str) -> None:
        self.skip_space()
        if self.peek() != char:
            raise ValueSyntaxError(f"expected {char!r} at {self.pos}")
        self.pos += 1

    def value(self) -> Any:
        self.skip_space()
        char = self.peek()
        if char == "[":
            return self.sequence("[", "]", self.value)
        if char == "{":
            return dict(self.sequence("{", "}", self.field))
        if char == '"':
            return self.string()
        return self.atom()

    def sequence(self, open_char: str, close_char: str, item) -> list:
        self.expect(open_char)
        items = []
        self.skip_space()
        if self.peek() == close_char:
            self.pos += 1
            return items
        while True:
            items.append(item())
            self.skip_space()
            if self.peek() == ",":
                self.pos += 1
                continue
            self.expect(close_char)
            return items

    def field(self) -> tuple:
        self.skip_space()
        start = self.pos
        while self.pos < len(self.text) and (self.text[self.pos].isalnum() or self.text[self.pos] == "_"):
            self.pos += 1
        name = self.text[start:self.pos]
        if not name:
            raise ValueSyntaxError(f"expected a field name at {start}")
        self.expect(":")
        return name, self.value()

    def string(self) -> str:
        self.pos += 1
        out = []
        while self.pos < len(self.text):
            char = self.text[self.pos]
            if char == '"':
                self.pos += 1
                return "".join(out)
            if char == "\\" and self.pos + 1 < len(self.text):
                following = self.text[self.pos + 1]
                if following == "u" and self.text[self.pos + 2:self.pos + 3] == "{":
                    end = self.text.find("}", self.pos)
                    out.append(chr(int(self.text[self.pos + 3:end], 16)))
                    self.pos = end + 1
                    continue
                out.append(_ESCAPES.get(following, following))
                self.pos += 2
                continue
            out.append(char)
            self.pos += 1
        raise ValueSyntaxError("a string is never closed")

    def atom(self) -> Any:
        start = self.pos
        while self.pos < len(self.text) and self.text[self.pos] not in ",]} \t\r\n":
            self.pos += 1
        word = self.text[start:self.pos]
        if word in _WORDS:
            return _WORDS[word]
        if word == "-inf":
            return -math.inf
        try:
            return float(word)
        except ValueError:
            raise ValueSyntaxError(f"not a value: {word!r} at {start}") from None
