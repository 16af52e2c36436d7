"""A Pygments lexer for GradLab's `.grad` language.

The rules follow the language's own lexer (Sources/GradLanguage/Syntax/Lexer.swift
and Token.swift), so what it rejects shows as ``Token.Error``: an unknown
character, a lone ``!``, an unterminated string, an unknown escape, a number
running into a name, a closing bracket that matches no opening one. What the
parser rejects (a missing ``=``, a misplaced ``else``) it does not see.
"""

from pygments.lexer import RegexLexer, bygroups, default, include, words
from pygments.token import (
    Comment,
    Error,
    Keyword,
    Name,
    Number,
    Operator,
    Punctuation,
    String,
    Text,
    Whitespace,
)

from .builtins import FUNCTIONS, VALUES

__all__ = ["GradLexer", "KEYWORDS"]

# Token.swift's `keywords`, by what they do. A test compares this table with
# the Swift dictionary, so a new keyword cannot be missed here.
KEYWORDS = {
    "declaration": ("let", "fn"),
    "control": ("for", "in", "if", "else", "return"),
    "constant": ("true", "false", "none"),
    "operator": ("and", "or", "not"),
}
_ALL_KEYWORDS = tuple(k for group in KEYWORDS.values() for k in group)

# Identifiers are ASCII (Lexer.isIdentifierStart, isIdentifierPart); `\w`
# would take other letters, which the language rejects.
_NAME = r"[A-Za-z_][A-Za-z0-9_]*"
_END = r"(?![A-Za-z0-9_])"
_NOT_KEYWORD = r"(?!(?:" + "|".join(_ALL_KEYWORDS) + r")" + _END + r")"
# Lexer.lexNumber: digits with `_` separators, a fraction only when a digit
# follows the dot (so `1..10` is a range), an exponent only when a digit
# follows `e` and its sign.
_DIGITS = r"[0-9][0-9_]*"
_EXPONENT = r"[eE][+-]?" + _DIGITS
_NUMBER = _DIGITS + r"(?:\." + _DIGITS + r")?(?:" + _EXPONENT + r")?"
_FLOAT = _DIGITS + r"(?:\." + _DIGITS + r"(?:" + _EXPONENT + r")?|" + _EXPONENT + r")"
# Lexer.lexUnicodeEscape: `\u{...}` with 1 to 9 hex digits naming a Unicode
# scalar (at most 10FFFF, not a surrogate).
_UNICODE_ESCAPE = (
    r"\\u\{(?=[0-9A-Fa-f]{1,9}\})(?!0*[dD][89a-fA-F][0-9A-Fa-f]{2}\})"
    r"0*(?:10[0-9A-Fa-f]{4}|[0-9A-Fa-f]{1,5})\}"
)


def _closing(closer, others):
    """A bracket state: its closer pops it; the other closers do not match it."""
    return [
        (closer, Punctuation, "#pop"),
        (others, Error),
        include("code"),
    ]


class GradLexer(RegexLexer):
    """GradLab programs (``.grad``): scripts, walkthroughs and notebook cells."""

    name = "GradLab"
    aliases = ["grad", "gradlab"]
    filenames = ["*.grad"]
    mimetypes = ["text/x-grad"]

    tokens = {
        "root": [
            # Lexer.lexComment: at the start of a line at the top level (no
            # bracket open), `#%%` starts a cell and `##` is a prose line.
            (r"\A#!.*$", Comment.Hashbang),
            (r"^([ \t]*)(#%%.*)$", bygroups(Whitespace, Comment.Preproc)),
            (r"^([ \t]*)(##.*)$", bygroups(Whitespace, Comment.Special)),
            # REPL and notebook `:` commands (ReplSession.meta). `:time` runs
            # the code after it; the others take plain text (a file, a topic).
            (r"^([ \t]*)(:time)" + _END, bygroups(Whitespace, Keyword.Pseudo)),
            (r"^([ \t]*)(:" + _NAME + r")", bygroups(Whitespace, Keyword.Pseudo), "meta-argument"),
            (r"[)\]}]", Error),  # closes no bracket
            include("code"),
        ],
        "paren": _closing(r"\)", r"[\]}]"),
        "bracket": _closing(r"\]", r"[)}]"),
        "brace": _closing(r"\}", r"[)\]]"),
        "meta-argument": [
            (r"[^\n]+", Text),
            default("#pop"),
        ],
        "code": [
            (r"\n", Whitespace),
            (r"[ \t\r]+", Whitespace),
            (r"#.*$", Comment.Single),
            # A string must close on its line; an opening quote that never
            # closes is the error (Lexer.lexString reports it there).
            (r'"(?=(?:[^"\\\n]|\\.)*")', String.Double, "string"),
            (r'"', Error, "string"),
            # The whole number (an atomic match: a lookahead and its
            # backreference), so `1e-3` and `1_000` never split into a
            # shorter number and a name.
            (r"(?=(" + _NUMBER + r"))\1(" + _NAME + r")", bygroups(Number, Error)),
            (_FLOAT, Number.Float),
            (_DIGITS, Number.Integer),
            (
                r"(fn)([ \t]+)(" + _NOT_KEYWORD + _NAME + r")",
                bygroups(Keyword.Declaration, Whitespace, Name.Function),
            ),
            # The name a `let` or `for` binds is the program's own, even when
            # it shadows a builtin (`let data = ...`).
            (
                r"(let)([ \t]+)(" + _NOT_KEYWORD + _NAME + r")",
                bygroups(Keyword.Declaration, Whitespace, Name),
            ),
            (r"(for)([ \t]+)(" + _NOT_KEYWORD + _NAME + r")", bygroups(Keyword, Whitespace, Name)),
            (words(KEYWORDS["declaration"], suffix=_END), Keyword.Declaration),
            (words(KEYWORDS["control"], suffix=_END), Keyword),
            (words(KEYWORDS["constant"], suffix=_END), Keyword.Constant),
            (words(KEYWORDS["operator"], suffix=_END), Operator.Word),
            # Argument labels and parameter defaults: `dense(3, act: relu)`,
            # `fn f(x, lr: 0.1)`.
            (r"(" + _NAME + r")([ \t]*)(:)", bygroups(Name.Label, Whitespace, Punctuation)),
            (r"\.\.", Operator),
            (r"(\.)([ \t]*)(" + _NAME + r")", bygroups(Punctuation, Whitespace, Name.Property)),
            (words(FUNCTIONS, suffix=_END), Name.Builtin),
            (words(VALUES, suffix=_END), Name.Constant),
            (_NAME, Name),
            (r"==|!=|<=|>=|[+\-*/%^<>=]", Operator),
            (r"!", Error),  # "write 'not' for negation"
            (r"[,;:.]", Punctuation),
            (r"\(", Punctuation, "paren"),
            (r"\[", Punctuation, "bracket"),
            (r"\{", Punctuation, "brace"),
            (r".", Error),  # "unexpected character"
        ],
        "string": [
            (r'"', String.Double, "#pop"),
            (r'\\[ntr0"\\]', String.Escape),
            (_UNICODE_ESCAPE, String.Escape),
            (r'\\u(?:\{[^}"\n]{0,9}\}?)?', Error),  # "invalid unicode escape"
            (r"\\(?=\n)", String.Double),
            (r"\\.", Error),  # "unknown escape"
            (r'[^"\\\n]+', String.Double),
            default("#pop"),  # the end of the line ends an unterminated string
        ],
    }

    def analyse_text(text):
        """A `#!` line that runs gradlab."""
        first = text.split("\n", 1)[0]
        return 1.0 if first.startswith("#!") and "gradlab" in first else 0.0
