"""A stat's address (one cell of the report) and its value in one benchmark.

A *stat address* names one cell of the report, ``SECTION/ROW/COLUMN``:

* ``SECTION`` is a section title; nested sections are joined with ``>``
  (``Specialization stats > LOAD_ATTR``). Titles may themselves hold ``/``
  (``Predecessor/Successor Pairs``): an address is split from the right, so the
  last two ``/``-separated parts are always ROW and COLUMN.
* ``ROW`` is the text of the row's first cell (``LOAD_FAST``, ``hit``,
  ``Allocations``, ``0`` for GC generation 0); the first table of the section
  holding that row wins. When two tables of a section hold the same label (a
  predecessor that is also a successor), ``#N`` after the section picks its
  N-th table that has rows: ``Predecessor/Successor Pairs > LOAD_FAST#2/STORE_FAST/Count``.
* ``COLUMN`` is a column header (``Count``, ``Ratio``, ``Self``, ``Miss ratio``,
  ``Collections``).

Matching ignores case and extra spaces. ``read_value`` reads the cell an
address names in one benchmark, building only the one section the address
names (or reading one row alone, where its table can), so a history over
hundreds of runs reads each run's merged JSON once and nothing else.
``pivot.pivot_table`` and ``history.history_table`` read it in many.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass

from pystats_tui.core.cells import EMPTY, Cell, Row
from pystats_tui.core.errors import PystatsError, shorten
from pystats_tui.core.files import os_error
from pystats_tui.core.report import Column, Section, Table, plain_column
from pystats_tui.core.report_spec import OTHER_SECTION, REPORT_SPEC, SectionSpec, TableSpec
from pystats_tui.core.runs import Benchmark
from pystats_tui.core.selection import Selection, open_report
from pystats_tui.core.shares import own_share, row_share
from pystats_tui.core.sources import Source
from pystats_tui.core.stats import Stats

#: Every top-level section an address may start with.
TOP_SECTIONS: tuple[SectionSpec, ...] = (*REPORT_SPEC, OTHER_SECTION)

_TABLE_SUFFIX = re.compile(r"^(?P<title>.*?)\s*#(?P<n>\d+)$")


def _norm(text: str) -> str:
    """A title or label as addresses match it: case and runs of spaces ignored."""
    return " ".join(text.split()).casefold()


class AddressError(PystatsError):
    """A stat address that names no section, row or column (one line, with near candidates)."""

    def __init__(self, message: str, reason: str = "bad address"):
        super().__init__(message)
        #: What is missing, in a few words: ``no such row``, ``no such section``...
        self.reason = reason


def _near(word: str, choices: Sequence[str], limit: int = 5) -> str:
    """``did you mean: A, B`` (close matches), or the first few choices."""
    unique = list(dict.fromkeys(c for c in choices if c))
    by_norm = {_norm(c): c for c in unique}
    close = difflib.get_close_matches(_norm(word), list(by_norm), n=limit, cutoff=0.6)
    if close:
        return "did you mean: " + ", ".join(by_norm[c] for c in close)
    if not unique:
        return "it has no rows in this data"
    more = f", ... ({len(unique)} in all)" if len(unique) > limit else ""
    return "choices: " + ", ".join(unique[:limit]) + more


# --------------------------------------------------------------------------- addresses


@dataclass(frozen=True)
class StatAddress:
    """One cell of the report: section path, row label, column header (and table, if needed)."""

    #: Section titles from the top: ``("Specialization stats", "LOAD_ATTR")``.
    section: tuple[str, ...]
    #: The text of the row's first cell.
    row: str
    #: The column header.
    column: str
    #: 1-based number of the table among the section's tables that have rows; None: the first holding ``row``.
    table: int | None = None

    @classmethod
    def parse(cls, text: str) -> StatAddress:
        """Read ``SECTION/ROW/COLUMN`` (see the module docstring); raise ``AddressError`` if malformed."""
        parts = text.split("/")
        if len(parts) < 3 or not all(p.strip() for p in (parts[-1], parts[-2])):
            raise AddressError(
                f"stat address {shorten(text)!r} is not SECTION/ROW/COLUMN "
                "(e.g. 'Execution counts/LOAD_FAST/Count', 'Specialization stats > LOAD_ATTR/hit/Count')"
            )
        tops = {_norm(spec.title) for spec in TOP_SECTIONS}
        # Split from the right; if a row label itself holds "/", the section title that
        # matches the report specification decides where the section ends.
        splits = [("/".join(parts[:k]), "/".join(parts[k:-1])) for k in range(len(parts) - 2, 0, -1)]
        section_text, row = splits[0]
        for candidate, candidate_row in splits:
            if _norm(candidate.split(">")[0].split("#")[0]) in tops:
                section_text, row = candidate, candidate_row
                break
        titles = [t.strip() for t in section_text.split(">")]
        table = None
        m = _TABLE_SUFFIX.match(titles[-1])
        if m:
            titles[-1] = m.group("title")
            table = int(m.group("n"))
            if table < 1:
                raise AddressError(f"stat address {shorten(text)!r}: table numbers start at #1")
        if not all(titles):
            raise AddressError(f"stat address {shorten(text)!r} has an empty section title")
        return cls(tuple(titles), row.strip(), parts[-1].strip(), table)

    @classmethod
    def of(cls, table: Table, row: Row, column: int, section: Section | None = None) -> StatAddress:
        """The address of a cell the user is on (for the browser's ``p`` and ``h`` keys).

        ``column`` 0 (the label) stands for the first value column. In a comparison
        table, ``Base X`` and ``Head X`` name column ``X`` and ``Change`` the first
        value column. Pass the table's ``section`` to get a ``#N`` when an earlier
        table of the section holds the same label.
        """
        names = [plain_column(c.name) for c in table.columns]
        if column <= 0 or column >= len(names) or table.columns[column].name.startswith("Change"):
            column = 1
        label = row[0].text()
        number = None
        if section is not None:
            with_rows = [t for t in section.tables if t.browse_rows]
            for n, other in enumerate(with_rows, 1):
                if other is table:
                    if n > 1 and any(_holds(t, label) for t in with_rows[: n - 1]):
                        number = n
                    break
        return cls(tuple(table.path), label, names[column] if len(names) > 1 else "", number)

    def __str__(self) -> str:
        section = " > ".join(self.section)
        if self.table is not None:
            section += f"#{self.table}"
        return f"{section}/{self.row}/{self.column}"

    # ----------------------------------------------------------------- lookup

    def top_spec(self) -> SectionSpec:
        """The report specification's top-level section this address starts in."""
        want = _norm(self.section[0])
        for spec in TOP_SECTIONS:
            if _norm(spec.title) == want:
                return spec
        raise AddressError(
            f"stat {self}: no section {self.section[0]!r} "
            f"({_near(self.section[0], [s.title for s in TOP_SECTIONS], 12)})"
        )

    def find(self, top: Section) -> Cell:
        """The cell this address names in a built (or read-back) top-level section."""
        table, row, column = self.locate(top)
        return row[column]

    def locate(self, top: Section) -> tuple[Table, Row, int]:
        """The table, row and column index of the cell this address names (see ``find``)."""
        section = top
        for title in self.section[1:]:
            subs = section.sections
            match = next((s for s in subs if _norm(s.title) == _norm(title)), None)
            if match is None:
                raise AddressError(
                    f"stat {self}: no section {title!r} in {section.title!r} "
                    f"({_near(title, [s.title for s in subs])})",
                    "no such section",
                )
            section = match
        tables = [t for t in section.tables if t.browse_rows]
        if self.table is not None:
            if self.table > len(tables):
                raise AddressError(
                    f"stat {self}: {section.title!r} has {len(tables)} table(s) with rows", "no such table"
                )
            tables = [tables[self.table - 1]]
        want = _norm(self.row)
        for table in tables:
            for row in table.browse_rows:
                if _norm(row[0].text()) == want:
                    return table, row, _column_index(self, table)
        labels = [row[0].text() for t in tables for row in t.browse_rows]
        raise AddressError(
            f"stat {self}: no row {self.row!r} in {section.title!r} ({_near(self.row, labels)})",
            "no such row",
        )


def _holds(table: Table, label: str) -> bool:
    return any(row[0].text() == label for row in table.browse_rows)


def _column_index(address: StatAddress, table: Table) -> int:
    return _column_of(address, [c.name for c in table.columns])


def _column_of(address: StatAddress, names: Sequence[str]) -> int:
    want = _norm(address.column)
    for i, name in enumerate(names[1:], 1):
        if _norm(name) == want:
            return i
    raise AddressError(
        f"stat {address}: no column {address.column!r} (columns: {', '.join(n for n in names[1:] if n)})",
        "no such column",
    )


def as_address(address: StatAddress | str) -> StatAddress:
    """Accept an address or its text."""
    return address if isinstance(address, StatAddress) else StatAddress.parse(address)


# --------------------------------------------------------------------------- reading one value


@dataclass
class Reading:
    """The value of an address in one input, or why there is none."""

    cell: Cell = EMPTY
    #: Why the value is blank: ``no data files``, ``no such row``, the load error...
    missing: str = ""
    #: The address error, when the input had data but the address did not fit it.
    error: AddressError | None = None
    #: The value's share (``shares.row_share``: its rate, or its fraction of its column), if any.
    share: float | None = None


def read_value(source: Source, bench: Benchmark, address: StatAddress) -> Reading:
    """The cell ``address`` names in one benchmark; never raises for this input's faults.

    A benchmark with data has only the address's top-level section built; one
    with only its Markdown report has that report read back.
    """
    spec = address.top_spec()
    if bench.data_path is None and bench.md is None:
        return Reading(missing="no data")
    try:
        report = open_report(Selection(source, bench), specs=(spec,))
        if report.stats is not None and report.stats.is_empty and not report.stats.counters:
            return Reading(missing="no data files")
        top = next((s for s in report.sections if _norm(s.title) == _norm(spec.title)), None)
        if top is None:
            return Reading(missing=f"its Markdown report has no {spec.title!r} section")
    except PystatsError as e:
        return Reading(missing=f"cannot be read: {e.message}")
    except OSError as e:
        return Reading(missing=f"cannot be read: {os_error(e, e.filename or bench.run.path).message}")
    stats = report.stats
    if stats is not None:
        quick = _read_one_row(spec, stats, address)
        if quick is not None:
            return quick
    try:
        table, row, column = address.locate(top)
    except AddressError as e:
        return Reading(missing=e.reason, error=e)
    instructions = None if stats is None else lambda: stats.instructions
    return Reading(row[column], share=row_share(table.path, table.browse_rows, row, column, instructions))


def _read_one_row(top: SectionSpec, stats: Stats, address: StatAddress) -> Reading | None:
    """The reading, from a table that builds one row alone (``TableSpec.row_of``); None: build it all.

    Only where the address leads to one table with no row limit, through
    sections that are declared (not generated), and where the row alone
    decides the value's share (``shares.own_share``); every other case, and
    every error, is the whole section's (``StatAddress.locate``).
    """
    section = top
    path = [top.title]
    for title in address.section[1:]:
        if callable(section.parts):
            return None
        want_title = _norm(title)
        found = [p for p in section.parts if isinstance(p, SectionSpec) and _norm(p.title) == want_title]
        if len(found) != 1:
            return None
        section = found[0]
        path.append(section.title)
    if callable(section.parts) or len(section.parts) != 1 or address.table not in (None, 1):
        return None
    table = section.parts[0]
    if not isinstance(table, TableSpec) or table.row_of is None or table.limit is not None:
        return None
    try:
        column = _column_of(address, [Column.parse(c).name for c in table.columns])
    except AddressError:
        return None
    want = _norm(address.row)
    row = table.row_of(stats, lambda label: _norm(label) == want)
    if row is None:
        return None
    share = own_share(path, row, column)
    if share is None and row[column].value() is not None:
        return None
    return Reading(row[column], share=share)


def raise_if_no_value(readings: Sequence[Reading]) -> None:
    """Raise the first address error when no input gave a value: the address is wrong."""
    if any(r.missing == "" for r in readings):
        return
    for r in readings:
        if r.error is not None:
            raise r.error
