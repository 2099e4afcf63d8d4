"""The bottom line: the keys that work where the focus is, drawn by one widget.

Textual's ``Footer`` mounts a widget per key and mounts them all again on
every focus change; this bar draws the same keys as one line of text. It
reads the screen's active bindings (so remapped keys show as remapped and
disabled ones dimmed), puts the command palette's key on the right, and a
click on a key presses it.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.style import Style
from rich.text import Text
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
    COMPONENT_CLASSES = {"key-bar--key", "key-bar--description"}
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
    """

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
        for _node, binding, enabled, _tooltip in active.values():
            if not binding.show or binding.action in actions:
                continue
            actions.add(binding.action)
            shown.append(KeyHint(binding.key, app.get_key_display(binding), binding.description, enabled))
        palette = None
        if app.ENABLE_COMMAND_PALETTE and app.COMMAND_PALETTE_BINDING in active:
            _node, binding, enabled, _tooltip = active[app.COMMAND_PALETTE_BINDING]
            palette = KeyHint(binding.key, app.get_key_display(binding), binding.description, enabled)
        return shown, palette

    def _hint_text(self, hint: KeyHint, key_style: Style, text_style: Style) -> Text:
        click = Style.from_meta({"@click": f"app.simulate_key({hint.key!r})"})
        text = Text.assemble(
            (f" {hint.display} ", key_style + click),
            (f"{hint.description} " if hint.description else "", text_style + click),
        )
        if not hint.enabled:
            text.stylize(Style(dim=True))
        return text

    def render(self) -> RenderResult:
        key_style = self.get_component_rich_style("key-bar--key", partial=True)
        text_style = self.get_component_rich_style("key-bar--description", partial=True)
        shown, palette = self.hints()
        line = Text(no_wrap=True, overflow="ellipsis", end="")
        for hint in shown:
            line.append_text(self._hint_text(hint, key_style, text_style))
        if palette is not None:
            right = Text("▏", style=text_style) + self._hint_text(palette, key_style, text_style)
            room = self.size.width - right.cell_len
            if line.cell_len > room:
                line.truncate(max(0, room), overflow="ellipsis")
            line.pad_right(max(0, room - line.cell_len))
            line.append_text(right)
        return line
