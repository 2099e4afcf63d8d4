"""pystats-tui: browse, compare and export CPython's pystats.

The package is split in two. The headless core (``pystats_tui.core``) loads
pystats data, computes every summarize_stats section as typed tables, compares
two inputs and writes Markdown; it never imports Textual. The command line
(``cli``) uses the core and imports the UI only to open it. The UI (``app``,
``palette``, ``health_marks``, ``screens``, ``widgets``) renders what the core
computes.
"""

__version__ = "0.1.0"
