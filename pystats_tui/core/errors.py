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

from dataclasses import dataclass
from pathlib import Path


def _where(path: str | Path | None, line: int | None) -> str:
    if path is None:
        return ""
    if line is None:
        return f"{path}: "
    return f"{path}:{line}: "


class PystatsError(Exception):
    """A problem with an input that stops it from being used, as one line."""

    def __init__(self, message: str, path: str | Path | None = None, line: int | None = None):
        self.message = message
        self.path = None if path is None else str(path)
        self.line = line
        super().__init__(f"{_where(path, line)}{message}")


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
        return f"{_where(self.path, self.line)}{self.message}"

    @classmethod
    def from_error(cls, error: PystatsError) -> Problem:
        """The problem for an input that failed to load whole."""
        return cls(error.path or "?", error.message, error.line, "error")
