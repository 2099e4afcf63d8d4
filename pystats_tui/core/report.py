"""The report as a tree of sections and typed tables, for one input or base + head.

``build_report`` walks the declarative report specification (``report_spec.py``) over one
``Stats`` (or a base and a head) and returns a ``Report``: ``Section`` nodes
holding ``Table`` nodes whose rows are typed cells. The browser's tree, its
tables and the Markdown export are all drawn from this one structure, so what
is shown and what is exported are the same numbers.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Union

from pystats_tui.core.cells import EMPTY, Cell, Change, Row
from pystats_tui.core.errors import Problem
from pystats_tui.core.report_spec import OTHER_SECTION, REPORT_SPEC, Join, SectionSpec, TableSpec
from pystats_tui.core.stats import Stats

NOT_COMPARATIVE = "Not included in comparative output."


@dataclass(frozen=True)
class Column:
    """A table column: its header and whether its cells are right-aligned numbers."""

    name: str
    right: bool = False

    @classmethod
    def parse(cls, spec: str) -> Column:
        """``"Count:"`` -> right-aligned "Count" (summarize_stats' notation)."""
        return cls(spec[:-1], True) if spec.endswith(":") else cls(spec, False)

    @property
    def spec(self) -> str:
        return self.name + ":" if self.right else self.name


def plain_column(name: str) -> str:
    """A comparison's column name without its side: ``Base Count`` and ``Head Count`` -> ``Count``."""
    for prefix in ("Base ", "Head "):
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name


@dataclass
class Table:
    """One table of the report: columns and rows of typed cells."""

    columns: tuple[Column, ...]
    #: The rows as the report shows them (after the report's row limit).
    rows: list[Row]
    #: Every row, where the report keeps only the top ones (pairs): the browser shows these.
    all_rows: list[Row] | None = None
    join: Join = Join.SIMPLE
    #: Where the table sits: the titles of the sections above it, then its index.
    path: tuple[str, ...] = ()
    index: int = 0
    #: Computes ``all_rows`` when first asked for (millions of pairs cost nothing until shown).
    more: Callable[[], list[Row]] | None = field(default=None, repr=False, compare=False)
    #: How many rows each side kept (the report's top N), or None for every row. In a comparison
    #: of such a table, a row blank on one side may be there, beyond that side's top N.
    limit: int | None = None

    @property
    def browse_rows(self) -> list[Row]:
        """The rows the browser shows: every row where the report keeps only the top ones."""
        if self.all_rows is None and self.more is not None:
            self.all_rows, self.more = self.more(), None
        return self.all_rows if self.all_rows is not None else self.rows


@dataclass
class Section:
    """A section of the report with its explanation and parts (tables, sub-sections).

    A report built from stats computes a section's parts when they are first
    asked for (``build``), so opening a report costs only the sections shown;
    the Markdown export asks for all of them. Two threads asking at once get
    the same parts, built once.
    """

    title: str
    summary: str = ""
    doc: str = ""
    level: int = 2
    #: A line shown instead of the parts (e.g. summarize_stats' "Not included in comparative output.").
    note: str = ""
    path: tuple[str, ...] = ()
    #: Why the parts could not be computed (then ``note`` says so and there are no parts).
    error: str = field(default="", init=False, compare=False)
    #: Computes the parts on first use; None once they are built (or for a section built by hand).
    build: Callable[[], list[Union[Table, Section]]] | None = field(default=None, repr=False, compare=False)
    _parts: list[Union[Table, Section]] | None = field(default=None, init=False, repr=False, compare=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False, compare=False)

    @property
    def parts(self) -> list[Union[Table, Section]]:
        parts = self._parts
        if parts is None:
            with self._lock:
                parts = self._parts
                if parts is None:
                    parts = self._build_parts()
                    self._parts, self.build = parts, None
        return parts

    def _build_parts(self) -> list[Union[Table, Section]]:
        if self.build is None:
            return []
        try:
            return self.build()
        except Exception as e:  # noqa: BLE001 - one section's failure never hides the others
            self.error = f"section {' › '.join(self.path)} could not be computed: {type(e).__name__}: {e}"
            self.note = f"This section could not be computed from this input ({type(e).__name__}: {e})."
            return []

    @property
    def built(self) -> bool:
        """Whether the parts have been computed (a test and the loading thread ask)."""
        return self._parts is not None

    @property
    def tables(self) -> list[Table]:
        return [p for p in self.parts if isinstance(p, Table)]

    @property
    def sections(self) -> list[Section]:
        return [p for p in self.parts if isinstance(p, Section)]

    def walk(self) -> Iterator[Section]:
        """This section and every section below it, in document order.

        Each is built before it is yielded, so its ``note`` and ``error`` are final.
        """
        subs = self.sections
        yield self
        for sub in subs:
            yield from sub.walk()


@dataclass
class Report:
    """Every section of a report, with what it was computed from."""

    sections: list[Section]
    #: The input's counters (None for a report read back from Markdown); when comparing, the base's.
    stats: Stats | None = None
    #: The head's counters when comparing (base vs head), else None.
    head: Stats | None = None
    #: Lines to show above the report: no data, versions that differ, skipped lines.
    warnings: list[str] = field(default_factory=list)

    @property
    def comparing(self) -> bool:
        return self.head is not None

    @property
    def problems(self) -> list[Problem]:
        """Lines and counters skipped while loading the inputs (each shown on its own line)."""
        return [p for stats in (self.stats, self.head) if stats is not None for p in stats.raw.problems]

    def problem_note(self) -> str | None:
        """One line saying that something was skipped while loading, with the first problem."""
        problems = self.problems
        if not problems:
            return None
        return f"{len(problems)} problem(s) while loading, skipped; first: {problems[0]}"

    def walk(self) -> Iterator[Section]:
        for section in self.sections:
            yield from section.walk()

    def find(self, path: tuple[str, ...] | list[str]) -> Section | None:
        """The section at a path of titles, e.g. ``("Specialization stats", "LOAD_ATTR")``.

        Only the sections on the way are built.
        """
        path = tuple(path)
        found: Section | None = None
        level = self.sections
        for depth in range(1, len(path) + 1):
            found = next((s for s in level if s.path == path[:depth]), None)
            if found is None:
                return None
            level = found.sections if depth < len(path) else []
        return found

    def section_beside(self, path: tuple[str, ...], step: int) -> tuple[str, ...] | None:
        """The section with tables ``step`` places after (before, when negative) ``path``, in order.

        From a path that is not a section with tables, the first such section;
        None past either end.
        """
        paths = [s.path for s in self.walk() if not s.sections]
        i = paths.index(path) + step if path in paths else 0
        return paths[i] if 0 <= i < len(paths) else None

    def section_errors(self) -> list[str]:
        """The sections that cannot be computed, a line each (every section is built to know)."""
        return [s.error for s in self.walk() if s.error]

    def complete(self) -> Report:
        """Build every section now (in a loading thread, so the screen never waits for one)."""
        for _ in self.walk():
            pass
        return self

    def tables(self) -> Iterator[Table]:
        for section in self.walk():
            yield from section.tables


def _key(cell: Cell) -> str:
    return cell.text()


def join_tables(
    spec: TableSpec, base_rows: list[Row], head_rows: list[Row]
) -> tuple[tuple[str, ...], list[Row]]:
    """Join base and head rows on their first cell, as summarize_stats does."""
    columns = spec.columns
    width = len(columns) - 1
    blank: Row = (EMPTY,) * width
    base_by_key = {_key(r[0]): r for r in base_rows}
    head_by_key = {_key(r[0]): r for r in head_rows}
    keys = list(base_by_key) + [k for k in head_by_key if k not in base_by_key]
    rows: list[Row] = []
    mode = spec.join
    for k in keys:
        b = base_by_key.get(k)
        h = head_by_key.get(k)
        label = (b or h)[0]  # type: ignore[index]
        bv = b[1:] if b else blank
        hv = h[1:] if h else blank
        if mode is Join.SIMPLE:
            rows.append((label, *bv, *hv))
        elif mode is Join.CHANGE_ONE_COLUMN:
            rows.append((label, bv[0], hv[0], Change(bv[0], hv[0])))
        else:
            rows.append((label, *bv, *hv, Change(bv[0], hv[0])))
    if mode in (Join.CHANGE, Join.CHANGE_ONE_COLUMN):
        rows.sort(key=lambda r: abs(float(r[-1])), reverse=True)  # type: ignore[arg-type]
    first, rest = columns[0], columns[1:]
    if mode is Join.SIMPLE:
        cols = (first, *("Base " + c for c in rest), *("Head " + c for c in rest))
    elif mode is Join.CHANGE_ONE_COLUMN:
        cols = (first, "Base " + rest[0], "Head " + rest[0], "Change:")
    else:
        cols = (first, *("Base " + c for c in rest), *("Head " + c for c in rest), "Change:")
    return cols, rows


def _build_table(
    spec: TableSpec, stats: Stats, head: Stats | None, path: tuple[str, ...], index: int
) -> Table:
    more = None
    if head is None:
        rows = spec.rows(stats)
        if spec.limit is not None:
            rows = rows[: spec.limit]
        if spec.more is not None:
            more = partial(spec.more, stats)
        columns = spec.columns
    else:
        b, h = spec.rows(stats), spec.rows(head)
        if spec.limit is not None:
            b, h = b[: spec.limit], h[: spec.limit]
        columns, rows = join_tables(spec, b, h)
    return Table(
        tuple(Column.parse(c) for c in columns), rows, None, spec.join, path, index, more, spec.limit
    )


def build_section(
    spec: SectionSpec,
    stats: Stats,
    head: Stats | None = None,
    level: int = 2,
    parent: tuple[str, ...] = (),
) -> Section:
    """One section of the report specification, its parts built on first use.

    ``build_report`` builds every top-level section this way; health checks and
    pivots build only the one section they need. ``level`` is the Markdown
    heading level and ``parent`` the titles of the sections above it.
    """
    path = (*parent, spec.title)
    summary = spec.summary_for(stats, head) if spec.summary_for is not None else spec.summary
    section = Section(spec.title, summary, spec.doc, level, path=path)
    if head is not None and not spec.comparative:
        section.note = NOT_COMPARATIVE
        return section
    section.build = lambda: _build_parts(spec, stats, head, level, path)
    return section


def _build_parts(
    spec: SectionSpec, stats: Stats, head: Stats | None, level: int, path: tuple[str, ...]
) -> list[Union[Table, Section]]:
    parts: list[Union[Table, Section]] = []
    index = 0
    for part in spec.iter_parts(stats, head):
        if isinstance(part, TableSpec):
            parts.append(_build_table(part, stats, head, path, index))
            index += 1
        else:
            parts.append(build_section(part, stats, head, level + 1, path))
    return parts


def build_report(
    stats: Stats,
    head: Stats | None = None,
    *,
    other: bool = True,
    specs: Sequence[SectionSpec] | None = None,
) -> Report:
    """The whole report for one input, or for stats vs head (sections built on first use).

    ``other`` adds the final "Other stats" section (counters no section shows),
    which summarize_stats does not have. ``specs`` builds only these sections
    of the report specification instead (a pivot reads one), as given.
    """
    if specs is not None:
        sections = [build_section(spec, stats, head) for spec in specs]
    else:
        all_specs = REPORT_SPEC + ((OTHER_SECTION,) if other else ())
        sections = [build_section(spec, stats, head) for spec in all_specs]
        if other:
            last = sections[-1]
            if not any(t.rows for t in last.tables):
                sections.pop()
    report = Report(sections, stats, head)
    report.warnings = report_warnings(stats, head)
    return report


def report_warnings(stats: Stats, head: Stats | None) -> list[str]:
    """What the reader must know before trusting the numbers."""
    out = []
    for side, role in ((stats, "base"), (head, "head")):
        if side is None:
            continue
        who = f"{role} " if head is not None else ""
        if side.is_empty:
            out.append(
                f"The {who}input {side.label} holds no data: 0 data files were collected "
                "(its pystats collection failed), so every table below is empty or zero."
            )
        elif side.nfiles_unknown:
            out.append(
                f"The {who}input {side.label} does not say how many data files it sums "
                "(no __nfiles__): Meta stats shows 0."
            )
        # Raw files of different CPython versions summed: ``PATH: what``.
        out.extend(f"{role}: {w}" if head is not None else str(w) for w in side.raw.warnings)
    if head is not None and stats.version != head.version:
        out.append(
            f"Base is CPython {stats.version} and head is CPython {head.version}: their opcode "
            "sets differ, so only the rows present in both compare."
        )
    return out
