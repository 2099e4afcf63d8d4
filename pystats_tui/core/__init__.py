"""The headless core of pystats-tui: everything that works without a terminal UI.

It finds inputs on disk (``sources``, ``runs``: results trees, runs, files),
parses them (``parse``: files read safely by ``files``, raw stats by
``raw_files``, JSON by ``json_data``, into ``counters.RawData``), computes
stats (``stats``, opcode families in ``families``), builds the report that the
report specification declares (``report_spec``, ``report``), sorts and filters
tables (``table_view``), writes Markdown (``markdown``, ``output``), checks
health (``health``) and reads one value (``address``) across benchmarks
(``pivot``) or runs (``history``), and ranks what changed (``changes``,
``bench_moves``). The headless commands (``export_commands``,
``series_export``) and the choice of what a report is about (``inputs``) live
here too.

The rule: nothing in ``pystats_tui.core`` imports Textual or Rich, nor the UI
(``pystats_tui.app``, ``pystats_tui.screens``, ``pystats_tui.widgets``).
``tests/test_headless.py`` walks this package to prove it.
"""
