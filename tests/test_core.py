"""Headless export of every kind of input: versions, selections, JSON round trips, CPython sources.

These go through ``pystats-tui export`` (``cli.main``) on the real data in
``tests/data`` and, where present, ``../shared/data/public``.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from conftest import DATA, DEFAULT_RUN, PREFIX, RESULTS, UOPS_RUN, break_call_stats, export, need_public
from mdtables import differences, tables

from pystats_tui.cli import main
from pystats_tui.core.json_data import load_json_file
from pystats_tui.core.parse import load_input
from pystats_tui.core.raw_files import load_raw_dir
from pystats_tui.core.sources import open_source

RAW_DIR = DATA / "raw" / "cpython-3.13.15-default-micro"
RAW_SUMMARY = DATA / "raw" / "cpython-3.13.15-default-micro.summary.json"
RUN_312 = "bm-20230619-3.12.0b3-f992a60"
RUN_313_MD_ONLY = "bm-20240406-3.13.0a5+-62aeb0e"
RUN_EMPTY = "bm-20260421-3.15.0a8+-09233bd"
OPCODE_NAME = re.compile(r"^[A-Z][A-Z0-9_]*$")


def rows_of(markdown: str, *path: str, index: int = 0) -> list[list[str]]:
    """The body rows of one table of a report (without its header)."""
    return tables(markdown)[path][index][1:]


def order_matches_reference(raw_dir: Path, reference_json: Path) -> bool:
    """Whether this filesystem lists the raw files as the reference's machine did (see test_parity)."""
    ours = list(load_raw_dir(raw_dir).counters)
    return ours == [k for k in json.loads(reference_json.read_text()) if not k.startswith("_")]


class TestCPython312:
    def test_opcodes_are_named_not_numbered(self, public_results, capsys):
        rc, out, err = export(capsys, public_results / RUN_312)
        assert rc == 0 and err == ""
        names = [row[0] for row in rows_of(out, "Execution counts")]
        assert {"LOAD_FAST", "LOAD_ATTR", "LOAD_GLOBAL", "CALL"} <= set(names)
        assert all(OPCODE_NAME.match(n) for n in names), [n for n in names if not OPCODE_NAME.match(n)]
        pairs = [row[0] for row in rows_of(out, "Pair counts")]
        assert pairs and all(all(OPCODE_NAME.match(p) for p in pair.split(" ")) for pair in pairs)
        assert "opcode[" not in out
        assert not re.search(r"<td[^>]*>&lt;\d+&gt;|<td[^>]*><\d+>", out)


class TestEmptyRun:
    def test_broken_run_exports_with_a_plain_warning(self, public_results, capsys):
        rc, out, err = export(capsys, public_results / RUN_EMPTY)
        assert rc == 0
        lines = err.splitlines()
        assert len(lines) == 1 and lines[0].startswith("pystats-tui: warning: The input ")
        assert "holds no data: 0 data files were collected (its pystats collection failed)" in lines[0]
        warning = lines[0][len("pystats-tui: warning: ") :]
        assert f"> **Warning:** {warning}" in out
        assert out.index("> **Warning:**") < out.index("## Execution counts")


class TestJsonOutput:
    def test_raw_dir_json_round_trips(self, tmp_path, capsys):
        out_json = tmp_path / "summed.json"
        rc, report_md, _ = export(capsys, RAW_DIR, "--json", out_json)
        assert rc == 0
        written = json.loads(out_json.read_text())
        reference = json.loads(RAW_SUMMARY.read_text())
        # What summarize_stats --json-output wrote for the same directory, key for key.
        written["_specialized_instructions"].sort()
        reference["_specialized_instructions"].sort()
        assert written == reference
        # Loaded again: the same counters, and the same report as the reference JSON gives.
        assert load_json_file(out_json).counters == load_raw_dir(RAW_DIR).counters
        rc, again, _ = export(capsys, out_json)
        assert rc == 0
        rc, from_reference, _ = export(capsys, RAW_SUMMARY)
        assert rc == 0
        if not order_matches_reference(RAW_DIR, RAW_SUMMARY):
            pytest.skip("this filesystem sums the raw files in another order; ties in tables differ")
        assert tables(again) == tables(from_reference) == tables(report_md)

    def test_json_of_a_json_input_keeps_its_counters(self, tmp_path, capsys):
        source = DEFAULT_RUN / f"{PREFIX}-nbody_small.json"
        out_json = tmp_path / "copy.json"
        assert export(capsys, source, "--json", out_json)[0] == 0
        again, original = load_json_file(out_json), load_json_file(source)
        assert again.counters == original.counters
        assert (again.nfiles, again.defines, again.stats_defines) == (
            original.nfiles,
            original.defines,
            original.stats_defines,
        )

    def test_json_with_two_inputs_is_a_usage_error(self, tmp_path, capsys):
        rc, _, err = export(capsys, DEFAULT_RUN, UOPS_RUN, "--json", tmp_path / "x.json")
        assert rc == 2
        assert err == (
            "pystats-tui export: usage error: --json writes one input's counters; "
            "it cannot be used with two inputs\n"
        )
        assert not (tmp_path / "x.json").exists()


class TestSelection:
    def test_bench_picks_one_benchmark(self, capsys):
        rc, out, _ = export(capsys, DEFAULT_RUN, "--bench", "nbody_small")
        assert rc == 0
        assert "- benchmark: nbody_small\n" in out
        reference = (DEFAULT_RUN / f"{PREFIX}-nbody_small.md").read_text("utf-8")
        assert differences(reference, out) == []

    def test_run_picks_one_run_of_a_tree(self, capsys):
        rc, out, err = export(capsys, RESULTS, "--run", UOPS_RUN.name)
        assert rc == 0 and err == ""
        assert "- flags: PYTHON_UOPS\n" in out
        rc, out, err = export(capsys, RESULTS, "--run", DEFAULT_RUN.name)
        assert rc == 0 and "- flags:" not in out

    def test_without_run_the_newest_is_used_and_said(self, capsys):
        rc, _, err = export(capsys, RESULTS)
        assert rc == 0
        assert err == (
            f"pystats-tui: {RESULTS} holds 2 runs; using the newest with pystats data without flags, "
            f"{DEFAULT_RUN.name} (choose one with --run)\n"
        )

    def test_unknown_benchmark(self, capsys):
        rc, out, err = export(capsys, DEFAULT_RUN, "--bench", "nbody")
        assert (rc, out) == (2, "")
        assert err == (
            f"pystats-tui export: usage error: {DEFAULT_RUN}: no benchmark named 'nbody' in this run "
            "(benchmarks: all, nbody_small, objects_small, stdlib_small)\n"
        )

    def test_unknown_run(self, capsys):
        rc, out, err = export(capsys, RESULTS, "--run", "bm-20990101-3.99.0-0000000")
        assert (rc, out) == (2, "")
        assert err == (
            f"pystats-tui export: usage error: {RESULTS}: no run named 'bm-20990101-3.99.0-0000000' here "
            f"(runs: {UOPS_RUN.name}, {DEFAULT_RUN.name})\n"
        )

    def test_bad_option_is_a_usage_error(self, capsys):
        assert main(["export", str(DEFAULT_RUN), "--no-such-option"]) == 2
        err = capsys.readouterr().err
        assert err.startswith("pystats-tui export: usage error: ") and len(err.splitlines()) == 1


class TestMarkdownOnly:
    def test_md_only_benchmark_re_renders_its_tables(self, public_results, capsys):
        run = public_results / RUN_313_MD_ONLY
        rc, out, err = export(capsys, run, "--bench", "nbody")
        assert rc == 0 and err == ""
        assert out.startswith("> **Note:** nbody has no JSON data in this run; these tables are read back")
        reference = next(run.glob("*-pystats-nbody.md")).read_text("utf-8")
        assert len(tables(reference)) > 10
        assert differences(reference, out) == []

    def test_md_only_benchmark_cannot_give_json(self, public_results, tmp_path, capsys):
        run = public_results / RUN_313_MD_ONLY
        rc, _, err = export(capsys, run, "--bench", "nbody", "--json", tmp_path / "x.json")
        assert rc == 1
        md = next(run.glob("*-pystats-nbody.md"))
        assert (
            err
            == f"pystats-tui: error: {md}: --json needs counters, and nbody has only its Markdown report\n"
        )


class TestRawFile:
    def test_a_raw_file_given_directly(self, capsys):
        raw_file = sorted(RAW_DIR.iterdir())[0]
        rc, out, err = export(capsys, raw_file)
        assert rc == 0 and err == ""
        counters = load_input(raw_file).counters
        expected = f"{counters['opcode[LOAD_FAST].execution_count']:,}"
        counts = {row[0]: row[1] for row in rows_of(out, "Execution counts")}
        assert counts["LOAD_FAST"] == expected
        assert ["Number of data files", "1"] in [
            row[:2] for t in tables(out).values() for tb in t for row in tb
        ]


FAKE_SPECIALIZE_C = """\
/* A tiny stand-in for CPython's Python/specialize.c */
#define SPEC_FAIL_OTHER 0
#define SPEC_FAIL_FAKE_SECOND_KIND 2
#define SPEC_FAIL_ATTR_FAKE_EIGHTEENTH 18
"""
FAKE_PYSTATS_H = """\
#define EVAL_CALL_TOTAL 0
#define EVAL_CALL_FAKE_VECTOR 1
"""
FAKE_OPCODE_METADATA = "_specialized_opmap = {'LOAD_ATTR_X': 1}\n"


def fake_cpython(root: Path) -> Path:
    for rel, text in (
        ("Python/specialize.c", FAKE_SPECIALIZE_C),
        ("Include/cpython/pystats.h", FAKE_PYSTATS_H),
        ("Lib/_opcode_metadata.py", FAKE_OPCODE_METADATA),
    ):
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)
    return root


class TestCPythonSource:
    def test_source_tables_name_failure_and_call_kinds(self, tmp_path, capsys):
        src = fake_cpython(tmp_path / "cpython")
        rc, bundled, _ = export(capsys, RAW_DIR)
        assert rc == 0
        rc, faked, err = export(capsys, RAW_DIR, "--cpython-src", src)
        assert rc == 0 and err == ""

        def kinds(markdown: str) -> list[str]:
            section = ("Specialization stats", "LOAD_ATTR")
            found = [t for key, ts in tables(markdown).items() if key == section for t in ts]
            table = next(t for t in found if t[0][0] == "Failure kind")
            return [row[0] for row in table[1:]]

        assert "fake eighteenth" not in kinds(bundled)
        assert "fake eighteenth" in kinds(faked) and "fake second kind" in kinds(faked)
        assert "kind 10" in kinds(faked)  # a kind the fake source does not define
        assert set(kinds(bundled)) - set(kinds(faked)), "the bundled names must be gone"
        assert "Calls via PyEval_EvalFrame (fake vector)" in faked
        assert "Calls via PyEval_EvalFrame (fake vector)" not in bundled

    def test_not_a_cpython_checkout(self, tmp_path, capsys):
        rc, _, err = export(capsys, RAW_DIR, "--cpython-src", tmp_path)
        assert rc == 1
        assert err == f"pystats-tui: error: {tmp_path}: not a CPython checkout (no Python/specialize.c)\n"


def test_public_runs_all_export(public_results, capsys):
    """Every public run, merged, exports with exit status 0 and no error line."""
    need_public()
    for run in sorted(p for p in public_results.iterdir() if p.is_dir()):
        rc, out, err = export(capsys, run)
        assert rc == 0, err
        assert "error" not in err and "## Execution counts" in out


def test_skipped_lines_are_noted_once_above_the_report_and_each_on_stderr(tmp_path, capsys):
    raw = tmp_path / "py_stats"
    raw.mkdir()
    text = next((DATA / "raw" / "cpython-3.13.15-default-micro").glob("*.txt")).read_text()
    (raw / "a.txt").write_text(text + "no colon here\nx: -1\n")
    assert main(["export", str(raw)]) == 0
    out, err = capsys.readouterr()
    assert "> **Warning:** 2 problem(s) while loading, skipped; first: " in out
    assert out.count("problem(s) while loading") == 1
    warnings = [line for line in err.splitlines() if line.startswith("pystats-tui: warning: ")]
    assert len(warnings) == 2 and all(f"{raw / 'a.txt'}:" in w for w in warnings)


def test_report_sections_are_built_when_first_asked_for():
    """Opening a report computes only what is looked at; export and complete() build the rest."""
    from concurrent.futures import ThreadPoolExecutor

    from pystats_tui.core.markdown import report_markdown
    from pystats_tui.core.report import build_report
    from pystats_tui.core.sources import open_source

    source = open_source(DEFAULT_RUN)
    stats = source.load_stats(source.runs[0].benchmark("all"))
    report = build_report(stats)
    titles = [s.title for s in report.sections]
    assert titles[:3] == ["Execution counts", "Pair counts", "Predecessor/Successor Pairs"]
    # "Other stats" is looked at to decide whether it is kept; the rest waits.
    assert [s.built for s in report.sections[:-1]] == [False] * (len(titles) - 1)

    # find() builds the sections on its way, and only those.
    spec = report.find(("Specialization stats", "LOAD_ATTR"))
    assert spec is not None and spec.tables and spec.built
    assert report.find(("Specialization stats",)).built
    # Finding a top-level section does not build it.
    assert not report.find(("Execution counts",)).built
    assert not report.sections[2].built  # Predecessor/Successor Pairs
    assert report.find(("Specialization stats", "NO_SUCH_OPCODE")) is None

    # Two threads asking at once get the very same parts.
    pred = report.sections[2]
    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(lambda _: pred.parts, range(8)))
    assert all(r is results[0] for r in results) and len(results[0]) > 50

    # The export is the same whether the sections were built lazily or all at once.
    lazy = report_markdown(build_report(stats))
    assert report_markdown(build_report(stats).complete()) == lazy
    assert all(s.built for s in report.complete().walk())


def test_stats_and_reports_free_without_the_cyclic_collector():
    """No reference cycles: a dropped report and its stats go at once, even while gc is frozen."""
    import gc

    from pystats_tui.core.markdown import report_markdown
    from pystats_tui.core.report import build_report
    from pystats_tui.core.sources import open_source

    source = open_source(DEFAULT_RUN)
    bench = source.runs[0].benchmark("all")
    gc.collect()
    gc.disable()
    try:
        for compare in (False, True):
            stats = source.load_stats(bench)
            source.forget()  # the cache must not be what keeps them
            report = build_report(stats, stats if compare else None).complete()
            assert report_markdown(report)
            del report, stats
            assert gc.collect() == 0
    finally:
        gc.enable()


def test_a_section_that_cannot_be_computed_says_so_and_hides_nothing_else(monkeypatch, capsys, tmp_path):
    break_call_stats(monkeypatch)
    from pystats_tui.core.report import build_report
    from pystats_tui.core.sources import open_source

    source = open_source(DEFAULT_RUN)
    report = build_report(source.load_stats(source.runs[0].benchmark("all")))
    calls = report.find(("Call stats",))
    assert calls is not None and calls.tables == []
    assert calls.note.startswith("This section could not be computed from this input (KeyError")
    assert report.section_errors() == [
        "section Call stats could not be computed: KeyError: 'Calls to PyEval_EvalDefault'"
    ]
    assert report.find(("Object stats",)).tables[0].rows

    # The export still writes every other section, says what failed on stderr, and exits 1.
    out = tmp_path / "report.md"
    code = main(["export", str(DEFAULT_RUN), "-o", str(out)])
    err = capsys.readouterr().err
    assert code == 1
    assert "section Call stats could not be computed: KeyError" in err and "pystats.json" in err
    text = out.read_text()
    assert "This section could not be computed from this input" in text
    assert "## Object stats" in text and "## Meta stats" in text


def test_the_bulk_check_of_a_usual_json_agrees_with_the_entry_by_entry_one(monkeypatch):
    """decode_json checks a usual file in bulk; the same file checked entry by entry reads the same."""
    from pystats_tui.core import json_data

    files = sorted(RESULTS.rglob("*.json"))
    assert len(files) == 8  # two runs: merged and three benchmarks each
    fast = [json_data.decode_json(f.read_bytes(), f) for f in files]
    assert all(json_data._decode_usual(f.read_bytes()) is not None for f in files)
    monkeypatch.setattr(json_data, "_decode_usual", lambda data: None)
    slow = [json_data.decode_json(f.read_bytes(), f) for f in files]
    for a, b in zip(fast, slow):
        assert a == b
        assert list(a.counters) == list(b.counters)


def test_find_benchmark_finds_what_the_listing_finds():
    """A history finds one benchmark per run without listing every file: the same files."""
    for run in open_source(RESULTS).runs:
        names = [b.name for b in run.benchmarks()] + ["nope"]
        for name in names:
            listed = run.benchmark(name)
            run.forget()
            found = run.find_benchmark(name)
            assert not run.scanned
            if listed is None:
                assert found is None
            else:
                assert (found.json, found.md, found.vs_base_md) == (listed.json, listed.md, listed.vs_base_md)


def test_a_flagged_newest_run_without_a_twin_is_not_said_to_be_without_flags(tmp_path, capsys):
    tree = tmp_path / "results"
    tree.mkdir()
    shutil.copytree(UOPS_RUN, tree / "bm-20261201-3.13.15-abcdef0-JIT")
    shutil.copytree(DEFAULT_RUN, tree / DEFAULT_RUN.name)
    assert main(["export", str(tree)]) == 0
    err = capsys.readouterr().err
    assert "using the newest with pystats data, bm-20261201-3.13.15-abcdef0-JIT" in err
