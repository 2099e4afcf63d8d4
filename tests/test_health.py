"""Health checks of runs and benchmarks, and `pystats-tui check`."""

from __future__ import annotations

import json
import os
from pathlib import Path

from conftest import DEFAULT_RUN, PREFIX, PUBLIC_RESULTS, RESULTS, break_call_stats, check_lines, need_public

from pystats_tui.core.health import (
    Finding,
    check_benchmark,
    check_run,
    check_source,
    format_findings,
    linked_benchmarks,
    worst,
)
from pystats_tui.core.runs import MERGED
from pystats_tui.core.sources import open_source

BENCHES = ("nbody_small", "objects_small", "stdlib_small")
MISSING_LINKS = "12 of 15 per-benchmark reports linked from the merged report are missing: test_ast, "


def make_run(root: Path, name: str, files: dict[str, Path | str]) -> Path:
    """A run directory: each file a symlink to real data (Path) or the text given (str)."""
    run = root / name
    run.mkdir(parents=True)
    for file_name, what in files.items():
        if isinstance(what, Path):
            os.symlink(what, run / file_name)
        else:
            (run / file_name).write_text(what)
    return run


def real(bench: str | None = None, ext: str = "json") -> Path:
    return DEFAULT_RUN / f"{PREFIX}{'-' + bench if bench else ''}.{ext}"


# --------------------------------------------------------------------------- the CLI on real trees


class TestCheckCommand:
    """`pystats-tui check PATH`: a line per finding, a summary, exit 1 on errors."""

    def test_bundled_results_warn_of_missing_linked_reports(self, capsys):
        rc, lines, err = check_lines(capsys, RESULTS)
        assert rc == 0, err
        assert lines == [
            f"WARN bm-20261127-3.13.15-d7482a7-PYTHON_UOPS: {MISSING_LINKS}"
            "test_collections, test_csv, test_dataclasses, test_difflib, test_enum, test_functools, "
            "test_heapq, ... (12 in all)",
            f"WARN bm-20261127-3.13.15-d7482a7: {MISSING_LINKS}"
            "test_collections, test_csv, test_dataclasses, test_difflib, test_enum, test_functools, "
            "test_heapq, ... (12 in all)",
            "2 runs, 6 benchmarks checked: 0 errors, 2 warnings",
        ]

    def test_public_results_fail_on_the_broken_runs(self, capsys):
        need_public()
        rc, lines, err = check_lines(capsys, PUBLIC_RESULTS)
        assert rc == 1, err
        errors = [line for line in lines if line.startswith("ERROR")]
        no_data = "no data files: 0 raw files were collected (the pystats collection failed)"
        assert f"ERROR bm-20260421-3.15.0a8+-09233bd: {no_data}" in errors
        assert f"ERROR bm-20260421-3.15.0a8+-09233bd-PYTHON_UOPS: {no_data}" in errors
        # 3.16 dropped PYTHON_UOPS: that run's optimizer never ran.
        assert (
            "ERROR bm-20260723-3.16.0a0-66e313f-PYTHON_UOPS: flags PYTHON_UOPS in the run's name "
            "but every tier-2 counter is zero" in errors
        )
        assert len(errors) == 3
        # Errors come first, warnings after, then the summary.
        assert lines[: len(errors)] == errors
        assert lines[-1] == "8 runs, 13 benchmarks checked: 3 errors, 6 warnings"
        assert not any("3.12.0b3" in line or "bm-20240406-3.13.0a5+-62aeb0e:" in line for line in lines)

    def test_a_single_run_and_a_single_file(self, capsys):
        rc, lines, _ = check_lines(capsys, DEFAULT_RUN)
        assert rc == 0 and lines[-1] == "1 run, 3 benchmarks checked: 0 errors, 1 warning"
        rc, lines, _ = check_lines(capsys, real("nbody_small"))
        assert rc == 0 and lines == ["1 run, 0 benchmarks checked: 0 errors, 0 warnings"]

    def test_missing_path_is_one_line_and_exit_1(self, tmp_path, capsys):
        rc, lines, err = check_lines(capsys, tmp_path / "nope")
        assert rc == 1 and lines == []
        assert err.count("\n") == 1 and err.startswith("pystats-tui: error: ")


# --------------------------------------------------------------------------- each check


class TestErrors:
    """What makes `check` exit 1."""

    def test_no_data_files(self, tmp_path):
        empty = {"_specialized_instructions": [], "metadata": {}}
        make_run(tmp_path, "bm-20260101-3.15.0-abcdef0", {"bm-x-pystats.json": json.dumps(empty)})
        source = open_source(tmp_path)
        [finding] = check_source(source)
        assert finding.severity == "error" and "no data files" in finding.message
        assert (finding.run, finding.bench) == ("bm-20260101-3.15.0-abcdef0", MERGED)

    def test_all_execution_counts_zero(self, tmp_path):
        raw = tmp_path / "stats.txt"
        raw.write_text("opcode[LOAD_FAST].execution_count: 0\nCalls to PyEval_EvalDefault: 5\n")
        [finding] = check_source(open_source(raw))
        assert (
            str(finding)
            == f"ERROR {raw}: all execution counts are zero although 1 data file(s) were collected"
        )

    def test_tier2_flags_without_tier2_stats(self, tmp_path):
        make_run(tmp_path, "bm-20261127-3.13.15-d7482a7-JIT", {"bm-x-pystats.json": real()})
        findings = check_source(open_source(tmp_path))
        assert [str(f) for f in findings] == [
            "ERROR bm-20261127-3.13.15-d7482a7-JIT: flags JIT in the run's name but no tier-2 stats "
            "(no optimizer counters)"
        ]

    def test_tier2_is_judged_on_the_merged_stats_only(self, tmp_path):
        """A benchmark may rightly never reach tier 2; one error per run, not per benchmark."""
        files = {"bm-x-pystats.json": real(), "bm-x-pystats-nbody_small.json": real("nbody_small")}
        make_run(tmp_path, "bm-20261127-3.13.15-d7482a7-PYTHON_UOPS", files)
        findings = check_source(open_source(tmp_path))
        errors = [f for f in findings if f.severity == "error"]
        assert [(f.bench, f.message[:28]) for f in errors] == [(MERGED, "flags PYTHON_UOPS in the run")]

    def test_unreadable_inputs(self, tmp_path):
        files: dict[str, Path | str] = {
            "bm-x-pystats.json": "{not json",
            "bm-x-pystats-gone.md": tmp_path / "does-not-exist.md",
        }
        make_run(tmp_path / "tree", "bm-20261127-3.13.15-d7482a7", files)
        findings = check_source(open_source(tmp_path / "tree"))
        assert worst(findings) == "error"
        by_bench = {f.bench: f for f in findings}
        assert by_bench[MERGED].message.startswith("cannot be read: ")
        assert "not valid JSON" in by_bench[MERGED].message
        assert by_bench["gone"].where == "bm-20261127-3.13.15-d7482a7/gone"
        assert "dangling symlink" in by_bench["gone"].message


class TestWarnings:
    """Reported, but `check` exits 0."""

    def test_linked_reports(self):
        source = open_source(RESULTS)
        run = source.run(DEFAULT_RUN.name)
        links = linked_benchmarks(source, run)
        assert len(links) == 15
        assert {name for name, path in links.items() if path.exists()} == set(BENCHES)

    def test_merged_totals_far_from_the_sum_of_benchmarks(self, tmp_path):
        """Every benchmark's JSON is there (and no report links more): the totals must agree."""
        files = {f"bm-x-pystats-{b}.json": real(b) for b in BENCHES}
        make_run(tmp_path, "bm-20261127-3.13.15-d7482a7", {"bm-x-pystats.json": real(), **files})
        [finding] = check_source(open_source(tmp_path))
        assert finding.severity == "warning" and finding.bench == MERGED
        assert finding.message == (
            "merged total execution count 436,489,581 differs by 91.1% from the sum of its "
            "3 benchmarks, 38,762,331"
        )

    def test_merged_totals_that_add_up(self, tmp_path):
        summed: dict = {}
        for bench in BENCHES:
            for key, value in json.loads(real(bench).read_text()).items():
                if isinstance(value, int):
                    summed[key] = summed.get(key, 0) + value
                else:
                    summed.setdefault(key, value)
        files = {f"bm-x-pystats-{b}.json": real(b) for b in BENCHES}
        run = make_run(
            tmp_path, "bm-20261127-3.13.15-d7482a7", {"bm-x-pystats.json": json.dumps(summed), **files}
        )
        assert check_run(open_source(run), open_source(run).runs[0]) == []

    def test_totals_not_compared_when_benchmarks_are_missing(self):
        source = open_source(RESULTS)
        findings = check_run(source, source.run(DEFAULT_RUN.name))
        assert not any("total" in f.message for f in findings)

    def test_zero_denominators_and_skipped_lines(self, tmp_path):
        raw = tmp_path / "stats.txt"
        raw.write_text(
            "opcode[LOAD_FAST].execution_count: 10\n"
            "Object materialize dict (on request): 3\n"
            "Object inline values: 0\n"
            "this line is not a counter\n"
        )
        source = open_source(raw)
        findings = check_benchmark(source, source.runs[0].merged)
        assert [f.severity for f in findings] == ["warning", "warning"]
        skipped, zeros = findings
        assert skipped.message.startswith("1 unparsable line(s) or counter(s) skipped while loading; first: ")
        assert "this line is not a counter" in skipped.message
        assert (
            zeros.message == "1 zero denominator(s): Object stats/Materialize dict (on request)/Ratio (3 / 0)"
        )
        assert worst(findings) == "warning"


def test_format_findings_and_worst():
    findings = [
        Finding("warning", "run-a", "something odd"),
        Finding("error", "run-b/nbody", "no data files", "run-b", "nbody"),
    ]
    assert (
        format_findings(findings)
        == "ERROR run-b/nbody: no data files\nWARN run-a: something odd\n1 error(s), 1 warning(s)\n"
    )
    assert worst(findings) == "error" and worst(findings[:1]) == "warning" and worst([]) is None


def test_quick_run_check_loads_only_the_merged_stats(monkeypatch) -> None:
    """The browser's check when a run opens: file checks for benchmarks, data for the merged stats."""
    from pystats_tui.core.health import check_run
    from pystats_tui.core.sources import open_source as _open

    source = _open(DEFAULT_RUN)
    loaded = []
    real = source.load_stats
    monkeypatch.setattr(source, "load_stats", lambda bench: loaded.append(bench.name) or real(bench))
    quick = check_run(source, source.runs[0], quick=True)
    assert loaded == ["all"]
    assert any("linked from the merged report are missing" in f.message for f in quick)
    loaded.clear()
    check_run(source, source.runs[0])
    assert {"all", "nbody_small", "objects_small", "stdlib_small"} <= set(loaded)


def test_source_keeps_a_bounded_number_of_run_listings(tmp_path) -> None:
    """Walking many runs keeps at most ``listing_limit`` file listings (memory stays bounded)."""
    import shutil

    from pystats_tui.core.sources import open_source as _open

    tree = tmp_path / "results"
    for day in range(1, 6):
        shutil.copytree(DEFAULT_RUN, tree / f"bm-202611{day:02d}-3.13.15-d7482a7")
    source = _open(tree)
    source.listing_limit = 2
    for run in source.runs:
        assert run.merged is not None
    assert [r.scanned for r in source.runs] == [False, False, False, True, True]
    assert source.runs[0].merged is not None  # listed again on demand
    assert source.runs[0].scanned and not source.runs[3].scanned


def test_newest_with_data_passes_over_unlistable_and_empty_runs(tmp_path, monkeypatch) -> None:
    import shutil

    from pystats_tui.core.errors import PystatsError
    from pystats_tui.core.runs import Run
    from pystats_tui.core.sources import open_source as _open

    tree = tmp_path / "results"
    shutil.copytree(DEFAULT_RUN, tree / "bm-20261101-3.13.15-d7482a7")
    (tree / "bm-20261102-3.13.15-d7482a7").mkdir()  # timing only: no pystats files
    locked = tree / "bm-20261103-3.13.15-d7482a7"
    shutil.copytree(DEFAULT_RUN, locked)
    real = Run.benchmarks

    def benchmarks(self):
        if self.path == locked:
            raise PystatsError("permission denied (cannot list the run directory)", self.path)
        return real(self)

    monkeypatch.setattr(Run, "benchmarks", benchmarks)
    skipped: list[str] = []
    run = _open(tree).newest_with_data(skipped)
    assert run.name == "bm-20261101-3.13.15-d7482a7"
    assert skipped == [f"{locked}: permission denied (cannot list the run directory); skipped"]


def test_a_section_that_cannot_be_computed_is_an_error_finding(monkeypatch, capsys) -> None:

    break_call_stats(monkeypatch)
    rc, lines, _err = check_lines(capsys, DEFAULT_RUN)
    assert rc == 1
    broken = [line for line in lines if "could not be computed" in line]
    # The merged stats and each benchmark's: every input the check computes.
    assert len(broken) == 4 and all(line.startswith("ERROR ") for line in broken)
    assert "section Call stats could not be computed: KeyError: 'Calls to PyEval_EvalDefault'" in broken[0]
