"""The screen never misleads: tables and the tree fit any width (issue 10, parts A and B).

What is checked is what is DRAWN: each table's own rendered lines
(``render_line(y).text``), compared with the Markdown export of the same
rows (``core.markdown.table_lines``, which ``view_markdown`` writes). Every
value drawn is a whole cell of the export, no header is cut, a label is whole
or ends with ``…`` (and ``cursor_label`` has it whole), and the ``‹N``/``›N``
hints count the columns off screen.

The suite checks one section of each shape (same columns: the ~180
"Predecessor/Successor Pairs" sub-sections share theirs; the widest stands
for them) of a 3.13 and a 3.16 run, merged and compared, at 80×24 with the
tree shown. The sweep, marked ``sweep`` (in the default run; ``-m 'not sweep'``
leaves it out), does so at 80×24, 120×40
and 200×50 with the tree shown and hidden, and every section of each input
(3.13 and 3.16, merged and compared) at 80×24 with the tree shown. Only the
first screenful of each table is read, then again after moving the cursor to
the last column.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from conftest import DEFAULT_RUN, PUBLIC_RESULTS, RESULTS, UOPS_RUN, settle
from textual.app import App, ComposeResult

from pystats_tui.app import PystatsApp
from pystats_tui.core.markdown import table_lines, view_markdown
from pystats_tui.core.report import Column, Section, Table
from pystats_tui.core.sources import open_source
from pystats_tui.core.table_view import ColumnFit, TableView, fit_columns
from pystats_tui.screens import BrowserScreen
from pystats_tui.widgets import StatTable
from pystats_tui.widgets.table_lines import ellipsize
from pystats_tui.widgets.tree_labels import fit_label, run_label_parts, short_flag

SIZES = [(80, 24), (120, 40), (200, 50)]
PUBLIC_DEFAULT = PUBLIC_RESULTS / "bm-20260723-3.16.0a0-66e313f"
PUBLIC_UOPS = PUBLIC_RESULTS / "bm-20260723-3.16.0a0-66e313f-PYTHON_UOPS"

_TR = re.compile(r"<tr>\n(.*?)</tr>", re.S)
_TD = re.compile(r'<t[dh] align="(?:left|right)">(.*?)</t[dh]>', re.S)


# ---------------------------------------------------------------------- reading back what is drawn


def exported_cells(columns: tuple[Column, ...], rows: list) -> list[list[str]]:
    """The cells of the Markdown export of ``rows``, as written (header row first)."""
    out: list[str] = []
    table_lines(columns, rows, out)
    return [[html.unescape(c) for c in _TD.findall(tr)] for tr in _TR.findall("\n".join(out))]


def check_drawn(table: StatTable) -> int:
    """Assert what the table draws is true to its export; returns how many value cells were read."""
    view, fit = table.view, table.fit
    order = view.display_order
    ncols = len(view.columns)
    assert fit.hidden_left + len(fit.shown) + fit.hidden_right == ncols - 1
    spans = [
        (order[pos], x, fit.label_width if pos == 0 else table.column_width(order[pos]))
        for pos, x in fit.positions()
    ]
    assert spans[-1][1] + spans[-1][2] <= fit.width, "a column runs past the edge"
    top = table.scroll_offset.y
    height = table.scrollable_content_region.height
    rows = view.rows[top : top + height - 1]
    cells = exported_cells(view.columns, rows)
    # The export's cells: a header row, then one per row drawn (no table at all without rows).
    assert len(cells) == (len(rows) + 1 if rows else 0), (len(cells), len(rows))
    checked = 0
    header = table.render_line(0).text
    assert len(header) == table.size.width
    outside = list(header[: fit.width])
    for column, x, w in spans:
        drawn = header[x : x + w].strip()
        outside[x : x + w] = " " * w
        name = view.columns[column].name
        if view.sort_column == column:
            name = f"{name} {'▼' if view.descending else '▲'}"
        if column == 0:
            assert drawn == name or (drawn.endswith("…") and name.startswith(drawn[:-1])), (drawn, name)
        else:
            assert drawn == name, f"header cut: {drawn!r} for {name!r}"
    rest = "".join(outside).split()
    expected_hints = [h for h in (fit.left_hint, fit.right_hint) if h]
    assert rest == expected_hints, (rest, expected_hints, header)
    for y, (row, exported) in enumerate(zip(rows, cells[1:]), start=1):
        line = table.render_line(y).text
        outside = list(line[: fit.width])
        for column, x, w in spans:
            drawn = line[x : x + w].strip()
            outside[x : x + w] = " " * w
            if column == 0:
                label = row[0].text()
                assert drawn == label.strip() or (drawn.endswith("…") and label.startswith(drawn[:-1])), (
                    drawn,
                    label,
                )
            else:
                assert drawn == exported[column].strip(), f"{drawn!r} is not the cell {exported[column]!r}"
                checked += 1
        assert not "".join(outside).strip(), f"something drawn outside the columns: {line!r}"
    if rows:
        assert table.cursor_label == view.rows[table.cursor_row][0].text()
    return checked


def sections_with_tables(sections: list[Section]) -> list[Section]:
    out = []
    for section in sections:
        if section.tables:
            out.append(section)
        out.extend(sections_with_tables(section.sections))
    return out


def _widest(section: Section) -> int:
    return max(
        (sum(max((len(r[i].text()) for r in t.rows[:200]), default=0) for i in range(len(t.columns))))
        for t in section.tables
    )


def sample_sections(sections: list[Section], every: bool) -> list[tuple[str, ...]]:
    """Every section, or one of each shape: the first, last and widest of sections with the same columns.

    The ~180 "Predecessor/Successor Pairs" sub-sections share their columns;
    what a table draws depends on its columns and their widths, so the widest
    of them stands for the rest.
    """
    if every:
        return [s.path for s in sections]
    groups: dict[tuple, list[Section]] = {}
    for section in sections:
        key = (
            section.path[:-1] if len(section.path) > 1 else section.path,
            *(t.columns for t in section.tables),
        )
        groups.setdefault(key, []).append(section)
    out: list[tuple[str, ...]] = []
    for group in groups.values():
        for section in (group[0], group[-1], max(group, key=_widest)):
            if section.path not in out:
                out.append(section.path)
    return out


async def sweep(app: PystatsApp, size: tuple[int, int], tree_shown: bool, every: bool) -> int:
    checked = 0
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, BrowserScreen) and screen.report is not None
        if not tree_shown:
            await pilot.press("t")
            await settle(app, pilot)
        for path in sample_sections(sections_with_tables(screen.report.sections), every):
            screen.jump(screen.current, path)
            await pilot.pause()
            pane = screen.view.pane
            if pane.section is None or pane.section.path != path:  # long tables listed in a worker
                await settle(app, pilot)
            assert screen.section_path == path and pane.section is not None
            for table in screen.tables:
                if table.size.width == 0:
                    continue
                checked += check_drawn(table)
                # The cursor to the last column: it comes whole into view, the label stays.
                table.cursor_column = table.view.display_order[-1]
                if table.view.shown and table.fit.shown:
                    assert table.view.display_order[-1] in table.visible_columns
                checked += check_drawn(table)
    return checked


def _inputs() -> list:
    cases = [
        pytest.param(DEFAULT_RUN, None, id="3.13"),
        pytest.param(UOPS_RUN, DEFAULT_RUN, id="3.13-compare"),
        pytest.param(PUBLIC_UOPS, None, id="3.16"),
        pytest.param(PUBLIC_UOPS, PUBLIC_DEFAULT, id="3.16-compare"),
    ]
    return cases


def _app(head: Path, base: Path | None) -> PystatsApp:
    if not head.is_dir():
        pytest.skip(f"public reports not found at {PUBLIC_RESULTS}")
    return PystatsApp(open_source(head), open_source(base) if base is not None else None)


@pytest.mark.parametrize(("head", "base"), _inputs())
async def test_sections_draw_only_whole_values_at_80x24(head: Path, base: Path | None) -> None:
    """One section of each shape, at the tightest size, with the tree shown (the suite's quick check)."""
    assert await sweep(_app(head, base), (80, 24), tree_shown=True, every=False) > 0


@pytest.mark.sweep
@pytest.mark.parametrize("tree_shown", [True, False], ids=["tree", "no-tree"])
@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
@pytest.mark.parametrize(("head", "base"), _inputs())
async def test_every_section_draws_only_whole_values(
    head: Path, base: Path | None, size: tuple[int, int], tree_shown: bool
) -> None:
    """The sweep: every section of each input at 80×24 with the tree shown; one of each shape elsewhere."""
    every = size == (80, 24) and tree_shown
    assert await sweep(_app(head, base), size, tree_shown, every) > 0


# ---------------------------------------------------------------------- the view model


def test_display_order_puts_change_after_the_label_and_keeps_other_tables_as_they_are() -> None:
    columns = tuple(Column.parse(c) for c in ("Name", "Base Count:", "Head Count:", "Change:"))
    table = Table(columns, [])
    view = TableView(table)
    assert view.display_order == (0, 3, 1, 2)
    plain = TableView(Table(tuple(Column.parse(c) for c in ("Name", "Count:", "Self:")), []))
    assert plain.display_order == (0, 1, 2)


def test_fit_columns_whole_columns_and_hints() -> None:
    widths = [33, 11, 6, 12]
    assert fit_columns(widths, 79) == ColumnFit(79, 33, (1, 2, 3), 0, 0, (11, 6, 12))
    fit = fit_columns(widths, 50)
    assert fit.shown == (1, 2) and fit.right_hint == "›1" and fit.label_width < 33
    fit = fit_columns(widths, 50, keep=3)  # the cursor on the last column: it comes whole into view
    assert 3 in fit.shown and fit.left_hint == "‹1"
    fit = fit_columns(widths, 20)  # nothing fits beside the label: none is shown, all are counted
    assert fit.shown == () and fit.right_hint == "›3" and fit.label_width <= 17
    assert sum(fit_columns(widths, 20, keep=2).widths) + fit_columns(widths, 20, keep=2).label_width <= 20


def test_ellipsize() -> None:
    assert ellipsize("LOAD_FAST", 20) == "LOAD_FAST"
    assert ellipsize("LOAD_FAST_BORROW", 8) == "LOAD_FA…"
    assert ellipsize("x", 0) == ""


# ---------------------------------------------------------------------- the table widget


class OneTable(App[None]):
    """A StatTable alone on the screen."""

    def __init__(self, table: Table) -> None:
        super().__init__()
        self.table = table

    def compose(self) -> ComposeResult:
        yield StatTable(TableView(self.table), classes="-fill")

    def on_mount(self) -> None:
        self.query_one(StatTable).focus()


def _report_table(run: Path, path: tuple[str, ...], base: Path | None = None) -> Table:
    from pystats_tui.core.report import build_report

    source = open_source(run)
    stats = source.load_stats(source.runs[0].benchmark("all"))
    if base is None:
        return build_report(stats).find(path).tables[0]
    base_source = open_source(base)
    base_stats = base_source.load_stats(base_source.runs[0].benchmark("all"))
    return build_report(base_stats, stats).find(path).tables[0]


async def test_twenty_cells_show_the_label_and_whole_columns_only() -> None:
    app = OneTable(_report_table(DEFAULT_RUN, ("Execution counts",)))
    async with app.run_test(size=(20, 10)) as pilot:
        await pilot.pause()
        table = app.query_one(StatTable)
        check_drawn(table)
        assert any(table.render_line(y).text.split()[0].endswith("…") for y in range(1, 9))
        assert table.hidden_columns[1] >= 1 and "›" in table.render_line(0).text
        await pilot.press("right")  # the Count column comes whole into view, the label shrinks for it
        assert 1 in table.visible_columns
        check_drawn(table)


async def test_right_scrolls_by_whole_columns_and_the_label_stays() -> None:
    app = OneTable(_report_table(DEFAULT_RUN, ("Execution counts",)))
    async with app.run_test(size=(40, 12)) as pilot:
        await pilot.pause()
        table = app.query_one(StatTable)
        last = table.view.display_order[-1]
        assert last not in table.visible_columns
        while table.cursor_column != last:
            await pilot.press("right")
            assert table.cursor_column in table.visible_columns
            assert table.visible_columns[0] == 0  # the label is frozen
            check_drawn(table)
        assert table.hidden_columns[0] >= 1 and "‹" in table.render_line(0).text
        await pilot.press("left", "left", "left", "left")
        assert table.cursor_column == 0 and table.hidden_columns[0] == 0


async def test_comparison_shows_change_first_and_sorts_and_exports_by_the_model() -> None:
    model = _report_table(UOPS_RUN, ("Execution counts",), base=DEFAULT_RUN)
    assert [c.name for c in model.columns] == ["Name", "Base Count", "Head Count", "Change"]
    app = OneTable(model)
    async with app.run_test(size=(60, 16)) as pilot:
        await pilot.pause()
        table = app.query_one(StatTable)
        assert table.visible_columns[:2] == [0, 3]
        header = table.render_line(0).text
        assert header.index("Change") < header.index("Base Count")
        await pilot.press("right", "s")  # the first column right of the label: Change
        assert table.view.sort_column == 3
        changes = [r[3].sort_key() for r in table.view.rows]
        assert changes == sorted(changes, reverse=True)
        md = view_markdown(table.view, "t", [])
        assert md.index(">Base Count<") < md.index(">Head Count<") < md.index(">Change<")
        check_drawn(table)


async def test_cursor_label_and_the_message_carry_the_whole_label() -> None:
    seen: list[StatTable.CursorMoved] = []

    class Watching(OneTable):
        def on_stat_table_cursor_moved(self, message: StatTable.CursorMoved) -> None:
            seen.append(message)

    app = Watching(_report_table(DEFAULT_RUN, ("Pair counts",)))
    async with app.run_test(size=(30, 10)) as pilot:
        await pilot.pause()
        table = app.query_one(StatTable)
        await pilot.press("down")
        await pilot.pause()
        full = table.view.rows[1][0].text()
        assert table.cursor_label == full
        assert seen and seen[-1].label == full and seen[-1].row == 1
        assert table.render_line(2).text.split("…")[0] != full  # drawn shortened at this width


# ---------------------------------------------------------------------- the tree


def test_run_labels_keep_mark_flags_and_note_when_shortened() -> None:
    run = open_source(RESULTS).runs[0]  # the PYTHON_UOPS run
    parts = run_label_parts(run, "✗", "no data")
    full = fit_label(parts, 200).plain
    assert full == "✗ 2026-11-27 3.13.15 d7482a7 UOPS (no data)"
    for width in (40, 32, 26, 24):
        short = fit_label(parts, width).plain
        assert len(short) <= width
        assert short.startswith("✗ ") and short.endswith(" UOPS (no data)") and "…" in short
    assert short_flag("PYTHON_JIT") == "JIT" and short_flag("JIT") == "JIT"


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_tree_follows_its_labels_and_never_loses_marks_or_flags(size: tuple[int, int]) -> None:
    if not PUBLIC_RESULTS.is_dir():
        pytest.skip(f"public reports not found at {PUBLIC_RESULTS}")
    app = PystatsApp(open_source(PUBLIC_RESULTS))
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        tree = app.screen.tree
        # The first screen opened a run; fold it so that the run lines follow each other.
        tree.run_node(app.screen.current.bench.run).collapse()
        tree.scroll_home(animate=False)
        await settle(app, pilot)
        assert tree.outer_size.width <= size[0] * 2 // 5 + 1
        # The scrollbar has its own gutter: labels end before it.
        assert tree.scrollable_content_region.width < tree.size.width
        width = tree.scrollable_content_region.width
        drawn_runs = []
        for run in app.screen.source.runs:
            # Each run's own line, wherever it is: scrolled to, then read back as drawn.
            line = tree.run_node(run).line
            tree.scroll_to(y=line, animate=False)
            await pilot.pause()
            row = line - tree.scroll_offset.y
            assert 0 <= row < tree.size.height, (run.name, line, tree.scroll_offset.y)
            drawn = tree.render_line(row).text[:width].rstrip()
            if run.flags:
                assert drawn.endswith("UOPS") or drawn.endswith("UOPS (no data)"), drawn
            assert drawn[2] in "✓⚠✗", drawn  # after the expand icon, the health mark
            drawn_runs.append(drawn)
        assert len(drawn_runs) == len(app.screen.source.runs) > 1
        assert any(line.endswith("(no data)") for line in drawn_runs)


async def test_tree_hides_itself_on_a_narrow_screen_and_t_shows_it() -> None:
    app = PystatsApp(open_source(DEFAULT_RUN))
    async with app.run_test(size=(56, 20)) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert screen.tree.narrow and not screen.tree.display
        assert screen.tables[0].size.width >= 55
        await pilot.press("t")
        await settle(app, pilot)
        assert screen.tree.display and screen.tree.has_focus
        await pilot.press("t")
        await settle(app, pilot)
        assert not screen.tree.display
    app = PystatsApp(open_source(DEFAULT_RUN))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert not app.screen.tree.narrow and app.screen.tree.display
        await pilot.press("t")
        await settle(app, pilot)
        assert not app.screen.tree.display


async def test_a_tree_hidden_with_t_stays_hidden_after_the_screen_narrows_and_widens() -> None:
    app = PystatsApp(open_source(DEFAULT_RUN))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        screen = app.screen
        await pilot.press("t")
        await settle(app, pilot)
        assert not screen.tree.display
        await pilot.resize_terminal(50, 30)
        await settle(app, pilot)
        await pilot.resize_terminal(100, 30)
        await settle(app, pilot)
        assert not screen.tree.display and not screen.tree_shown
        await pilot.press("t")
        await settle(app, pilot)
        assert screen.tree.display


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_tree_label_widths_are_what_it_draws(size: tuple[int, int]) -> None:
    """The tree measures its lines without drawing them (get_label_width): the same width as drawn."""
    from rich.style import Style

    app = PystatsApp(open_source(RESULTS))
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        tree = app.screen.tree
        for run in app.screen.source.runs:
            tree.open_run(tree.run_node(run))
        await settle(app, pilot)
        nodes, stack = [], list(tree.root.children)
        while stack:
            node = stack.pop()
            nodes.append(node)
            stack.extend(node.children)
        assert len(nodes) > 20  # runs, benchmarks, the sections of the benchmark shown
        for node in nodes:
            drawn = tree.render_label(node, Style(), Style()).cell_len
            assert tree.get_label_width(node) == drawn, node.label
