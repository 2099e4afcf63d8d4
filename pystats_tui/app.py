"""The App: arguments, theme, global keys and the command palette; the browser is its first screen."""

from __future__ import annotations

import os

from textual.app import App
from textual.binding import Binding

from pystats_tui.core.sources import Source
from pystats_tui.palette import JumpProvider
from pystats_tui.screens import BrowserScreen, HelpScreen


class PystatsApp(App[None]):
    """pystats-tui: browse runs, benchmarks and sections of CPython pystats."""

    TITLE = "pystats-tui"
    COMMANDS = App.COMMANDS | {JumpProvider}
    BINDINGS = [
        Binding("q", "quit", "Quit", id="app.quit"),
        Binding("f1,question_mark", "help", "Help", key_display="F1", id="app.help"),
        # Shown by the key bar already (the palette key on its right).
        Binding("ctrl+p", "command_palette", "Jump", show=False, id="app.palette"),
    ]

    def __init__(self, source: Source, base_source: Source | None = None) -> None:
        super().__init__()
        self.source = source
        self.base_source = base_source
        #: Remapped keys: binding id -> keys (from PYSTATS_TUI_KEYMAP).
        self.keymap: dict[str, str] = {}
        #: True once the first frame is on the terminal (Textual's Ready event).
        self.ready = False

    def get_default_screen(self) -> BrowserScreen:
        """The browser is the app's first screen (no blank screen is composed before it)."""
        return BrowserScreen(self.source, self.base_source)

    def on_mount(self) -> None:
        self.keymap = parse_keymap(os.environ.get("PYSTATS_TUI_KEYMAP", ""))
        if self.keymap:
            self.set_keymap(self.keymap)

    def on_ready(self) -> None:
        self.ready = True
        for screen in self.screen_stack:
            if isinstance(screen, BrowserScreen):
                screen.first_frame_shown()

    def action_help(self) -> None:
        if isinstance(self.screen, HelpScreen):
            return
        self.push_screen(HelpScreen(self.key_groups()))

    def key_groups(self) -> list[tuple[str, list[tuple[str, str]]]]:
        """Every binding, as (where, [(keys, what)]), from the live keymap."""
        from pystats_tui.screens.changes import ChangesScreen
        from pystats_tui.screens.history import HistoryScreen
        from pystats_tui.screens.series import SeriesScreen
        from pystats_tui.widgets import ResultsTree, StatTable

        groups = []
        for title, owner in (
            ("Everywhere", self),
            ("Browser", BrowserScreen),
            ("Table", StatTable),
            ("Tree", ResultsTree),
            ("What changed (g)", ChangesScreen),
            ("Pivot (p) and history (h)", SeriesScreen),
            ("History (h), also", HistoryScreen),
        ):
            keys = []
            for binding in owner.BINDINGS:  # type: ignore[attr-defined]
                if isinstance(binding, Binding):
                    key = self.keymap.get(binding.id or "", binding.key_display or binding.key)
                    keys.append((key, f"{binding.description or binding.action}  [{binding.id}]"))
            groups.append((title, keys))
        groups.append(
            (
                "Also",
                [
                    ("tab / shift+tab", "switch between the tree and the tables"),
                    ("arrows", "move in the tree or the table"),
                    ("click a header", "sort by that column"),
                ],
            )
        )
        return groups


def parse_keymap(text: str) -> dict[str, str]:
    """``"browser.filter=f;app.quit=ctrl+q"`` -> ``{"browser.filter": "f", "app.quit": "ctrl+q"}``."""
    keymap = {}
    for item in text.replace("\n", ";").split(";"):
        binding_id, sep, keys = item.partition("=")
        if sep and binding_id.strip() and keys.strip():
            keymap[binding_id.strip()] = keys.strip()
    return keymap
