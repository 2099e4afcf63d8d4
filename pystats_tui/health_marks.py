"""The health of the runs a browser screen has seen: checks in the background, marks in the tree.

A controller on the UI side (neither a screen nor a widget): the browser screen
owns one, and it runs ``core.health`` checks in the screen's workers and puts
their marks in the ``ResultsTree``.

A run gets a quick check (``health.check_run(quick=True)``) when it is opened,
every run of a small tree gets one once the first frame is shown, and ``c``
runs the full check of the current run. Checks load data, so they wait while
something more urgent holds them (the first frame, a report being loaded).
Findings are kept per run, and each run (and its listed benchmarks) is marked
✓ ⚠ ✗ in the tree. The run shown (``showing``) that has ⚠ or ✗ findings gets
them in the screen's ``FindingsPanel`` once, when they are first known for it
(its next sections and benchmarks do not show them again); the full check's
findings are always shown there.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from pystats_tui.core.runs import Run
from pystats_tui.core.sources import Source

if TYPE_CHECKING:
    from textual.screen import Screen

    from pystats_tui.core.health import Finding
    from pystats_tui.widgets import FindingsPanel, ResultsTree


class HealthMarks:
    """Runs' findings for one screen, the checks on their way, and the marks they put in the tree."""

    #: Trees with at most this many runs get every run checked (quickly) in the background.
    CHECK_ALL_RUNS = 50

    def __init__(
        self,
        screen: Screen[None],
        source: Source,
        tree: Callable[[], ResultsTree],
        panel: Callable[[], FindingsPanel],
    ) -> None:
        self.screen = screen
        self.source = source
        self._tree = tree
        #: Where findings are shown: a quick check's once per run, the full check's always.
        self._panel = panel
        #: The run shown on screen (its directory), whose findings the panel shows.
        self.shown_run: str | None = None
        #: Runs whose findings the panel has shown once already.
        self._announced: set[str] = set()
        #: Findings per run directory: the quick check's, or the full one's once run.
        self.findings: dict[str, list[Finding]] = {}
        self._full: set[str] = set()
        self._checking: set[str] = set()
        #: Why checks wait now ("first frame", "loading"); they start when nothing holds them.
        self._held: set[str] = {"first frame"}
        self._waiting: list[Run] = []
        self._waiting_all: list[Run] = []
        #: Bumped when a run's files change on disk: a check begun before is stale when it ends.
        self._generation: dict[str, int] = {}

    # ------------------------------------------------------------------ holding

    def hold(self, reason: str) -> None:
        """Let checks wait while ``reason`` lasts (they share the interpreter with the screen)."""
        self._held.add(reason)

    def release(self, reason: str) -> None:
        """``reason`` is over: start the checks that waited, if nothing else holds them."""
        self._held.discard(reason)
        self._start_waiting()

    def _start_waiting(self) -> None:
        if self._held:
            return
        if self._waiting_all:
            runs, self._waiting_all = self._waiting_all, []
            self.screen.run_worker(partial(self._check_all, runs), thread=True, group="health-all")
        waiting, self._waiting = self._waiting, []
        for run in waiting:
            self.check(run)

    # ------------------------------------------------------------------ checks

    def check_all_later(self, runs: list[Run]) -> None:
        """A small tree: every run gets a quick check once nothing holds the checks."""
        if len(runs) <= self.CHECK_ALL_RUNS:
            self._waiting_all = list(runs)
            self._start_waiting()

    def check(self, run: Run) -> None:
        """Check a run in the background (once) and mark it and its benchmarks in the tree."""
        key = str(run.path)
        if key in self.findings:
            self.mark(run)  # its benchmarks may have just been listed
            return
        if key in self._checking:
            return
        if self._held:
            if run not in self._waiting:
                self._waiting.append(run)
            return
        self._checking.add(key)
        self._start(run, show=False, quick=True)

    def check_fully(self, run: Run) -> bool:
        """The full check of a run (``c``), shown when done; False when it is already at hand."""
        key = str(run.path)
        if key in self._full:
            self._show(run, full=True)
            return False
        self._checking.add(key)
        self._start(run, show=True, quick=False)
        return True

    def _start(self, run: Run, show: bool, quick: bool) -> None:
        generation = self._generation.get(str(run.path), 0)
        work = partial(self._check_one, run, show, quick, generation)
        self.screen.run_worker(work, thread=True, group="health")

    def _check_one(self, run: Run, show: bool, quick: bool, generation: int) -> None:
        """In a worker thread: check a run, then hand the findings to the screen's thread."""
        findings = self._run_check(run, quick)
        self.screen.app.call_from_thread(self._done, run, findings, show, generation, not quick)

    def _check_all(self, runs: list[Run]) -> None:
        """In a worker thread: a quick check of every run not checked yet."""
        for run in runs:
            key = str(run.path)
            if key in self.findings or key in self._checking:
                continue
            generation = self._generation.get(key, 0)
            findings = self._run_check(run, True)
            self.screen.app.call_from_thread(self._done, run, findings, False, generation)

    def _run_check(self, run: Run, quick: bool) -> list[Finding]:
        # Imported here: checks start after the first frame, so start-up need not load them.
        from pystats_tui.core.health import Finding, check_run

        try:
            return check_run(self.source, run, quick=quick)
        except Exception as e:  # noqa: BLE001 - never a traceback on screen
            return [Finding("error", run.label, f"health check failed: {e}", run.name)]

    def _done(
        self, run: Run, findings: list[Finding], show: bool, generation: int = 0, full: bool = False
    ) -> None:
        key = str(run.path)
        if generation != self._generation.get(key, 0):
            return  # its files changed while it was checked: the new check is on its way
        if full:
            self._full.add(key)
        self.findings[key] = findings
        self._checking.discard(key)
        self.mark(run)
        if show:
            self._show(run, full=True)
        elif key == self.shown_run:
            self._announce(run)

    # ------------------------------------------------------------------ the panel

    def showing(self, run: Run) -> None:
        """The screen shows ``run`` now: its ⚠ ✗ findings show once (another run's panel closes)."""
        key = str(run.path)
        if key == self.shown_run:
            return
        self.shown_run = key
        panel = self._panel()
        if panel.run_key is not None and panel.run_key != key:
            panel.close()
        if key in self.findings:
            self._announce(run)

    def _announce(self, run: Run) -> None:
        """Show a run's findings once, if any is a warning or an error."""
        from pystats_tui.core.health import worst

        key = str(run.path)
        if key in self._announced or worst(self.findings.get(key, [])) is None:
            return
        self._announced.add(key)
        self._show(run, full=key in self._full)

    def _show(self, run: Run, full: bool) -> None:
        key = str(run.path)
        self._announced.add(key)
        self._panel().show_findings(key, run.label, self.findings[key], full)

    # ------------------------------------------------------------------ marks

    def mark(self, run: Run) -> None:
        """Marks in the tree: ✓ ⚠ ✗ on the run, ⚠ ✗ on its benchmarks that are listed."""
        from pystats_tui.core.health import MARKS, worst

        findings = self.findings.get(str(run.path))
        if findings is None:
            return
        tree = self._tree()
        no_data = any(f.no_data for f in findings)
        tree.mark_run(run, MARKS.get(worst(findings) or "", "✓"), "no data" if no_data else "")
        if run.scanned:
            for bench in run.benchmarks():
                mine = [f for f in findings if f.bench == bench.name]
                tree.mark_bench(bench, MARKS.get(worst(mine) or "", ""))

    # ------------------------------------------------------------------ a live tree

    def forget(self, touched: set[str]) -> None:
        """The files of these runs (``str(run.path)``) changed on disk: check them again.

        Their findings, and any check still on its way, are stale; a run that
        was checked is checked anew (and marked when that is done).
        """
        runs = {str(r.path): r for r in self.source.runs}
        for key in touched:
            was_checked = key in self.findings or key in self._checking
            self.findings.pop(key, None)
            self._full.discard(key)
            self._checking.discard(key)
            self._generation[key] = self._generation.get(key, 0) + 1
            run = runs.get(key)
            if was_checked and run is not None:
                self.check(run)
