"""The performance benchmark of issues 4 and 15: every target measured against its floor, in one run.

``python bench/run_bench.py`` (``--quick`` for fewer repetitions) generates a
tree of 1,000 runs × 90 benchmarks (symlinks to ``tests/data``) in a temporary
directory, measures each target and its floor in the same run, and prints a
table of figures with PASS/FAIL per target. It is a report, not a test: it
exits 0 whatever the figures. Issue 15 adds the Changes of two merged runs
(against the full comparison export) and a history across 1,000 *distinct*
run files (a second tree whose merged JSONs are files of their own, so no
cache answers for another run), each history in a fresh process;
``--only-changes`` measures just these.

* Whole-process timings are medians of N runs, the subject and its floor
  interleaved so that a busy machine slows both alike.
* Screen timings run the program under a pseudo-terminal and stop the clock
  when a text that only the wanted screen shows is written to the terminal.
* Python's bytecode cache: the environment may set ``PYTHONDONTWRITEBYTECODE``
  (then every start recompiles pystats_tui). By default the subprocesses use a
  private, warmed ``PYTHONPYCACHEPREFIX`` instead, as an installed package has
  its ``.pyc`` files; ``--cold-bytecode`` measures with the environment as is.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
DATA = ROOT / "tests" / "data"
ONE_RUN = DATA / "results" / "bm-20261127-3.13.15-d7482a7"
FLOOR_MARKER = "pystats-bench-floor-marker"

sys.path.insert(0, str(BENCH))

from gentree import generate  # noqa: E402
from ptytime import ScreenTiming, time_to_marker, write_floor_app  # noqa: E402


@dataclass
class Row:
    """One line of the result table."""

    target: str
    measured: str
    floor: str
    limit: str
    ok: bool | None  # None: a figure shown for information, not a target

    @property
    def result(self) -> str:
        return "info" if self.ok is None else "PASS" if self.ok else "FAIL"


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms" if seconds >= 0.01 else f"{seconds * 1000:.1f} ms"


def mb(kb: float) -> str:
    return f"{kb / 1024:.0f} MB"


def log(message: str) -> None:
    print(f"  … {message}", file=sys.stderr, flush=True)


class Bench:
    """Runs the measurements, with the environment shared by every subprocess."""

    def __init__(self, repeat: int, cold_bytecode: bool, work: Path) -> None:
        self.repeat = repeat
        self.work = work
        self.env = dict(os.environ)
        self.env.pop("PYTHONPATH", None)
        if not cold_bytecode:
            self.env.pop("PYTHONDONTWRITEBYTECODE", None)
            self.env["PYTHONPYCACHEPREFIX"] = str(work / "pycache")
        self.python = sys.executable

    # ------------------------------------------------------------------ helpers

    def run_quietly(self, argv: list[str]) -> float:
        """Seconds for ``argv`` to run to its end, output discarded; fails loudly on an error."""
        t0 = time.perf_counter()
        proc = subprocess.run(
            argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=self.env, cwd=ROOT, check=False
        )
        elapsed = time.perf_counter() - t0
        if proc.returncode != 0:
            raise RuntimeError(f"{argv} failed ({proc.returncode}): {proc.stderr.decode()[-500:]}")
        return elapsed

    def screen(self, argv: list[str], marker: str, settle: float = 0.0) -> ScreenTiming:
        return time_to_marker(argv, marker, cwd=ROOT, env=self.env, settle=settle)

    def interleaved(self, subjects: dict[str, Callable[[], Any]]) -> dict[str, list[Any]]:
        """Each subject once to warm up (not counted), then N rounds of all of them in turn."""
        for fn in subjects.values():
            fn()
        out: dict[str, list[Any]] = {name: [] for name in subjects}
        for _ in range(self.repeat):
            for name, fn in subjects.items():
                out[name].append(fn())
        return out

    def inprocess(self, *args: str) -> dict[str, Any]:
        """Run one part of ``inprocess.py`` in a fresh interpreter; its JSON result."""
        proc = subprocess.run(
            [self.python, str(BENCH / "inprocess.py"), *args],
            capture_output=True,
            env=self.env,
            cwd=ROOT,
            check=False,
        )
        if proc.returncode != 0:
            raise RuntimeError(f"inprocess {args} failed: {proc.stderr.decode()[-2000:]}")
        return json.loads(proc.stdout.decode().strip().splitlines()[-1])


def largest_merged_json() -> Path:
    """The largest merged JSON in tests/data (a run's ``…-pystats.json`` or a ``--json-output`` file)."""
    candidates = [
        p
        for p in DATA.rglob("*.json")
        if p.name.endswith("-pystats.json") or p.name.endswith(".summary.json")
    ]
    return max(candidates, key=lambda p: p.stat().st_size)


def first_row_label(path: Path) -> str:
    """The first row label of "Execution counts" on the first screen of ``path`` (a run or a tree).

    The first screen shows the newest run with data, at its merged stats: the
    label is drawn only once that table is, below the tree's first lines.
    """
    from pystats_tui.core.report import build_report
    from pystats_tui.core.sources import open_source

    source = open_source(path)
    bench = source.newest_with_data().main_benchmark()
    assert bench is not None
    report = build_report(source.load_stats(bench))
    section = report.find(("Execution counts",))
    assert section is not None and section.tables and section.tables[0].rows
    return section.tables[0].rows[0][0].text()


# ---------------------------------------------------------------------- targets


def target_export(bench: Bench) -> list[Row]:
    path = largest_merged_json()
    log(f"target 1: export of {path.relative_to(ROOT)} ({path.stat().st_size // 1024} kB)")
    floor_code = f"import msgspec; msgspec.json.decode(open({str(path)!r}, 'rb').read())"
    times = bench.interleaved(
        {
            "floor": lambda: bench.run_quietly([bench.python, "-c", floor_code]),
            "export": lambda: bench.run_quietly([bench.python, "-m", "pystats_tui", "export", str(path)]),
        }
    )
    floor = statistics.median(times["floor"])
    export = statistics.median(times["export"])
    return [
        Row(
            f"1. export {path.parent.name[-12:]}/…-pystats.json",
            ms(export),
            ms(floor),
            f"3× = {ms(3 * floor)}",
            export <= 3 * floor,
        )
    ]


def targets_screens(bench: Bench, tree: Path) -> list[Row]:
    floor_app = write_floor_app(bench.work, FLOOR_MARKER)
    table_marker = first_row_label(ONE_RUN)
    # The tree's first screen shows data too (issue 10): its clock stops at the table's first
    # row, drawn in the frame after the tree's own lines, not at the tree's first label.
    tree_marker = first_row_label(tree)
    log(f"targets 2-3: first screens under a pty (markers {table_marker!r}, {tree_marker!r})")
    app = [bench.python, "-m", "pystats_tui"]
    results = bench.interleaved(
        {
            "floor": lambda: bench.screen([bench.python, str(floor_app)], FLOOR_MARKER),
            "run": lambda: bench.screen([*app, str(ONE_RUN)], table_marker),
            "tree": lambda: bench.screen([*app, str(tree)], tree_marker, settle=0.5),
        }
    )
    floor = statistics.median(t.seconds for t in results["floor"])
    run = statistics.median(t.seconds for t in results["run"])
    big = statistics.median(t.seconds for t in results["tree"])
    peak = max(t.peak_rss_kb for t in results["tree"])
    floor_peak = max(t.peak_rss_kb for t in results["floor"])
    rows = [
        Row(
            "2. browser: one run, first table",
            f"{ms(run)} ({run / floor:.2f}×)",
            ms(floor),
            f"1.5× = {ms(1.5 * floor)}",
            run <= 1.5 * floor,
        ),
        Row(
            "3. browser: 1,000-run tree, first screen",
            f"{ms(big)} ({big / floor:.2f}×)",
            ms(floor),
            f"2× = {ms(2 * floor)}",
            big <= 2 * floor,
        ),
        Row("3. tree: peak RSS at first screen", mb(peak), mb(floor_peak), "200 MB", peak < 200 * 1024),
    ]
    return rows


def targets_tree_inprocess(bench: Bench, tree: Path, walk_core: int, walk_ui: int) -> list[Row]:
    log("target 3: names only at start")
    names = bench.inprocess("names-only", str(tree))
    log("target 3: opening a run")
    opened = bench.inprocess("open-run", str(tree))
    walks = {}
    for name, part, count in (("core", "walk-core", walk_core), ("browser", "walk-ui", walk_ui)):
        log(f"target 3: memory while walking {count} runs ({name}): resident size")
        rss = bench.inprocess(part, str(tree), str(count), "rss")
        log(f"target 3: memory while walking {count} runs ({name}): Python heap, under tracemalloc")
        traced = bench.inprocess(part, str(tree), str(count), "traced")
        walks[name] = (rss, traced)
    others = names["files_opened_open_source"] + names["files_opened_other_runs"]
    rows = [
        Row(
            "3. only names read at start, but the run shown",
            f"{others} files of other runs opened; the run shown: {names['files_opened_shown_run']} "
            f"(open_source {ms(names['open_source_s'])})",
            "-",
            "0 other files",
            others == 0 and names["parse_calls_open_source"] == 0,
        ),
        Row(
            "3. open a run: enter → its benchmarks drawn",
            ms(opened["ui_open_run_s"]),
            "-",
            "100 ms",
            opened["ui_open_run_s"] < 0.1,
        ),
        Row(
            f"   listing a run's {opened['benchmarks_per_run']} benchmarks (core)",
            ms(opened["list_benchmarks_s"]),
            "-",
            "100 ms",
            None,
        ),
        Row("   loading + building its merged report", ms(opened["merged_report_s"]), "-", "100 ms", None),
    ]
    if opened.get("background_checks"):
        rows.append(
            Row(
                "   background health check a run starts",
                f"{ms(opened['background_check_s'])} CPU",
                "-",
                "-",
                None,
            )
        )
    for name, (rss, traced) in walks.items():
        target = f"3. memory walking {rss['runs']} runs ({name})"
        if traced["settled_samples"] < 3:
            # Too short a walk (--quick) for the caches to fill: growth shown, not judged.
            measured = f"+{mb(rss['growth_kb'])}; peak {mb(rss['peak_rss_kb'])} (too short to judge)"
            rows.append(Row(target, measured, "-", "-", None))
            continue
        held = traced["settled_kb_per_100_runs"]
        resident = rss["settled_kb_per_100_runs"]
        span = f"runs {traced['settled_from']}-{traced['runs']}"
        rows.append(
            Row(
                target,
                f"heap +{held / 1024:.1f} MB/100 runs ({span}); peak {mb(rss['peak_rss_kb'])}",
                "-",
                "≤ 2 MB/100 runs, < 200 MB",
                held <= 2 * 1024 and rss["peak_rss_kb"] < 200 * 1024,
            )
        )
        rows.append(
            Row(
                "   resident size meanwhile",
                f"+{mb(rss['growth_kb'])}, then {resident / 1024:+.1f} MB/100 runs ({span})",
                "-",
                "-",
                None,
            )
        )
    return rows


def targets_live(bench: Bench, tree: Path) -> list[Row]:
    """The live host (README, Reliability): a rescan when nothing changed, a 3 GB file refused."""
    log("live host: rescan of the tree, a 3 GB file refused")
    rescans = [bench.inprocess("rescan", str(tree)) for _ in range(bench.repeat)]
    rescan = statistics.median(r["rescan_s"] for r in rescans)
    calls = rescans[0]
    refusals = [bench.inprocess("refuse-big", str(bench.work / f"big-{i}")) for i in range(bench.repeat)]
    refuse = statistics.median(r["refuse_s"] for r in refusals)
    refused = all(r["status"] == 1 and r["too_large"] for r in refusals)
    return [
        Row(
            f"   rescan of {calls['runs']:,} runs, nothing changed",
            f"{ms(rescan)} ({calls['stat']} stats, {calls['listdir']} listings, {calls['open']} opens)",
            "-",
            "1 ms",
            rescan <= 0.001 and calls["listdir"] == calls["open"] == 0,
        ),
        Row("   a 3 GB file refused (export)", ms(refuse), "-", "100 ms", refused and refuse <= 0.1),
    ]


def targets_table(bench: Bench, rows_count: int) -> list[Row]:
    log(f"target 4: a table of {rows_count:,} rows")
    t = bench.inprocess("table", str(rows_count))
    limit = 0.2
    frame = 1 / 30
    return [
        Row(
            f"4. {rows_count:,} rows: shown (mount → drawn)",
            ms(t["ui_show_s"]),
            "-",
            "200 ms",
            t["ui_show_s"] < limit,
        ),
        Row("4. sorted (s → redrawn)", ms(t["ui_sort_s"]), "-", "200 ms", t["ui_sort_s"] < limit),
        Row(
            "4. filtered (filter → redrawn)",
            f"{ms(t['ui_filter_s'])} (max {ms(t['ui_filter_max_s'])})",
            "-",
            "200 ms",
            t["ui_filter_max_s"] < limit,
        ),
        Row(
            "4. scrolling: page down → redrawn",
            f"{ms(t['ui_pagedown_s'])} (p90 {ms(t['ui_pagedown_p90_s'])}, max {ms(t['ui_pagedown_max_s'])})",
            "-",
            f"{ms(frame)} median",
            t["ui_pagedown_s"] < frame,
        ),
        Row("   end → last row drawn", ms(t["ui_end_s"]), "-", f"{ms(frame)}", t["ui_end_s"] < frame),
        Row(
            "   longest full GC pause meanwhile",
            f"{ms(t['gc_full_max_s'])} ({t['gc_full_collections']} full collections)",
            "-",
            "-",
            None,
        ),
        Row(
            "   core: TableView / sort / filter",
            f"{ms(t['view_create_s'])} / {ms(t['view_sort_s'])} / {ms(t['view_filter_first_s'])}",
            "-",
            "200 ms",
            None,
        ),
    ]


UOPS_RUN = DATA / "results" / "bm-20261127-3.13.15-d7482a7-PYTHON_UOPS"


def exported(result: dict[str, Any]) -> float:
    """The seconds of an in-process export, which must have written its report (else it fails loudly)."""
    if result["status"] != 0 or not result["chars"]:
        status, chars = result["status"], result["chars"]
        raise RuntimeError(f"export {result['kind']} failed: status {status}, {chars} chars")
    return float(result["export_s"])


def targets_changes(bench: Bench) -> list[Row]:
    """Issue 15: the Changes of two merged runs against the full comparison export of the same runs.

    Both are timed inside a fresh process after its imports (``inprocess.py export``), so that
    the ratio compares the work of the two commands, not two interpreter starts; the whole
    processes are shown beside them.
    """
    log("issue 15: --changes against the full comparison export")
    pair = (str(ONE_RUN), str(UOPS_RUN))
    export = [bench.python, "-m", "pystats_tui", "export", *pair]
    times = bench.interleaved(
        {
            "full": lambda: exported(bench.inprocess("export", "full", *pair)),
            "changes": lambda: exported(bench.inprocess("export", "changes", *pair)),
            "full process": lambda: bench.run_quietly(export),
            "changes process": lambda: bench.run_quietly([*export, "--changes"]),
            "by-bench process": lambda: bench.run_quietly([*export, "--changes", "--by-bench"]),
        }
    )
    full, changes = (statistics.median(times[k]) for k in ("full", "changes"))
    full_process, changes_process, by_bench = (
        statistics.median(times[k]) for k in ("full process", "changes process", "by-bench process")
    )
    return [
        Row(
            "15. changes of two merged runs (in-process)",
            f"{ms(changes)} ({changes / full:.2f}×)",
            ms(full),
            f"2× = {ms(2 * full)}",
            changes <= 2 * full,
        ),
        Row(
            "    the same, whole processes",
            f"{ms(changes_process)} ({changes_process / full_process:.2f}×)",
            ms(full_process),
            "-",
            None,
        ),
        Row("    benchmarks that moved (--by-bench)", ms(by_bench), ms(full_process), "-", None),
    ]


def targets_history(bench: Bench, tree: Path) -> list[Row]:
    """Issue 15: a history and its largest step across distinct run files, each in a fresh process."""
    log("issue 15: history across distinct run files, cold (fresh processes)")
    runs = [bench.inprocess("history", str(tree)) for _ in range(bench.repeat)]
    floors = [bench.inprocess("read-all", str(tree)) for _ in range(bench.repeat)]
    history = statistics.median(r["history_s"] + r["step_s"] for r in runs)
    steps = statistics.median(r["step_s"] for r in runs)
    floor = statistics.median(f["read_s"] for f in floors)
    cpu = statistics.median(r["history_cpu_s"] for r in runs)
    floor_cpu = statistics.median(f["read_cpu_s"] for f in floors)
    count = runs[0]["runs"]
    command = [
        bench.python,
        "-m",
        "pystats_tui",
        "export",
        str(tree),
        "--history",
        "Execution counts/LOAD_FAST/Count",
    ]
    whole = statistics.median(bench.run_quietly(command) for _ in range(bench.repeat))
    return [
        Row(
            f"15. history across {count:,} distinct run files",
            f"{ms(history)} ({history / count * 1000:.2f} ms a run, {history / floor:.1f}× floor)",
            ms(floor),
            "3 s",
            history <= 3.0 and runs[0]["progress_calls"] == count,
        ),
        Row(
            "    CPU time of the history",
            f"{ms(cpu)} ({cpu / floor_cpu:.1f}× floor)",
            ms(floor_cpu),
            "-",
            None,
        ),
        Row("    largest step found in it", ms(steps), "-", "-", None),
        Row("    export --history, whole process", ms(whole), "-", "3 s", whole <= 3.0),
    ]


# ---------------------------------------------------------------------- report


def print_table(rows: list[Row], header: str) -> str:
    heads = ("target", "measured", "floor", "limit", "result")
    cells = [(r.target, r.measured, r.floor, r.limit, r.result) for r in rows]
    widths = [max(len(h), *(len(c[i]) for c in cells)) for i, h in enumerate(heads)]
    lines = [header, ""]
    lines.append(" | ".join(h.ljust(w) for h, w in zip(heads, widths)))
    lines.append("-|-".join("-" * w for w in widths))
    for c in cells:
        lines.append(" | ".join(v.ljust(w) for v, w in zip(c, widths)))
    failed = [r for r in rows if r.ok is False]
    lines.append("")
    if failed:
        lines.append(f"FAILED {len(failed)} of {sum(r.ok is not None for r in rows)} targets:")
        lines.extend(f"  ✗ {r.target.strip()}: {r.measured} (limit {r.limit})" for r in failed)
    else:
        lines.append(f"All {sum(r.ok is not None for r in rows)} targets pass.")
    text = "\n".join(lines)
    print(text)
    return text


def main() -> None:
    parser = argparse.ArgumentParser(description="Measure the performance targets against their floors.")
    parser.add_argument("--quick", action="store_true", help="3 repetitions and shorter walks")
    parser.add_argument("--repeat", type=int, help="repetitions per whole-process timing (default 5)")
    parser.add_argument("--runs", type=int, default=1000, help="runs in the generated tree")
    parser.add_argument("--benches", type=int, default=90, help="benchmarks per generated run")
    parser.add_argument("--rows", type=int, default=50_000, help="rows of the big table")
    parser.add_argument("--cold-bytecode", action="store_true", help="keep the environment's .pyc settings")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory (tree, pycache)")
    parser.add_argument(
        "--only-changes", action="store_true", help="measure only the targets of issue 15 (changes, history)"
    )
    parser.add_argument("--json", type=Path, help="also write the rows as JSON to this file")
    args = parser.parse_args()
    repeat = args.repeat or (3 if args.quick else 5)
    walk_core, walk_ui = (60, 30) if args.quick else (200, 200)

    work = Path(tempfile.mkdtemp(prefix="pystats-bench-"))
    started = time.perf_counter()
    try:
        if not args.only_changes:
            log(f"generating {args.runs} runs × {args.benches} benchmarks in {work}")
            t0 = time.perf_counter()
            tree = generate(work / "results", args.runs, args.benches)
            log(f"{tree.links:,} symlinks in {time.perf_counter() - t0:.1f} s")
        bench = Bench(repeat, args.cold_bytecode, work)
        rows = []
        if not args.only_changes:
            rows += target_export(bench)
            rows += targets_screens(bench, tree.path)
            rows += targets_tree_inprocess(bench, tree.path, walk_core, walk_ui)
            rows += targets_live(bench, tree.path)
            rows += targets_table(bench, args.rows)
        rows += targets_changes(bench)
        log(f"generating {args.runs} runs × {args.benches} benchmarks, distinct merged files, no flags")
        distinct = generate(work / "distinct", args.runs, args.benches, distinct=True, flagged=0.0)
        rows += targets_history(bench, distinct.path)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    cpus = os.cpu_count()
    bytecode = "cold bytecode (as the environment)" if args.cold_bytecode else "warm bytecode cache"
    header = (
        f"pystats-tui performance: {platform.python_implementation()} {platform.python_version()}, "
        f"{cpus} CPUs, medians of {repeat} runs, {bytecode}, {time.perf_counter() - started:.0f} s in all"
    )
    print()
    print_table(rows, header)
    if args.json:
        args.json.write_text(json.dumps([r.__dict__ | {"result": r.result} for r in rows], indent=2))


if __name__ == "__main__":
    main()
