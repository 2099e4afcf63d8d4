"""Issue 10, "Discoverable" and "History reads right": the key line, F1's legend, the findings
panel, the palette's reach, and a history's shares, ratios and trend line."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import (
    DEFAULT_RUN,
    PUBLIC_RESULTS,
    RESULTS,
    UOPS_RUN,
    make_empty_run,
    need_public,
    open_default_all,
    settle,
)

from pystats_tui.app import PystatsApp
from pystats_tui.core.cells import Count, Number, Ratio
from pystats_tui.core.history import SHARE_COLUMN, history_shares, history_table
from pystats_tui.core.report import build_report
from pystats_tui.core.series_table import first_last_note, resample, sparkline
from pystats_tui.core.sources import open_source
from pystats_tui.palette import JumpProvider
from pystats_tui.screens import BrowserScreen, HelpScreen
from pystats_tui.widgets import FindingsPanel, KeyBar
from pystats_tui.widgets.key_bar import KEY_PRIORITY


def rank(binding_key: str, screen) -> int:
    """The priority of the binding a key hint stands for (its id's place in KEY_PRIORITY)."""
    entry = screen.active_bindings[binding_key]
    return KEY_PRIORITY.index(entry.binding.id) if entry.binding.id in KEY_PRIORITY else len(KEY_PRIORITY)


# --------------------------------------------------------------------------- the key line


@pytest.mark.parametrize("width", [80, 200])
async def test_the_key_line_shows_whole_keys_most_used_first(width: int) -> None:
    app = PystatsApp(open_source(DEFAULT_RUN))
    async with app.run_test(size=(width, 30)) as pilot:
        await settle(app, pilot)
        bar = app.screen.query_one(KeyBar)
        line = str(bar.render())
        assert len(line) == width and line.rstrip().endswith("^p Jump")
        keys = bar.keys_shown
        *shown, palette = keys
        assert palette.key == "ctrl+p"
        # Every key drawn is drawn whole, in the order of KEY_PRIORITY.
        for hint in shown:
            assert f" {hint.display} {hint.description} " in line
        ranks = [rank(hint.key, app.screen) for hint in shown]
        assert ranks == sorted(ranks)
        assert [h.description for h in shown[:3]] == ["Sort", "Filter", "Next bench"]
        if width == 200:
            descriptions = {h.description for h in shown}
            # Keys the old line hid (show=False) are there when the width allows.
            assert {"Prev bench", "Copy", "Explain", "Pivot", "History", "Health"} <= descriptions
        else:
            assert len(shown) < 9


async def test_the_key_line_has_more_keys_when_wider() -> None:
    counts = []
    for width in (80, 200):
        app = PystatsApp(open_source(DEFAULT_RUN))
        async with app.run_test(size=(width, 30)) as pilot:
            await settle(app, pilot)
            counts.append(len(app.screen.query_one(KeyBar).keys_shown))
    assert counts[0] < counts[1]


async def test_the_key_line_follows_the_focus_one_key_per_action() -> None:
    app = PystatsApp(open_source(DEFAULT_RUN))
    async with app.run_test(size=(200, 30)) as pilot:
        await settle(app, pilot)
        bar = app.screen.query_one(KeyBar)
        shown, _ = bar.hints()
        actions = [app.screen.active_bindings[h.key].binding.action for h in shown]
        assert len(actions) == len(set(actions))
        assert [h.display for h in shown if h.description == "Quit"] == ["q"]  # not Textual's ctrl+q
        await pilot.press("shift+tab")  # the tree
        await pilot.pause()
        descriptions = [h.description for h in bar.keys_shown]
        assert descriptions[0] == "Open" and "Sort" not in descriptions


# --------------------------------------------------------------------------- F1


async def test_f1_explains_the_marks() -> None:
    app = PystatsApp(open_source(DEFAULT_RUN))
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        text = "\n".join(str(w.render()) for w in app.screen.query("Static"))
        for mark in ("✓", "⚠", "✗", "no data", "›N", "‹N", "UOPS", "JIT"):
            assert mark in text


# --------------------------------------------------------------------------- the findings panel


async def test_a_run_marked_x_shows_its_findings_and_escape_closes_them(tmp_path: Path) -> None:
    app = PystatsApp(open_source(make_empty_run(tmp_path)))
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(app, pilot)
        screen = app.screen
        panel = screen.query_one(FindingsPanel)
        assert panel.shown and panel.has_class("-error")
        text = str(panel.render())
        assert text.startswith("✗ ") and "1 error (quick check" in text and "no data files" in text
        await pilot.press("escape")
        assert not panel.shown


async def test_the_findings_show_once_per_run_and_escape_closes_before_the_filter() -> None:
    app = PystatsApp(open_source(RESULTS))
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_default_all(app, pilot)
        panel = screen.query_one(FindingsPanel)
        assert panel.shown and str(panel.render()).startswith("⚠ ")  # linked reports missing
        await pilot.press("slash", *"load", "enter")
        await pilot.press("escape")
        assert not panel.shown and screen.current_table.view.filter_text == "load"
        await pilot.press("right_curly_bracket")  # another section: not shown again
        await settle(app, pilot)
        await pilot.press("right_square_bracket")  # another benchmark of the same run: neither
        await settle(app, pilot)
        assert screen.current.bench.name == "nbody_small" and not panel.shown


async def test_the_public_trees_run_without_data_shows_its_error() -> None:
    if not PUBLIC_RESULTS.is_dir():
        pytest.skip("../shared/data/public is absent")
    from pystats_tui.core.selection import Selection

    app = PystatsApp(open_source(PUBLIC_RESULTS))
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        screen = app.screen
        run = next(r for r in screen.source.runs if r.name == "bm-20260421-3.15.0a8+-09233bd")
        screen.query_one(FindingsPanel).close()
        screen.jump(Selection(screen.source, run.main_benchmark()))
        await settle(app, pilot)
        panel = screen.query_one(FindingsPanel)
        assert panel.shown and "no data files" in str(panel.render())


# --------------------------------------------------------------------------- the palette


async def _provider_hits(provider: JumpProvider, query: str) -> list:
    hits = [hit async for hit in provider.search(query)]
    return sorted(hits, key=lambda h: -h.score)


async def test_the_palette_searches_the_run_under_the_tree_cursor_before_it_is_opened() -> None:
    app = PystatsApp(open_source(RESULTS))
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_default_all(app, pilot)
        await pilot.press("shift+tab", "home")  # the PYTHON_UOPS run, not opened
        await pilot.pause()
        selection = screen.tree.cursor_selection(quiet=True)
        assert selection is not None and selection.bench.run.path.name == UOPS_RUN.name
        assert selection != screen.current
        hits = await _provider_hits(JumpProvider(screen), "section Optimization")
        texts = [str(h.text) for h in hits]
        assert any("Optimization (Tier 2) stats" in t and "PYTHON_UOPS" in t for t in texts)
        hits = await _provider_hits(JumpProvider(screen), "opcode LOAD_ATTR_INSTANCE")
        best = next(h for h in hits if "PYTHON_UOPS" in str(h.text))
        best.command()
        await settle(app, pilot)
        assert screen.current.bench.run.path.name == UOPS_RUN.name
        assert screen.section_path in {("Execution counts",), ("Specialization stats", "LOAD_ATTR")}


async def test_the_palette_takes_section_then_row() -> None:
    app = PystatsApp(open_source(RESULTS))
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_default_all(app, pilot)
        await pilot.press("down", "down")  # the cursor off the first row
        await pilot.press("ctrl+p")
        await pilot.press(*"Execution counts > LOAD_FAST")
        await pilot.pause(0.4)
        await pilot.press("enter")
        await settle(app, pilot)
        assert screen.section_path == ("Execution counts",)
        assert screen.current_table.cursor_label == "LOAD_FAST"
        hits = await _provider_hits(JumpProvider(screen), "Specialization stats > LOAD_ATTR")
        assert str(hits[0].text) == "section Specialization stats › LOAD_ATTR"
        hits[0].command()
        await settle(app, pilot)
        assert screen.section_path == ("Specialization stats", "LOAD_ATTR")
        # A row of another section, and of the run under the tree cursor.
        await pilot.press("shift+tab", "home")
        await pilot.pause()
        hits = await _provider_hits(JumpProvider(screen), "Execution counts > load_fast")
        uops = [h for h in hits if "PYTHON_UOPS" in str(h.text)]
        assert str(uops[0].text).startswith("row Execution counts › LOAD_FAST  (")
        uops[0].command()
        await settle(app, pilot)
        assert screen.current.bench.run.path.name == UOPS_RUN.name
        assert screen.section_path == ("Execution counts",)
        assert screen.current_table.cursor_label == "LOAD_FAST"


# --------------------------------------------------------------------------- history


def test_sparkline_fits_its_width() -> None:
    values = [float(i) for i in range(1000)]
    line = sparkline(values, 40)
    assert len(line) == 40 and line[0] == "▁" and line[-1] == "█"
    assert sparkline([1, None, 3], 40) == "▁ █"  # fewer values: one character each
    assert len(sparkline(values)) == 1000  # no width: as before
    assert resample([1, 3, None, None, 5, 7], 3) == [2, None, 6]
    assert sparkline([None] * 10, 4) == "    "


def test_first_last_note_formats_as_the_table() -> None:
    assert first_last_note([Count(100), Count(150)]) == "first 100, last 150 (+50.0%)"
    assert first_last_note([Ratio(1, 4), Ratio(3, 10)]) == "first 25.0%, last 30.0% (+5.0 points)"
    assert first_last_note([Number("25.0%", 0.25), Number("20.0%", 0.2)]).endswith("(-5.0 points)")


def _two_run_tree(tmp_path: Path) -> Path:
    """Two default runs of very different lengths: the bundled run and one with its counts doubled."""
    import json

    tree = tmp_path / "results"
    shutil.copytree(DEFAULT_RUN, tree / DEFAULT_RUN.name)
    later = tree / DEFAULT_RUN.name.replace("20261127", "20261201")
    later.mkdir()
    merged = next(DEFAULT_RUN.glob("*-pystats.json"))
    data = json.loads(merged.read_text())
    # Every counter times 3, LOAD_FAST times 6: its raw count jumps, its share doubles.
    scaled = {
        k: (v * (6 if k == "opcode[LOAD_FAST].execution_count" else 3) if type(v) is int else v)
        for k, v in data.items()
    }
    (later / merged.name).write_text(json.dumps(scaled))
    return tree


def _history_tree(which: str, tmp_path: Path) -> Path:
    """The bundled two-run tree, or the public reports (skipped where ../shared is absent)."""
    if which == "bundled":
        return _two_run_tree(tmp_path)
    need_public()
    return PUBLIC_RESULTS


@pytest.mark.parametrize("which", ["bundled", "public"])
def test_history_shares_are_counts_over_their_table_total(which: str, tmp_path: Path) -> None:
    tree = _history_tree(which, tmp_path)
    source = open_source(tree)
    table = history_table(source, "Execution counts/LOAD_FAST/Count")
    shares = history_shares(table)
    assert [c.name for c in shares.columns] == ["Date", "Version", "Commit", SHARE_COLUMN, "Bar"]
    checked = 0
    for run, row in zip(table.runs, shares.rows):
        stats_table = None
        bench = run.merged
        if bench is not None and bench.data_path is not None:
            stats = source.load_stats(bench)
            if not stats.is_empty:
                stats_table = build_report(stats).find(("Execution counts",)).tables[0]
        if stats_table is None:
            assert row[3].value() is None
            continue
        total = sum(r[1].value() for r in stats_table.rows)
        count = next(r[1].value() for r in stats_table.rows if r[0].text() == "LOAD_FAST")
        assert row[3].value() == pytest.approx(count / total)
        assert row[3].text().endswith("%")
        checked += 1
    assert checked >= 2
    assert shares.values == [r[3].value() for r in shares.rows]
    assert any(n.startswith("first ") and "points" in n for n in shares.notes)


@pytest.mark.parametrize("which", ["bundled", "public"])
def test_history_of_a_ratio_reads_as_percentages(which: str, tmp_path: Path) -> None:
    tree = _history_tree(which, tmp_path)
    table = history_table(open_source(tree), "Execution counts/LOAD_FAST/Self")
    assert all(r[3].text().endswith("%") for r in table.rows if r[3].value() is not None)
    note = next(n for n in table.notes if n.startswith("first "))
    assert note.count("%") >= 2 and note.endswith("points)")


async def test_history_screen_toggles_shares_and_fits_its_trend(tmp_path: Path) -> None:
    from pystats_tui.screens.series import SeriesScreen

    app = PystatsApp(open_source(_two_run_tree(tmp_path)))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, BrowserScreen)
        await pilot.press("escape")  # the findings panel of the run
        await pilot.press("right", "h")
        await settle(app, pilot)
        series = app.screen
        assert isinstance(series, SeriesScreen) and series.table.kind == "history"
        counts = [r[3].value() for r in series.view.rows]
        assert counts[1] == 6 * counts[0]
        assert "a Share/count" in str(series.query_one(KeyBar).render())
        await pilot.press("a")
        await pilot.pause()
        assert series.as_share and series.table.columns[3].name == SHARE_COLUMN
        shares = [r[3].value() for r in series.view.rows]
        # Run 2: every count times 3, LOAD_FAST times 6, so its table's total is 3 T + 3 c.
        total = counts[0] / shares[0]
        assert shares[1] == pytest.approx(counts[1] / (3 * total + 3 * counts[0]))
        assert shares[1] > shares[0] and counts[0] / shares[0] == pytest.approx(total)
        await pilot.press("a")
        await pilot.pause()
        assert [r[3].value() for r in series.view.rows] == counts
        notes = str(series.query_one("#series-notes").render())
        trend = next(line for line in notes.splitlines() if line.startswith(SeriesScreen.TREND))
        assert len(trend) <= 100


async def test_a_long_history_trend_is_resampled_to_the_screen() -> None:
    from pystats_tui.core.cells import Text
    from pystats_tui.core.report import Column
    from pystats_tui.core.series_table import SeriesTable
    from pystats_tui.screens.series import SeriesScreen

    values = [float(i % 17) for i in range(500)]
    columns = (Column("Date"), Column("Value", True))
    table = SeriesTable(columns, [(Text("x"), Count(1))], title="t", values=values, kind="history")
    app = PystatsApp(open_source(DEFAULT_RUN))
    async with app.run_test(size=(90, 30)) as pilot:
        await settle(app, pilot)
        series = SeriesScreen(lambda: table, "t", [])
        await app.push_screen(series)
        await settle(app, pilot)

        def trend() -> str:
            notes = str(series.query_one("#series-notes").render())
            return next(line for line in notes.splitlines() if line.startswith(SeriesScreen.TREND))

        assert len(trend()) == 90 - 2
        await pilot.resize_terminal(60, 30)
        await pilot.pause()
        assert len(trend()) == 60 - 2


def test_help_lists_the_keys_of_the_pivot_and_history_screens() -> None:
    from pystats_tui.app import PystatsApp
    from pystats_tui.core.sources import open_source

    groups = dict(PystatsApp(open_source(DEFAULT_RUN)).key_groups())
    ids = " ".join(what for _key, what in groups["Pivot (p) and history (h)"])
    for binding_id in (
        "series.close",
        "series.filter",
        "series.export_view",
        "series.copy_view",
        "series.share",
    ):
        assert f"[{binding_id}]" in ids
    assert any("[history.compare_step]" in what for _key, what in groups["History (h), also"])


async def test_the_palette_says_nothing_of_a_run_it_cannot_use(tmp_path) -> None:
    """Typing in the palette over a run without pystats files (under the tree cursor) pops no warning."""
    import shutil

    from pystats_tui.app import PystatsApp
    from pystats_tui.core.sources import open_source

    tree = tmp_path / "results"
    shutil.copytree(DEFAULT_RUN, tree / DEFAULT_RUN.name)
    timing_only = tree / "bm-20261201-3.13.15-abcdef0"
    timing_only.mkdir()
    (timing_only / "timings.txt").write_text("not pystats")
    app = PystatsApp(open_source(tree))
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        screen = app.screen
        app.clear_notifications()
        run = next(r for r in screen.source.runs if r.path == timing_only)
        screen.tree.move_cursor(screen.tree.run_node(run))
        await pilot.pause()
        assert screen.tree.cursor_selection(quiet=True) is None
        hits = await _provider_hits(JumpProvider(screen), "run")  # typing, as in the palette
        await pilot.pause()
        assert hits and list(app._notifications) == []
