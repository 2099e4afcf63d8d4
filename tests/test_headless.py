"""The core never imports Textual: export, check and every core module run without it."""

from __future__ import annotations

import subprocess
import sys

from conftest import DEFAULT_RUN

CORE = [
    "pystats_tui.cli",
    "pystats_tui.commands",
    "pystats_tui.parse",
    "pystats_tui.stats",
    "pystats_tui.layout",
    "pystats_tui.report",
    "pystats_tui.markdown",
    "pystats_tui.view",
    "pystats_tui.sources",
    "pystats_tui.cells",
    "pystats_tui.defines",
    "pystats_tui.mdread",
    "pystats_tui.output",
    "pystats_tui.health",
    "pystats_tui.pivot",
    "pystats_tui.series_command",
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
