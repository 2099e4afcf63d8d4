"""Shared fixtures: the real data in tests/data and, where present, ../shared/data."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from pystats_tui.app import PystatsApp
    from pystats_tui.screens import BrowserScreen

TESTS = Path(__file__).parent
DATA = TESTS / "data"
RESULTS = DATA / "results"
DEFAULT_RUN = RESULTS / "bm-20261127-3.13.15-d7482a7"
RAW = DATA / "raw"
UOPS_RUN = RESULTS / "bm-20261127-3.13.15-d7482a7-PYTHON_UOPS"
PREFIX = "bm-20261127-local-x86_64-python-d7482a7fc1ed36734cb2-3.13.15-d7482a7-pystats"
SHARED = (TESTS.parent.parent / "shared").resolve()
PUBLIC = SHARED / "data" / "public"
PUBLIC_RESULTS = PUBLIC / "results"
MDPARITY = SHARED / "tools" / "mdparity.py"

sys.path.insert(0, str(TESTS))


def need_public() -> None:
    if not PUBLIC_RESULTS.is_dir():
        pytest.skip(f"public reports not found at {PUBLIC_RESULTS} (../shared/data/public is absent)")


@pytest.fixture
def public_results() -> Path:
    need_public()
    return PUBLIC_RESULTS


async def settle(app: Any, pilot: Any) -> None:
    """Let the app finish what a key started: the messages, the workers, the redraw."""
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


def run_command(capsys: pytest.CaptureFixture[str], *args: object) -> tuple[int, str, str]:
    """Run ``pystats-tui ARGS`` in this process: its exit status, stdout and stderr (never a traceback)."""
    from pystats_tui.cli import main

    rc = main([str(a) for a in args])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    return rc, captured.out, captured.err


def export(capsys: pytest.CaptureFixture[str], *args: object) -> tuple[int, str, str]:
    """``pystats-tui export ARGS`` (see ``run_command``)."""
    return run_command(capsys, "export", *args)


def check(capsys: pytest.CaptureFixture[str], *args: object) -> tuple[int, str, str]:
    """``pystats-tui check ARGS`` (see ``run_command``)."""
    return run_command(capsys, "check", *args)


def check_lines(capsys: pytest.CaptureFixture[str], *args: object) -> tuple[int, list[str], str]:
    """``pystats-tui check ARGS``: its exit status, its report's lines and stderr."""
    rc, out, err = check(capsys, *args)
    return rc, out.splitlines(), err


def replace_atomically(path: Path, data: bytes | dict[str, Any]) -> None:
    """As bench_runner and rsync do: write a temporary file beside it, then rename it over."""
    temp = path.with_name(f".{path.name}.new")
    temp.write_bytes(data if isinstance(data, bytes) else json.dumps(data).encode())
    os.replace(temp, path)


# --------------------------------------------------------------------------- shared builders


def break_call_stats(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make the "Call stats" table fail as a bug in a row function would."""
    from pystats_tui.core.report_spec import REPORT_SPEC

    spec = next(s for s in REPORT_SPEC if s.title == "Call stats")

    def broken(_stats):
        raise KeyError("Calls to PyEval_EvalDefault")

    monkeypatch.setattr(spec.parts[0], "rows", broken)


def write_run(tree: Path, name: str, source_run: Path, factor: int) -> None:
    """A run directory whose merged JSON is ``source_run``'s with every counter times ``factor``."""
    data = json.loads((source_run / f"{PREFIX}.json").read_text())
    for k, v in data.items():
        if not k.startswith("_") and k != "metadata" and isinstance(v, int):
            data[k] = v * factor
    run = tree / name
    run.mkdir()
    (run / f"{PREFIX}.json").write_text(json.dumps(data))


def make_empty_run(tmp_path: Path) -> Path:
    run = tmp_path / "results" / "bm-20260421-3.15.0a8+-09233bd"
    run.mkdir(parents=True)
    data = {
        "_specialized_instructions": [],
        "_stats_defines": {},
        "_defines": {},
        "metadata": {"commit_id": "09233bd"},
    }
    (run / "bm-20260421-x-aarch64-python-09233bd-3.15.0a8+-09233bd-pystats.json").write_text(json.dumps(data))
    return run


async def open_default_all(app: PystatsApp, pilot) -> BrowserScreen:
    """The first screen of the tests' tree: the default run's merged stats, the table focused.

    The newest run with data is the PYTHON_UOPS one; its plain twin of the same
    commit is what opens, at Execution counts.
    """
    from pystats_tui.screens import BrowserScreen

    await settle(app, pilot)
    screen = app.screen
    assert isinstance(screen, BrowserScreen)
    assert screen.current is not None and screen.current.bench.name == "all"
    assert screen.current.bench.run.path.name == DEFAULT_RUN.name
    assert screen.section_path == ("Execution counts",)
    assert screen.current_table is not None and screen.current_table.has_focus
    return screen
