"""The bottom line: the keys that work where the focus is, drawn by one widget.

Textual's ``Footer`` mounts a widget per key and mounts them all again on
every focus change; this bar draws the same keys as one line of text. It
reads the screen's active bindings (so remapped keys show as remapped and
disabled ones dimmed), puts the command palette's key on the right,
highlights the key under the mouse, and a click on a key presses it.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.style import Style
from rich.text import Text
from textual import events
from textual.app import RenderResult
from textual.screen import Screen
from textual.widget import Widget


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

    def __init__(self) -> None:
        super().__init__()
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
        """The keys to show (one per action, in binding order) and the command palette's key."""
        app = self.app
        active = self.screen.active_bindings
        shown: list[KeyHint] = []
        actions: set[str] = set()
        # ActiveBinding is a NamedTuple: read it by field name, not by its shape
        # (tests/test_textual_api.py fails loudly if the fields change).
        for entry in active.values():
            binding = entry.binding
            if not binding.show or binding.action in actions:
                continue
            actions.add(binding.action)
            display = app.get_key_display(binding)
            shown.append(KeyHint(binding.key, display, binding.description, entry.enabled))
        palette = None
        if app.ENABLE_COMMAND_PALETTE and app.COMMAND_PALETTE_BINDING in active:
            entry = active[app.COMMAND_PALETTE_BINDING]
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
        line = Text(no_wrap=True, overflow="ellipsis", end="")
        spans: list[tuple[int, int, KeyHint]] = []
        for hint in shown:
            start = line.cell_len
            line.append_text(self._hint_text(hint, *styles))
            spans.append((start, line.cell_len, hint))
        if palette is not None:
            right = Text("▏", style=styles[1])
            right.append_text(self._hint_text(palette, *styles))
            room = self.size.width - right.cell_len
            if line.cell_len > room:
                line.truncate(max(0, room), overflow="ellipsis")
                spans = [(a, min(b, room), h) for a, b, h in spans if a < room]
            line.pad_right(max(0, room - line.cell_len))
            spans.append((room + 1, room + right.cell_len, palette))
            line.append_text(right)
        self._spans = spans
        return line

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
