"""Following the disk on a live benchmark host: what a browser screen does when files change.

A controller on the UI side (like ``HealthMarks``): the browser screen owns
one. Every ``every`` seconds, and at once on ``r``, it asks the opened inputs
what changed (``Source.rescan``: stamps only, nothing parsed) and passes the
answer on: the tree adds, removes and renames runs, the report cache and the
health marks forget what changed, and the benchmark shown is read again (or
said to be gone).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from pystats_tui.core.runs import Run
from pystats_tui.core.sources import Source, SourceChanges

if TYPE_CHECKING:
    from pystats_tui.health_marks import HealthMarks
    from pystats_tui.widgets import ReportLoader, ResultsTree


class DiskWatch:
    """Rescans a screen's inputs and tells its parts what changed."""

    def __init__(
        self,
        sources: list[Source],
        tree: Callable[[], ResultsTree],
        loader: Callable[[], ReportLoader],
        health: HealthMarks,
        shown_changed: Callable[[set[str], dict[str, Run | None]], None],
    ) -> None:
        #: The opened input first, then the fixed base of ``pystats-tui BASE HEAD`` if any.
        self.sources = sources
        self._tree = tree
        self._loader = loader
        self._health = health
        #: Called with (runs whose files changed, runs gone: old path -> the run it was renamed to,
        #: or None when removed) so the screen can reshow what it shows.
        self._shown_changed = shown_changed

    def rescan(self) -> SourceChanges:
        """Look at the disk and follow what changed; what changed in the opened input."""
        changes = [source.rescan() for source in self.sources]
        if any(changes):
            self._follow(changes)
        return changes[0]

    def _follow(self, changes: list[SourceChanges]) -> None:
        touched = set().union(*(c.runs_touched() for c in changes))
        gone: dict[str, Run | None] = {str(r.path): None for c in changes for r in c.removed}
        gone.update((str(old.path), new) for c in changes for old, new in c.renamed)
        self._tree().follow_disk(changes[0])
        self._health.forget(changes[0].runs_touched())
        self._loader().forget(touched)
        self._shown_changed(touched, gone)
