"""A history (one stat across runs) with its largest step marked, and a key to compare that step.

``HistoryScreen`` is the ``SeriesScreen`` of a history whose table comes
marked by ``core.history.mark_largest_step``: a ``largest step: …`` line in the
notes and ``◆ largest step`` in the Step column of the step's later run. ``g``
closes it and hands the step to the browser, which compares that run with the
run before it (the earlier run becomes the base).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual import on
from textual.binding import Binding

from pystats_tui.core.history import HistoryStep, largest_step, mark_largest_step
from pystats_tui.core.series_table import SeriesTable
from pystats_tui.screens.series import SeriesScreen


class HistoryScreen(SeriesScreen):
    """One stat across runs, oldest first, its largest step marked; ``g`` compares that step."""

    BINDINGS = [
        Binding("g", "compare_step", "Compare step", id="history.compare_step"),
    ]

    def __init__(
        self,
        compute: Callable[[], SeriesTable],
        what: str,
        roots: list[Path],
        compare: Callable[[HistoryStep], None],
    ) -> None:
        super().__init__(lambda: mark_largest_step(compute()), what, roots)
        #: What ``g`` calls, once this screen is closed: compare the step's two runs.
        self.compare = compare

    @on(SeriesScreen.Computed)
    def _offer_step(self) -> None:
        self.refresh_bindings()

    @property
    def step(self) -> HistoryStep | None:
        """The history's largest step (None while computing, or with fewer than two values)."""
        return largest_step(self.table) if self.table is not None else None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # ``g`` is offered only when there is a step to compare.
        if action == "compare_step":
            return self.step is not None
        return super().check_action(action, parameters)

    def action_compare_step(self) -> None:
        """Compare the largest step's later run with the run before it, in the browser."""
        step = self.step
        if step is None:
            message = "No step to compare: fewer than two runs have a value."
            self.notify(message if self.table is not None else "Still computing …", severity="warning")
            return
        self.dismiss(None)
        self.compare(step)
