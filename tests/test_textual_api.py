"""The few Textual names pystats-tui uses beyond the documented API: fail loudly when they move.

Each use in the package degrades quietly for a user (a key line, a cache not
cleared); these tests are what notices, in CI, when a Textual release changes
one of them, so the code can be updated before users feel it.
"""

from __future__ import annotations

from conftest import DEFAULT_RUN

from pystats_tui.app import PystatsApp
from pystats_tui.core.sources import open_source
from pystats_tui.widgets.key_bar import KeyBar


def test_styles_cache_line_cache_can_still_be_cleared() -> None:
    """heap.py clears it so removed widgets' line caches are freed (textual#6665)."""
    from textual._styles_cache import StylesCache

    assert callable(StylesCache.get_inner_outer.cache_clear)


def test_active_bindings_are_named_tuples_with_the_fields_key_bar_reads() -> None:
    from textual.binding import ActiveBinding, Binding

    assert {"node", "binding", "enabled"} <= set(ActiveBinding._fields)
    entry = ActiveBinding(None, Binding("x", "y"), True)  # type: ignore[arg-type]
    assert entry.binding.key == "x" and entry.enabled is True


async def test_key_bar_reads_the_screens_active_bindings() -> None:
    """The key line lists the screen's keys: the shape it reads is the one Textual gives."""
    from textual.binding import ActiveBinding

    app = PystatsApp(open_source(DEFAULT_RUN))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        active = app.screen.active_bindings
        assert active and all(isinstance(entry, ActiveBinding) for entry in active.values())
        shown, palette = app.screen.query_one(KeyBar).hints()
        assert "quit" in {hint.description.lower() for hint in shown}
        assert palette is not None and palette.key == app.COMMAND_PALETTE_BINDING
        assert app.screen.bindings_updated_signal is not None
