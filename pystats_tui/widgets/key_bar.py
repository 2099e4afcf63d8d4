"""The bottom line: the keys that work where the focus is, drawn by one widget.

Textual's ``Footer`` mounts a widget per key and mounts them all again on
every focus change; this bar draws the keys as one line of text. It reads
the screen's active bindings: every key of the focused widget, its
ancestors, the screen and the app (so remapped keys show as remapped and
disabled ones dimmed), one per action, the most used first (``KEY_PRIORITY``),
as many whole keys as the width holds; the command palette's key stays on
the right. The key under the mouse is highlighted, and a click on a key
presses it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.style import Style
from rich.text import Text
from textual import events
from textual.app import RenderResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widget import Widget

#: Binding ids, most used first: the key line shows them in this order, as many as fit.
#: Keys of other ids (a new screen's) come after these, in the order of their bindings;
#: keys without an id (Textual's own: cursor moves, focus, copying selected text) last.
KEY_PRIORITY: tuple[str, ...] = (
    # Working on a table or a tree.
    "table.sort",
    "tree.open",
    "browser.filter",
    "series.filter",
    "browser.next_bench",
    "browser.next_section",
    "browser.mark_base",
    "browser.export_view",
    "series.export_view",
    "series.share",
    "series.close",
    # Now and then.
    "browser.prev_bench",
    "browser.prev_section",
    "browser.copy_view",
    "series.copy_view",
    "browser.clear_filter",
    "filter.clear",
    "browser.toggle_doc",
    "browser.toggle_tree",
    "tree.toggle",
    "browser.pivot",
    "browser.history",
    "browser.health",
    "browser.problems",
    "browser.rescan",
    "browser.leave_compare",
    "browser.export_report",
    "app.help",
    "app.quit",
    # Moving the cursor: known without being told.
    "table.up",
    "table.down",
    "table.left",
    "table.right",
    "table.page_up",
    "table.page_down",
    "table.home",
    "table.end",
)


def key_rank(binding: Binding, position: int, priority: Sequence[str] = KEY_PRIORITY) -> tuple[int, int]:
    """Where a binding goes on the key line: by ``priority``, then unlisted ids, then keys without one."""
    if binding.id in priority:
        return (0, priority.index(binding.id))
    return (1 if binding.id else 2, position)


@dataclass(frozen=True)
class KeyHint:
    """One key of the bar: what is pressed, what it shows, what it does, and whether it can now."""

    key: str
    display: str
    description: str
    enabled: bool = True


class KeyBar(Widget, can_focus=False):
    """The keys of the focused widget and its screen, one line, palette key on the right."""

    ALLOW_SELECT = False
    COMPONENT_CLASSES = {"key-bar--key", "key-bar--description", "key-bar--hover"}
    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        background: $footer-background;
        color: $footer-foreground;
    }
    KeyBar > .key-bar--key {
        color: $footer-key-foreground;
        background: $footer-key-background;
        text-style: bold;
    }
    KeyBar > .key-bar--description {
        color: $footer-description-foreground;
    }
    KeyBar > .key-bar--hover {
        background: $block-hover-background;
    }
    """

    def __init__(self, priority: Sequence[str] = KEY_PRIORITY) -> None:
        super().__init__()
        #: Binding ids, most used first (see ``KEY_PRIORITY``).
        self.priority = tuple(priority)
        #: Where each key was drawn last: (first column, column after, key).
        self._spans: list[tuple[int, int, KeyHint]] = []
        #: The key under the mouse.
        self._hover: str | None = None

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, _screen: Screen) -> None:
        self.refresh()

    def hints(self) -> tuple[list[KeyHint], KeyHint | None]:
        """The keys to show (one per action, most used first) and the command palette's key.

        Every active binding with a description counts, shown or not: the
        focused widget's, its ancestors', the screen's and the app's.
        """
        app = self.app
        active = self.screen.active_bindings
        palette_key = app.COMMAND_PALETTE_BINDING if app.ENABLE_COMMAND_PALETTE else None
        # One key per action: a binding of ours (with an id) rather than Textual's twin
        # (ctrl+q beside q), else the first met (the focused widget's).
        chosen: dict[str, tuple[int, Binding, bool]] = {}
        # ActiveBinding is a NamedTuple: read it by field name, not by its shape
        # (tests/test_textual_api.py fails loudly if the fields change).
        for position, (key, entry) in enumerate(active.items()):
            binding = entry.binding
            if key == palette_key or not binding.description:
                continue
            held = chosen.get(binding.action)
            if held is None or (binding.id and not held[1].id):
                chosen[binding.action] = (position, binding, entry.enabled)
        ordered = sorted(chosen.values(), key=lambda item: key_rank(item[1], item[0], self.priority))
        shown = [
            KeyHint(binding.key, app.get_key_display(binding), binding.description, enabled)
            for _, binding, enabled in ordered
        ]
        palette = None
        if palette_key is not None and palette_key in active:
            entry = active[palette_key]
            binding = entry.binding
            palette = KeyHint(binding.key, app.get_key_display(binding), binding.description, entry.enabled)
        return shown, palette

    def _hint_text(self, hint: KeyHint, key_style: Style, text_style: Style, hover: Style) -> Text:
        if hint.key == self._hover:
            key_style, text_style = key_style + hover, text_style + hover
        text = Text.assemble(
            (f" {hint.display} ", key_style),
            (f"{hint.description} " if hint.description else "", text_style),
        )
        if not hint.enabled:
            text.stylize(Style(dim=True))
        return text

    def render(self) -> RenderResult:
        styles = [
            self.get_component_rich_style(name, partial=True)
            for name in ("key-bar--key", "key-bar--description", "key-bar--hover")
        ]
        shown, palette = self.hints()
        right = Text("")
        if palette is not None:
            right = Text("▏", style=styles[1])
            right.append_text(self._hint_text(palette, *styles))
        room = max(0, self.size.width - right.cell_len)
        line = Text(no_wrap=True, overflow="crop", end="")
        spans: list[tuple[int, int, KeyHint]] = []
        for hint in shown:
            text = self._hint_text(hint, *styles)
            if line.cell_len + text.cell_len > room:
                break  # whole keys only: the rest are less used (F1 lists them all)
            start = line.cell_len
            line.append_text(text)
            spans.append((start, line.cell_len, hint))
        if palette is not None:
            line.pad_right(room - line.cell_len)
            spans.append((room + 1, room + right.cell_len, palette))
            line.append_text(right)
        self._spans = spans
        return line

    @property
    def keys_shown(self) -> list[KeyHint]:
        """The keys drawn last, left to right (the palette's key last)."""
        return [hint for _, _, hint in self._spans]

    @property
    def hovered(self) -> str | None:
        """The key under the mouse (drawn highlighted), if any."""
        return self._hover

    def hint_at(self, x: int) -> KeyHint | None:
        """The key drawn at column ``x``, if any."""
        return next((hint for start, end, hint in self._spans if start <= x < end), None)

    def on_click(self, event: events.Click) -> None:
        hint = self.hint_at(event.x)
        if hint is None:
            return
        if hint.enabled:
            self.app.simulate_key(hint.key)
        else:
            self.app.bell()

    def on_mouse_move(self, event: events.MouseMove) -> None:
        hint = self.hint_at(event.x)
        self._set_hover(hint.key if hint is not None else None)

    def on_leave(self, _event: events.Leave) -> None:
        self._set_hover(None)

    def _set_hover(self, key: str | None) -> None:
        if key != self._hover:
            self._hover = key
            self.refresh()
