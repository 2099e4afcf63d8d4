"""pystats-tui: browse, compare and export CPython's pystats.

The package is split in two. The headless core (everything here except ``app``,
``screens`` and ``widgets``) loads pystats data, computes every summarize_stats
section as typed tables, compares two inputs and writes Markdown; it never
imports Textual. The UI renders what the core computes.
"""

__version__ = "0.1.0"
