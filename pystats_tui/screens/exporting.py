"""Writing and copying what a screen shows, with one notification either way.

The core names the file and writes the context lines; this is the one place
that writes it, never into the data, and tells the user where it went or why
it could not. ``export_view``, ``export_report`` and ``copy_view`` are the
browser's ``e``, ``E`` and ``y``.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from textual.screen import Screen

from pystats_tui.core.errors import PystatsError
from pystats_tui.core.export import report_export_stem, report_fields, view_export_stem
from pystats_tui.core.markdown import report_markdown
from pystats_tui.core.output import write_export

if TYPE_CHECKING:
    from pystats_tui.screens.browser import BrowserScreen


def export_to_file(screen: Screen[None], stem: str, text: str, roots: list[Path]) -> Path | None:
    """Write ``text`` to a new file named from ``stem`` (outside ``roots``); notify where it went."""
    try:
        path = write_export(stem, text, roots)
    except PystatsError as e:
        screen.notify(f"Export failed: {e}", severity="error")
        return None
    screen.notify(f"Wrote {path}", title="Exported")
    return path


def copy_as_markdown(screen: Screen[None], text: str, rows: int) -> None:
    """Copy ``text`` through the terminal (OSC 52: works over SSH; tmux needs set-clipboard on)."""
    screen.app.copy_to_clipboard(text)
    screen.notify(f"Copied {rows} rows as Markdown (OSC 52).")


def export_view(browser: BrowserScreen) -> None:
    """``e``: the tables of the section shown, as sorted and filtered, to a new Markdown file."""
    text = browser.view_text()
    if text is None or browser.current is None:
        browser.notify("No table to export here.", severity="warning")
        return
    stem = view_export_stem(browser.current, browser.base, browser.section_path)
    export_to_file(browser, stem, text, browser.roots())


def export_report(browser: BrowserScreen) -> None:
    """``E``: the whole report of the benchmark shown (or base vs head), headed like ``export RUN``."""
    if browser.report is None or browser.current is None:
        browser.notify("Nothing loaded to export.", severity="warning")
        return
    base = browser.base
    fields = report_fields(browser.current.bench) if base is None else None
    stem = report_export_stem(browser.current, base)
    export_to_file(browser, stem, report_markdown(browser.report, fields), browser.roots())


def copy_view(browser: BrowserScreen) -> None:
    """``y``: what ``e`` writes, copied through the terminal."""
    text = browser.view_text()
    if text is None:
        browser.notify("No table to copy here.", severity="warning")
        return
    copy_as_markdown(browser, text, sum(table.view.shown for table in browser.tables))
