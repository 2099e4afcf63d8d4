"""The browser, driven with Pilot on the real data in tests/data: every key, asserting state."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import (
    DEFAULT_RUN,
    PREFIX,
    RESULTS,
    UOPS_RUN,
    break_call_stats,
    make_empty_run,
    open_default_all,
    settle,
)

from pystats_tui.app import PystatsApp
from pystats_tui.core.export import report_fields, view_context
from pystats_tui.core.markdown import view_markdown
from pystats_tui.core.report import build_report
from pystats_tui.core.sources import open_source
from pystats_tui.core.table_view import TableView
from pystats_tui.screens import BrowserScreen, HelpScreen
from pystats_tui.widgets import ReportLoader, SectionPane, StatTable

SIZE = (120, 36)


def core_report(run: Path = DEFAULT_RUN, bench: str = "all"):
    source = open_source(run)
    return build_report(source.load_stats(source.runs[0].benchmark(bench)))


async def test_the_first_screen_shows_execution_counts_and_the_tree_its_sections() -> None:
    app = PystatsApp(open_source(RESULTS))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_default_all(app, pilot)
        assert screen.section_path == ("Execution counts",)
        table = screen.tables[0]
        expected = core_report().find(("Execution counts",)).tables[0]
        assert table.view.total == len(expected.rows)
        assert [r[0].text() for r in table.view.rows[:5]] == [r[0].text() for r in expected.rows[:5]]
        # The tree now holds the benchmark's sections.
        node = screen.tree.bench_node(screen.current.bench)
        assert [c.data.path[-1] for c in node.children][:3] == [
            "Execution counts",
            "Pair counts",
            "Predecessor/Successor Pairs",
        ]


async def test_sort_key_sorts_numerically_and_again_reverses() -> None:
    app = PystatsApp(open_source(RESULTS))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_default_all(app, pilot)
        table = screen.current_table
        assert table is not None and table.has_focus
        await pilot.press("right", "right", "s")  # the Self column
        assert table.view.sort_column == 2 and table.view.descending
        values = [r[2].sort_key() for r in table.view.rows]
        assert values == sorted(values, reverse=True)
        await pilot.press("s")
        assert not table.view.descending
        values = [r[2].sort_key() for r in table.view.rows]
        assert values == sorted(values)
        await pilot.press("left", "left", "s")  # the Name column: alphabetical
        names = [r[0].text().casefold() for r in table.view.rows]
        assert names == sorted(names)
        assert "sorted by Name" in str(screen.view.status.render())


async def test_click_on_header_sorts() -> None:
    app = PystatsApp(open_source(RESULTS))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_default_all(app, pilot)
        table = screen.tables[0]
        x = table.column_x(1) + 1  # inside the Count header
        await pilot.click(StatTable, offset=(x, 0))
        assert table.view.sort_column == 1 and table.view.descending


async def test_filter_as_you_type_and_escape_clears() -> None:
    app = PystatsApp(open_source(RESULTS))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_default_all(app, pilot)
        await pilot.press("slash")
        await pilot.press(*"load_attr")
        table = screen.current_table
        expected = [r for r in table.view.source_rows if "load_attr" in r[0].text().lower()]
        assert 0 < table.view.shown == len(expected) < table.view.total
        assert f"{len(expected)} of {table.view.total} rows" in str(screen.view.status.render())
        await pilot.press("enter")
        assert table.has_focus and table.view.filter_text == "load_attr"
        # The run is marked ⚠: its findings panel is shown, and escape closes it first.
        panel = screen.query_one("#findings")
        assert panel.shown
        await pilot.press("escape")
        assert not panel.shown and table.view.filter_text == "load_attr"
        await pilot.press("escape")
        assert table.view.shown == table.view.total


async def test_next_and_previous_benchmark_keep_section_sort_and_filter() -> None:
    app = PystatsApp(open_source(RESULTS))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_default_all(app, pilot)
        await pilot.press("right", "s", "slash", *"load", "enter")
        await pilot.press("right_square_bracket")
        await settle(app, pilot)
        assert screen.current.bench.name == "nbody_small"
        assert screen.section_path == ("Execution counts",)
        view = screen.current_table.view
        assert view.sort_column == 1 and view.filter_text == "load"
        assert all("load" in r[0].text().lower() for r in view.rows)
        nbody = core_report(bench="nbody_small").find(("Execution counts",)).tables[0]
        assert view.total == len(nbody.rows)
        await pilot.press("left_square_bracket")
        await settle(app, pilot)
        assert screen.current.bench.name == "all"


async def test_mark_base_shows_comparison_and_B_leaves_it() -> None:
    app = PystatsApp(open_source(RESULTS))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_default_all(app, pilot)
        await pilot.press("b")  # the table shows the default run's "all benchmarks"
        await settle(app, pilot)
        # Marked, but not compared with itself: the base waits for a head.
        assert screen.marked_base.bench.run.path.name == DEFAULT_RUN.name and screen.base is None
        await pilot.press("t")  # the status line needs the tree's room to say it whole
        await settle(app, pilot)
        assert "base marked: 2026-11-27 3.13.15 d7482a7; choose a head" in str(screen.view.status.render())
        await pilot.press("t")
        await settle(app, pilot)
        # Now choose the head: the PYTHON_UOPS run's merged stats.
        await pilot.press("shift+tab", "home", "enter")
        await settle(app, pilot)
        await pilot.press("down", "enter")
        await settle(app, pilot)
        assert screen.current.bench.run.path.name == UOPS_RUN.name
        assert screen.base is not None and screen.base.bench.run.path.name == DEFAULT_RUN.name
        names = [c.name for c in screen.current_table.view.columns]
        assert names == ["Name", "Base Count", "Head Count", "Change"]
        assert screen.report.comparing
        await pilot.press("B")
        await settle(app, pilot)
        assert screen.base is None
        assert [c.name for c in screen.current_table.view.columns][1] == "Count"


async def test_export_view_writes_what_is_shown(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    app = PystatsApp(open_source(RESULTS))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_default_all(app, pilot)
        await pilot.press("right", "s", "slash", *"call", "enter", "e")
        await pilot.pause()
        files = list(tmp_path.glob("*.md"))
        assert len(files) == 1, files
        text = files[0].read_text()
        # The same view computed by the core alone.
        table = core_report().find(("Execution counts",)).tables[0]
        view = TableView(table)
        view.sort_by(1)
        view.set_filter("call")
        title, context = view_context(screen.current, screen.base, screen.section_path)
        # Headed like `export RUN`: the run's date, version, commit (and flags).
        assert text == view_markdown(view, title, context, report_fields(screen.current.bench))
        assert text.startswith("# Pystats results\n\n- benchmark: all\n- version: 3.13.15\n")
        assert "- commit hash: d7482a7\n- date: 2026-11-27\n" in text
        assert "run: bm-20261127-3.13.15-d7482a7" in text and "rows: " in text
        # Export again: a new file, never over the first.
        await pilot.press("e")
        await pilot.pause()
        assert len(list(tmp_path.glob("*.md"))) == 2
        await pilot.press("E")
        await pilot.pause()
        whole = [f for f in tmp_path.glob("*.md") if "Execution" not in f.name]
        assert len(whole) == 1 and "## Specialization effectiveness" in whole[0].read_text()
        assert whole[0].read_text().startswith("\n# Pystats results\n\n- benchmark: all\n")


async def test_copy_view_to_clipboard() -> None:
    app = PystatsApp(open_source(RESULTS))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_default_all(app, pilot)
        await pilot.press("slash", *"store", "enter", "y")
        assert app.clipboard == screen.view_text()
        assert app.clipboard.count("<tr>") == screen.current_table.view.shown + 1


async def test_help_screen_lists_every_key() -> None:
    app = PystatsApp(open_source(RESULTS))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        text = "\n".join(str(w.render()) for w in app.screen.query("Static"))
        for key in ("Filter", "Next bench", "Base", "Export", "Copy", "Sort", "Quit"):
            assert key in text
        await pilot.press("escape")
        assert isinstance(app.screen, BrowserScreen)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)


async def test_command_palette_jumps_to_a_section() -> None:
    app = PystatsApp(open_source(DEFAULT_RUN))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert screen.current is not None  # a single run opens straight away
        await pilot.press("ctrl+p")
        await pilot.press(*"section GC stats")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(app, pilot)
        assert screen.section_path == ("GC stats",)


async def test_quit() -> None:
    app = PystatsApp(open_source(RESULTS))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0


async def test_empty_run_shows_a_warning_not_empty_tables(tmp_path: Path) -> None:
    app = PystatsApp(open_source(make_empty_run(tmp_path)))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = app.screen
        warning = str(screen.query_one("#warnings").render())
        assert "holds no data" in warning and "0 data files" in warning
        assert not screen.query_one("#warnings").has_class("-empty")


async def test_a_bad_file_shows_its_error_and_the_rest_stays_browsable(tmp_path: Path) -> None:
    run = tmp_path / DEFAULT_RUN.name
    shutil.copytree(DEFAULT_RUN, run)
    (run / f"{PREFIX}-nbody_small.json").write_text('{"opcode[LOAD_FAST].execution_count": 1')
    app = PystatsApp(open_source(run))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = app.screen
        await pilot.press("right_square_bracket")
        await settle(app, pilot)
        assert screen.current.bench.name == "nbody_small" and screen.report is None
        message = " ".join(str(w.render()) for w in screen.query(".message"))
        assert "truncated JSON" in message and "nbody_small.json" in message
        await pilot.press("right_square_bracket")
        await settle(app, pilot)
        assert screen.current.bench.name == "objects_small" and screen.report is not None
        assert screen.tables[0].view.total > 0


async def test_keys_can_be_remapped_by_binding_id(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PYSTATS_TUI_KEYMAP", "browser.next_bench=n;table.sort=o")
    app = PystatsApp(open_source(DEFAULT_RUN))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = app.screen
        await pilot.press("right", "o")
        assert screen.current_table.view.sort_column == 1
        await pilot.press("n")
        await settle(app, pilot)
        assert screen.current.bench.name == "nbody_small"
        await pilot.press("f1")
        text = "\n".join(str(w.render()) for w in app.screen.query("Static"))
        assert "browser.next_bench" in text and "  n " in text


async def test_key_bar_shows_the_keys_of_the_focus_remapped_and_a_click_presses_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from pystats_tui.widgets import KeyBar

    monkeypatch.setenv("PYSTATS_TUI_KEYMAP", "browser.next_bench=n")
    app = PystatsApp(open_source(DEFAULT_RUN))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = app.screen
        bar = screen.query_one(KeyBar)
        line = str(bar.render())
        assert " n Next bench " in line and "] Next bench" not in line
        assert line.startswith(" s Sort ")  # the table has the focus: its sort key shows
        await pilot.press("shift+tab")  # the tree has the focus: no sort key
        await pilot.pause()
        line = str(bar.render())
        assert "Sort" not in line and line.rstrip().endswith("^p Jump")
        await pilot.press("tab")
        await pilot.pause()
        # The key under the mouse is highlighted; a click on "/ Filter" presses "/".
        x = str(bar.render()).index("/ Filter")
        await pilot.hover(KeyBar, offset=(x + 1, 0))
        assert bar.hint_at(x + 1).key == "slash" and bar.hovered == "slash"
        await pilot.click(KeyBar, offset=(x + 1, 0))
        await pilot.pause()
        assert screen.query_one("#filter").has_class("-shown")


async def test_p_opens_the_value_across_benchmarks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from pystats_tui.screens.series import SeriesScreen

    monkeypatch.chdir(tmp_path)
    app = PystatsApp(open_source(DEFAULT_RUN))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("right", "p")  # LOAD_FAST's Count
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, SeriesScreen)
        names = [r[0].text() for r in screen.view.rows]
        assert names == ["nbody_small", "objects_small", "stdlib_small"]
        for name, row in zip(names, screen.view.rows):
            expected = core_report(bench=name).find(("Execution counts",)).tables[0].rows
            load_fast = next(r for r in expected if r[0].text() == "LOAD_FAST")
            assert row[1].text() == load_fast[1].text()
        await pilot.press("right", "s")
        assert screen.view.sort_column == 1
        await pilot.press("e")
        await pilot.pause()
        files = list(tmp_path.glob("pystats-pivot-*.md"))
        assert len(files) == 1 and "nbody_small" in files[0].read_text()
        await pilot.press("escape")
        assert isinstance(app.screen, BrowserScreen)


async def test_h_opens_the_value_across_runs_of_the_same_flags() -> None:
    from pystats_tui.screens.series import SeriesScreen

    app = PystatsApp(open_source(RESULTS))
    async with app.run_test(size=SIZE) as pilot:
        await open_default_all(app, pilot)
        await pilot.press("right", "h")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, SeriesScreen)
        assert screen.table.kind == "history"
        # Only the default run has no flags: one row, the PYTHON_UOPS run is left out.
        assert [r[2].text() for r in screen.view.rows] == ["d7482a7"]
        assert (
            screen.view.rows[0][3].text()
            == core_report().find(("Execution counts",)).tables[0].rows[0][1].text()
        )


async def test_c_checks_the_run_and_marks_it_in_the_tree() -> None:
    app = PystatsApp(open_source(DEFAULT_RUN))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = app.screen
        await pilot.press("c")
        await settle(app, pilot)
        panel = str(screen.query_one("#findings").render())
        assert panel.startswith("⚠ ") and "(health check; esc closes)" in panel and "missing" in panel
        label = str(screen.tree.run_node(screen.current.bench.run).label)
        assert label.startswith("⚠ ")


async def test_w_lists_skipped_files_and_problems(tmp_path: Path) -> None:
    from pystats_tui.screens import ProblemsScreen

    run = tmp_path / DEFAULT_RUN.name
    shutil.copytree(DEFAULT_RUN, run)
    (run / f"{PREFIX}-nbody_small.json").write_text("[1, 2]")
    app = PystatsApp(open_source(run))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("right_square_bracket")
        await settle(app, pilot)
        await pilot.press("w")
        await pilot.pause()
        assert isinstance(app.screen, ProblemsScreen)
        text = "\n".join(app.screen.lines)
        assert "nbody_small.json" in text and "JSON is a list" in text
        await pilot.press("escape")
        assert isinstance(app.screen, BrowserScreen)


async def test_opening_a_run_marks_its_health_in_the_tree() -> None:
    app = PystatsApp(open_source(RESULTS))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = app.screen
        run = screen.source.runs[0]  # the PYTHON_UOPS run: the first screen opened the default one
        assert run.flags and screen.tree.bench_node(run.merged) is None
        screen.tree.focus()
        await pilot.press("home", "enter")
        await settle(app, pilot)
        assert str(screen.tree.run_node(run).label).startswith("⚠ ")  # 12 linked reports are missing
        all_node = screen.tree.bench_node(run.merged)
        assert all_node is not None and str(all_node.label).startswith("⚠ ")
        assert str(screen.tree.bench_node(run.benchmark("nbody_small")).label) == "nbody_small"


async def test_health_checks_wait_while_held_and_start_when_released(tmp_path: Path) -> None:
    """A check asked for while a report loads (or before the first frame) starts afterwards."""
    many = tmp_path / "results"  # more runs than a tree whose every run is checked at start
    many.mkdir()
    from pystats_tui.health_marks import HealthMarks

    for day in range(1, HealthMarks.CHECK_ALL_RUNS + 2):
        run = many / f"bm-202611{day:02d}-3.13.15-d7482a7"
        run.mkdir()
        (
            run / f"bm-202611{day:02d}-local-x86_64-python-d7482a7fc1ed36734cb2-3.13.15-d7482a7-pystats.json"
        ).symlink_to(DEFAULT_RUN / f"{PREFIX}.json")
    app = PystatsApp(open_source(many))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        health = app.screen.health
        # Too many runs to check them all at start: only the run the first screen opened.
        assert set(health.findings) <= {str(app.screen.current.bench.run.path)}
        run = app.screen.source.runs[3]
        health.hold("loading")
        health.check(run)
        await settle(app, pilot)
        assert str(run.path) not in health.findings
        health.release("loading")
        await settle(app, pilot)
        assert [f.severity for f in health.findings[str(run.path)]] == []
        assert str(app.screen.tree.run_node(run).label).startswith("✓ ")


async def test_a_load_replaced_by_a_report_at_hand_holds_no_check(tmp_path: Path) -> None:
    """``]`` then ``[`` at once: the load of the next benchmark is cancelled, and checks still start."""
    from pystats_tui.health_marks import HealthMarks

    many = tmp_path / "results"  # too many runs to check them all at start
    many.mkdir()
    for day in range(1, HealthMarks.CHECK_ALL_RUNS + 2):
        (many / f"bm-202611{day:02d}-3.13.15-d7482a7").symlink_to(DEFAULT_RUN)
    app = PystatsApp(open_source(many))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = app.screen
        screen.action_next_bench()  # nbody_small: built in a worker
        screen.action_prev_bench()  # all benchmarks: at hand, so that worker is cancelled
        await settle(app, pilot)
        assert screen.current.bench.name == "all"
        run = screen.source.runs[3]
        assert str(run.path) not in screen.health.findings
        screen.health.check(run)
        await settle(app, pilot)
        assert str(run.path) in screen.health.findings


async def test_two_inputs_open_straight_into_comparison_per_benchmark() -> None:
    """``pystats-tui BASE HEAD``: the tree browses HEAD, each benchmark compared with BASE's."""
    app = PystatsApp(open_source(UOPS_RUN), open_source(DEFAULT_RUN))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert screen.current.bench.run.path.name == UOPS_RUN.name
        assert screen.base.bench.run.path.name == DEFAULT_RUN.name
        assert [c.name for c in screen.current_table.view.columns] == [
            "Name",
            "Base Count",
            "Head Count",
            "Change",
        ]
        await pilot.press("right_square_bracket")
        await settle(app, pilot)
        assert screen.current.bench.name == screen.base.bench.name == "nbody_small"
        assert "Change" in [c.name for c in screen.current_table.view.columns]


def test_cli_passes_base_and_head_in_order(monkeypatch: pytest.MonkeyPatch) -> None:
    from pystats_tui import app as app_module
    from pystats_tui.cli import main

    seen = {}

    def fake_run(self) -> None:
        seen["source"], seen["base"] = self.source.path, self.base_source.path

    monkeypatch.setattr(app_module.PystatsApp, "run", fake_run)
    assert main([str(DEFAULT_RUN), str(UOPS_RUN)]) == 0
    assert seen == {"source": UOPS_RUN, "base": DEFAULT_RUN}


async def test_i_explains_the_section_and_the_row_under_the_cursor() -> None:
    app = PystatsApp(open_source(DEFAULT_RUN))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = app.screen
        screen.jump(screen.current, ("Specialization effectiveness",))
        await settle(app, pilot)
        await pilot.press("i", "down")  # the jump left the focus in the table
        doc = str(screen.query_one("#doc").render())
        assert "All entries are execution counts" in doc
        assert "Not specialized: Instructions that could be specialized" in doc


async def test_walking_benchmarks_keeps_only_recent_section_nodes(monkeypatch: pytest.MonkeyPatch) -> None:
    from pystats_tui.widgets import ResultsTree

    monkeypatch.setattr(ResultsTree, "KEEP_SECTIONS", 2)
    app = PystatsApp(open_source(DEFAULT_RUN))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = app.screen
        run = screen.current.bench.run
        # The tree follows the screen: the benchmark shown is expanded down to its section.
        assert screen.tree.bench_node(screen.current.bench).children
        assert screen.tree.cursor_node.data.path == ("Execution counts",)
        for _ in range(3):
            await pilot.press("right_square_bracket")
            await settle(app, pilot)
            assert screen.tree.bench_node(screen.current.bench).children
            assert screen.tree.cursor_node.data.bench == screen.current.bench
        with_sections = [b.name for b in run.benchmarks() if screen.tree.bench_node(b).children]
        assert len(with_sections) == 2 and screen.current.bench.name in with_sections
        # The first ones visited were pruned and folded; showing one again re-adds its sections.
        await pilot.press("left_square_bracket", "left_square_bracket")
        await settle(app, pilot)
        first_visited = run.benchmarks()[1]
        assert screen.current.bench == first_visited and first_visited.name not in with_sections
        node = screen.tree.bench_node(screen.current.bench)
        assert node.is_expanded and node.children


async def test_opening_many_runs_folds_the_oldest(monkeypatch: pytest.MonkeyPatch) -> None:
    from pystats_tui.widgets import ResultsTree

    monkeypatch.setattr(ResultsTree, "KEEP_RUNS", 1)
    app = PystatsApp(open_source(RESULTS))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = app.screen
        uops, default = screen.source.runs
        assert screen.tree.run_node(default).children  # opened by the first screen
        screen.tree.focus()
        await pilot.press("home", "enter")  # open the PYTHON_UOPS run: the default run folds away
        await settle(app, pilot)
        assert uops.scanned and screen.tree.run_node(uops).children
        assert not screen.tree.run_node(default).children
        await pilot.press("end", "enter")  # open the default run: the other one folds away
        await settle(app, pilot)
        assert screen.tree.run_node(default).children
        assert not screen.tree.run_node(uops).children and not uops.scanned
        await pilot.press("home", "enter")  # and opens again, listed anew
        await settle(app, pilot)
        assert [c.data.bench.name for c in screen.tree.run_node(uops).children][0] == "all"


async def test_a_small_tree_marks_the_runs_it_did_not_open_too(tmp_path: Path) -> None:
    tree = tmp_path / "results"
    shutil.copytree(DEFAULT_RUN, tree / DEFAULT_RUN.name)
    empty = make_empty_run(tmp_path)
    shutil.move(str(empty), str(tree / empty.name))
    app = PystatsApp(open_source(tree))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = app.screen
        labels = {r.name: str(screen.tree.run_node(r).label) for r in screen.source.runs}
        assert labels[empty.name].startswith("✗ ") and labels[empty.name].endswith("(no data)")
        assert labels[DEFAULT_RUN.name].startswith("⚠ ")  # linked reports missing: a warning
        empty_run = next(r for r in screen.source.runs if r.name == empty.name)
        assert not screen.tree.run_node(empty_run).children  # marked without being opened
        assert screen.current.bench.run.name == DEFAULT_RUN.name  # the first screen: the run with data


@pytest.mark.parametrize(
    "path",
    [
        "raw/cpython-3.13.15-uops-micro",
        "raw/cpython-3.13.15-uops-micro.summary.json",
        f"results/bm-20261127-3.13.15-d7482a7/{PREFIX}-nbody_small.json",
    ],
)
async def test_opens_a_raw_directory_or_a_json_file(path: str) -> None:
    from conftest import DATA

    app = PystatsApp(open_source(DATA / path))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert screen.report is not None and screen.section_path == ("Execution counts",)
        source = open_source(DATA / path)
        expected = build_report(source.load_stats(source.runs[0].benchmarks()[0]))
        first = expected.find(("Execution counts",)).tables[0].rows[0]
        assert [c.text() for c in screen.tables[0].view.rows[0]] == [c.text() for c in first]
        if "uops" in path:
            assert screen.report.find(("Optimization (Tier 2) stats", "Uop execution stats")) is not None


async def test_a_large_input_loads_in_a_worker_with_progress(monkeypatch: pytest.MonkeyPatch) -> None:
    from pystats_tui.core import files

    monkeypatch.setattr(files, "CHUNKED_READ", 1000)
    monkeypatch.setattr(files, "_CHUNK", 16384)
    seen: list[str] = []
    shown: list[str] = []
    real = SectionPane.show_progress

    def spy(self, text: str) -> None:
        shown.append(text)
        real(self, text)

    monkeypatch.setattr(SectionPane, "show_progress", spy)
    app = PystatsApp(open_source(DEFAULT_RUN))
    async with app.run_test(size=SIZE, message_hook=lambda m: _progress(m, seen)) as pilot:
        await settle(app, pilot)
        await pilot.press("right_square_bracket")
        await settle(app, pilot)
        size = (DEFAULT_RUN / f"{PREFIX}-nbody_small.json").stat().st_size
        mb = f"{size / 1e6:,.0f}"
        done = f"Loading {app.screen.current.label}: read {mb} of {mb} MB; decoding …"
        # The loader says how far it is with Progress messages; the pane shows each line.
        assert done in seen and done in shown
        assert app.screen.current.bench.name == "nbody_small" and app.screen.report is not None


def _progress(message: object, seen: list[str]) -> None:
    if isinstance(message, ReportLoader.Progress):
        seen.append(message.text)


async def test_pair_counts_show_every_pair_not_only_the_reports_top_100() -> None:
    app = PystatsApp(open_source(DEFAULT_RUN))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = app.screen
        screen.jump(screen.current, ("Pair counts",))
        await settle(app, pilot)
        table = screen.report.find(("Pair counts",)).tables[0]
        assert len(table.rows) == 100
        view = screen.tables[0].view
        stats = screen.source.load_stats(screen.current.bench)
        assert view.total == len(stats.opcode_stats("opcode").pair_counts()) > 100
        assert [r[0].text() for r in view.rows[:100]] == [r[0].text() for r in table.rows]


async def test_a_head_first_opened_in_comparison_lists_its_sections() -> None:
    app = PystatsApp(open_source(UOPS_RUN), open_source(DEFAULT_RUN))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = app.screen
        # The tree follows what is shown: the head's benchmark lists its sections.
        node = screen.tree.bench_node(screen.current.bench)
        # Compared, it has "What changed" first (tests/test_changes_ui.py), then its sections.
        assert node.children[0].data.kind == "changes"
        titles = [c.data.path[-1] for c in node.children[1:]]
        assert titles == [sec.title for sec in screen.report.sections]
        assert titles[:2] == ["Execution counts", "Pair counts"]


async def test_a_section_that_cannot_be_computed_shows_an_error(monkeypatch: pytest.MonkeyPatch) -> None:

    break_call_stats(monkeypatch)
    app = PystatsApp(open_source(DEFAULT_RUN))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = app.screen
        screen.jump(screen.current, ("Call stats",))
        await settle(app, pilot)
        messages = [str(w.render()) for w in screen.query(".message")]
        assert any("could not be computed from this input (KeyError" in m for m in messages)
        assert screen.tables == []
        assert any("Call stats could not be computed" in line for line in screen.view.load_errors)
        # The other sections still show.
        screen.jump(screen.current, ("Object stats",))
        await settle(app, pilot)
        assert screen.tables and screen.tables[0].view.total > 0
