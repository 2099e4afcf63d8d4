"""The virtual table over 50,000 rows, driven with Pilot: cursor, scrolling, header, sort, filter.

These are behaviour tests (what is drawn where, which row is under the
cursor), not timings: the timings are in ``bench/run_bench.py``. The table
lives alone in a minimal app, filling the screen (class ``-fill``).
"""

from __future__ import annotations

import sys
from functools import lru_cache
from pathlib import Path

from textual.app import App, ComposeResult

from pystats_tui.core.report import Table
from pystats_tui.core.table_view import TableView
from pystats_tui.widgets import StatTable

ROWS = 50_000
SIZE = (100, 30)

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
from inprocess import big_table as bench_big_table  # noqa: E402


@lru_cache(maxsize=1)
def big_table() -> Table:
    """50,000 typed rows: a label, a count, and two ratios over the total (as a pair counts table).

    The same table the benchmark times (``bench/inprocess.py``).
    """
    return bench_big_table(ROWS)


class TableApp(App[None]):
    """One StatTable filling the screen."""

    def compose(self) -> ComposeResult:
        yield StatTable(TableView(big_table()), classes="-fill")

    def on_mount(self) -> None:
        self.query_one(StatTable).focus()


def body_height(table: StatTable) -> int:
    """How many rows are visible below the header line."""
    return table.scrollable_content_region.height - 1


def visible(table: StatTable) -> range:
    top = table.scroll_offset.y
    return range(top, min(table.view.shown, top + body_height(table)))


def line_text(table: StatTable, y: int) -> str:
    return table.render_line(y).text


def label(table: StatTable, index: int) -> str:
    return table.view.rows[index][0].text()


async def test_shows_header_and_first_rows() -> None:
    app = TableApp()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        table = app.query_one(StatTable)
        assert table.view.shown == ROWS
        assert table.virtual_size.height == ROWS + 1
        assert table.size.height == SIZE[1]  # -fill: the whole screen, not 50,001 lines
        header = line_text(table, 0)
        for name in ("Pair", "Count", "Self", "Cumulative"):
            assert name in header
        assert label(table, 0) in line_text(table, 1)
        last_visible = visible(table)[-1]
        assert label(table, last_visible) in line_text(table, body_height(table))


async def test_cursor_moves_and_stays_visible() -> None:
    app = TableApp()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        table = app.query_one(StatTable)
        page = max(1, table.size.height - 2)
        await pilot.press("down", "down", "down")
        assert table.cursor_row == 3
        assert table.scroll_offset.y == 0
        await pilot.press("up")
        assert table.cursor_row == 2

        await pilot.press("pagedown")
        assert table.cursor_row == 2 + page
        assert table.cursor_row in visible(table)
        assert table.scroll_offset.y > 0
        await pilot.press("pagedown", "pagedown")
        assert table.cursor_row == 2 + 3 * page
        assert table.cursor_row in visible(table)
        # The cursor sits on the last visible line: the scroll followed it exactly.
        assert table.scroll_offset.y == table.cursor_row - body_height(table) + 1

        await pilot.press("pageup")
        assert table.cursor_row == 2 + 2 * page
        assert table.cursor_row in visible(table)

        await pilot.press("end")
        assert table.cursor_row == ROWS - 1
        assert table.cursor_row in visible(table)
        assert table.scroll_offset.y == ROWS - body_height(table)

        await pilot.press("up")
        assert table.cursor_row == ROWS - 2
        assert table.cursor_row in visible(table)

        await pilot.press("home")
        assert table.cursor_row == 0
        assert table.scroll_offset.y == 0
        await pilot.press("up")  # stays on the first row
        assert table.cursor_row == 0


async def test_header_stays_on_line_zero_while_scrolling() -> None:
    app = TableApp()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        table = app.query_one(StatTable)
        header = line_text(table, 0)
        await pilot.press(*["pagedown"] * 10)
        await pilot.pause()
        top = table.scroll_offset.y
        assert top > 0
        assert line_text(table, 0) == header
        # Line 1 is the first row under the scroll, not row 0.
        assert label(table, top) in line_text(table, 1)
        assert label(table, 0) not in line_text(table, 1)


async def test_far_line_after_end_shows_the_last_row() -> None:
    app = TableApp()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        table = app.query_one(StatTable)
        await pilot.press("end")
        await pilot.pause()
        last = label(table, ROWS - 1)
        assert last == big_table().rows[-1][0].text() and last.endswith(f"_{ROWS - 1:05d}")
        y = table.cursor_row - table.scroll_offset.y + 1
        assert y == body_height(table)
        assert last in line_text(table, y)
        assert f"{table.view.rows[-1][1].count:,}" in line_text(table, y)
        # Below the last row there is nothing more to draw.
        assert line_text(table, y + 1).strip() == ""


async def test_sort_with_s_by_the_cursor_column_and_again_reverses() -> None:
    app = TableApp()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        table = app.query_one(StatTable)
        await pilot.press("pagedown", "right", "s")  # the Count column
        view = table.view
        assert view.sort_column == 1 and view.descending
        counts = [r[1].count for r in view.rows]
        assert counts == sorted(counts, reverse=True)
        assert table.cursor_row == 0 and table.scroll_offset.y == 0
        assert "Count ▼" in line_text(table, 0)
        assert f"{counts[0]:,}" in line_text(table, 1)
        await pilot.press("s")
        assert not view.descending
        counts = [r[1].count for r in view.rows]
        assert counts == sorted(counts)
        assert "Count ▲" in line_text(table, 0)
        await pilot.press("left", "s")  # labels sort alphabetically, A first
        labels = [r[0].text().casefold() for r in view.rows]
        assert view.sort_column == 0 and labels == sorted(labels)
        assert view.shown == ROWS


async def test_click_on_a_header_cell_sorts_by_that_column() -> None:
    app = TableApp()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        table = app.query_one(StatTable)
        x = table.column_x(2) + 1  # inside the Self header
        await pilot.click(StatTable, offset=(x, 0))
        view = table.view
        assert view.sort_column == 2 and view.descending
        assert table.cursor_column == 2
        shares = [float(r[2]) for r in view.rows]
        assert shares == sorted(shares, reverse=True)
        # A click on a row moves the cursor there; it does not sort.
        await pilot.click(StatTable, offset=(1, 3))
        assert table.cursor_row == 2 and table.cursor_column == 0
        assert view.sort_column == 2


async def test_filter_changes_rows_and_virtual_height() -> None:
    app = TableApp()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        table = app.query_one(StatTable)
        await pilot.press("end")
        table.view.set_filter("store_attr")
        table.refresh_rows()
        await pilot.pause()
        expected = sum(1 for r in big_table().rows if "store_attr" in r[0].text().lower())
        assert 0 < table.view.shown == expected < ROWS
        assert table.virtual_size.height == expected + 1
        # The cursor was on the last row of 50,000: it is now within the filtered rows, and shown.
        assert table.cursor_row <= expected - 1
        assert table.cursor_row in visible(table)
        assert all("STORE_ATTR" in label(table, i) for i in visible(table))

        table.view.set_filter("_4999")  # rows 49990 … 49999
        table.refresh_rows()
        await pilot.pause()
        assert table.view.shown == 10
        assert table.virtual_size.height == 11
        assert table.max_scroll_y == 0
        assert line_text(table, 11).strip() == ""

        table.view.set_filter("no such row")
        table.refresh_rows()
        await pilot.pause()
        assert table.view.shown == 0 and table.cursor_cells is None
        assert line_text(table, 1).strip() == ""

        table.view.set_filter("")
        table.refresh_rows()
        await pilot.pause()
        assert table.view.shown == ROWS
        assert table.virtual_size.height == ROWS + 1


async def test_filter_then_sort_keeps_only_the_matching_rows_in_order() -> None:
    app = TableApp()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        table = app.query_one(StatTable)
        table.view.set_filter("call")
        table.refresh_rows()
        await pilot.press("right", "s")
        view = table.view
        assert view.filter_text == "call" and view.sort_column == 1
        assert all("CALL" in r[0].text() for r in view.rows)
        counts = [r[1].count for r in view.rows]
        assert counts == sorted(counts, reverse=True)
        await pilot.press("end")
        assert table.cursor_row == view.shown - 1
        y = table.cursor_row - table.scroll_offset.y + 1
        assert view.rows[-1][0].text() in line_text(table, y)


def _wide_table() -> tuple[Table, int]:
    """5,000 rows whose row 3,000 (not among the rows measured) holds a count wider than the rest."""
    from pystats_tui.core.cells import Count, Text
    from pystats_tui.core.report import Column

    huge = 123_456_789_012_345
    rows = [(Text(f"row {i:05d}"), Count(i), Count(7)) for i in range(5000)]
    rows[3000] = (Text("row 03000"), Count(huge), Count(7))
    columns = (Column("Name"), Column("Count", True), Column("Other", True))
    return Table(columns, rows, path=("Wide",), index=0), huge


def test_a_value_too_wide_for_its_column_is_left_out_and_asks_to_widen() -> None:
    from rich.style import Style

    from pystats_tui.core.table_view import fit_columns
    from pystats_tui.widgets.table_lines import LineStyles, TableLayout, row_strip

    table, huge = _wide_table()
    view = TableView(table)
    widths = [9, 7, 7]  # as measured without row 3,000
    layout = TableLayout((0, 1, 2), widths, fit_columns(widths, 60, 1, 0))
    plain = Style()
    styles = LineStyles(plain, plain, plain, plain, plain, plain, plain)
    strip, wider = row_strip(view, layout, 3000, styles, (0, 0))
    assert wider == {1: len(f"{huge:,d}")}
    # The label and the Other column's 7; of the count, not one digit.
    assert strip.text.split() == ["row", "03000", "7"]
    strip, wider = row_strip(view, layout, 2999, styles, (0, 0))
    assert wider == {} and "2,999" in strip.text


async def test_a_value_wider_than_the_measured_rows_widens_its_column() -> None:
    """Widths come from the first 2,000 rows and the last 50: a wider value further down is drawn whole."""
    table, huge = _wide_table()

    class WideApp(App[None]):
        def compose(self) -> ComposeResult:
            yield StatTable(TableView(table), classes="-fill")

    app = WideApp()
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        widget = app.query_one(StatTable)
        assert widget.column_width(1) < len(f"{huge:,d}")
        widget.focus()
        widget.cursor_row = 3000
        await pilot.pause()
        await pilot.pause()
        assert widget.column_width(1) == len(f"{huge:,d}")
        line = line_text(widget, 3000 - widget.scroll_offset.y + 1)
        assert line.startswith("row 03000") and f"{huge:,d}" in line
