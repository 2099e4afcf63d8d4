"""Shared fixtures: the real data in tests/data and, where present, ../shared/data."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

import pytest

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


def replace_atomically(path: Path, data: bytes | dict[str, Any]) -> None:
    """As bench_runner and rsync do: write a temporary file beside it, then rename it over."""
    temp = path.with_name(f".{path.name}.new")
    temp.write_bytes(data if isinstance(data, bytes) else json.dumps(data).encode())
    os.replace(temp, path)
