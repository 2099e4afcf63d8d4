"""The browser's keys, declared as data: each with an id, so PYSTATS_TUI_KEYMAP can remap it.

The table's own keys (sort, moves) are ``StatTable``'s and the tree's are
``ResultsTree``'s; these are the screen's. The key line orders them by
``widgets/key_bar.py``'s priority, and F1 lists them all.
"""

from __future__ import annotations

from textual.binding import Binding, BindingType

BROWSER_KEYS: list[BindingType] = [
    Binding("slash", "start_filter", "Filter", id="browser.filter"),
    Binding("escape", "clear_filter", "Close / clear filter", show=False, id="browser.clear_filter"),
    Binding("right_square_bracket", "next_bench", "Next bench", key_display="]", id="browser.next_bench"),
    Binding(
        "left_square_bracket",
        "prev_bench",
        "Prev bench",
        key_display="[",
        show=False,
        id="browser.prev_bench",
    ),
    Binding(
        "right_curly_bracket", "next_section", "Next section", key_display="}", id="browser.next_section"
    ),
    Binding(
        "left_curly_bracket",
        "prev_section",
        "Prev section",
        key_display="{",
        show=False,
        id="browser.prev_section",
    ),
    Binding("b", "mark_base", "Base", id="browser.mark_base"),
    Binding("B", "leave_compare", "Leave compare", show=False, id="browser.leave_compare"),
    Binding("e", "export_view", "Export", id="browser.export_view"),
    Binding("E", "export_report", "Export report", show=False, id="browser.export_report"),
    Binding("y", "copy_view", "Copy", show=False, id="browser.copy_view"),
    Binding("i", "toggle_doc", "Explain", show=False, id="browser.toggle_doc"),
    Binding("t", "toggle_tree", "Tree", show=False, id="browser.toggle_tree"),
    Binding("p", "pivot", "Pivot", show=False, id="browser.pivot"),
    Binding("h", "history", "History", show=False, id="browser.history"),
    Binding("g", "changes", "What changed", show=False, id="browser.changes"),
    Binding("G", "bench_moves", "Benchmarks that moved", show=False, id="browser.bench_moves"),
    Binding("c", "health", "Health", show=False, id="browser.health"),
    Binding("w", "problems", "Problems", show=False, id="browser.problems"),
    Binding("r", "rescan", "Rescan", show=False, id="browser.rescan"),
]
