"""Shared fixtures: the real data in tests/data and, where present, ../shared/data."""

from __future__ import annotations

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
