"""F1 / ?: every key of the browser, read from the live bindings (so remapped keys show)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static


class HelpScreen(ModalScreen[None]):
    """A list of every key, grouped by where it works."""

    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll {
        width: 72;
        max-width: 100%;
        height: auto;
        max-height: 90%;
        border: round $primary;
        background: $surface;
        padding: 0 1;
    }
    HelpScreen .help-title { text-style: bold; color: $accent; padding: 1 0 0 0; }
    """

    BINDINGS = [
        Binding("escape,q,f1,question_mark", "dismiss", "Close", id="help.close"),
    ]

    def __init__(self, groups: list[tuple[str, list[tuple[str, str]]]]) -> None:
        super().__init__()
        self.groups = groups

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static("pystats-tui keys", classes="help-title")
            for title, keys in self.groups:
                yield Static(title, classes="help-title")
                lines = [f"  {key:<18} {what}" for key, what in keys]
                yield Static("\n".join(lines))
            yield Static("\nEscape closes this screen.")

    def action_dismiss(self) -> None:  # type: ignore[override]
        self.dismiss(None)
