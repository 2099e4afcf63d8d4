"""SVG snapshots of the browser (pytest-textual-snapshot), one class per feature.

The SVGs live beside this file in ``snapshots/__snapshots__``. Update them only
for an intended change (``pytest snapshots --snapshot-update``) and say so in
the commit.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

TESTS = Path(__file__).resolve().parent.parent / "tests"
sys.path.insert(0, str(TESTS))

from conftest import DEFAULT_RUN, RESULTS, UOPS_RUN  # noqa: E402

from pystats_tui.app import PystatsApp  # noqa: E402
from pystats_tui.core.sources import open_source  # noqa: E402


async def _settle(pilot) -> None:
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    pilot.app.clear_notifications()
    await pilot.pause()


def _steps(*keys: str):
    async def run(pilot) -> None:
        await _settle(pilot)
        for key in keys:
            await pilot.press(key)
            await _settle(pilot)

    return run


class TestExecutionCounts:
    """A run's merged execution counts: the first screen, the table focused, the tree following."""

    def test_run_execution_counts(self, snap_compare) -> None:
        app = PystatsApp(open_source(DEFAULT_RUN))
        assert snap_compare(app, terminal_size=(120, 36), run_before=_steps())


class TestSortFilter:
    """A table sorted by a column and filtered to a substring, with the status line."""

    def test_sorted_and_filtered(self, snap_compare) -> None:
        app = PystatsApp(open_source(DEFAULT_RUN))
        keys = ("right", "right", "s", "s", "slash", *"load", "enter")
        assert snap_compare(app, terminal_size=(120, 36), run_before=_steps(*keys))


class TestComparison:
    """Base (the default run) vs head (the PYTHON_UOPS run) with the change column."""

    def test_comparison(self, snap_compare) -> None:
        app = PystatsApp(open_source(RESULTS))
        # The first screen is the default run: mark it, then open the PYTHON_UOPS run's merged stats.
        keys = ("b", "shift+tab", "home", "enter", "down", "enter")
        assert snap_compare(app, terminal_size=(120, 36), run_before=_steps(*keys))


class TestHelp:
    """F1: every key."""

    def test_help_screen(self, snap_compare) -> None:
        app = PystatsApp(open_source(DEFAULT_RUN))
        assert snap_compare(app, terminal_size=(100, 40), run_before=_steps("f1"))


class TestEmptyRun:
    """A run whose JSON holds 0 data files: a warning, not empty tables."""

    def test_empty_run_warning(self, snap_compare, tmp_path: Path) -> None:
        run = tmp_path / "bm-20260421-3.15.0a8+-09233bd"
        run.mkdir()
        data = {"_specialized_instructions": [], "_stats_defines": {}, "_defines": {}, "metadata": {}}
        (run / "bm-20260421-x-aarch64-python-09233bd-3.15.0a8+-09233bd-pystats.json").write_text(
            json.dumps(data)
        )
        app = PystatsApp(open_source(run))
        assert snap_compare(app, terminal_size=(120, 30), run_before=_steps())


class TestSmallTerminal:
    """80×24 with the tree hidden (t): the table keeps the screen."""

    def test_80x24(self, snap_compare) -> None:
        app = PystatsApp(open_source(DEFAULT_RUN))
        assert snap_compare(app, terminal_size=(80, 24), run_before=_steps("t"))


class TestPivotHistoryHealth:
    """p (one value across benchmarks), h (across runs), c (the health panel)."""

    def test_pivot(self, snap_compare) -> None:
        app = PystatsApp(open_source(DEFAULT_RUN))
        assert snap_compare(app, terminal_size=(100, 20), run_before=_steps("right", "p"))

    def test_history(self, snap_compare) -> None:
        app = PystatsApp(open_source(RESULTS))
        keys = ("right", "h")
        assert snap_compare(app, terminal_size=(100, 20), run_before=_steps(*keys))

    def test_health_panel(self, snap_compare) -> None:
        app = PystatsApp(open_source(DEFAULT_RUN))
        assert snap_compare(app, terminal_size=(120, 30), run_before=_steps("c"))


class TestFit:
    """80×24 with the tree: whole values only, the label frozen and shortened, ‹N/›N hints."""

    def test_comparison_80x24(self, snap_compare) -> None:
        """pystats-tui BASE HEAD: Execution counts, Change right after the label."""
        app = PystatsApp(open_source(UOPS_RUN), open_source(DEFAULT_RUN))
        assert snap_compare(app, terminal_size=(80, 24), run_before=_steps())

    def test_pair_counts_80x24(self, snap_compare) -> None:
        async def run(pilot) -> None:
            await _settle(pilot)
            screen = pilot.app.screen
            screen.jump(screen.current, ("Pair counts",))
            await _settle(pilot)

        app = PystatsApp(open_source(DEFAULT_RUN))
        assert snap_compare(app, terminal_size=(80, 24), run_before=run)


class TestChanges:
    """g on pystats-tui BASE HEAD: what changed, ranked, with its notes and threshold."""

    def test_changes(self, snap_compare) -> None:
        app = PystatsApp(open_source(UOPS_RUN), open_source(DEFAULT_RUN))
        assert snap_compare(app, terminal_size=(120, 36), run_before=_steps("g"))
