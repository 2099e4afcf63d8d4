"""``SeriesTable``: one value across benchmarks (a pivot) or runs (a history), and how it is drawn.

A ``SeriesTable`` is a ``report.Table`` that ``table_view.TableView`` sorts and
filters and ``markdown.view_markdown`` exports like any other, with a title,
notes and the number behind each row. Drawing it: ``bar`` and ``bar_cells``
(a bar per row, scaled to the largest value), ``sparkline`` and ``resample``
(a history's trend in one line), ``share_cell`` (a share as a percentage),
``first_last_note`` and ``missing_note`` (lines of its notes).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from pystats_tui.core.address import StatAddress
from pystats_tui.core.cells import EMPTY, Cell, Number, Text
from pystats_tui.core.report import Table
from pystats_tui.core.runs import Run
from pystats_tui.core.shares import is_rate

SPARK = "▁▂▃▄▅▆▇█"
#: Partial blocks for bars, in eighths of a character.
_EIGHTHS = ("", "▏", "▎", "▍", "▌", "▋", "▊", "▉")
BAR_WIDTH = 20

# --------------------------------------------------------------------------- drawing


def bar(fraction: float | None, width: int = BAR_WIDTH) -> str:
    """A horizontal bar for ``0 <= fraction <= 1`` in eighths of a character (blank for None)."""
    if fraction is None or fraction != fraction or fraction <= 0:
        return ""
    eighths = max(1, round(min(fraction, 1.0) * width * 8))
    return "█" * (eighths // 8) + _EIGHTHS[eighths % 8]


def resample(values: Sequence[float | None], width: int) -> list[float | None]:
    """At most ``width`` values: consecutive values bucketed, each bucket their mean (None if all are).

    Fewer values than ``width`` are returned as they are; buckets differ in size
    by one value at most, and keep the order (oldest to newest).
    """
    n = len(values)
    if width <= 0:
        return []
    if n <= width:
        return list(values)
    out: list[float | None] = []
    for i in range(width):
        bucket = [v for v in values[i * n // width : (i + 1) * n // width] if v is not None]
        out.append(sum(bucket) / len(bucket) if bucket else None)
    return out


def sparkline(values: Sequence[float | None], width: int | None = None) -> str:
    """``▁▃█▅``: a character per value (or per bucket of values, to fit ``width``), blank for None.

    Scaled from the smallest to the largest value shown; with ``width``, values
    are bucketed (``resample``) so the line is at most ``width`` characters.
    """
    if width is not None:
        values = resample(values, width)
    known = [v for v in values if v is not None]
    if not known:
        return " " * len(values)
    low, high = min(known), max(known)
    span = high - low
    out = []
    for v in values:
        if v is None:
            out.append(" ")
        elif span == 0:
            out.append(SPARK[3])
        else:
            out.append(SPARK[min(len(SPARK) - 1, int((v - low) / span * len(SPARK)))])
    return "".join(out)


class Bar(Text):
    """A bar drawn in a table cell; ``value()`` is the fraction it stands for."""

    __slots__ = ("fraction",)

    def __init__(self, fraction: float | None, prefix: str = ""):
        super().__init__(prefix + bar(fraction) if fraction else "")
        self.fraction = fraction

    def value(self) -> float | None:
        return self.fraction


def bar_cells(values: Sequence[float | None]) -> list[Cell]:
    """A ``Bar`` per value, scaled to the largest magnitude (``-`` before a negative one; blank for None)."""
    top = max((abs(v) for v in values if v is not None), default=0.0)
    if not top:
        return [Bar(None) for _ in values]
    return [Bar(None if v is None else abs(v) / top, "" if v is None or v >= 0 else "-") for v in values]


@dataclass
class SeriesTable(Table):
    """A pivot or history table: a ``report.Table`` with a title, notes and its numbers."""

    #: ``Execution counts/LOAD_FAST/Count across the benchmarks of ...``.
    title: str = ""
    #: Lines to show above the table: totals, inputs without a value.
    notes: list[str] = field(default_factory=list)
    #: The number behind each row's bar, in row order (None for a blank value): for a plot.
    values: list[float | None] = field(default_factory=list)
    address: StatAddress | None = None
    #: ``pivot`` (across benchmarks) or ``history`` (across runs, oldest first).
    kind: str = "pivot"
    #: A history's runs, in row order (for jumping to a comparison of two of them).
    runs: list[Run] = field(default_factory=list)
    #: A history's value shares in row order (``shares.row_share``; None without a value).
    shares: list[float | None] = field(default_factory=list)


def first_last_note(cells: Sequence[Cell]) -> str:
    """``first 12,345, last 23,456 (+90.0%)``, the values formatted as the table shows them.

    A rate (``88.5%``) changes by percentage points, not by a percentage of
    itself. Empty with fewer than two values.
    """
    known = [c for c in cells if c.value() is not None]
    if len(known) < 2:
        return ""
    first, last = known[0], known[-1]
    a, b = first.value(), last.value()
    assert a is not None and b is not None
    if is_rate(first):
        return f"first {first.text()}, last {last.text()} ({(b - a) * 100:+.1f} points)"
    if not a:
        return f"first {first.text()}, last {last.text()}"
    return f"first {first.text()}, last {last.text()} ({(b - a) / a:+.1%})"


def share_cell(share: float | None) -> Cell:
    """A share as a percentage cell (``12.3%``; small shares keep 2 significant digits)."""
    if share is None:
        return EMPTY
    text = f"{share:.1%}" if share == 0 or share >= 0.001 else f"{share * 100:.2g}%"
    return Number(text, share)


def missing_note(what: str, missing: list[tuple[str, str]]) -> str:
    """``3 run(s) without a value: NAME (why); ...``: a line of notes, the first five named."""
    shown = "; ".join(f"{name} ({why})" for name, why in missing[:5])
    more = f"; and {len(missing) - 5} more" if len(missing) > 5 else ""
    return f"{len(missing)} {what} without a value: {shown}{more}"
