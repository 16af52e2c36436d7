"""Pygments support for GradLab's `.grad` language: the lexer `GradLexer`."""

from .lexer import GradLexer

__all__ = ["GradLexer"]
__version__ = "0.1.0"
