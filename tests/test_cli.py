"""The command line as summarize_stats users type it: --version, --json-output, no input."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import pytest
from conftest import DATA

from pystats_tui import __version__, cli
from pystats_tui.cli import main

RAW_DIR = DATA / "raw" / "cpython-3.13.15-default-micro"
RAW_SUMMARY = DATA / "raw" / "cpython-3.13.15-default-micro.summary.json"


@pytest.mark.parametrize("flag", ["--version", "-V"])
def test_version_names_this_release_and_what_it_runs_on(capsys, flag):
    assert main([flag]) == 0
    out = capsys.readouterr().out
    python = ".".join(map(str, sys.version_info[:3]))
    assert out == (
        f"pystats-tui {__version__} (Python {python}; textual {metadata.version('textual')}; "
        f"rich {metadata.version('rich')}; msgspec {metadata.version('msgspec')})\n"
    )


def test_version_is_the_package_metadata_version():
    """One version: pyproject reads it from the package, so the two cannot drift apart."""
    assert metadata.version("pystats-tui") == __version__


def test_version_imports_neither_textual_nor_a_decoder():
    code = (
        "import sys; from pystats_tui.cli import main; main(['--version'])\n"
        "assert 'textual' not in sys.modules and 'msgspec' not in sys.modules"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith(f"pystats-tui {__version__} (Python ")


def test_json_output_is_a_synonym_of_json(tmp_path, capsys):
    out = tmp_path / "summed.json"
    assert main(["export", str(RAW_DIR), "--json-output", str(out)]) == 0
    written = json.loads(out.read_text())
    expected = json.loads(RAW_SUMMARY.read_text())
    assert written["__nfiles__"] == expected["__nfiles__"] == 3
    assert {k: v for k, v in written.items() if not k.startswith("_")} == {
        k: v for k, v in expected.items() if not k.startswith("_")
    }
    assert "## Execution counts" in capsys.readouterr().out


def test_export_without_input_reads_the_default_raw_directory(tmp_path, capsys, monkeypatch):
    default = tmp_path / "py_stats"
    shutil.copytree(RAW_DIR, default)
    monkeypatch.setattr(cli, "DEFAULT_RAW_DIR", f"{default}/")
    assert main(["export"]) == 0
    with_default = capsys.readouterr().out
    assert main(["export", str(RAW_DIR)]) == 0
    assert with_default == capsys.readouterr().out
    assert "## Execution counts" in with_default


def test_export_without_input_names_the_missing_default(tmp_path, capsys, monkeypatch):
    missing = Path(tmp_path / "py_stats")
    monkeypatch.setattr(cli, "DEFAULT_RAW_DIR", f"{missing}/")
    assert main(["export"]) == 1
    assert capsys.readouterr().err == f"pystats-tui: error: {missing}: no such file or directory\n"
