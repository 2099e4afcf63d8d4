"""The project's error type and the non-fatal problems reported while loading.

Every failure the user can cause (a bad file, a bad argument) is a
``PystatsError`` whose ``str()`` is one line naming the file, the line when
there is one, and what is wrong. Problems that do not stop loading (an
unparsable line in a raw file, one bad file in a directory) are collected as
``Problem`` records so that the good data still loads and the UI can list
what was skipped. ``UsageError`` is the kind of ``PystatsError`` that comes
from the command line rather than from the data (exit status 2, not 1).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

#: Characters that would break a one-line message or a terminal: controls (newline, escape),
#: line separators, and the surrogates that stand for bytes of a file name that are not UTF-8.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
#: A word (no spaces) longer than this is shortened in messages.
LONG_WORD = 300
#: A whole message longer than this is shortened.
LONG_LINE = 2000
_LONG = re.compile(rf"\S{{{LONG_WORD + 1},}}")


def _escape(m: re.Match[str]) -> str:
    char = m.group()
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:
        return f"\\x{code - 0xDC00:02x}"  # a byte that is not UTF-8, as Python reads file names
    return _NAMED.get(char) or (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")


def shorten(text: str, width: int = 120) -> str:
    """``text`` as it is, or its start and end around ``…`` with its length, when longer than ``width``."""
    if len(text) <= width:
        return text
    tail = max(10, width // 4)
    return f"{text[: width - tail]}…{text[-tail:]} ({len(text):,} characters)"


def listing(names: list[str], limit: int = 10, sep: str = ", ") -> str:
    """``a, b, c`` or ``a, b and 12 more``: names in a message, at most ``limit`` of them."""
    if not names:
        return "none"
    shown = sep.join(names[:limit])
    return shown if len(names) <= limit else f"{shown} and {len(names) - limit} more"


def failure_text(error: Exception) -> str:
    """An error as one line: ours as it is, anything else (a bug) with its type."""
    return str(error) if isinstance(error, PystatsError) else f"{type(error).__name__}: {error}"


def plain(text: str) -> str:
    """A message made safe to print on one line.

    Newlines, escapes and other control characters are shown as ``\\n``, ``\\x1b``;
    undecodable bytes of a file name as ``\\xff``; a word longer than ``LONG_WORD``
    characters (a pasted argument, a runaway path) is shortened.
    """
    text = _UNSAFE.sub(_escape, text)
    text = _LONG.sub(lambda m: shorten(m.group(), LONG_WORD), text)
    return shorten(text, LONG_LINE)


def _where(path: str | Path | None, line: int | None) -> str:
    if path is None:
        return ""
    if line is None:
        return f"{plain(str(path))}: "
    return f"{plain(str(path))}:{line}: "


class PystatsError(Exception):
    """A problem with an input that stops it from being used, as one line."""

    def __init__(self, message: str, path: str | Path | None = None, line: int | None = None):
        self.message = message
        self.path = None if path is None else str(path)
        self.line = line
        super().__init__(plain(f"{_where(path, line)}{message}"))


class UsageError(PystatsError):
    """A bad argument rather than a bad input (the CLI exits with status 2)."""


@dataclass(frozen=True)
class Problem:
    """A non-fatal problem met while loading: reported, then skipped."""

    path: str
    message: str
    line: int | None = None
    #: "warning" for something skipped inside a usable input, "error" for an input dropped whole.
    severity: str = "warning"

    def __str__(self) -> str:
        return plain(f"{_where(self.path, self.line)}{self.message}")

    @classmethod
    def from_error(cls, error: PystatsError) -> Problem:
        """The problem for an input that failed to load whole."""
        return cls(error.path or "?", error.message, error.line, "error")
