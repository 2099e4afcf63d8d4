"""One value of the report across the benchmarks of a run (pivot) or across runs (history).

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

Matching ignores case and extra spaces. ``pivot_table`` reads the address in
every benchmark of a run (with a base run: base, head and change); ``history_table``
reads it in the merged stats of every run of one flag group, oldest first, and
``history_shares`` turns a history into each run's share of its table's total
(runs of very different lengths compare by shares, not by raw counts). Only
the one section the address names is built for each input, so a history over
hundreds of runs reads each run's merged JSON once and nothing else. Both
return a ``SeriesTable``: a ``report.Table`` that ``table_view.TableView`` sorts and
filters and ``markdown.view_markdown`` exports like any other.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from pystats_tui.core.cells import EMPTY, Cell, Change, Count, Number, Ratio, Row, Text
from pystats_tui.core.errors import PystatsError, shorten
from pystats_tui.core.files import os_error
from pystats_tui.core.progress import Progress
from pystats_tui.core.report import Column, Section, Table
from pystats_tui.core.report_spec import OTHER_SECTION, REPORT_SPEC, Join, SectionSpec, TableSpec
from pystats_tui.core.runs import MERGED, Benchmark, Run
from pystats_tui.core.selection import Selection, open_report
from pystats_tui.core.shares import is_rate, own_share, row_share
from pystats_tui.core.sources import Source
from pystats_tui.core.stats import Stats

#: Every top-level section an address may start with.
TOP_SECTIONS: tuple[SectionSpec, ...] = (*REPORT_SPEC, OTHER_SECTION)

SPARK = "▁▂▃▄▅▆▇█"
#: Partial blocks for bars, in eighths of a character.
_EIGHTHS = ("", "▏", "▎", "▍", "▌", "▋", "▊", "▉")
BAR_WIDTH = 20
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
        names = [_plain_column(c.name) for c in table.columns]
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


def _plain_column(name: str) -> str:
    for prefix in ("Base ", "Head "):
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name


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
    instructions = None if stats is None else lambda: stats.opcode_stats("opcode").total_execution_count
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


def _raise_if_no_value(readings: Sequence[Reading]) -> None:
    """Raise the first address error when no input gave a value: the address is wrong."""
    if any(r.missing == "" for r in readings):
        return
    for r in readings:
        if r.error is not None:
            raise r.error


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


def _bars(values: Sequence[float | None]) -> list[Cell]:
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


def _missing_note(what: str, missing: list[tuple[str, str]]) -> str:
    shown = "; ".join(f"{name} ({why})" for name, why in missing[:5])
    more = f"; and {len(missing) - 5} more" if len(missing) > 5 else ""
    return f"{len(missing)} {what} without a value: {shown}{more}"


# --------------------------------------------------------------------------- pivot


def _benchmarks(run: Run) -> list[Benchmark]:
    return [b for b in run.benchmarks() if b.name != MERGED]


def pivot_table(
    source: Source,
    run: Run,
    address: StatAddress | str,
    base: tuple[Source, Run] | None = None,
    progress: Progress | None = None,
) -> SeriesTable:
    """``address`` in every benchmark of ``run`` (the merged ``all`` left out).

    Columns: Benchmark, Value (the cell as the report has it: a Count stays a
    Count, a Ratio a Ratio), Share of run total (the value over the sum of the
    benchmarks, for counts), Bar. With ``base`` (another source and run):
    Benchmark, Base, Head, Change, Bar (of the change), benchmarks matched by name.
    Raises ``AddressError`` when the address fits no benchmark.
    """
    addr = as_address(address)
    addr.top_spec()
    head_benches = _benchmarks(run)
    base_benches = _benchmarks(base[1]) if base else []
    if not head_benches and not base_benches:
        raise PystatsError(
            "this run has no per-benchmark stats to pivot over (only the merged 'all')", run.path
        )
    names = [b.name for b in head_benches]
    names += [b.name for b in base_benches if b.name not in names]
    if base:
        names.sort()
    total_steps = len(head_benches) + len(base_benches)
    done = 0

    def read_all(src: Source, benches: list[Benchmark]) -> dict[str, Reading]:
        nonlocal done
        out = {}
        for bench in benches:
            out[bench.name] = read_value(src, bench, addr)
            done += 1
            if progress is not None:
                progress("benchmark", done, total_steps)
        return out

    head = read_all(source, head_benches)
    if base is None:
        _raise_if_no_value(list(head.values()))
        return _pivot_single(addr, run, names, head)
    before = read_all(base[0], base_benches)
    _raise_if_no_value([*head.values(), *before.values()])
    return _pivot_compare(addr, base[1], run, names, before, head)


def _pivot_single(addr: StatAddress, run: Run, names: list[str], readings: dict[str, Reading]) -> SeriesTable:
    cells = [readings[n].cell for n in names]
    values = [c.value() for c in cells]
    counts = all(isinstance(c, Count) or c is EMPTY for c in cells)
    total = int(sum(v for v in values if v is not None)) if counts else None
    bars = _bars(values)
    rows: list[Row] = []
    for name, cell, bar_cell in zip(names, cells, bars):
        share = Ratio(cell.count, total) if counts and total and isinstance(cell, Count) else EMPTY
        rows.append((Text(name), cell, share, bar_cell))
    notes = [f"run: {run.label}"]
    if total is not None and any(v is not None for v in values):
        notes.append(f"total over {sum(v is not None for v in values)} benchmarks: {total:,}")
    missing = [(n, readings[n].missing) for n in names if readings[n].missing]
    if missing:
        notes.append(_missing_note("benchmark(s)", missing))
    columns = (Column("Benchmark"), Column("Value", True), Column("Share of run total", True), Column("Bar"))
    return SeriesTable(
        columns,
        rows,
        join=Join.SIMPLE,
        path=("Across benchmarks", str(addr)),
        title=f"{addr} across the benchmarks of {run.name}",
        notes=notes,
        values=values,
        address=addr,
    )


def _pivot_compare(
    addr: StatAddress,
    base_run: Run,
    head_run: Run,
    names: list[str],
    before: dict[str, Reading],
    after: dict[str, Reading],
) -> SeriesTable:
    absent = Reading(missing="not in this run")
    rows: list[Row] = []
    changes: list[float | None] = []
    for name in names:
        b = before.get(name, absent).cell
        h = after.get(name, absent).cell
        change = Change(b, h)
        changes.append(change.value())
        rows.append((Text(name), b, h, change))
    rows = [(*row, bar_cell) for row, bar_cell in zip(rows, _bars(changes))]
    notes = [f"base: {base_run.label}", f"head: {head_run.label}"]
    for role, readings in (("base", before), ("head", after)):
        missing = [(n, readings.get(n, absent).missing) for n in names if readings.get(n, absent).missing]
        if missing:
            notes.append(_missing_note(f"{role} benchmark(s)", missing))
    columns = (
        Column("Benchmark"),
        Column("Base", True),
        Column("Head", True),
        Column("Change", True),
        Column("Bar"),
    )
    return SeriesTable(
        columns,
        rows,
        join=Join.CHANGE_ONE_COLUMN,
        path=("Across benchmarks", str(addr)),
        title=f"{addr} across benchmarks, {base_run.name} (base) vs {head_run.name} (head)",
        notes=notes,
        values=changes,
        address=addr,
    )


# --------------------------------------------------------------------------- history


def normalize_flags(flags: str | None) -> str:
    """A flag group as ``Run.flag_group`` spells it: ``None`` -> ``default``, ``JIT-X`` -> ``JIT,X``."""
    parts = [p for p in re.split(r"[,+\s-]+", flags or "") if p]
    return ",".join(parts) if parts else "default"


def flag_groups(source: Source) -> dict[str, int]:
    """Every flag group of a source with its number of runs."""
    groups: dict[str, int] = {}
    for run in source.runs:
        groups[run.flag_group] = groups.get(run.flag_group, 0) + 1
    return groups


def runs_of_group(source: Source, flags: str = "default") -> list[Run]:
    """The dated runs of one flag group, oldest first; raises when the group has none."""
    group = normalize_flags(flags)
    runs = [r for r in source.runs if r.flag_group == group]
    if not runs:
        runs = [r for r in source.runs if r.flag_group.casefold() == group.casefold()]
    runs = [r for r in runs if r.date is not None]
    if not runs:
        groups = ", ".join(f"{g} ({n} runs)" for g, n in flag_groups(source).items())
        raise PystatsError(f"no dated runs with flags {group!r} (flag groups here: {groups})", source.path)
    return sorted(runs, key=lambda r: (r.date, r.name))


def history_table(
    source: Source,
    address: StatAddress | str,
    flags: str = "default",
    progress: Progress | None = None,
    bench: str = MERGED,
) -> SeriesTable:
    """``address`` in every run of one flag group (``default``: runs without flags), oldest first.

    Columns: Date, Version, Commit, Value, Bar. Only each run's merged stats are
    read (or the benchmark named ``bench``): its JSON, or its Markdown report
    when it has no JSON. Runs without a value (no data, no such row, unreadable)
    get a blank value and are counted in the notes. Raises ``AddressError`` when
    the address fits no run.
    """
    addr = as_address(address)
    addr.top_spec()
    runs = runs_of_group(source, flags)
    readings: list[Reading] = []
    for n, run in enumerate(runs, 1):
        try:
            # Hundreds of runs: keep no file listing that nothing else asked for.
            found = run.find_benchmark(bench)
        except PystatsError as e:
            readings.append(Reading(missing=f"cannot be read: {e.message}"))
        except OSError as e:
            readings.append(Reading(missing=f"cannot be read: {os_error(e, run.path).message}"))
        else:
            readings.append(
                read_value(source, found, addr) if found else Reading(missing=f"no {bench!r} stats")
            )
        if progress is not None:
            progress("run", n, len(runs))
    _raise_if_no_value(readings)
    values = [r.cell.value() for r in readings]
    rows: list[Row] = [
        (
            Text(run.date.isoformat() if run.date else run.name),
            Text(run.version),
            Text(run.commit),
            reading.cell,
            bar_cell,
        )
        for run, reading, bar_cell in zip(runs, readings, _bars(values))
    ]
    group = runs[0].flag_group
    what = "merged stats" if bench == MERGED else f"benchmark {bench}"
    notes = [f"{len(runs)} run{'' if len(runs) == 1 else 's'} with flags {group}, {what}, oldest first"]
    note = first_last_note([r.cell for r in readings])
    if note:
        notes.append(note)
    missing = [(run.name, r.missing) for run, r in zip(runs, readings) if r.missing]
    if missing:
        notes.append(_missing_note("run(s)", missing))
    columns = (Column("Date"), Column("Version"), Column("Commit"), Column("Value", True), Column("Bar"))
    return SeriesTable(
        columns,
        rows,
        join=Join.SIMPLE,
        path=("Across runs", str(addr)),
        title=f"{addr} across runs ({group})",
        notes=notes,
        values=values,
        address=addr,
        kind="history",
        runs=list(runs),
        shares=[r.share for r in readings],
    )


#: The value column of a history shown as shares (``history_shares``).
SHARE_COLUMN = "Share of table total"


def history_shares(table: SeriesTable) -> SeriesTable:
    """A history with each run's value as its share of its table's total in that run.

    The share is ``shares.row_share``'s, computed when the history was read: a
    count's fraction of its table's total (the report's own rate beside it,
    where it has one: ``Self`` for an execution count), a rate as it is, and
    a rare event or other independent counter per instruction executed.
    Columns: Date, Version, Commit, Share of table total, Bar; the rows, runs
    and address stay those of ``table``.
    """
    if table.kind != "history":
        raise ValueError("only a history has shares per run")
    shares = list(table.shares) + [None] * (len(table.rows) - len(table.shares))
    cells = [share_cell(share) for share in shares]
    rows: list[Row] = [
        (*row[:3], cell, bar_cell) for row, cell, bar_cell in zip(table.rows, cells, _bars(shares))
    ]
    notes = [table.notes[0], "share: each run's value over its table's total in that run (a rate as it is)"]
    note = first_last_note(cells)
    if note:
        notes.append(note)
    notes += [n for n in table.notes[1:] if not n.startswith("first ")]
    columns = (*table.columns[:3], Column(SHARE_COLUMN, True), table.columns[4])
    return SeriesTable(
        columns,
        rows,
        join=Join.SIMPLE,
        path=table.path,
        title=f"{table.title}, as a share of its table's total",
        notes=notes,
        values=shares,
        address=table.address,
        kind="history",
        runs=list(table.runs),
        shares=shares,
    )
