"""One value across benchmarks (pivot) and across runs (history), in the core and from the CLI."""

from __future__ import annotations

import datetime
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import DEFAULT_RUN, PREFIX, PUBLIC_RESULTS, RAW, RESULTS, UOPS_RUN, need_public, run_command
from mdtables import tables

from pystats_tui.cli import main
from pystats_tui.core.address import AddressError, StatAddress, read_value
from pystats_tui.core.cells import EMPTY, Change, Count, Ratio
from pystats_tui.core.counters import RawData
from pystats_tui.core.errors import PystatsError
from pystats_tui.core.export import series_context
from pystats_tui.core.history import history_table
from pystats_tui.core.markdown import view_markdown
from pystats_tui.core.parse import load_input
from pystats_tui.core.pivot import pivot_table
from pystats_tui.core.report import build_report, build_section
from pystats_tui.core.report_spec import REPORT_SPEC, TableSpec, execution_count_row, execution_count_rows
from pystats_tui.core.runs import MERGED
from pystats_tui.core.series_table import SeriesTable, bar, sparkline
from pystats_tui.core.shares import row_share
from pystats_tui.core.sources import Source, open_source
from pystats_tui.core.stats import Stats
from pystats_tui.core.table_view import TableView

BENCHES = ["nbody_small", "objects_small", "stdlib_small"]
LOAD_FAST = "Execution counts/LOAD_FAST/Count"


def own_value(source: Source, run_name: str, bench: str, path: tuple[str, ...], row: str, column: str):
    """The cell as the benchmark's own full report shows it."""
    run = source.run(run_name)
    report = build_report(source.load_stats(run.benchmark(bench)))
    section = report.find(path)
    for table in section.tables:
        names = [c.name for c in table.columns]
        for r in table.browse_rows:
            if r[0].text() == row:
                return r[names.index(column)]
    raise AssertionError(f"{row} not in {path}")


@pytest.fixture(scope="module")
def results() -> Source:
    return open_source(RESULTS)


# --------------------------------------------------------------------------- addresses


class TestAddress:
    """SECTION/ROW/COLUMN, split from the right, with nested sections joined by '>'."""

    def test_simple(self):
        a = StatAddress.parse(LOAD_FAST)
        assert (a.section, a.row, a.column, a.table) == (("Execution counts",), "LOAD_FAST", "Count", None)
        assert str(a) == LOAD_FAST

    def test_section_title_with_slash_and_table_number(self):
        a = StatAddress.parse("Predecessor/Successor Pairs > LOAD_FAST#2/LOAD_CONST/Count")
        assert a.section == ("Predecessor/Successor Pairs", "LOAD_FAST")
        assert (a.row, a.column, a.table) == ("LOAD_CONST", "Count", 2)
        assert StatAddress.parse(str(a)) == a

    def test_row_with_slash_falls_back_on_the_layout(self):
        a = StatAddress.parse("Other stats/odd/key/Count")
        assert a.section == ("Other stats",)
        assert a.row == "odd/key"

    @pytest.mark.parametrize("text", ["LOAD_FAST", "Execution counts/LOAD_FAST", "Execution counts//Count"])
    def test_malformed(self, text):
        with pytest.raises(AddressError, match="SECTION/ROW/COLUMN"):
            StatAddress.parse(text)

    def test_of_a_cell_finds_the_same_cell(self, results):
        """The browser's p/h keys: the address of the cell under the cursor reads that cell back."""
        report = build_report(results.load_stats(results.run(DEFAULT_RUN.name).merged))
        for path in [("Execution counts",), ("Specialization stats", "LOAD_ATTR"), ("GC stats",)]:
            section = report.find(path)
            table = section.tables[0]
            row = table.rows[1]
            address = StatAddress.of(table, row, 2, section)
            assert address.find(report.find(path[:1])) == row[2]
        # A successor that is also a predecessor needs the table number.
        section = report.find(("Predecessor/Successor Pairs", "LOAD_FAST"))
        preds, succs = section.tables
        shared = next(r for r in succs.rows if any(p[0].text() == r[0].text() for p in preds.rows))
        address = StatAddress.of(succs, shared, 1, section)
        assert address.table == 2
        assert address.find(report.find(("Predecessor/Successor Pairs",))) == shared[1]

    def test_of_a_comparison_column(self, results):
        base = results.load_stats(results.run(DEFAULT_RUN.name).merged)
        head = results.load_stats(results.run(UOPS_RUN.name).merged)
        table = build_report(base, head).find(("Execution counts",)).tables[0]
        assert [c.name for c in table.columns][1:] == ["Base Count", "Head Count", "Change"]
        for column in (1, 2, 3):
            assert StatAddress.of(table, table.rows[0], column).column == "Count"


# --------------------------------------------------------------------------- pivot


class TestPivot:
    """One value in every benchmark of a run."""

    def test_counts_match_each_benchmark_and_shares_sum_to_one(self, results):
        run = results.run(DEFAULT_RUN.name)
        table = pivot_table(results, run, LOAD_FAST)
        assert isinstance(table, SeriesTable)
        assert [c.name for c in table.columns] == ["Benchmark", "Value", "Share of run total", "Bar"]
        assert [r[0].text() for r in table.rows] == BENCHES
        for row in table.rows:
            own = own_value(results, run.name, row[0].text(), ("Execution counts",), "LOAD_FAST", "Count")
            assert isinstance(row[1], Count)
            assert row[1] == own
        shares = [row[2].value() for row in table.rows]
        assert sum(shares) == pytest.approx(1.0)
        total = sum(row[1].count for row in table.rows)
        assert f"total over 3 benchmarks: {total:,}" in table.notes
        # The largest value has the full bar; the others are shorter.
        biggest = max(table.rows, key=lambda r: r[1].count)
        assert biggest[3].text() == bar(1.0) == "█" * 20
        assert all(len(r[3].text()) < 20 for r in table.rows if r is not biggest)

    def test_ratio_stays_a_ratio_without_share(self, results):
        run = results.run(DEFAULT_RUN.name)
        table = pivot_table(results, run, "Object stats/Allocations/Ratio")
        for row in table.rows:
            own = own_value(results, run.name, row[0].text(), ("Object stats",), "Allocations", "Ratio")
            assert isinstance(row[1], Ratio) and row[1] == own
            assert row[2] is EMPTY

    def test_nested_section_and_gc_generation(self, results):
        run = results.run(DEFAULT_RUN.name)
        hits = pivot_table(results, run, "Specialization stats > LOAD_ATTR/hit/Count")
        for row in hits.rows:
            path = ("Specialization stats", "LOAD_ATTR")
            assert row[1] == own_value(results, run.name, row[0].text(), path, "hit", "Count")
        gc = pivot_table(results, run, "gc stats/0/collections")  # case does not matter
        for row in gc.rows:
            assert row[1] == own_value(results, run.name, row[0].text(), ("GC stats",), "0", "Collections")

    def test_base_and_head_give_a_change(self, results):
        base, head = results.run(DEFAULT_RUN.name), results.run(UOPS_RUN.name)
        table = pivot_table(results, head, LOAD_FAST, base=(results, base))
        assert [c.name for c in table.columns] == ["Benchmark", "Base", "Head", "Change", "Bar"]
        assert [r[0].text() for r in table.rows] == BENCHES
        for name, b, h, change, _bar in table.rows:
            assert b == own_value(
                results, base.name, name.text(), ("Execution counts",), "LOAD_FAST", "Count"
            )
            assert h == own_value(
                results, head.name, name.text(), ("Execution counts",), "LOAD_FAST", "Count"
            )
            assert isinstance(change, Change)
            assert change.value() == pytest.approx((h.count - b.count) / b.count)
        # The view sorts and exports it like any table.
        view = TableView(table)
        view.sort_by(3)
        assert [r[3].value() for r in view.rows] == sorted((r[3].value() for r in table.rows), reverse=True)
        text = view_markdown(view, table.title, series_context(table))
        assert '<th align="right">Change</th>' in text and "sorted by Change" in text

    def test_progress_is_reported(self, results):
        seen = []
        pivot_table(results, results.run(DEFAULT_RUN.name), LOAD_FAST, progress=lambda *a: seen.append(a))
        assert seen == [("benchmark", 1, 3), ("benchmark", 2, 3), ("benchmark", 3, 3)]

    @pytest.mark.parametrize(
        "address, words",
        [
            ("Execution counts/LOAD_FAZT/Count", ["no row 'LOAD_FAZT'", "LOAD_FAST"]),
            ("Executon counts/LOAD_FAST/Count", ["no section 'Executon counts'", "Execution counts"]),
            ("Execution counts/LOAD_FAST/Cont", ["no column 'Cont'", "Count, Self"]),
            ("Specialization stats > LOAD_ATR/hit/Count", ["no section 'LOAD_ATR'", "LOAD_ATTR"]),
        ],
    )
    def test_bad_address_names_it_and_near_candidates(self, results, address, words):
        with pytest.raises(AddressError) as info:
            pivot_table(results, results.run(DEFAULT_RUN.name), address)
        message = str(info.value)
        assert "\n" not in message and address in message
        for word in words:
            assert word in message

    def test_a_run_without_benchmarks(self):
        source = open_source(DEFAULT_RUN / f"{PREFIX}.json")
        with pytest.raises(PystatsError, match="no per-benchmark stats"):
            pivot_table(source, source.runs[0], LOAD_FAST)

    def test_markdown_only_benchmarks_are_read_back(self):
        """2024 runs kept only each benchmark's report: the pivot reads its tables back."""
        need_public()
        source = open_source(PUBLIC_RESULTS)
        run = source.run("bm-20240406-3.13.0a5+-62aeb0e")
        assert all(b.markdown_only for b in run.benchmarks() if b.name != MERGED)
        table = pivot_table(source, run, LOAD_FAST)
        assert [r[0].text() for r in table.rows] == ["2to3", "coroutines", "nbody", "richards"]
        nbody = next(r for r in table.rows if r[0].text() == "nbody")
        assert nbody[1] == Count(1_014_419_360)
        assert sum(r[2].value() for r in table.rows) == pytest.approx(1.0)


# --------------------------------------------------------------------------- history


def test_sparkline_and_bar():
    assert sparkline([1, 2, 3, 4, 5, 6, 7, 8]) == "▁▂▃▄▅▆▇█"
    assert sparkline([0, None, 10]) == "▁ █"
    assert sparkline([5, 5]) == "▄▄"
    assert sparkline([]) == ""
    assert bar(0) == "" and bar(None) == ""
    assert bar(0.5, 4) == "██" and bar(1 / 32, 4) == "▏"


def execution_spec() -> TableSpec:
    """The report specification's Execution counts table."""
    table = REPORT_SPEC[0].parts[0]
    assert REPORT_SPEC[0].title == "Execution counts" and isinstance(table, TableSpec)
    return table


def _one_row_inputs() -> list[Path]:
    """Every JSON and raw input of the own data, and the public JSON files where they are present."""
    own = sorted(RESULTS.glob("*/*.json")) + sorted(p for p in RAW.iterdir() if p.is_dir())
    return own + (sorted(PUBLIC_RESULTS.glob("*/*.json")) if PUBLIC_RESULTS.is_dir() else [])


def _cells(row) -> list[tuple[str, object]]:
    return [(cell.text(), cell.value()) for cell in row]


class TestOneRow:
    """A history reads one row of Execution counts without the table, and reads what the table says."""

    @pytest.mark.parametrize("path", _one_row_inputs(), ids=lambda p: p.name[-60:])
    def test_every_row_alone_is_the_tables_row(self, path):
        stats = Stats(load_input(path))
        for spec, prefix in ((execution_spec(), "opcode"), (None, "uops")):
            rows = execution_count_rows(prefix)(stats)
            row_of = spec.row_of if spec is not None else execution_count_row(prefix)
            for row in rows:
                label = row[0].text()
                assert _cells(row_of(stats, lambda name, label=label: name == label)) == _cells(row), label
            assert row_of(stats, lambda name: name == "NO_SUCH_OPCODE") is None
            assert rows or prefix == "uops" or stats.is_empty, "every input with data has Tier 1 counts"

    def test_ties_keep_the_tables_order(self):
        """Equal counts sort by misses, then by key order: Cumulative follows the table's order."""
        counters = {
            "opcode[A].execution_count": 5,
            "opcode[B].execution_count": 7,
            "opcode[C].execution_count": 5,
            "opcode[C].specialization.miss": 2,
            "opcode[D].execution_count": 5,
            "opcode[E].execution_count": 0,
            "opcode[F].execution_count": 5,
            "opcode[F].specializable": 1,
            "opcode[F].specialization.miss": 9,
        }
        stats = Stats(RawData(counters, nfiles=1), "3.13")
        rows = execution_count_rows("opcode")(stats)
        assert [r[0].text() for r in rows] == ["B", "C", "A", "D", "F", "E"]
        for row in rows:
            label = row[0].text()
            alone = execution_count_row("opcode")(stats, lambda name, label=label: name == label)
            assert _cells(alone) == _cells(row)

    def test_history_reads_without_building_the_table(self, results, monkeypatch):
        """Every column of a row read alone equals the built section's cell, and so does its share."""
        bench = results.run(DEFAULT_RUN.name).merged
        stats = results.load_stats(bench)
        top = build_section(REPORT_SPEC[0], stats)
        full = {}
        for column in ("Count", "Self", "Cumulative", "Miss ratio"):
            for label in ("LOAD_FAST", "load_attr_instance_value", "RESUME_CHECK"):
                address = StatAddress.parse(f"Execution counts/{label}/{column}")
                table, row, index = address.locate(top)
                instructions = stats.opcode_stats("opcode").total_execution_count
                full[(column, label)] = (
                    row[index],
                    row_share(table.path, table.browse_rows, row, index, instructions),
                )

        spec = execution_spec()
        built = []
        whole = spec.rows
        monkeypatch.setattr(spec, "rows", lambda stats: built.append(stats) or whole(stats))
        for (column, label), (cell, share) in full.items():
            reading = read_value(results, bench, StatAddress.parse(f"Execution counts/{label}/{column}"))
            assert (reading.missing, _cells([reading.cell]), reading.share) == ("", _cells([cell]), share)
        assert built == []
        # A row that is not there is the whole table's to explain, with its near names.
        missing = read_value(results, bench, StatAddress.parse("Execution counts/LOAD_FASTER/Count"))
        assert missing.missing == "no such row" and "LOAD_FAST" in str(missing.error)
        assert built == [stats]


class TestHistory:
    """One value in the merged stats of every run with the same flags, oldest first."""

    def test_default_group_in_date_order_with_the_broken_run_blank(self):
        need_public()
        source = open_source(PUBLIC_RESULTS)
        seen = []
        table = history_table(source, LOAD_FAST, progress=lambda *a: seen.append(a))
        dates = [r[0].text() for r in table.rows]
        assert dates == ["2023-06-19", "2024-04-06", "2024-06-22", "2026-04-21", "2026-07-23"]
        assert seen[-1] == ("run", 5, 5)
        runs = sorted((r for r in source.runs if not r.flags), key=lambda r: r.date)
        for run, row in zip(runs, table.rows):
            assert (row[1].text(), row[2].text()) == (run.version, run.commit)
            if run.name == "bm-20260421-3.15.0a8+-09233bd":
                assert row[3] is EMPTY and table.values[3] is None
            else:
                assert row[3] == own_value(
                    source, run.name, MERGED, ("Execution counts",), "LOAD_FAST", "Count"
                )
        assert any(
            "1 run(s) without a value: bm-20260421-3.15.0a8+-09233bd (no data files)" in n
            for n in table.notes
        )
        assert sparkline(table.values)[3] == " "

    def test_flags_pick_the_tier2_runs(self):
        need_public()
        source = open_source(PUBLIC_RESULTS)
        table = history_table(source, LOAD_FAST, "PYTHON_UOPS")
        assert [r[2].text() for r in table.rows] == ["62aeb0e", "09233bd", "66e313f"]
        run = source.run("bm-20240406-3.13.0a5+-62aeb0e-PYTHON_UOPS")
        assert table.rows[0][3] == own_value(
            source, run.name, MERGED, ("Execution counts",), "LOAD_FAST", "Count"
        )

    def test_one_benchmark_across_runs(self, results):
        table = history_table(results, LOAD_FAST, "PYTHON_UOPS", bench="nbody_small")
        assert [(r[0].text(), r[3]) for r in table.rows] == [("2026-11-27", Count(208_017))]
        assert "benchmark nbody_small" in table.notes[0]

    def test_unknown_flags_list_the_groups(self):
        need_public()
        with pytest.raises(PystatsError, match=r"no dated runs with flags 'JIT'.*PYTHON_UOPS \(3 runs\)"):
            history_table(open_source(PUBLIC_RESULTS), LOAD_FAST, "JIT")

    def test_reads_only_merged_stats_of_hundreds_of_runs(self, tmp_path, monkeypatch):
        """A tree of 240 runs: one merged JSON read per run of the group, no benchmark, no other group."""
        merged = DEFAULT_RUN / f"{PREFIX}.json"
        bench = DEFAULT_RUN / f"{PREFIX}-nbody_small.json"
        start = datetime.date(2025, 1, 1)
        for n in range(240):
            day = (start + datetime.timedelta(days=n)).strftime("%Y%m%d")
            flags = "-JIT" if n % 3 == 0 else ""
            run = tmp_path / f"bm-{day}-3.13.15-{n:07x}{flags}"
            run.mkdir()
            os.symlink(merged, run / f"bm-{day}-x-{n:07x}-pystats.json")
            os.symlink(bench, run / f"bm-{day}-x-{n:07x}-pystats-nbody_small.json")
        loaded = []
        original = Source.load_stats

        def spy(self, b, progress=None):
            loaded.append(b)
            return original(self, b, progress)

        monkeypatch.setattr(Source, "load_stats", spy)
        table = history_table(open_source(tmp_path), LOAD_FAST)
        assert len(table.rows) == 160
        assert len(loaded) == 160 and all(b.name == MERGED and not b.run.flags for b in loaded)
        assert len({r[3] for r in table.rows}) == 1 and table.rows[0][3] == Count(85_653_389)
        assert [r[0].text() for r in table.rows] == sorted(r[0].text() for r in table.rows)


# --------------------------------------------------------------------------- CLI


class TestCli:
    """`pystats-tui export ... --pivot/--history`."""

    def test_pivot(self, capsys):
        rc, out, err = run_command(capsys, "export", DEFAULT_RUN, "--pivot", LOAD_FAST)
        assert rc == 0, err
        title = f"{LOAD_FAST} across the benchmarks of {DEFAULT_RUN.name}"
        assert out.startswith(f"## {title}\n")
        assert "- total over 3 benchmarks: 5,792,039" in out
        [rows] = tables(out)[(title,)]
        assert rows[0] == ["Benchmark", "Value", "Share of run total", "Bar"]
        assert [r[:3] for r in rows[1:]] == [
            ["nbody_small", "4,547,199", "78.5%"],
            ["objects_small", "1,207,393", "20.8%"],
            ["stdlib_small", "37,447", "0.6%"],
        ]

    def test_pivot_base_head_to_a_file(self, tmp_path, capsys):
        target = tmp_path / "pivot.md"
        args = ["export", str(DEFAULT_RUN), str(UOPS_RUN), "--pivot", LOAD_FAST, "-o", str(target)]
        rc, out, err = run_command(capsys, *args)
        assert rc == 0 and out == ""
        text = target.read_text()
        assert "- base: 2026-11-27" in text and "- head: 2026-11-27" in text
        [[header, *rows]] = list(tables(text).values())[0]
        assert header == ["Benchmark", "Base", "Head", "Change", "Bar"]
        assert rows[0][:4] == ["nbody_small", "4,547,199", "208,017", "-95.4%"]

    def test_history(self, capsys):
        need_public()
        rc, out, err = run_command(capsys, "export", PUBLIC_RESULTS, "--history", LOAD_FAST)
        assert rc == 0, err
        assert "- trend: ▃██ ▁\n" in out
        [[header, *rows]] = list(tables(out).values())[0]
        assert header == ["Date", "Version", "Commit", "Value", "Bar"]
        assert [r[0] for r in rows] == ["2023-06-19", "2024-04-06", "2024-06-22", "2026-04-21", "2026-07-23"]
        assert rows[3][3] == "" and rows[2][3] == "49,261,377,661"

    def test_history_flags(self, capsys):
        need_public()
        rc, out, err = run_command(
            capsys, "export", PUBLIC_RESULTS, "--history", LOAD_FAST, "--flags", "PYTHON_UOPS"
        )
        assert rc == 0, err
        assert "3 runs with flags PYTHON_UOPS" in out and "24,295,029,751" in out
        assert "18,226,969,405" not in out  # the 3.12 default run is not in this group

    def test_bad_address_is_one_line_and_exit_1(self):
        out = subprocess.run(
            [
                sys.executable,
                "-m",
                "pystats_tui",
                "export",
                str(DEFAULT_RUN),
                "--pivot",
                "Execution counts/NOPE/Count",
            ],
            capture_output=True,
            text=True,
        )
        assert out.returncode == 1 and out.stdout == ""
        assert out.stderr.count("\n") == 1
        assert out.stderr.startswith("pystats-tui: error: stat Execution counts/NOPE/Count: no row 'NOPE'")

    @pytest.mark.parametrize(
        "extra",
        [
            ["--flags", "JIT"],
            ["--pivot", LOAD_FAST, "--history", LOAD_FAST],
            ["--pivot", LOAD_FAST, "--bench", "nbody_small"],
            ["--history", LOAD_FAST, str(UOPS_RUN)],
            ["--pivot", LOAD_FAST, "--json", "x.json"],
        ],
    )
    def test_usage_errors_exit_2(self, extra, capsys):
        assert main(["export", str(DEFAULT_RUN), *extra]) == 2
        assert "usage error" in capsys.readouterr().err


def test_pivot_health_and_their_command_import_without_textual():
    code = (
        "import sys, pystats_tui.core.pivot, pystats_tui.core.health, pystats_tui.core.series_export\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
