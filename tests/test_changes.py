"""What changed: the ranking of compared rows, of benchmarks, and the steps of a history (issue 15)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from conftest import DEFAULT_RUN, PREFIX, RESULTS, UOPS_RUN, write_run

from pystats_tui.cli import main
from pystats_tui.core.bench_moves import bench_moves
from pystats_tui.core.changes import (
    DEFAULT_THRESHOLD,
    ChangesTable,
    changes_table,
    open_changes,
    ranked_rows,
)
from pystats_tui.core.history import history_steps, history_table, largest_step
from pystats_tui.core.markdown import view_markdown
from pystats_tui.core.report import build_report
from pystats_tui.core.selection import Selection
from pystats_tui.core.sources import Source, open_source
from pystats_tui.core.stats import Stats
from pystats_tui.core.table_view import TableView

BASE_LABEL = "2026-11-27 3.13.15 d7482a7"
HEAD_LABEL = "2026-11-27 3.13.15 d7482a7 PYTHON_UOPS"


@pytest.fixture(scope="module")
def results() -> Source:
    return open_source(RESULTS)


def merged(source: Source, run: Path) -> Stats:
    return source.load_stats(source.run(run.name).merged)


def bench(source: Source, run: Path, name: str) -> Stats:
    return source.load_stats(source.run(run.name).benchmark(name))


def scaled(stats: Stats, factor: int) -> Stats:
    """The same input with every counter multiplied by ``factor`` (a run ``factor`` times longer)."""
    raw = dataclasses.replace(stats.raw, counters={k: v * factor for k, v in stats.raw.counters.items()})
    return Stats(raw, stats.version, label=stats.label)


def key(entries: list) -> list[tuple]:
    """What the ranking says: each entry's place, label, shares and score, in rank order."""
    return [(e.where, e.label, e.metric, e.base_share, e.head_share, e.score, e.negligible) for e in entries]


@pytest.fixture(scope="module")
def pair(results):
    return merged(results, DEFAULT_RUN), merged(results, UOPS_RUN)


@pytest.fixture(scope="module")
def tier2_pair(results):
    """Two benchmarks of the tier-2 run: their comparison has tier-2 and uop sections."""
    return bench(results, UOPS_RUN, "nbody_small"), bench(results, UOPS_RUN, "objects_small")


class TestScore:
    """The score: |head share - base share|, independent of run length, with a threshold."""

    @pytest.mark.parametrize("which", ["pair", "tier2_pair"])
    def test_a_head_three_times_longer_ranks_exactly_as_before(self, which, request):
        base, head = request.getfixturevalue(which)
        before = ranked_rows(build_report(base, head))
        after = ranked_rows(build_report(base, scaled(head, 3)))
        assert key(after) == key(before)
        assert any(e.score > 0 for e in before)
        # And the same for a longer base.
        assert key(ranked_rows(build_report(scaled(base, 3), head))) == key(before)

    def test_tier2_and_uop_rows_are_ranked(self, tier2_pair):
        wheres = {e.where for e in ranked_rows(build_report(*tier2_pair))}
        for where in (
            "Execution counts",
            "Optimization (Tier 2) stats › Uop execution stats",
            "Optimization (Tier 2) stats › Trace length histogram",
            "Optimization (Tier 2) stats › table 1",
            "GC stats",
            "Specialization stats › LOAD_ATTR › Failure kind",
            "Call stats",
            "Object stats",
        ):
            assert where in wheres

    def test_negligible_rows_score_zero_and_never_outrank_movement(self, pair):
        report = build_report(*pair)
        entries = ranked_rows(report)
        negligible = [e for e in entries if e.negligible]
        assert negligible and all(e.score == 0 for e in negligible)
        assert all(max(e.base_share, e.head_share) < DEFAULT_THRESHOLD for e in negligible if not e.unknown)
        first_negligible = entries.index(negligible[0])
        assert all(e.score > 0 for e in entries[:first_negligible])
        # A higher threshold makes more rows negligible; those fall below every moving row.
        high = ranked_rows(report, threshold=0.2)
        assert sum(e.negligible for e in high) > len(negligible)
        for i, e in enumerate(high):
            if e.negligible:
                assert all(later.score == 0 for later in high[i:])
                break
        assert all(e.negligible == (e.unknown or max(e.base_share, e.head_share) < 0.2) for e in high)

    def test_threshold_zero_scores_every_movement(self, pair):
        entries = ranked_rows(build_report(*pair), threshold=0.0)
        assert all(e.score == abs(e.head_share - e.base_share) for e in entries if not e.unknown)

    def test_rows_beyond_a_top_10_score_zero(self, pair):
        """Deferred/Misses by instruction keep each side's top 10: a blank side is not a zero."""
        entries = ranked_rows(build_report(*pair))
        beyond = [e for e in entries if e.unknown]
        assert beyond
        assert all(e.score == 0 and "by instruction" in e.where for e in beyond)
        assert all(e.base.text() == "" or e.head.text() == "" for e in beyond)

    def test_shares_are_the_reports_own_rates_or_column_fractions(self, pair):
        entries = ranked_rows(build_report(*pair))
        # A specialization kind: its share is the Ratio column of each side's own report.
        e = next(
            e for e in entries if e.where == "Specialization stats › FOR_ITER › Kind" and e.label == "hit"
        )
        base_own = build_report(pair[0]).find(("Specialization stats", "FOR_ITER")).tables[0]
        head_own = build_report(pair[1]).find(("Specialization stats", "FOR_ITER")).tables[0]
        assert e.base_share == next(r for r in base_own.rows if r[0].text() == "hit")[2].value()
        assert e.head_share == next(r for r in head_own.rows if r[0].text() == "hit")[2].value()
        # An execution count: its share is the Self column of each side's own report.
        e = next(e for e in entries if e.where == "Execution counts" and e.label == "LOAD_FAST")
        own = build_report(pair[1]).find(("Execution counts",)).tables[0]
        assert e.head_share == next(r for r in own.rows if r[0].text() == "LOAD_FAST")[2].value()
        # A rare event is an independent counter: per Tier-1 instruction executed.
        e = next(e for e in entries if e.where == "Rare events" and e.label == "builtin dict")
        total = pair[1].opcode_stats("opcode").total_execution_count
        assert e.head_share == e.head.count / total


class TestRanking:
    """Order, ties and where each ranked row comes from."""

    def test_same_order_twice_and_ties_by_place_then_label(self, pair):
        first = ranked_rows(build_report(*pair))
        again = ranked_rows(build_report(*pair))
        assert key(first) == key(again)
        scores = [e.score for e in first]
        assert scores == sorted(scores, reverse=True)
        ties = 0
        for a, b in zip(first, first[1:]):
            if a.score == b.score:
                ties += 1
                assert (a.order, a.label, a.base_column) < (b.order, b.label, b.base_column)
        assert ties > 10

    def test_base_and_head_are_the_cells_of_the_full_comparison_report(self, pair):
        entries = ranked_rows(build_report(*pair))
        full = build_report(*pair)  # built again: nothing is shared with the ranking
        seen = 0
        for e in entries:
            section = full.find(e.section)
            table = section.tables[e.table]
            row = table.rows[e.row]
            assert row[0].text() == e.label
            assert row[e.base_column] == e.base
            assert row[e.head_column] == e.head
            if e.metric == "":
                assert row[-1] == e.change
                assert table.columns[-1].name == "Change"
            seen += 1
        assert seen == sum(
            len(t.rows) * (3 if s.path == ("GC stats",) else 1)
            for s in full.walk()
            if not s.note
            for t in s.tables
        )

    def test_every_comparative_section_is_covered(self, pair):
        full = build_report(*pair)
        entries = ranked_rows(full)
        tops = {e.section[0] for e in entries}
        expected = {s.path[0] for s in full.walk() if not s.note and any(t.rows for t in s.tables)}
        assert tops == expected
        assert "Pair counts" not in tops  # not comparative in summarize_stats

    def test_jump_from_a_ranked_row_of_a_sorted_view(self, pair, results):
        head = Selection(results, results.run(UOPS_RUN.name).merged)
        base = Selection(results, results.run(DEFAULT_RUN.name).merged)
        report, table = open_changes(head, base)
        assert isinstance(table, ChangesTable)
        assert len(table.rows) == len(table.entries) == table.ranked
        view = TableView(table)
        view.sort_by(1)  # by row label: the rows move, their entries follow
        view.set_filter("LOAD_ATTR")
        assert view.rows
        for row in view.rows:
            entry = table.entry(row)
            section, found_table, found = entry.locate(report)
            assert section.path == entry.section
            assert found_table is section.tables[entry.table]
            assert found is found_table.rows[entry.row]
            assert found[0].text() == entry.label
            assert row[2] is found[entry.base_column] and row[3] is found[entry.head_column]

    def test_table_columns_top_and_markdown(self, pair):
        report = build_report(*pair)
        table = changes_table(report, top=7)
        assert [c.name for c in table.columns] == [
            "Where",
            "Row",
            "Base",
            "Head",
            "Change",
            "Base share",
            "Head share",
            "Score",
        ]
        assert len(table.rows) == 7 and table.ranked > 7
        assert table.rows[0][-1].text() == f"{table.entries[0].score * 100:.2f} pp"
        text = view_markdown(TableView(table), table.title, table.notes)
        assert text.count("<tr>") == 8
        assert "- top 7 of" in text

    def test_a_report_alone_is_refused(self, pair):
        with pytest.raises(ValueError, match="comparison"):
            ranked_rows(build_report(pair[0]))


class TestBenchMoves:
    """Benchmarks of two runs ranked by the distance of their execution profiles."""

    def test_ranking_of_the_two_runs(self, results):
        table = bench_moves(results, results.run(UOPS_RUN.name), results, results.run(DEFAULT_RUN.name))
        assert [m.bench for m in table.entries] == ["objects_small", "nbody_small", "stdlib_small"]
        for move in table.entries:
            base = build_report(bench(results, DEFAULT_RUN, move.bench)).find(("Execution counts",)).tables[0]
            head = build_report(bench(results, UOPS_RUN, move.bench)).find(("Execution counts",)).tables[0]
            # Shares are the Self column of each benchmark's own report.
            b = {r[0].text(): r[2].value() for r in base.rows}
            h = {r[0].text(): r[2].value() for r in head.rows}
            names = set(b) | set(h)
            moved = {n: abs(h.get(n, 0.0) - b.get(n, 0.0)) for n in names}
            assert move.distance == pytest.approx(sum(moved.values()) / 2, abs=1e-12)
            assert moved[move.row] == pytest.approx(max(moved.values()), abs=1e-12)
            assert move.base_share == pytest.approx(b.get(move.row, 0.0))
            assert move.head_share == pytest.approx(h.get(move.row, 0.0))
        assert table.entry(table.rows[0]).bench == "objects_small"
        assert [r[0].text() for r in table.rows] == [m.bench for m in table.entries]

    def test_a_benchmark_compared_with_itself_has_not_moved(self, results):
        run = results.run(DEFAULT_RUN.name)
        table = bench_moves(results, run, results, run)
        assert all(m.distance == 0 for m in table.entries)
        assert [m.bench for m in table.entries] == sorted(m.bench for m in table.entries)

    def test_benchmarks_on_one_side_only_are_listed_last(self, tmp_path, results):
        run = tmp_path / DEFAULT_RUN.name
        run.mkdir()
        for name in ("", "-nbody_small", "-other_bench"):
            source_name = "-stdlib_small" if name == "-other_bench" else name
            (run / f"{PREFIX}{name}.json").symlink_to(DEFAULT_RUN / f"{PREFIX}{source_name}.json")
        mine = open_source(run)
        table = bench_moves(results, results.run(UOPS_RUN.name), mine, mine.runs[0])
        assert [(m.bench, m.missing) for m in table.entries] == [
            ("nbody_small", ""),
            ("objects_small", "only in head"),
            ("other_bench", "only in base"),
            ("stdlib_small", "only in head"),
        ]
        assert table.rows[1][1].text() == ""


class TestHistorySteps:
    """The largest step of a history between a run and the run before it, by share."""

    @pytest.fixture(scope="class")
    def tree(self, tmp_path_factory) -> Path:
        tree = tmp_path_factory.mktemp("history")
        write_run(tree, "bm-20260101-3.13.15-aaaaaa1", DEFAULT_RUN, 1)
        write_run(tree, "bm-20260102-3.13.15-aaaaaa2", DEFAULT_RUN, 3)  # longer, same shares
        write_run(tree, "bm-20260103-3.13.15-aaaaaa3", UOPS_RUN, 2)  # a different profile
        write_run(tree, "bm-20260104-3.13.15-aaaaaa4", UOPS_RUN, 5)
        return tree

    def test_the_largest_step_is_where_the_profile_changed(self, tree, pair):
        source = open_source(tree)
        table = history_table(source, "Execution counts/LOAD_FAST/Count")
        assert [r.name for r in table.runs] == sorted(r.name for r in table.runs)
        step = largest_step(table)
        assert step is not None
        assert (step.previous, step.index) == (1, 2)
        assert (step.previous_run.name, step.run.name) == (
            "bm-20260102-3.13.15-aaaaaa2",
            "bm-20260103-3.13.15-aaaaaa3",
        )
        # The same number the Changes score gives LOAD_FAST between the two profiles.
        entry = next(
            e
            for e in ranked_rows(build_report(*pair))
            if e.where == "Execution counts" and e.label == "LOAD_FAST"
        )
        assert step.before == entry.base_share and step.after == entry.head_share
        assert step.size == entry.score
        steps = history_steps(table)
        assert len(steps) == 3
        assert [s.size for s in steps[1:]] == [0.0, 0.0]
        assert [s.index for s in steps[1:]] == [1, 3]  # ties: the older step first

    def test_a_ratio_address_steps_by_the_ratio(self, tree):
        table = history_table(open_source(tree), "Specialization stats > FOR_ITER/hit/Ratio")
        step = largest_step(table)
        assert step is not None and step.index == 2
        assert step.before == table.rows[1][3].value() and step.after == table.rows[2][3].value()

    def test_runs_without_a_value_are_spanned(self, tree, tmp_path):
        source = open_source(tree)
        table = history_table(source, "Execution counts/LOAD_FAST/Count")
        table.shares[2] = None
        step = largest_step(table)
        assert (step.previous, step.index) == (1, 3)
        table.shares[:] = [None, None, 0.5, None]
        assert largest_step(table) is None


# --------------------------------------------------------------------------- the command line


def export(*args: str) -> list[str]:
    return ["export", str(DEFAULT_RUN), str(UOPS_RUN), "--changes", *args]


class TestCli:
    def test_changes_top(self, capsys):
        assert main(export("--top", "3")) == 0
        out = capsys.readouterr().out
        lines = out.splitlines()
        assert lines[:10] == [
            f"## What changed: {BASE_LABEL} → {HEAD_LABEL}",
            "",
            f"- base: {BASE_LABEL}",
            f"- head: {HEAD_LABEL}",
            "- score: |head share - base share| in percentage points; a count's share is the rate beside "
            "it (Self, Ratio), else its fraction of its column, or for independent counters (rare events, "
            "other stats, counts without a ratio) its count per Tier-1 instruction",
            "- threshold: 0.1%; 99 of 440 rows are below it on both sides and score 0",
            "- 8 rows of top-10 tables are there on one side only (beyond the other's top 10, so unknown "
            "there) and score 0",
            "- top 3 of 440 ranked rows",
            "- rows: 3 of 3 rows",
            "",
        ]
        assert out.count("<tr>") == 4
        assert '<td align="left">Specialization stats › FOR_ITER › Kind</td>' in out
        assert '<td align="right">16.67 pp</td>' in out

    def test_threshold_and_one_benchmark(self, capsys):
        assert main(export("--bench", "nbody_small", "--threshold", "5%", "--top", "1")) == 0
        lines = capsys.readouterr().out.splitlines()
        assert lines[0] == f"## What changed: {BASE_LABEL} / nbody_small → {HEAD_LABEL} / nbody_small"
        assert lines[5].startswith("- threshold: 5%; ")

    def test_by_bench(self, capsys):
        assert main(export("--by-bench", "--top", "2")) == 0
        out = capsys.readouterr().out
        lines = out.splitlines()
        assert lines[:9] == [
            f"## Benchmarks that moved: {DEFAULT_RUN.name} → {UOPS_RUN.name}",
            "",
            f"- base: {BASE_LABEL}",
            f"- head: {HEAD_LABEL}",
            "- distance: ½ Σ |head share - base share| over the rows of Execution counts "
            "(0% = same profile, 100% = nothing in common)",
            "- 3 of 3 benchmarks paired by name",
            "- top 2 of 3 benchmarks",
            "- rows: 2 of 2 rows",
            "",
        ]
        assert out.index("objects_small") < out.index("nbody_small")
        assert "stdlib_small" not in out

    def test_to_a_file(self, tmp_path, capsys):
        target = tmp_path / "changes.md"
        assert main([*export("--top", "2"), "-o", str(target)]) == 0
        assert target.read_text().startswith("## What changed: ")
        assert capsys.readouterr().err == f"pystats-tui: wrote {target}\n"

    @pytest.mark.parametrize(
        "argv, message",
        [
            (["export", str(DEFAULT_RUN), "--changes"], "--changes compares two inputs: give BASE and HEAD"),
            (["export", str(DEFAULT_RUN), str(UOPS_RUN), "--top", "3"], "--top goes with --changes"),
            (["export", str(DEFAULT_RUN), str(UOPS_RUN), "--by-bench"], "--by-bench goes with --changes"),
            (
                ["export", str(DEFAULT_RUN), str(UOPS_RUN), "--threshold", "1"],
                "--threshold goes with --changes",
            ),
            (export("--top", "0"), "--top takes a number of rows of 1 or more, not 0"),
            (export("--threshold", "x"), "--threshold takes a percentage from 0 to 100 (e.g. 0.1), not 'x'"),
            (
                export("--threshold", "101"),
                "--threshold takes a percentage from 0 to 100 (e.g. 0.1), not '101'",
            ),
            (
                export("--by-bench", "--bench", "nbody_small"),
                "--by-bench ranks whole benchmarks; --bench does not apply",
            ),
            (
                export("--by-bench", "--threshold", "1"),
                "--by-bench ranks whole benchmarks; --threshold does not apply",
            ),
            (export("--json", "x.json"), "--json cannot be used with --changes"),
            (
                export("--pivot", "Execution counts/LOAD_FAST/Count"),
                "argument --pivot: not allowed with argument --changes",
            ),
        ],
    )
    def test_usage_errors_exit_2_with_one_line(self, argv, message, capsys):
        assert main(argv) == 2
        assert capsys.readouterr().err == f"pystats-tui export: usage error: {message}\n"


def test_changes_refuses_an_existing_output_before_reading(tmp_path, capsys, monkeypatch):
    """-o FILE without --force is refused before any input is read (nothing half done)."""
    from pystats_tui.core import sources

    out = tmp_path / "changes.md"
    out.write_text("mine")
    reads: list[object] = []
    real = sources.Source.load_stats
    monkeypatch.setattr(
        sources.Source, "load_stats", lambda self, *a, **k: reads.append(a) or real(self, *a, **k)
    )
    assert main(export("-o", str(out))) == 1
    assert "file exists (use --force to replace it)" in capsys.readouterr().err
    assert reads == [] and out.read_text() == "mine"


def test_changes_passes_as_of_on(capsys, monkeypatch):
    """--as-of reaches the inputs of --changes as it reaches those of a plain export."""
    from pystats_tui.core import changes_export

    seen = []
    real = changes_export.open_inputs
    monkeypatch.setattr(changes_export, "open_inputs", lambda *a: seen.append(a[-1]) or real(*a))
    assert main(export("--top", "1", "--as-of", "2024-06-05")) == 0
    import datetime

    assert seen == [datetime.date(2024, 6, 5)]
