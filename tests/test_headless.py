"""The core never imports Textual: export, check and every core module run without it."""

from __future__ import annotations

import subprocess
import sys

from conftest import DEFAULT_RUN

CORE = [
    "pystats_tui.cli",
    "pystats_tui.core.export_commands",
    "pystats_tui.core.parse",
    "pystats_tui.core.stats",
    "pystats_tui.core.report_spec",
    "pystats_tui.core.report",
    "pystats_tui.core.markdown",
    "pystats_tui.core.table_view",
    "pystats_tui.core.sources",
    "pystats_tui.core.cells",
    "pystats_tui.core.defines",
    "pystats_tui.core.mdread",
    "pystats_tui.core.output",
    "pystats_tui.core.health",
    "pystats_tui.core.pivot",
    "pystats_tui.core.series_export",
]


def test_core_modules_import_without_textual() -> None:
    code = (
        "import sys, importlib\n"
        f"for m in {CORE!r}: importlib.import_module(m)\n"
        "bad = sorted(m for m in sys.modules if m == 'textual' or m.startswith(('textual.', 'rich')))\n"
        "print(bad)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_export_runs_without_textual() -> None:
    code = (
        "import sys\n"
        "from pystats_tui.cli import main\n"
        f"rc = main(['export', {str(DEFAULT_RUN)!r}])\n"
        "assert rc == 0\n"
        "assert 'textual' not in sys.modules, 'export imported textual'\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert "## Execution counts" in out.stdout
