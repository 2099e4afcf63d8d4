"""Writing and copying what a screen shows, with one notification either way.

Screens decide *what* to export (the core names the file and writes the
context lines); this is the one place that writes it, never into the data,
and tells the user where it went or why it could not.
"""

from __future__ import annotations

from pathlib import Path

from textual.screen import Screen

from pystats_tui.core.errors import PystatsError
from pystats_tui.core.output import write_export


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
