"""ctrl+p: jump to any run, benchmark, section or opcode.

Runs come from the tree's names; benchmarks from runs already scanned (and
the current one); sections and opcodes from the report on screen.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Provider

if TYPE_CHECKING:
    from pystats_tui.core.sources import Run
    from pystats_tui.screens.browser import BrowserScreen


def jump_to_run(screen: BrowserScreen, run: Run) -> None:
    """Open a run and show its merged stats (or its first benchmark)."""
    from pystats_tui.core.selection import Selection

    bench = screen.main_benchmark(run)
    if bench is not None:
        screen.jump(Selection(screen.source, bench))


def jump_to_opcode(screen: BrowserScreen, name: str) -> None:
    """Show the opcode's family section when it has one, else its execution count row."""
    if screen.current is None or screen.report is None:
        return
    family = ("Specialization stats", name)
    screen.section_path = family if screen.report.find(family) is not None else ("Execution counts",)
    table = screen.current_table
    if screen.section_path == ("Execution counts",) and table is not None:
        for i, row in enumerate(table.view.rows):
            if row[0].text() == name:
                table.cursor_row = i
                break
        table.focus()


class JumpProvider(Provider):
    """Commands that move the browser to a run, benchmark, section or opcode row."""

    def _targets(self) -> list[tuple[str, object]]:
        from pystats_tui.core.selection import Selection
        from pystats_tui.screens.browser import BrowserScreen

        screen = self.screen
        if not isinstance(screen, BrowserScreen):
            return []
        out: list[tuple[str, object]] = []
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
        # When comparing, first: what changed, and the benchmarks that moved.
        base, head = screen.base, screen.current
        if base is not None and head is not None:
            out.insert(0, (f"changes: what changed, {base.label} → {head.label}", screen.action_changes))
            moved = f"changes by benchmark: {base.bench.run.label} → {head.bench.run.label}"
            out.insert(1, (moved, screen.action_bench_moves))
        if screen.report is not None and screen.current is not None:
            current = screen.current
            for section in screen.report.walk():
                out.append(
                    (f"section {' › '.join(section.path)}", partial(screen.jump, current, section.path))
                )
            exec_section = screen.report.find(("Execution counts",))
            if exec_section is not None and exec_section.tables:
                for row in exec_section.tables[0].rows:
                    name = row[0].text()
                    out.append((f"opcode {name}", partial(jump_to_opcode, screen, name)))
        return out

    async def discover(self) -> Hits:
        for text, action in self._targets()[:40]:
            yield DiscoveryHit(text, action)  # type: ignore[arg-type]

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for text, action in self._targets():
            score = matcher.match(text)
            if score > 0:
                yield Hit(score, matcher.highlight(text), action)  # type: ignore[arg-type]
