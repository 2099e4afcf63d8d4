"""summarize_stats' own history: the behaviour a report reproduces is chosen by the commit date.

Each date-keyed rule of ``core/script_history.py`` has a test here on a small
fixture made from real data (tests/data's CPython 3.13.15 JSON, its date and
name changed in tmp_path), plus ``--as-of`` and the note ``check`` gives when
it had to guess. The public 2024-04-06 reports come out identical as text.
"""

from __future__ import annotations

import datetime
import json
import re
from pathlib import Path

import pytest
from conftest import DEFAULT_RUN, PREFIX, PUBLIC_RESULTS, UOPS_RUN, need_public
from mdtables import tables

from pystats_tui.cli import browse_parser, main
from pystats_tui.core.script_history import RULES, AsOf, Script, date_from_name, parse_date, resolve_as_of
from pystats_tui.core.sources import open_source

OPT = "Optimization (Tier 2) stats"
TRACE_LENGTH = (OPT, "Trace length histogram")
RUN_LENGTH = (OPT, "Trace run length histogram")
UOP_PAIRS = (OPT, "Pair counts")
JIT_NAME = "bm-20240605-3.14.0a0-e83ce85-JIT"


def real_json(run: Path = UOPS_RUN, bench: str = "nbody_small") -> dict:
    return json.loads((run / f"{PREFIX}-{bench}.json").read_text())


def as_jit(data: dict) -> dict:
    """What a JIT build writes: it never fills the trace run length histogram."""
    return {k: (0 if k.startswith("Trace run length[") else v) for k, v in data.items()}


def make_run(root: Path, name: str, data: dict, commit_date: str | None = None) -> Path:
    """A bench_runner run directory ``name`` holding ``data`` as its merged stats."""
    data = dict(data)
    if commit_date is None:
        data.pop("metadata", None)
    else:
        data["metadata"] = {**data.get("metadata", {}), "commit_date": commit_date}
    run = root / name
    run.mkdir(parents=True)
    m = re.match(r"bm-(\d{8})-([^-]+)-([0-9a-f]+)", name)
    assert m, name
    date, version, commit = m.groups()
    (run / f"bm-{date}-azure-x86_64-python-{commit}-{version}-{commit}-pystats.json").write_text(
        json.dumps(data)
    )
    return run


def export(path: Path, tmp_path: Path, *args: str) -> str:
    out = tmp_path / f"out-{len(list(tmp_path.glob('out-*')))}.md"
    assert main(["export", str(path), "-o", str(out), *args]) == 0
    return out.read_text("utf-8")


def histogram(text: str, path: tuple[str, ...]) -> list[list[str]] | None:
    """The rows (header left out) of the histogram table at ``path``, None when it has no table."""
    found = tables(text).get(path)
    return found[0][1:] if found else None


# --------------------------------------------------------------------------- resolving the date


def test_rules_are_declared_in_date_order_with_a_bracket() -> None:
    assert [r.id for r in RULES] == ["R1", "R2", "R5", "R13a", "R13b"]
    for rule in RULES:
        assert rule.since <= rule.until and rule.change and rule.what


def test_the_date_comes_from_the_user_then_metadata_then_the_run_name() -> None:
    meta = {"commit_date": "2024-06-22T10:58:35-07:00"}
    name = ("bm-20240605-3.14.0a0-e83ce85-JIT",)
    assert resolve_as_of(datetime.date(2025, 3, 1), meta, name) == AsOf(datetime.date(2025, 3, 1), "--as-of")
    assert resolve_as_of(None, meta, name) == AsOf(datetime.date(2024, 6, 22), "metadata commit_date")
    assert resolve_as_of(None, {"commit_date": "soon"}, name) == AsOf(datetime.date(2024, 6, 5), "run name")
    assert resolve_as_of(None, {}, ("cpython-3.14-jit.json",)) == AsOf(None)
    assert date_from_name("bm-20241399-3.14.0a0-e83ce85") is None
    assert parse_date("2024-06-05") == datetime.date(2024, 6, 5)
    with pytest.raises(ValueError):
        parse_date("5 June 2024")


def test_a_rule_is_never_on_a_branch_forked_before_it() -> None:
    late = AsOf(datetime.date(2026, 11, 27), "run name")
    tier2 = {"Optimization attempts": 1}
    assert not Script((3, 13), late, tier2).has("R1")  # 3.13.15 of 2026 keeps the old trim
    assert Script((3, 13), late, tier2).has("R13b")  # ... but got the typo fixes backported
    assert Script((3, 16), late, tier2).has("R1")


def test_stats_take_their_date_from_the_run_directory(tmp_path: Path) -> None:
    run = make_run(tmp_path, JIT_NAME, real_json())
    source = open_source(run)
    stats = source.load_stats(source.runs[0].merged)
    assert stats.as_of == AsOf(datetime.date(2024, 6, 5), "run name")
    source = open_source(run, as_of=datetime.date(2025, 3, 1))
    assert source.load_stats(source.runs[0].merged).as_of.source == "--as-of"


# --------------------------------------------------------------------------- R1 and R2 (gh-128941)


def test_r1_before_histograms_keep_leading_zero_rows_and_an_all_zero_one_keeps_one_row(
    tmp_path: Path,
) -> None:
    """The held-out 2024-06-05 JIT reports: `<= 1`, `<= 2`, `<= 4` zero rows, a one-row run length table."""
    text = export(make_run(tmp_path, JIT_NAME, as_jit(real_json()), "2024-06-05T18:54:50+01:00"), tmp_path)
    rows = histogram(text, TRACE_LENGTH)
    assert rows is not None
    assert [r[:2] for r in rows[:5]] == [
        ["<= 1", "0"],
        ["<= 2", "0"],
        ["<= 4", "0"],
        ["<= 8", "0"],
        ["<= 16", "1"],
    ]
    assert rows[-1][1] != "0"
    assert histogram(text, RUN_LENGTH) == [["<= 1", "0", "0.0%"]]
    assert "### JIT memory stats" not in text  # R2 came with the same change


def test_r1_after_histograms_drop_leading_zero_rows_and_an_all_zero_one_prints_no_table(
    tmp_path: Path,
) -> None:
    run = make_run(
        tmp_path, "bm-20250301-3.14.0a5+-1234567-JIT", as_jit(real_json()), "2025-03-01T10:00:00+00:00"
    )
    text = export(run, tmp_path)
    rows = histogram(text, TRACE_LENGTH)
    assert rows is not None and rows[0][:2] == ["<= 16", "1"] and rows[-1][1] != "0"
    assert "### Trace run length histogram" in text and histogram(text, RUN_LENGTH) is None
    assert "### JIT memory stats" in text and "### JIT trace total memory histogram" in text


def test_r1_as_of_overrides_the_date_of_the_data(tmp_path: Path) -> None:
    run = make_run(tmp_path, JIT_NAME, as_jit(real_json()), "2024-06-05T18:54:50+01:00")
    assert histogram(export(run, tmp_path, "--as-of", "2025-03-01"), RUN_LENGTH) is None
    later = make_run(tmp_path, "bm-20250301-3.14.0a5+-1234567-JIT", as_jit(real_json()), "2025-03-01")
    assert histogram(export(later, tmp_path, "--as-of", "2024-06-05"), RUN_LENGTH) == [["<= 1", "0", "0.0%"]]


def test_r1_inside_its_bracket_the_jit_memory_counters_decide(tmp_path: Path) -> None:
    name = "bm-20250205-3.14.0a4+-1234567-JIT"
    old = export(make_run(tmp_path / "a", name, as_jit(real_json()), "2025-02-05"), tmp_path)
    assert histogram(old, RUN_LENGTH) == [["<= 1", "0", "0.0%"]]
    data = {**as_jit(real_json()), "JIT total memory size": 4096, "JIT code size": 1024}
    new = export(make_run(tmp_path / "b", name, data, "2025-02-05"), tmp_path)
    assert histogram(new, RUN_LENGTH) is None
    assert tables(new)[(OPT, "JIT memory stats")][0][1][:2] == ["Total memory size", "4,096"]


def test_r1_without_a_date_the_data_or_the_version_decides(tmp_path: Path) -> None:
    data = as_jit(real_json())
    data.pop("metadata")
    undated = tmp_path / "cpython-3.14.0a0-jit.json"
    undated.write_text(json.dumps(data))
    assert histogram(export(undated, tmp_path), RUN_LENGTH) == [["<= 1", "0", "0.0%"]]  # no JIT memory keys
    three13 = tmp_path / "cpython-3.13.15-jit.json"
    three13.write_text(json.dumps(data))
    assert histogram(export(three13, tmp_path, "--as-of", "2026-01-01"), RUN_LENGTH) == [
        ["<= 1", "0", "0.0%"]
    ]


# --------------------------------------------------------------------------- R5 (gh-115181)


def test_r5_uop_pair_section_and_tier1_pair_summary(tmp_path: Path) -> None:
    before = export(
        make_run(tmp_path, "bm-20240406-3.13.0a5+-62aeb0e-PYTHON_UOPS", real_json(), "2024-04-06"), tmp_path
    )
    after = export(
        make_run(tmp_path, "bm-20240622-3.13.0b2+-4717aaa-PYTHON_UOPS", real_json(), "2024-06-22"), tmp_path
    )
    assert "<summary> Pair counts for top 100 Tier 1 instructions </summary>" in before
    assert "<summary> Pair counts for top 100 opcode pairs </summary>" in after
    assert "Non-JIT uop pairs" not in before and UOP_PAIRS not in tables(before)
    assert "<summary> Pair counts for top 100 Non-JIT uop pairs </summary>" in after
    assert tables(after)[UOP_PAIRS][0][0] == ["Pair", "Count", "Self", "Cumulative"]


# --------------------------------------------------------------------------- R13 (tooltip typos)


@pytest.mark.parametrize(
    ("date", "text"),
    [
        ("2024-04-06", "A potential trace is abandoced because it it too short."),
        ("2025-01-15", "A potential trace is abandoned because it it too short."),
        ("2026-01-01", "A potential trace is abandoned because it is too short."),
    ],
)
def test_r13_trace_too_short_explanation(tmp_path: Path, date: str, text: str) -> None:
    run = make_run(tmp_path, "bm-20240406-3.13.0a5+-62aeb0e-PYTHON_UOPS", real_json(), date)
    out = export(run, tmp_path)
    assert text in out
    assert out.count("too short.") == 1  # no other state of the text


# --------------------------------------------------------------------------- real reports


def test_the_2024_04_06_reports_come_out_identical_as_text(tmp_path: Path) -> None:
    """Their summaries and tooltips too, which the table parity leaves out."""
    need_public()
    run = PUBLIC_RESULTS / "bm-20240406-3.13.0a5+-62aeb0e-PYTHON_UOPS"
    reference = next(run.glob("*-pystats.md")).read_text("utf-8")
    ours = export(run, tmp_path, "--no-other")

    def body(text: str) -> list[str]:
        return [
            line for line in text[text.index("\n## ") :].splitlines() if not line.startswith("Stats gathered")
        ]

    assert body(ours) == body(reference)


# --------------------------------------------------------------------------- the command line


def test_as_of_bad_date_is_a_usage_error(capsys) -> None:
    assert main(["export", str(DEFAULT_RUN), "--as-of", "2024-13-01"]) == 2
    err = capsys.readouterr().err
    assert "usage error" in err and "--as-of" in err and "YYYY-MM-DD" in err
    assert main(["check", str(DEFAULT_RUN), "--as-of", "yesterday"]) == 2


def test_browser_passes_as_of_to_the_inputs(monkeypatch, tmp_path: Path) -> None:
    args = browse_parser().parse_args([str(DEFAULT_RUN), "--as-of", "2024-06-05"])
    assert args.as_of == datetime.date(2024, 6, 5)
    seen = {}

    def fake_open_inputs(path, head, cpython_src, as_of=None):
        seen["as_of"] = as_of
        raise SystemExit(0)

    monkeypatch.setattr("pystats_tui.core.inputs.open_inputs", fake_open_inputs)
    with pytest.raises(SystemExit):
        main([str(DEFAULT_RUN), "--as-of", "2024-06-05"])
    assert seen == {"as_of": datetime.date(2024, 6, 5)}


def test_check_notes_a_guessed_date(tmp_path: Path, capsys) -> None:
    data = real_json()
    data.pop("metadata")
    undated = tmp_path / "cpython-3.13.0a6-uops.json"
    undated.write_text(json.dumps(data))
    assert main(["check", str(undated)]) == 0
    out = capsys.readouterr().out
    assert f"INFO {undated}: no commit date in the input" in out
    assert "guessed from CPython 3.13 (R5 on, R13a on, R13b on)" in out and "--as-of" in out
    assert out.splitlines()[-1].endswith("0 errors, 0 warnings, 1 note")
    assert main(["check", str(undated), "--as-of", "2024-06-01"]) == 0
    assert "INFO" not in capsys.readouterr().out


def test_check_does_not_guess_for_dated_runs(capsys) -> None:
    assert main(["check", str(UOPS_RUN)]) == 0
    assert "INFO" not in capsys.readouterr().out
