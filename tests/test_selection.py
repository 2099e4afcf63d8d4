"""What the browser compares and steps to, headless: ``core.selection``, ``Report.section_beside``."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import DEFAULT_RUN, RESULTS, UOPS_RUN

from pystats_tui.core.report import build_report
from pystats_tui.core.runs import MERGED
from pystats_tui.core.selection import Selection, bench_beside, compared_base, moved, not_compared
from pystats_tui.core.sources import Source, open_source


def pick(source: Source, run: Path, bench: str = MERGED) -> Selection:
    found = source.run(run.name).benchmark(bench)
    assert found is not None, (run.name, bench)
    return Selection(source, found)


def tree_without(tmp_path: Path, bench: str) -> Source:
    """The bundled results tree, its PYTHON_UOPS run without ``bench``'s files."""
    tree = tmp_path / "results"
    shutil.copytree(RESULTS, tree)
    for path in (tree / UOPS_RUN.name).glob(f"*-pystats-{bench}.*"):
        path.unlink()
    return open_source(tree)


class TestComparedBase:
    """A marked base pairs each head with its namesake in the base run: like with like."""

    def test_merged_with_merged_and_a_benchmark_with_its_namesake(self):
        source = open_source(RESULTS)
        marked = pick(source, DEFAULT_RUN)
        for name in (MERGED, "nbody_small"):
            head = pick(source, UOPS_RUN, name)
            base = compared_base(marked, head)
            assert base is not None and base.bench == pick(source, DEFAULT_RUN, name).bench
            assert not_compared(marked, head) == ""

    def test_nothing_marked_is_shown_alone_without_a_reason(self):
        source = open_source(RESULTS)
        head = pick(source, UOPS_RUN)
        assert compared_base(None, head) is None and not_compared(None, head) == ""

    def test_a_benchmark_is_not_compared_with_itself(self):
        source = open_source(RESULTS)
        marked = pick(source, DEFAULT_RUN)
        assert compared_base(marked, marked) is None
        assert not_compared(marked, marked) == (
            f"base marked: {marked.bench.run.label}; choose a head to compare"
        )

    def test_a_head_missing_from_the_base_run_says_so(self, tmp_path):
        source = tree_without(tmp_path, "objects_small")
        marked = pick(source, Path(UOPS_RUN.name))
        head = pick(source, Path(DEFAULT_RUN.name), "objects_small")
        assert compared_base(marked, head) is None
        why = f"not compared: no objects_small in base {marked.bench.run.label}"
        assert not_compared(marked, head) == why


class TestSteps:
    """``]``/``[`` walk a run's benchmarks, ``}``/``{`` the report's sections with tables."""

    def test_bench_beside_walks_the_listing_and_stops_at_both_ends(self):
        source = open_source(RESULTS)
        run = source.run(DEFAULT_RUN.name)
        benches = run.benchmarks()
        first = Selection(source, benches[0])
        walked = [first.bench]
        step = bench_beside(first, 1)
        while step is not None:
            walked.append(step.bench)
            step = bench_beside(step, 1)
        assert walked == benches and len(benches) == 4
        assert bench_beside(first, -1) is None
        assert bench_beside(Selection(source, benches[2]), -1).bench == benches[1]

    def test_section_beside_follows_the_report_order(self):
        source = open_source(RESULTS)
        report = build_report(source.load_stats(source.run(DEFAULT_RUN.name).merged))
        leaves = [s.path for s in report.walk() if not s.sections]
        assert leaves[0] == ("Execution counts",) and len(leaves) > 20
        assert report.section_beside(leaves[0], 1) == leaves[1]
        assert report.section_beside(leaves[5], -1) == leaves[4]
        assert report.section_beside(leaves[0], -1) is None
        assert report.section_beside(leaves[-1], 1) is None
        # A section with sub-sections (or none) starts from the first section with tables.
        parent = next(s.path for s in report.walk() if s.sections)
        assert report.section_beside(parent, 1) == leaves[0]


class TestMoved:
    """A run renamed on disk keeps what was shown of it; a removed one leaves nothing."""

    def test_renamed_run_keeps_the_benchmark(self, tmp_path):
        tree = tmp_path / "results"
        shutil.copytree(RESULTS, tree)
        source = open_source(tree)
        shown = pick(source, Path(DEFAULT_RUN.name), "nbody_small")
        renamed = tree / "bm-20261128-3.13.15-d7482a7"
        (tree / DEFAULT_RUN.name).rename(renamed)
        changes = source.rescan()
        gone = {str(old.path): new for old, new in changes.renamed}
        assert list(gone) == [str(tree / DEFAULT_RUN.name)]
        now = moved(shown, gone)
        assert now is not None and now.bench.name == "nbody_small" and now.bench.run.path == renamed
        assert moved(shown, {str(tree / DEFAULT_RUN.name): None}) is None
