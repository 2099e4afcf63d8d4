"""``w``: every file skipped and every problem met while scanning and loading, one a line."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static


class ProblemsScreen(ModalScreen[None]):
    """A scrollable list of problems: file (and line), then what is wrong."""

    DEFAULT_CSS = """
    ProblemsScreen { align: center middle; }
    ProblemsScreen > VerticalScroll {
        width: 90%;
        height: auto;
        max-height: 90%;
        border: round $warning;
        background: $surface;
        padding: 0 1;
    }
    ProblemsScreen .problems-title { text-style: bold; color: $warning; }
    """

    BINDINGS = [Binding("escape,q,w", "close", "Close", id="problems.close")]

    def __init__(self, lines: list[str]) -> None:
        super().__init__()
        self.lines = lines

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            count = len(self.lines)
            title = f"{count} problem(s): skipped files and lines" if count else "No problems so far."
            yield Static(title, classes="problems-title")
            if self.lines:
                yield Static("\n".join(self.lines), markup=False)
            yield Static("\nEscape closes this list.")

    def action_close(self) -> None:
        self.dismiss(None)
