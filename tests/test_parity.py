"""`pystats-tui export` reproduces every table of summarize_stats' own reports, cell for cell.

Each case is a reference report with its input beside it (merged, per benchmark,
raw directories, and the -vs-base / .compare comparisons), on tests/data and on
../shared/data. Tables are compared by a reader of the tests' own and, where
../shared/tools/mdparity.py exists, by it too.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import DATA, MDPARITY, PUBLIC, SHARED
from mdtables import differences, tables
from parity_cases import find_cases

from pystats_tui.cli import main

#: A published comparison whose base column was made from an earlier base JSON than
#: the one now in its base run (the head columns match; the base counts differ a little).
STALE_BASE = "bm-20240406-azure-x86_64-python-62aeb0ee69b060913963-3.13.0a5+-62aeb0e-pystats-vs-base.md"


def _ids(cases: list[tuple[Path, list[Path]]]) -> list[str]:
    return [
        f"{md.parent.name[-24:]}/{md.name[-40:]}<-{'+'.join(p.suffix or 'raw' for p in inputs)}"
        for md, inputs in cases
    ]


OWN_CASES = find_cases(DATA)
SHARED_CASES = find_cases(SHARED / "data")


def export_text(inputs: list[Path], tmp_path: Path) -> str:
    out = tmp_path / "ours.md"
    assert main(["export", *map(str, inputs), "-o", str(out)]) == 0
    return out.read_text("utf-8")


def os_order_matches_reference(raw_dir: Path) -> bool:
    """Whether this filesystem lists the raw files in the order the reference summed them.

    summarize_stats sums a raw directory in directory order and its tables keep
    ties in first-appearance order; the reference's JSON records that order.
    """
    summary = raw_dir.with_name(raw_dir.name + ".summary.json")
    if not summary.is_file():
        return True
    from pystats_tui.core.raw_files import load_raw_dir

    ours = list(load_raw_dir(raw_dir).counters)
    ref = [k for k in json.loads(summary.read_text()) if not k.startswith("_")]
    return ours == ref


def check_parity(md: Path, inputs: list[Path], tmp_path: Path) -> None:
    ours = export_text(inputs, tmp_path)
    reference = md.read_text("utf-8")
    if not all(os_order_matches_reference(p) for p in inputs if p.is_dir()):
        pytest.skip(
            "this filesystem lists the raw files in another order than the reference's "
            "machine did, so ties in its tables come out in another order"
        )
    assert tables(reference), "the reference has no tables"
    diffs = differences(reference, ours)
    assert not diffs, "\n".join(diffs[:10])
    if MDPARITY.is_file():
        result = subprocess.run(
            [sys.executable, str(MDPARITY), str(md), str(tmp_path / "ours.md")],
            capture_output=True,
            text=True,
        )
        assert result.returncode == 0, result.stdout[-2000:]


def test_own_cases_cover_every_input_kind() -> None:
    kinds = {(len(inputs), inputs[0].is_dir()) for _, inputs in OWN_CASES}
    assert kinds == {(1, False), (1, True), (2, False), (2, True)}
    assert len(OWN_CASES) >= 14


@pytest.mark.parametrize(("md", "inputs"), OWN_CASES, ids=_ids(OWN_CASES))
def test_parity_tests_data(md: Path, inputs: list[Path], tmp_path: Path) -> None:
    check_parity(md, inputs, tmp_path)


@pytest.mark.skipif(not PUBLIC.is_dir(), reason="../shared/data is absent")
@pytest.mark.parametrize(("md", "inputs"), SHARED_CASES, ids=_ids(SHARED_CASES))
def test_parity_shared_data(md: Path, inputs: list[Path], tmp_path: Path) -> None:
    if md.name == STALE_BASE:
        pytest.xfail("published base column predates the base JSON now in the tree")
    check_parity(md, inputs, tmp_path)


@pytest.mark.skipif(not PUBLIC.is_dir(), reason="../shared/data is absent")
def test_stale_base_comparison_matches_in_head_columns(tmp_path: Path) -> None:
    """The one comparison we cannot reproduce differs only in its base counts."""
    cases = [c for c in SHARED_CASES if c[0].name == STALE_BASE]
    assert cases, "the 3.13.0a5 comparison is missing from ../shared/data"
    md, inputs = cases[0]
    ours = tables(export_text(inputs, tmp_path))
    ref = tables(md.read_text("utf-8"))
    table = ("Execution counts",)
    ref_heads = {row[0]: row[2] for row in ref[table][0][1:]}
    our_heads = {row[0]: row[2] for row in ours[table][0][1:]}
    assert ref_heads == our_heads
    assert len(ref_heads) > 100
