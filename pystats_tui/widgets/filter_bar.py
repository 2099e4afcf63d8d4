"""The filter box of every screen with tables: type to filter rows, enter keeps, escape clears.

It is hidden until opened (``/``), says what changed through its own messages,
and never touches a table itself: the screen (or pane) that owns the tables
applies the text to their views.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Input

PLACEHOLDER = "filter rows (substring of the label); enter keeps, escape clears"


class FilterBar(Input):
    """A one-line filter, docked at the bottom of its screen, shown while it is being typed in."""

    DEFAULT_CSS = """
    FilterBar { dock: bottom; height: 3; display: none; }
    FilterBar.-shown { display: block; }
    """

    BINDINGS = [Binding("escape", "clear", "Clear filter", show=False, id="filter.clear")]

    @dataclass
    class FilterChanged(Message):
        """The filter text changed (each key typed, or cleared)."""

        filter_bar: FilterBar
        text: str

    @dataclass
    class Closed(Message):
        """The box closed (enter keeps the filter, escape clears it): the table takes the keys again."""

        filter_bar: FilterBar

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(placeholder=PLACEHOLDER, id=id)

    @property
    def shown(self) -> bool:
        """Whether the box is on screen."""
        return self.has_class("-shown")

    def open(self, text: str) -> None:
        """Show the box holding ``text`` (the current filter) and take the focus."""
        self.value = text
        self.add_class("-shown")
        self.focus()

    def close(self) -> None:
        """Hide the box; the filter stays as it is."""
        self.remove_class("-shown")

    @on(Input.Changed)
    def _forward_change(self, event: Input.Changed) -> None:
        event.stop()
        self.post_message(self.FilterChanged(self, event.value))

    @on(Input.Submitted)
    def _keep(self, event: Input.Submitted) -> None:
        event.stop()
        self.close()
        self.post_message(self.Closed(self))

    def action_clear(self) -> None:
        """Clear the filter and close the box."""
        self.value = ""  # posts FilterChanged when there was a filter
        self.close()
        self.post_message(self.Closed(self))
