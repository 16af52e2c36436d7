"""The `.grad` programs the editor tests read, and what the language says of each.

Walkthroughs, examples, the evaluation's cases and the golden programs of
Tests/GradShellTests/Golden. A golden program states its errors in comments
(see that folder's README): `# expect-exit: 65` marks a syntax error, and
`# expect-error:` / `# expect-stderr:` lines give each error's place and text.
"""

import re
from dataclasses import dataclass
from pathlib import Path
from typing import List, Tuple

ROOT = Path(__file__).resolve().parents[2]

# The messages of the language's lexer (Sources/GradLanguage/Syntax/Lexer.swift)
# that a highlighter sees too: how they start, and (for the bracket ones, which
# start with the bracket) what they contain. Left out: "brackets nested deeper
# than 256" (highlighters do not count) and "'(' is never closed" (known only
# at the end of the text).
LEXER_MESSAGE_STARTS = (
    "unexpected character",
    "unexpected '!'",
    "unterminated string",
    "unknown escape",
    "invalid unicode escape",
    "a number cannot run into a name",
)
LEXER_MESSAGE_PARTS = ("has no matching opening bracket", "does not match")


def is_lexer_message(message: str) -> bool:
    return message.startswith(LEXER_MESSAGE_STARTS) or any(
        part in message for part in LEXER_MESSAGE_PARTS
    )


_EXPECTED_ERROR = re.compile(r"^# expect-(?:error|stderr): \S+?:(\d+):(\d+): error: (.*)$")


@dataclass
class Program:
    path: Path
    text: str
    # `# expect-exit: 65`: the program is a syntax error.
    syntax_error: bool
    # The lexer errors its expectations name: (line, column, message), 1-based.
    lexer_errors: List[Tuple[int, int, str]]

    @property
    def name(self) -> str:
        return str(self.path.relative_to(ROOT))


def read(path: Path) -> Program:
    # As GradLab reads a file: invalid UTF-8 becomes U+FFFD.
    text = path.read_bytes().decode("utf-8", errors="replace")
    lexer_errors = []
    for line in text.splitlines():
        m = _EXPECTED_ERROR.match(line)
        if m and is_lexer_message(m.group(3)):
            lexer_errors.append((int(m.group(1)), int(m.group(2)), m.group(3)))
    syntax_error = re.search(r"^# expect-exit: 65$", text, re.MULTILINE) is not None
    return Program(path, text, syntax_error, lexer_errors)


def walkthroughs_and_examples() -> List[Program]:
    paths = sorted(ROOT.glob("walkthroughs/*.grad")) + sorted(ROOT.glob("examples/*.grad"))
    return [read(p) for p in paths]


def all_programs() -> List[Program]:
    """Every program in the repository's corpus."""
    paths = (
        sorted(ROOT.glob("walkthroughs/*.grad"))
        + sorted(ROOT.glob("examples/*.grad"))
        + sorted(ROOT.glob("evaluation/cases/**/*.grad"))
        + sorted(ROOT.glob("Tests/GradShellTests/Golden/**/*.grad"))
    )
    return [read(p) for p in paths]
