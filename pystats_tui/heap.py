"""Keeping the browser smooth: the collector's view of the heap, and Textual's line caches.

A report is many small objects. Once one is shown, they are frozen out of the
cyclic collector's sight (``gc.freeze``), a second after the last large build,
so its full passes do not stall scrolling. Removed widgets' line caches are
dropped at once (textual#6665), through a private Textual name that
``tests/test_textual_api.py`` watches.
"""

from __future__ import annotations

import gc

from textual.message_pump import MessagePump
from textual.timer import Timer

#: The pending freeze: one for the whole app, restarted by every large build.
_timer: Timer | None = None


def freeze_heap() -> None:
    """Collect once, then freeze what is left: it is old, and the collector need not walk it."""
    gc.unfreeze()
    gc.collect()
    gc.freeze()


def freeze_heap_soon(owner: MessagePump) -> None:
    """Freeze the heap a second after the last large build (a report, a full pair list)."""
    global _timer
    if _timer is not None:
        _timer.stop()
    _timer = owner.set_timer(1.0, freeze_heap)


def forget_removed_widgets() -> None:
    """Work around Textual keeping removed widgets' line caches alive (textual#6665)."""
    try:
        from textual._styles_cache import StylesCache

        StylesCache.get_inner_outer.cache_clear()
    except (ImportError, AttributeError):
        pass
