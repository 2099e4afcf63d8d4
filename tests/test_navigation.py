"""Walking the browser as a user does: pairing of b across ] and [, sections, focus, export."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import DEFAULT_RUN, PREFIX, RESULTS, UOPS_RUN, settle

from pystats_tui.app import PystatsApp
from pystats_tui.core.export import view_context
from pystats_tui.core.markdown import view_markdown
from pystats_tui.core.report import build_report
from pystats_tui.core.sources import open_source
from pystats_tui.core.table_view import TableView
from pystats_tui.palette import jump_to_run
from pystats_tui.screens import BrowserScreen

SIZE = (120, 40)
BINARY_SLICE = ("Predecessor/Successor Pairs", "BINARY_SLICE")


def compared(base_run: Path, head_run: Path, bench: str, path: tuple[str, ...] = ("Execution counts",)):
    """The first table of a section of the core's comparison of two benchmarks."""
    base, head = open_source(base_run), open_source(head_run)
    report = build_report(
        base.load_stats(base.runs[0].benchmark(bench)), head.load_stats(head.runs[0].benchmark(bench))
    )
    return report.find(path).tables[0]


def texts(rows) -> list[list[str]]:
    return [[c.text() for c in row] for row in rows]


async def open_uops_all(app: PystatsApp, pilot) -> BrowserScreen:
    """From the first screen (the default run), open the PYTHON_UOPS run's merged stats in the tree."""
    await pilot.press("shift+tab", "home", "enter")
    await settle(app, pilot)
    await pilot.press("down", "enter")
    await settle(app, pilot)
    screen = app.screen
    assert isinstance(screen, BrowserScreen)
    assert screen.current.bench.run.path.name == UOPS_RUN.name and screen.current.bench.name == "all"
    return screen


async def test_a_marked_base_pairs_each_head_benchmark_with_its_namesake() -> None:
    app = PystatsApp(open_source(RESULTS))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("b")  # the first screen: the default run's merged stats
        screen = await open_uops_all(app, pilot)
        assert screen.base.bench.run.path.name == DEFAULT_RUN.name and screen.base.bench.name == "all"
        assert texts(screen.current_table.view.rows) == texts(compared(DEFAULT_RUN, UOPS_RUN, "all").rows)
        await pilot.press("tab", "right_square_bracket")
        await settle(app, pilot)
        # Like with like: nbody_small against the base run's nbody_small, never against "all".
        assert screen.current.bench.name == screen.base.bench.name == "nbody_small"
        assert screen.base.bench.run.path.name == DEFAULT_RUN.name
        expected = compared(DEFAULT_RUN, UOPS_RUN, "nbody_small")
        assert texts(screen.current_table.view.rows) == texts(expected.rows)
        status = str(screen.view.status.render())
        assert f"vs base {screen.base.label}" in status
        assert screen.base.bench.name == screen.current.bench.name
        await pilot.press("right_square_bracket")
        await settle(app, pilot)
        assert screen.current.bench.name == screen.base.bench.name == "objects_small"
        await pilot.press("left_square_bracket", "left_square_bracket")
        await settle(app, pilot)
        assert screen.current.bench.name == screen.base.bench.name == "all"
        await pilot.press("B")
        await settle(app, pilot)
        assert screen.base is None and screen.marked_base is None


async def test_marking_a_benchmark_marks_its_run(tmp_path: Path) -> None:
    """Mark nbody_small, then step to objects_small: the base steps along (the issue's case)."""
    app = PystatsApp(open_source(RESULTS))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("right_square_bracket")  # the default run's nbody_small
        await settle(app, pilot)
        await pilot.press("b")
        screen = await open_uops_all(app, pilot)
        # The mark is nbody_small of the default run; it stands for that run.
        assert screen.marked_base.bench.name == "nbody_small"
        assert screen.marked_base.bench.run.path.name == DEFAULT_RUN.name
        await pilot.press("tab", "right_square_bracket", "right_square_bracket")
        await settle(app, pilot)
        assert screen.current.bench.name == screen.base.bench.name == "objects_small"
        assert screen.base.bench.run.path.name == DEFAULT_RUN.name


async def test_a_benchmark_missing_from_the_base_run_is_shown_alone_and_said(tmp_path: Path) -> None:
    tree = tmp_path / "results"
    shutil.copytree(RESULTS, tree, symlinks=True)
    for path in (tree / DEFAULT_RUN.name).glob("*objects_small*"):
        path.unlink()
    app = PystatsApp(open_source(tree))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("b")
        screen = await open_uops_all(app, pilot)
        await pilot.press("tab", "right_square_bracket", "right_square_bracket")
        await settle(app, pilot)
        assert screen.current.bench.name == "objects_small"
        assert screen.marked_base is not None and screen.base is None
        assert not screen.report.comparing
        warnings = str(screen.query_one("#warnings").render())
        assert "has no objects_small data: shown alone, not compared" in warnings
        # The status line says it too once it has the room (its parts are whole or left out).
        assert "not compared" not in str(screen.view.status.render())
        await pilot.press("t")
        await settle(app, pilot)
        assert "not compared: no objects_small in base" in str(screen.view.status.render())


async def test_b_in_the_browser_pairs_as_base_head_on_the_command_line() -> None:
    """pystats-tui BASE HEAD and b on the same two runs show the same comparison, benchmark by benchmark."""
    shown: dict[str, list[list[list[str]]]] = {"BASE HEAD": [], "b": []}
    app = PystatsApp(open_source(UOPS_RUN), open_source(DEFAULT_RUN))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = app.screen
        for _ in range(3):
            shown["BASE HEAD"].append(texts(screen.current_table.view.rows))
            await pilot.press("right_square_bracket")
            await settle(app, pilot)
    app = PystatsApp(open_source(RESULTS))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("b")  # the default run
        screen = await open_uops_all(app, pilot)
        await pilot.press("tab")
        for _ in range(3):
            shown["b"].append(texts(screen.current_table.view.rows))
            await pilot.press("right_square_bracket")
            await settle(app, pilot)
    assert shown["b"] == shown["BASE HEAD"]
    assert shown["b"][1] == texts(compared(DEFAULT_RUN, UOPS_RUN, "nbody_small").rows)


async def test_next_benchmark_at_the_last_one_says_so_and_stays() -> None:
    app = PystatsApp(open_source(DEFAULT_RUN))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = app.screen
        last = screen.current.bench.run.benchmarks()[-1]
        for _ in range(len(screen.current.bench.run.benchmarks())):
            await pilot.press("right_square_bracket")
            await settle(app, pilot)
        assert screen.current.bench == last
        assert any(f"{last.title} is the last benchmark" in n.message for n in app._notifications)
        assert screen.current_table is not None and screen.current_table.has_focus


async def test_focus_stays_in_the_table_and_the_tree_follows() -> None:
    app = PystatsApp(open_source(RESULTS))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = app.screen
        await pilot.press("right_square_bracket")
        await settle(app, pilot)
        assert screen.current_table.has_focus
        assert screen.tree.cursor_node.data.bench == screen.current.bench
        assert screen.tree.cursor_node.data.path == ("Execution counts",)
        await pilot.press("right_curly_bracket")  # the next section, from the table
        await settle(app, pilot)
        assert screen.section_path == ("Pair counts",) and screen.current_table.has_focus
        assert screen.tree.cursor_node.data.path == ("Pair counts",)
        await pilot.press("left_curly_bracket")
        await settle(app, pilot)
        assert screen.section_path == ("Execution counts",)
        # A palette jump: to the PYTHON_UOPS run, the table focused, the tree on its section.
        await pilot.press("shift+tab")
        jump_to_run(screen, screen.source.runs[0])
        await settle(app, pilot)
        assert screen.current.bench.run == screen.source.runs[0]
        assert screen.current_table.has_focus
        assert screen.tree.cursor_node.data.bench == screen.current.bench


async def test_next_section_works_with_the_tree_hidden_and_skips_parents() -> None:
    app = PystatsApp(open_source(DEFAULT_RUN))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = app.screen
        await pilot.press("t", "right_curly_bracket", "right_curly_bracket")
        await settle(app, pilot)
        assert not screen.tree_shown
        # "Predecessor/Successor Pairs" holds sub-sections only: its first one is next.
        assert screen.section_path[0] == "Predecessor/Successor Pairs" and len(screen.section_path) == 2
        assert screen.current_table is not None and screen.current_table.has_focus


async def test_a_section_of_several_tables_filters_and_exports_them_all(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    app = PystatsApp(open_source(DEFAULT_RUN))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = app.screen
        screen.jump(screen.current, BINARY_SLICE)
        await settle(app, pilot)
        assert len(screen.tables) == 2
        await pilot.press("slash", *"load", "enter")
        await settle(app, pilot)
        for table in screen.tables:
            assert table.view.filter_text == "load"
            assert table.view.rows and all("load" in r[0].text().lower() for r in table.view.rows)
            assert table.view.shown < table.view.total
        assert "filter and export: all 2 tables" in str(screen.view.status.render())
        await pilot.press("e")
        await pilot.pause()
        (written,) = tmp_path.glob("*.md")
        source = open_source(DEFAULT_RUN)
        section = build_report(source.load_stats(source.runs[0].benchmark("all"))).find(BINARY_SLICE)
        views = [TableView(t) for t in section.tables]
        for view in views:
            view.set_filter("load")
        title, lines = view_context(screen.current, None, BINARY_SLICE)
        text = written.read_text()
        assert "### Table 1 of 2" in text and "### Table 2 of 2" in text
        assert text.split("## ", 1)[1] == view_markdown(views, title, lines).split("## ", 1)[1]
        await pilot.press("y")
        assert app.clipboard == text


async def test_export_from_inside_a_run_directory_names_the_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """pystats-tui . inside a run: the run's date, version, commit and flags in every export."""
    run = tmp_path / UOPS_RUN.name
    shutil.copytree(UOPS_RUN, run)
    out = tmp_path / "out"
    out.mkdir()
    monkeypatch.chdir(run)
    app = PystatsApp(open_source(Path(".")))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        monkeypatch.chdir(out)
        await pilot.press("e", "E")
        await pilot.pause()
        texts_ = [p.read_text() for p in sorted(out.glob("*.md"))]
        assert len(texts_) == 2, [n.message for n in app._notifications]
        for text in texts_:
            block = "# Pystats results\n\n- benchmark: all\n- version: 3.13.15\n- commit hash: d7482a7\n"
            assert block + "- date: 2026-11-27\n- flags: PYTHON_UOPS\n" in text
    assert (run / f"{PREFIX}.json").exists()


async def test_left_and_right_in_the_tree_fold_and_unfold() -> None:
    app = PystatsApp(open_source(RESULTS))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = app.screen
        tree = screen.tree
        tree.focus()
        await pilot.press("home")  # the PYTHON_UOPS run, folded
        uops = screen.source.runs[0]
        node = tree.run_node(uops)
        assert tree.cursor_node is node and not node.is_expanded
        await pilot.press("right")
        await settle(app, pilot)
        assert node.is_expanded and [c.data.bench.name for c in node.children][0] == "all"
        await pilot.press("right")  # open: into its first benchmark
        assert tree.cursor_node is node.children[0]
        await pilot.press("left")  # a folded benchmark: up to its run
        assert tree.cursor_node is node
        await pilot.press("left")  # an open run: folded
        assert not node.is_expanded and tree.cursor_node is node


def test_a_marked_base_run_that_vanished_pairs_with_nothing(tmp_path: Path) -> None:
    """paired_base answers None (no comparison) when the base run is gone from disk."""
    from pystats_tui.core.selection import Selection, paired_base

    tree = tmp_path / "results"
    shutil.copytree(RESULTS, tree)
    source = open_source(tree)
    base_run = next(r for r in source.runs if r.name == DEFAULT_RUN.name)
    head_run = next(r for r in source.runs if r.name == UOPS_RUN.name)
    base = Selection(source, base_run.benchmark("all"))
    head = Selection(source, head_run.benchmark("nbody_small"))
    assert paired_base(base, head).bench.name == "nbody_small"
    shutil.rmtree(base_run.path)
    assert paired_base(base, head) is None


async def test_a_palette_jump_to_a_row_of_a_long_table_lands_on_it() -> None:
    """Pair counts lists every pair in a worker first: the row is found once they are drawn.

    ``Pair counts > ROW`` in the palette calls ``jump`` with the row, as here.
    """
    app = PystatsApp(open_source(DEFAULT_RUN))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = app.screen
        rows = screen.report.find(("Pair counts",)).tables[0].rows
        label = rows[60][0].text()
        screen.jump(screen.current, ("Pair counts",), label.lower())
        await settle(app, pilot)
        table = screen.current_table
        assert screen.section_path == ("Pair counts",) and table.cursor_label == label
        top = table.scroll_offset.y
        assert top <= table.cursor_row < top + table.scrollable_content_region.height - 1


async def test_a_cursor_kept_across_benchmarks_is_scrolled_into_view() -> None:
    app = PystatsApp(open_source(DEFAULT_RUN))
    async with app.run_test(size=(100, 24)) as pilot:
        await settle(app, pilot)
        screen = app.screen
        for _ in range(40):
            await pilot.press("down")
        label = screen.current_table.cursor_label
        await pilot.press("right_square_bracket")
        await settle(app, pilot)
        table = screen.current_table
        assert table.cursor_label == label
        top = table.scroll_offset.y
        assert top > 0 and top <= table.cursor_row < top + table.scrollable_content_region.height - 1


async def test_escape_in_the_tree_leaves_the_focus_there() -> None:
    app = PystatsApp(open_source(DEFAULT_RUN))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = app.screen
        screen.tree.focus()
        await pilot.press("escape", "escape")  # the findings panel first, then nothing to clear
        await pilot.pause()
        assert screen.tree.has_focus


async def test_the_tree_follows_without_opening_what_is_open() -> None:
    """``}`` and ``]`` move the tree's cursor; they do not open the open run again (nor check it)."""
    app = PystatsApp(open_source(RESULTS))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        screen = app.screen
        opened: list[object] = []
        real_check = screen.health.check
        screen.health.check = lambda run: opened.append(run) or real_check(run)  # RunOpened's handler
        await pilot.press("right_curly_bracket", "right_curly_bracket", "right_square_bracket")
        await settle(app, pilot)
        assert screen.current.bench.name == "nbody_small"
        assert opened == []
        # A benchmark of a run not opened yet: its run opens, and the cursor lands on it.
        uops = next(r for r in screen.source.runs if r.flags)
        bench = uops.benchmark("objects_small")
        screen.tree.go_to_bench(bench)
        await settle(app, pilot)
        assert screen.tree.cursor_node is screen.tree.bench_node(bench)
        assert opened == [uops]
