"""One value of the report across the runs of one flag group, oldest first: a history and its steps.

``history_table`` reads a stat address (``address.StatAddress``) in the merged
stats of every run of one flag group (or in one benchmark of each), with
``address.read_value``; ``history_shares`` turns a history into each run's
share of its table's total (runs of very different lengths compare by shares,
not by raw counts). Both return a ``series_table.SeriesTable``.

``history_steps`` finds the largest steps between consecutive runs of a
history, by share as the Changes score does (``changes``);
``mark_largest_step`` marks the largest in the table, for comparing its two runs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from pystats_tui.core.address import Reading, StatAddress, as_address, raise_if_no_value, read_value
from pystats_tui.core.cells import EMPTY, Row, Text
from pystats_tui.core.errors import PystatsError
from pystats_tui.core.files import os_error
from pystats_tui.core.progress import Progress
from pystats_tui.core.report import Column
from pystats_tui.core.report_spec import Join
from pystats_tui.core.runs import MERGED, Run
from pystats_tui.core.series_table import SeriesTable, bar_cells, first_last_note, missing_note, share_cell
from pystats_tui.core.sources import Source

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
    raise_if_no_value(readings)
    values = [r.cell.value() for r in readings]
    rows: list[Row] = [
        (
            Text(run.date.isoformat() if run.date else run.name),
            Text(run.version),
            Text(run.commit),
            reading.cell,
            bar_cell,
        )
        for run, reading, bar_cell in zip(runs, readings, bar_cells(values))
    ]
    group = runs[0].flag_group
    what = "merged stats" if bench == MERGED else f"benchmark {bench}"
    notes = [f"{len(runs)} run{'' if len(runs) == 1 else 's'} with flags {group}, {what}, oldest first"]
    note = first_last_note([r.cell for r in readings])
    if note:
        notes.append(note)
    missing = [(run.name, r.missing) for run, r in zip(runs, readings) if r.missing]
    if missing:
        notes.append(missing_note("run(s)", missing))
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
    shares = list(table.shares)
    cells = [share_cell(share) for share in shares]
    rows: list[Row] = [
        (*row[:3], cell, bar_cell) for row, cell, bar_cell in zip(table.rows, cells, bar_cells(shares))
    ]
    # The first/last line of the values gives way to that of the shares; the other notes stay.
    values_note = first_last_note([row[3] for row in table.rows])
    share_note = first_last_note(cells)
    notes = [table.notes[0], "share: each run's value over its table's total in that run (a rate as it is)"]
    notes += [share_note] if share_note else []
    notes += [n for n in table.notes[1:] if n != values_note]
    return replace(
        table,
        columns=(*table.columns[:3], Column(SHARE_COLUMN, True), table.columns[4]),
        rows=rows,
        title=f"{table.title}, as a share of its table's total",
        notes=notes,
        values=shares,
    )


# --------------------------------------------------------------------------- steps


@dataclass(frozen=True)
class HistoryStep:
    """A step of a history between a run and the run before it that has a value."""

    #: Row indexes of the two runs in the history table (oldest first).
    index: int
    previous: int
    #: The two runs: compare ``previous_run`` (base) with ``run`` (head).
    run: Run
    previous_run: Run
    #: The shares (see ``shares``) before and after, and the step's size ``|after - before|``.
    before: float
    after: float
    size: float

    @property
    def points(self) -> float:
        """The step in percentage points of share, signed (``after - before``)."""
        return (self.after - self.before) * 100


def history_steps(table: SeriesTable) -> list[HistoryStep]:
    """Every step between consecutive runs of a history that have a share, largest first.

    Runs without a value are passed over (a step spans them). Ties go to the
    older step.
    """
    if table.kind != "history":
        raise ValueError("history_steps needs a history table (history.history_table)")
    steps: list[HistoryStep] = []
    previous: int | None = None
    for i, value in enumerate(table.shares):
        if value is None:
            continue
        if previous is not None:
            before = table.shares[previous]
            assert before is not None
            steps.append(
                HistoryStep(
                    i, previous, table.runs[i], table.runs[previous], before, value, abs(value - before)
                )
            )
        previous = i
    steps.sort(key=lambda s: (-s.size, s.index))
    return steps


def largest_step(table: SeriesTable) -> HistoryStep | None:
    """The largest step of a history, or None with fewer than two runs that have a value."""
    steps = history_steps(table)
    return steps[0] if steps else None


def step_note(step: HistoryStep | None) -> str:
    """``largest step: 2024-04-06 … → 2024-06-22 … (+3.21 pp)``: a line for a history's notes."""
    if step is None:
        return "largest step: none (fewer than two runs with a value)"
    return f"largest step: {step.previous_run.label} → {step.run.label} ({step.points:+.2f} pp of share)"


def mark_largest_step(table: SeriesTable) -> SeriesTable:
    """A history with its largest step marked: a ``step_note`` line and a ``Step`` column.

    The Step column says ``◆ largest step +3.21 pp`` on the row of the step's
    later run, and is blank elsewhere. A table that is no history, or has no
    step (fewer than two runs with a value), is returned as it is.
    """
    if table.kind != "history":
        return table
    step = largest_step(table)
    if step is None:
        return table
    marker = Text(f"◆ largest step {step.points:+.2f} pp")
    rows: list[Row] = [(*row, marker if i == step.index else EMPTY) for i, row in enumerate(table.rows)]
    return replace(
        table,
        columns=(*table.columns, Column("Step")),
        rows=rows,
        all_rows=None,
        notes=[*table.notes, step_note(step)],
    )
