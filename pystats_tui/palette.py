"""ctrl+p: jump to any run, benchmark, section, opcode or row.

Runs come from the tree's names; benchmarks from runs already scanned (and
the current one); sections and opcodes from the report on screen and from
the run (or benchmark) under the tree cursor, before it is opened: its
report is built in a thread the first time the palette searches. A query of
the README's form ``Section > Row`` (``Execution counts > LOAD_FAST``,
``Specialization stats > LOAD_ATTR``) goes to that section, with the cursor
on that row when the last part names a row rather than a section.

Each kind of command is a function returning ``Target`` pairs, so another
kind (say "changes …") is one more function called from ``JumpProvider``.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable
from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Provider

if TYPE_CHECKING:
    from pystats_tui.core.report import Report, Section
    from pystats_tui.core.runs import Run
    from pystats_tui.core.selection import Selection
    from pystats_tui.screens.browser import BrowserScreen

#: A command of the palette: what it reads, and what it does.
Target = tuple[str, Callable[[], object]]
#: At most this many rows are offered for the last part of ``Section > Row``.
MAX_ROW_HITS = 30
#: What a ``Section > Row`` hit's own score (at most 1) is multiplied by: above any fuzzy match.
PATH_SCORE = 1000.0


def jump_to_run(screen: BrowserScreen, run: Run) -> None:
    """Open a run and show its merged stats (or its first benchmark)."""
    from pystats_tui.core.selection import Selection

    bench = screen.main_benchmark(run)
    if bench is not None:
        screen.jump(Selection(screen.source, bench))


def opcode_place(report: Report, name: str) -> tuple[tuple[str, ...], str | None]:
    """Where an opcode is shown: its family section when it has one, else its Execution counts row."""
    family = ("Specialization stats", name)
    if report.find(family) is not None:
        return family, None
    return ("Execution counts",), name


# --------------------------------------------------------------------------- kinds of commands


def run_targets(screen: BrowserScreen) -> list[Target]:
    """Every run by name; the benchmarks of the runs already opened."""
    from pystats_tui.core.selection import Selection

    out: list[Target] = []
    source = screen.source
    for run in source.runs:
        # Runs by name only (listing hundreds of directories would be slow);
        # benchmarks of the runs already opened.
        out.append((f"run {run.label}", partial(jump_to_run, screen, run)))
        if run.scanned:
            for bench in run.benchmarks():
                if bench.name != "all":
                    out.append(
                        (
                            f"benchmark {bench.name}  ({run.label})",
                            partial(screen.jump, Selection(source, bench)),
                        )
                    )
    return out


def report_targets(
    screen: BrowserScreen, selection: Selection, report: Report, where: str = ""
) -> list[Target]:
    """Every section of a report and every opcode of its Execution counts (``where`` names the input)."""
    suffix = f"  ({where})" if where else ""
    out: list[Target] = []
    for section in report.walk():
        out.append(
            (f"section {' › '.join(section.path)}{suffix}", partial(screen.jump, selection, section.path))
        )
    exec_section = report.find(("Execution counts",))
    if exec_section is not None and exec_section.tables:
        for row in exec_section.tables[0].rows:
            name = row[0].text()
            path, label = opcode_place(report, name)
            out.append((f"opcode {name}{suffix}", partial(screen.jump, selection, path, label)))
    return out


def find_section(sections: Iterable[Section], titles: list[str]) -> Section | None:
    """The section at a path of titles, ignoring case and extra spaces."""
    found = None
    for title in titles:
        want = " ".join(title.split()).casefold()
        found = next((s for s in sections if " ".join(s.title.split()).casefold() == want), None)
        if found is None:
            return None
        sections = found.sections
    return found


def path_targets(
    screen: BrowserScreen, query: str, selection: Selection, report: Report, where: str = ""
) -> list[tuple[float, Target]]:
    """Commands for a ``Section > Row`` query (or ``Section > Sub-section``), best first, scored.

    The whole query naming a section goes there; else the parts before the
    last name a section and the last one a row label of its tables (exactly,
    then as a prefix, then as a substring) or the title of a sub-section.
    """
    parts = [p.strip() for p in query.split(">")]
    if len(parts) < 2 or not parts[0]:
        return []
    suffix = f"  ({where})" if where else ""
    whole = find_section(report.sections, parts)
    if whole is not None:
        text = f"section {' › '.join(whole.path)}{suffix}"
        return [(1.0, (text, partial(screen.jump, selection, whole.path)))]
    parent = find_section(report.sections, parts[:-1])
    if parent is None:
        return []
    want = parts[-1].casefold()
    out: list[tuple[float, Target]] = []
    for sub in parent.sections:
        if want in sub.title.casefold():
            out.append(
                (0.8, (f"section {' › '.join(sub.path)}{suffix}", partial(screen.jump, selection, sub.path)))
            )
    seen: set[str] = set()
    for table in parent.tables:
        for row in table.rows:
            label = row[0].text()
            folded = label.casefold()
            if label in seen or want not in folded:
                continue
            seen.add(label)
            score = 1.0 if folded == want else 0.9 if folded.startswith(want) else 0.7
            text = f"row {' › '.join(parent.path)} › {label}{suffix}"
            out.append((score, (text, partial(screen.jump, selection, parent.path, label))))
    out.sort(key=lambda item: -item[0])
    return out[:MAX_ROW_HITS]


# --------------------------------------------------------------------------- the provider


class JumpProvider(Provider):
    """Commands that move the browser to a run, benchmark, section, opcode or row."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        #: The report of the benchmark under the tree cursor and its commands, built once per opening.
        self._cursor: tuple[Selection, Report, list[Target]] | None = None
        self._cursor_loaded = False

    def _screen(self) -> BrowserScreen | None:
        from pystats_tui.screens.browser import BrowserScreen

        return self.screen if isinstance(self.screen, BrowserScreen) else None

    def _targets(self) -> list[Target]:
        screen = self._screen()
        if screen is None:
            return []
        out = run_targets(screen)
        # When comparing, first: what changed, and the benchmarks that moved.
        base, head = screen.base, screen.current
        if base is not None and head is not None:
            out.insert(0, (f"changes: what changed, {base.label} → {head.label}", screen.action_changes))
            moved = f"changes by benchmark: {base.bench.run.label} → {head.bench.run.label}"
            out.insert(1, (moved, screen.action_bench_moves))
        if screen.report is not None and screen.current is not None:
            out += report_targets(screen, screen.current, screen.report)
        return out

    async def cursor_report(self) -> tuple[Selection, Report, list[Target]] | None:
        """The benchmark under the tree cursor when it is not the one shown: its report and commands.

        Built in a thread on first use (a report at hand is reused); None when
        the cursor is on what is shown, or the report cannot be built.
        """
        screen = self._screen()
        if screen is None or self._cursor_loaded:
            return self._cursor
        self._cursor_loaded = True
        selection = screen.tree.cursor_selection(quiet=True)  # typing says nothing of a bad run
        if selection is None or (screen.report is not None and selection == screen.current):
            return None
        from pystats_tui.core.errors import PystatsError
        from pystats_tui.core.selection import open_report
        from pystats_tui.widgets import ReportLoader

        loader = screen.query_one(ReportLoader)
        report = loader.cached_for(selection.bench)
        where = selection.label

        def build() -> tuple[Report, list[Target]]:
            built = report if report is not None else open_report(selection)
            return built, report_targets(screen, selection, built, where)

        try:
            built, targets = await asyncio.to_thread(build)
        except (PystatsError, OSError):
            return None
        if report is None:
            loader.keep(selection, None, built)  # choosing one of its sections shows it at once
        self._cursor = (selection, built, targets)
        return self._cursor

    async def discover(self) -> Hits:
        for text, action in self._targets()[:40]:
            yield DiscoveryHit(text, action)

    async def search(self, query: str) -> Hits:
        screen = self._screen()
        if screen is None:
            return
        cursor = await self.cursor_report()
        if ">" in query:
            reports = []
            if screen.report is not None and screen.current is not None:
                reports.append((screen.current, screen.report, ""))
            if cursor is not None:
                reports.append((cursor[0], cursor[1], cursor[0].label))
            for selection, report, where in reports:
                for score, (text, action) in path_targets(screen, query, selection, report, where):
                    yield Hit(score * PATH_SCORE, text, action)
        matcher = self.matcher(query)
        targets = self._targets() + (cursor[2] if cursor is not None else [])
        for text, action in targets:
            score = matcher.match(text)
            if score > 0:
                yield Hit(score, matcher.highlight(text), action)
