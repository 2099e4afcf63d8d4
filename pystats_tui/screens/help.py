"""F1 / ?: every key of the browser, read from the live bindings (so remapped keys show).

Below the keys, what the marks on screen mean: the health marks of the
tree (✓ ⚠ ✗, "no data"), the run flags (UOPS, JIT) and the ``‹N``/``›N``
hints at the edges of a table's header.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

#: What the marks on screen mean, as (mark, meaning), shown under the keys.
MARKS_LEGEND: tuple[tuple[str, str], ...] = (
    ("✓", "the run passed its health check: data present, nothing odd found"),
    (
        "⚠",
        "a warning: e.g. per-benchmark reports missing, totals that do not add up, "
        "zero denominators, lines skipped while loading "
        "(the findings show when the run opens; c checks fully)",
    ),
    (
        "✗",
        "an error: no data files, all execution counts zero, tier-2 flags without tier-2 stats, "
        "or an input that cannot be read",
    ),
    ("no data", "the run's pystats collection failed: 0 data files, nothing to show"),
    (
        "UOPS, JIT",
        "flags of the run (PYTHON_UOPS, PYTHON_JIT): a CPython built with the tier-2 "
        "optimizer (UOPS) or the JIT, so its tier-2 (optimization) sections hold data",
    ),
    (
        "›N  ‹N",
        "at the right or left edge of a table's header: N more columns off screen that way "
        "(right / left move to them)",
    ),
)


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
            yield Static("What the marks mean", classes="help-title")
            yield Static(
                "\n".join(f"  {mark:<18} {what}" for mark, what in MARKS_LEGEND), classes="help-legend"
            )
            yield Static("\nEscape closes this screen.")

    def action_dismiss(self) -> None:  # type: ignore[override]
        self.dismiss(None)
