"""One progress type for everything that takes a while: loading, checks, pivots and histories.

``progress(what, done, total)`` says that ``done`` of ``total`` units of
``what`` are finished: ``"read"`` bytes of a large file, ``"raw files"`` summed,
a ``"benchmark"`` read by a pivot, a ``"run"`` read by a history or a check.
The browser shows it in its loading message; the headless commands print it on
stderr with ``progress_printer``.
"""

from __future__ import annotations

import sys
from collections.abc import Callable

#: ``progress(what, done, total)``: ``done`` of ``total`` units of ``what`` are finished.
Progress = Callable[[str, int, int], None]


def progress_printer(verb: str = "") -> Progress | None:
    """A ``Progress`` counting on stderr (``reading run 12/300``), or None when stderr is no terminal.

    ``verb`` goes before the unit the caller names: ``progress_printer("checking")``
    prints ``checking run 3/10`` for ``progress("run", 3, 10)``.
    """
    if not sys.stderr.isatty():
        return None

    def show(what: str, done: int, total: int) -> None:
        end = "\n" if done >= total else ""
        label = f"{verb} {what}" if verb else what
        print(f"\rpystats-tui: {label} {done}/{total}", end=end, file=sys.stderr, flush=True)

    return show
