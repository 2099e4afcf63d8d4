"""What changed in the browser (issue 15): the Changes screen, benchmarks that moved, history steps.

Driven with Pilot on the real data in tests/data/results: the default run
(base) against the PYTHON_UOPS run of the same commit (head).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import DEFAULT_RUN, RESULTS, UOPS_RUN, settle, write_run

from pystats_tui.app import PystatsApp
from pystats_tui.core.bench_moves import BenchMovesTable, bench_moves
from pystats_tui.core.changes import (
    CHANGES_COLUMNS,
    THRESHOLDS,
    ChangesTable,
    ChangesView,
    changes_table,
    open_changes,
    step_threshold,
)
from pystats_tui.core.changes_export import changes_markdown
from pystats_tui.core.export import changes_export_stem
from pystats_tui.core.history import history_table, largest_step, mark_largest_step, step_note
from pystats_tui.core.markdown import view_markdown
from pystats_tui.core.selection import Selection
from pystats_tui.core.sources import open_source
from pystats_tui.palette import JumpProvider
from pystats_tui.screens import BrowserScreen
from pystats_tui.screens.changes import ChangesScreen
from pystats_tui.screens.history import HistoryScreen
from pystats_tui.widgets import KeyBar, StatTable

SIZE = (120, 36)


def compare_app() -> PystatsApp:
    """``pystats-tui BASE HEAD``: the default run is the base, the PYTHON_UOPS run the head."""
    return PystatsApp(open_source(UOPS_RUN), open_source(DEFAULT_RUN))


def texts(rows) -> list[tuple[str, ...]]:
    return [tuple(cell.text() for cell in row) for row in rows]


def pair(browser: BrowserScreen) -> tuple[Selection, Selection]:
    assert browser.current is not None and browser.base is not None
    return browser.current, browser.base


async def open_changes_screen(pilot, key: str = "g") -> tuple[BrowserScreen, ChangesScreen]:
    await settle(pilot.app, pilot)
    browser = pilot.app.screen
    assert isinstance(browser, BrowserScreen) and browser.base is not None
    await pilot.press(key)
    await settle(pilot.app, pilot)
    screen = pilot.app.screen
    assert isinstance(screen, ChangesScreen)
    return browser, screen


def changes_table_widget(screen: ChangesScreen) -> StatTable:
    return screen.query_one(StatTable)


def put_cursor_on(table: StatTable, predicate) -> int:
    index = next(i for i, row in enumerate(table.view.rows) if predicate(row))
    table.cursor_row = index
    return index


async def test_g_ranks_what_changed_as_the_core_does(monkeypatch) -> None:
    import pystats_tui.screens.changes as changes_screen

    built: list[object] = []
    counting = lambda *a, **k: built.append(a) or open_changes(*a, **k)  # noqa: E731
    monkeypatch.setattr(changes_screen, "open_changes", counting)
    app = compare_app()
    async with app.run_test(size=SIZE) as pilot:
        browser, screen = await open_changes_screen(pilot)
        head, base = pair(browser)
        assert (screen.head, screen.base) == (head, base)
        # The comparison shown is ranked as it is: not built a second time.
        assert built == [] and screen.report is browser.report
        _, expected = open_changes(head, base)
        table = screen.table
        assert isinstance(table, ChangesTable)
        assert texts(table.rows) == texts(expected.rows)
        assert texts(changes_table_widget(screen).view.rows) == texts(expected.rows)
        assert table.notes == expected.notes and "threshold: 0.1%" in table.notes[3]
        notes = str(screen.query_one("#changes-notes").render())
        assert "threshold: 0.1%" in notes
        # Escape goes back to the browser, as it was.
        await pilot.press("escape")
        await settle(pilot.app, pilot)
        assert app.screen is browser and browser.section_path == ("Execution counts",)


async def test_enter_lands_on_the_row_in_a_sorted_filtered_browser() -> None:
    app = compare_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot.app, pilot)
        browser = app.screen
        # The browser's Execution counts are sorted by Change and filtered to LOAD_ATTR rows.
        table = browser.current_table
        table.sort_by(table.view.columns.index(next(c for c in table.view.columns if c.name == "Change")))
        browser.view.pane.set_filter("LOAD_ATTR")
        await settle(pilot.app, pilot)
        await pilot.press("g")
        await settle(pilot.app, pilot)
        screen = app.screen
        assert isinstance(screen, ChangesScreen)
        widget = changes_table_widget(screen)
        entries = screen.table.entries
        # A row the browser's filter hides: the filter is cleared to show it.
        hidden = next(e for e in entries if e.where == "Execution counts" and "LOAD_ATTR" not in e.label)
        put_cursor_on(widget, lambda row: screen.table.entry(row) is hidden)
        await pilot.press("enter")
        await settle(pilot.app, pilot)
        assert app.screen is browser
        assert browser.section_path == hidden.section == ("Execution counts",)
        assert browser.current_table is browser.tables[hidden.table]
        assert browser.current_table.view.filter_text == ""
        assert browser.current_table.view.sort_column is not None  # the sort stays
        assert browser.current_table.cursor_label == hidden.label
        assert browser.current_table.cursor_column == hidden.head_column
        assert browser.current_table.has_focus


async def test_enter_on_a_row_of_a_section_with_several_tables() -> None:
    app = compare_app()
    async with app.run_test(size=SIZE) as pilot:
        browser, screen = await open_changes_screen(pilot)
        # The first row: FOR_ITER's Kind table, deferred (the README's worked example).
        first = screen.table.entries[0]
        assert (first.section, first.label) == (("Specialization stats", "FOR_ITER"), "deferred")
        # One further down, in another table of a family section.
        entries = screen.table.entries
        other = next(e for e in entries if e.table > 0 and e.section[0] == "Specialization stats")
        widget = changes_table_widget(screen)
        put_cursor_on(widget, lambda row: screen.table.entry(row) is other)
        await pilot.press("enter")
        await settle(pilot.app, pilot)
        assert app.screen is browser
        assert browser.section_path == other.section
        assert browser.current_table is browser.tables[other.table]
        assert browser.current_table.cursor_label == other.label
        section, table, row = other.locate(browser.report)
        assert browser.current_table.view.table is table


async def test_threshold_keys_rank_again() -> None:
    app = compare_app()
    async with app.run_test(size=SIZE) as pilot:
        browser, screen = await open_changes_screen(pilot)
        report = screen.report
        assert report is not None
        await pilot.press("plus")
        await settle(pilot.app, pilot)
        assert screen.threshold == 0.005 and screen.table.threshold == 0.005
        assert texts(screen.table.rows) == texts(changes_table(report, 0.005).rows)
        assert "threshold: 0.5%" in str(screen.query_one("#changes-notes").render())
        assert "threshold 0.5%" in str(screen.query_one("StatusLine").render())
        await pilot.press("minus", "minus")
        await settle(pilot.app, pilot)
        assert screen.threshold == 0.0005
        assert texts(changes_table_widget(screen).view.rows) == texts(changes_table(report, 0.0005).rows)
        # A sort and filter stay across a new ranking.
        await pilot.press("slash", *"LOAD", "enter")
        await pilot.press("plus")
        await settle(pilot.app, pilot)
        view = changes_table_widget(screen).view
        assert view.filter_text == "LOAD" and view.shown < view.total
        assert len(screen.query(StatTable)) == 1


async def test_e_writes_the_ranking_and_y_copies_it(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    app = compare_app()
    async with app.run_test(size=SIZE) as pilot:
        browser, screen = await open_changes_screen(pilot)
        head, base = pair(browser)
        await pilot.press("e")
        await settle(pilot.app, pilot)
        files = list(tmp_path.glob("*.md"))
        assert [f.name for f in files] == [f"{changes_export_stem(head, base)}.md"]
        _, expected = open_changes(head, base)
        # Unsorted and unfiltered, the file is what `export BASE HEAD --changes` writes.
        assert files[0].read_text() == changes_markdown(expected, expected.title, expected.notes)
        copied: list[str] = []
        monkeypatch.setattr(app, "copy_to_clipboard", copied.append)
        await pilot.press("y")
        assert copied == [files[0].read_text()]


async def test_benchmarks_that_moved_and_a_benchmarks_own_changes() -> None:
    app = compare_app()
    async with app.run_test(size=SIZE) as pilot:
        browser, screen = await open_changes_screen(pilot, "G")
        head, base = pair(browser)
        assert screen.by_bench
        table = screen.table
        assert isinstance(table, BenchMovesTable)
        expected = bench_moves(head.source, head.bench.run, base.source, base.bench.run)
        assert texts(table.rows) == texts(expected.rows)
        assert sorted(m.bench for m in table.entries) == ["nbody_small", "objects_small", "stdlib_small"]
        # Enter on a benchmark: its own ranking against its namesake, above this screen.
        put_cursor_on(changes_table_widget(screen), lambda row: row[0].text() == "objects_small")
        await pilot.press("enter")
        await settle(pilot.app, pilot)
        inner = app.screen
        assert isinstance(inner, ChangesScreen) and not inner.by_bench
        assert inner.head.bench.name == inner.base.bench.name == "objects_small"
        assert inner.head.bench.run == head.bench.run and inner.base.bench.run == base.bench.run
        _, bench_expected = open_changes(inner.head, inner.base)
        assert texts(inner.table.rows) == texts(bench_expected.rows)
        # Enter on its first row: both screens close, the browser shows objects_small, compared.
        first = inner.table.entries[0]
        await pilot.press("enter")
        await settle(pilot.app, pilot)
        assert app.screen is browser
        assert browser.current.bench.name == "objects_small" and browser.base.bench.name == "objects_small"
        assert browser.section_path == first.section
        assert browser.current_table is browser.tables[first.table]
        assert browser.current_table.cursor_label == first.label


async def test_m_on_a_runs_changes_lists_its_benchmarks_and_escape_comes_back() -> None:
    app = compare_app()
    async with app.run_test(size=SIZE) as pilot:
        browser, screen = await open_changes_screen(pilot)
        await pilot.press("m")
        await settle(pilot.app, pilot)
        moved = app.screen
        assert isinstance(moved, ChangesScreen) and moved.by_bench
        # No threshold for benchmarks: + does nothing there.
        await pilot.press("plus")
        assert moved.threshold == screen.threshold
        await pilot.press("escape")
        await settle(pilot.app, pilot)
        assert app.screen is screen


async def test_the_tree_has_a_what_changed_node_while_comparing() -> None:
    app = compare_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot.app, pilot)
        browser = app.screen
        tree = browser.tree
        node = tree.bench_node(browser.current.bench)
        assert node is not None and node.children
        first = node.children[0]
        assert first.data.kind == "changes" and str(first.label) == tree.CHANGES_LABEL
        assert tree.changes_node(browser.current.bench) is first
        # Enter on it opens the Changes screen of that benchmark.
        tree.focus()
        tree.move_cursor(first)
        await pilot.pause()
        await pilot.press("enter")
        await settle(pilot.app, pilot)
        assert isinstance(app.screen, ChangesScreen)
        assert app.screen.head == browser.current
        await pilot.press("escape")
        await settle(pilot.app, pilot)
        # Leaving comparison takes the node away.
        browser.marked_base = None
        await settle(pilot.app, pilot)
        assert tree.changes_node(browser.current.bench) is None
        assert node.children[0].data.kind == "section"


async def test_a_base_marked_with_b_is_compared_too() -> None:
    app = PystatsApp(open_source(RESULTS))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot.app, pilot)
        # Mark the default run (shown first), then open the PYTHON_UOPS run's merged stats.
        for key in ("b", "shift+tab", "home", "enter", "down", "enter"):
            await pilot.press(key)
            await settle(pilot.app, pilot)
        browser = app.screen
        assert browser.base is not None and browser.current.bench.run.path.name == UOPS_RUN.name
        await pilot.press("g")
        await settle(pilot.app, pilot)
        screen = app.screen
        assert isinstance(screen, ChangesScreen)
        assert (screen.head, screen.base) == (browser.current, browser.base)
        assert screen.base.bench.run.path.name == DEFAULT_RUN.name
        assert screen.table.entries[0].label == "deferred"


async def test_without_a_base_g_says_how_to_get_one() -> None:
    app = PystatsApp(open_source(RESULTS))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot.app, pilot)
        browser = app.screen
        await pilot.press("g")
        await settle(pilot.app, pilot)
        assert app.screen is browser
        assert any("mark a base run with b" in n.message for n in app._notifications)
        assert browser.tree.changes_node(browser.current.bench) is None


async def test_the_palette_offers_changes_when_comparing() -> None:
    app = compare_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot.app, pilot)
        browser = app.screen
        provider = JumpProvider(browser)
        targets = dict(provider._targets())
        names = list(targets)
        assert names[0].startswith("changes: what changed") and names[1].startswith("changes by benchmark")
        targets[names[0]]()
        await settle(pilot.app, pilot)
        assert isinstance(app.screen, ChangesScreen) and not app.screen.by_bench


# --------------------------------------------------------------------------- the core's helpers


@pytest.mark.parametrize(
    ("threshold", "step", "expected"),
    [
        (0.001, 1, 0.005),
        (0.001, -1, 0.0005),
        (0.05, 1, 0.05),
        (0.0, -1, 0.0),
        (0.003, 1, 0.005),
        (0.003, -1, 0.001),
    ],
)
def test_threshold_steps(threshold: float, step: int, expected: float) -> None:
    assert step_threshold(threshold, step) == expected
    assert THRESHOLDS == tuple(sorted(THRESHOLDS))


def test_a_changes_view_shows_the_score_next_to_the_row_and_a_sorted_export_keeps_the_models_order() -> None:
    head_source, base_source = open_source(UOPS_RUN), open_source(DEFAULT_RUN)
    head = Selection(head_source, head_source.runs[0].main_benchmark())
    base = Selection(base_source, base_source.runs[0].main_benchmark())
    _, table = open_changes(head, base, top=5)
    view = ChangesView(table)
    names = [CHANGES_COLUMNS[i].name for i in view.display_order]
    assert names == ["Where", "Row", "Score", "Change", "Base share", "Head share", "Base", "Head"]
    assert sorted(view.display_order) == list(range(len(CHANGES_COLUMNS)))
    # The export of a sorted view keeps the model's column order, whatever the screen shows.
    view.sort_by(CHANGES_COLUMNS.index(next(c for c in CHANGES_COLUMNS if c.name == "Head")))
    text = view_markdown(view, table.title, table.notes)
    header = text.split("<thead>", 1)[1].split("</thead>", 1)[0]
    assert re.findall(r"<th[^>]*>([^<]*)</th>", header) == [c.name for c in CHANGES_COLUMNS]


# --------------------------------------------------------------------------- history steps


@pytest.fixture(scope="module")
def history_tree(tmp_path_factory) -> Path:
    """Four default runs: the profile changes between the second and the third."""
    tree = tmp_path_factory.mktemp("history-ui")
    write_run(tree, "bm-20260101-3.13.15-aaaaaa1", DEFAULT_RUN, 1)
    write_run(tree, "bm-20260102-3.13.15-aaaaaa2", DEFAULT_RUN, 3)
    write_run(tree, "bm-20260103-3.13.15-aaaaaa3", UOPS_RUN, 2)
    write_run(tree, "bm-20260104-3.13.15-aaaaaa4", UOPS_RUN, 5)
    return tree


async def test_history_marks_its_largest_step_and_g_compares_it(history_tree: Path) -> None:
    app = PystatsApp(open_source(history_tree))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot.app, pilot)
        browser = app.screen
        assert browser.current.bench.run.name == "bm-20260104-3.13.15-aaaaaa4"
        table = browser.current_table
        put_cursor_on(table, lambda row: row[0].text() == "LOAD_FAST")
        table.cursor_column = 1  # Count
        await pilot.press("h")
        await settle(pilot.app, pilot)
        screen = app.screen
        assert isinstance(screen, HistoryScreen)
        expected = history_table(open_source(history_tree), "Execution counts/LOAD_FAST/Count")
        step = largest_step(expected)
        assert step is not None and step.run.name == "bm-20260103-3.13.15-aaaaaa3"
        assert screen.table.notes[-1] == step_note(step)
        assert step_note(step) in str(screen.query_one("#series-notes").render())
        column = [row[-1].text() for row in screen.table.rows]
        assert screen.table.columns[-1].name == "Step"
        assert column[step.index].startswith("◆ largest step") and column.count("") == 3
        assert "g" in [hint.key for hint in screen.query_one(KeyBar).hints()[0]]
        await pilot.press("g")
        await settle(pilot.app, pilot)
        assert app.screen is browser
        assert browser.marked_base.bench.run.name == "bm-20260102-3.13.15-aaaaaa2"
        assert browser.current.bench.run.name == "bm-20260103-3.13.15-aaaaaa3"
        assert browser.current.bench.name == "all" and browser.base.bench.name == "all"
        assert browser.section_path == ("Execution counts",)
        assert browser.report is not None and browser.report.head is not None  # compared


def test_mark_largest_step_adds_a_note_and_a_step_column(history_tree: Path) -> None:
    table = history_table(open_source(history_tree), "Execution counts/LOAD_FAST/Count")
    step = largest_step(table)
    marked = mark_largest_step(table)
    assert marked.notes == [*table.notes, step_note(step)]
    assert [c.name for c in marked.columns] == [*(c.name for c in table.columns), "Step"]
    assert [row[:-1] for row in marked.rows] == [tuple(row) for row in table.rows]
    # LOAD_FAST's Self share: 19.62% of the default run, 17.31% of the tier-2 one (the README's example).
    assert [row[-1].text() for row in marked.rows] == ["", "", "◆ largest step -2.31 pp", ""]
    assert marked.shares == table.shares and marked.runs == table.runs
    # Nothing to mark: the same table.
    single = history_table(open_source(RESULTS), "Execution counts/LOAD_FAST/Count")
    assert mark_largest_step(single) is single


async def test_a_history_without_a_step_is_left_as_it_was() -> None:
    app = PystatsApp(open_source(RESULTS))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot.app, pilot)
        browser = app.screen
        await pilot.press("right", "h")
        await settle(pilot.app, pilot)
        screen = app.screen
        assert isinstance(screen, HistoryScreen)
        assert screen.table.columns[-1].name == "Bar"
        assert not any(n.startswith("largest step") for n in screen.table.notes)
        # No step, no g: the key is not offered, and does nothing.
        assert screen.check_action("compare_step", ()) is False
        assert "g" not in [hint.key for hint in screen.query_one(KeyBar).hints()[0]]
        await pilot.press("g")
        await settle(pilot.app, pilot)
        assert app.screen is screen
        assert browser.marked_base is None


def test_f1_lists_the_keys_of_what_changed_and_of_a_history() -> None:
    app = compare_app()
    groups = dict(app.key_groups())
    browser = [what for _, what in groups["Browser"]]
    assert any("[browser.changes]" in w for w in browser)
    assert any("[browser.bench_moves]" in w for w in browser)
    changes = {keys: what for keys, what in groups["What changed (g)"]}
    assert "[changes.threshold_up]" in changes["+"] and "[changes.open_row]" in changes["enter"]
    assert [what for _, what in groups["History (h), also"]] == ["Compare step  [history.compare_step]"]
