"""The in-process measurements of the benchmark, each run in its own fresh Python process.

``python bench/inprocess.py PART ARGS...`` runs one part and prints its figures
as one JSON object on stdout. ``run_bench.py`` starts one process per part, so
every part starts from a clean interpreter and its memory figures are its own.

Parts:

* ``names-only TREE``: ``open_source`` must parse nothing (``load_input`` and
  ``read_bytes`` are counted), and neither may the app showing the tree; times
  ``open_source``.
* ``open-run TREE``: listing a run's benchmarks (names only), in the core and in
  the app (enter on a run in the tree, until its benchmarks are drawn), and
  loading and building its merged report.
* ``walk-core TREE N [rss|traced]`` / ``walk-ui TREE N [rss|traced]``: load
  and build the merged report of N runs in turn (through one ``Source``, or
  through the browser itself) and record the resident memory along the way, or
  (``traced``) the Python heap the program holds, under ``tracemalloc``.
* ``history TREE``: a history of one value across every default run of TREE
  and its largest step (``history.largest_step``), in a fresh process (cold);
  ``read-all TREE``: its floor, listing each run and decoding its merged JSON.
* ``rescan TREE``: ``Source.rescan`` when nothing changed (64 runs listed, 24
  inputs loaded), timed, and the stat and listing calls it makes, counted;
  ``refuse-big DIR``: ``export`` of a run whose JSON is a 3 GB sparse file.
* ``export full|changes BASE HEAD``: the full comparison export of two
  inputs, or their Changes export, timed in-process after the imports.
* ``table ROWS``: a table of ROWS rows: ``TableView`` creation, sort and filter,
  then a ``StatTable`` over it in a headless app: shown, sorted, filtered and
  scrolled, each timed until the table's last line is drawn again.
"""

from __future__ import annotations

import asyncio
import gc
import json
import os
import random
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

SIZE = (120, 40)


def rss_kb() -> int:
    """This process' resident memory now (``VmRSS``, kB)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def peak_rss_kb() -> int:
    """This process' peak resident memory (``VmHWM``, kB)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return 0


class CallCounter:
    """Wraps functions of modules and counts their calls (``sources.load_input`` and the like)."""

    def __init__(self) -> None:
        self.calls: dict[str, int] = {}

    def wrap(self, module: Any, name: str) -> None:
        original = getattr(module, name)
        key = f"{module.__name__}.{name}"
        self.calls.setdefault(key, 0)

        def counted(*args: Any, **kwargs: Any) -> Any:
            self.calls[key] += 1
            return original(*args, **kwargs)

        setattr(module, name, counted)

    @property
    def total(self) -> int:
        return sum(self.calls.values())


# --------------------------------------------------------------------------- target 3: names only


def part_names_only(tree: str) -> dict[str, Any]:
    from pystats_tui.core import inputs, json_data, parse, raw_files, sources

    # Every file opened under the tree (an audit hook sees all opens; listing a directory is no open).
    opened: list[str] = []
    prefix = os.path.abspath(tree)

    def audit(event: str, args: tuple[Any, ...]) -> None:
        if event == "open" and isinstance(args[0], (str, bytes, os.PathLike)):
            path = os.path.abspath(os.fsdecode(args[0]))
            if path.startswith(prefix):
                opened.append(path)

    sys.addaudithook(audit)
    counter = CallCounter()
    for module, name in (
        (sources, "load_input"),
        (sources, "read_bytes"),
        (parse, "load_input"),
        (parse, "read_bytes"),
        (parse, "load_json_file"),
        (parse, "load_raw_dir"),
        (json_data, "read_bytes"),
        (raw_files, "read_bytes"),
    ):
        counter.wrap(module, name)
    times = []
    for _ in range(5):
        t0 = time.perf_counter()
        source = sources.open_source(tree)
        times.append(time.perf_counter() - t0)
    loads_open = counter.total
    opened_open = len(opened)
    # The app itself, showing the tree: it must not parse anything either.
    from pystats_tui.app import PystatsApp

    source, _ = inputs.open_inputs(Path(tree), None, None)
    app = PystatsApp(source)

    shown: list[str] = []

    async def show() -> int:
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            await app.workers.wait_for_complete()
            await pilot.pause()
            current = app.screen.current  # type: ignore[attr-defined]
            if current is not None:
                shown.append(os.path.abspath(current.bench.run.path))
            return len(source.runs)

    runs = asyncio.run(show())
    # The first screen shows the newest run with data: its files are read, no other run's.
    at_start = opened[opened_open:]
    inside = [p for p in at_start if shown and p.startswith(shown[0] + os.sep)]
    return {
        "runs": runs,
        "shown_run": shown[0] if shown else None,
        "files_opened_shown_run": len(inside),
        "files_opened_other_runs": len(at_start) - len(inside),
        "open_source_s": statistics.median(times),
        "open_source_first_s": times[0],
        "parse_calls_open_source": loads_open,
        "parse_calls_app_start": counter.total - loads_open,
        "files_opened_open_source": opened_open,
        "files_opened_app_start": len(opened) - opened_open,
        "calls": counter.calls,
    }


# --------------------------------------------------------------------------- target 3: opening a run


def part_open_run(tree: str) -> dict[str, Any]:
    from pystats_tui.core.report import build_report
    from pystats_tui.core.sources import open_source

    # Core: list the benchmarks of runs never listed before (names only).
    source = open_source(tree)
    core = []
    for run in source.runs[10:20]:
        t0 = time.perf_counter()
        benches = run.benchmarks()
        core.append(time.perf_counter() - t0)
    n_benches = len(benches)
    # Core: load and build the merged report of a few runs, cold (each run's first load),
    # every section of it, as the browser's loading thread does.
    build = []
    for run in source.runs[20:25]:
        bench = run.merged
        assert bench is not None
        t0 = time.perf_counter()
        build_report(source.load_stats(bench)).complete()
        build.append(time.perf_counter() - t0)
    # UI: enter on a run in the tree, until its benchmarks are drawn; and the health
    # check the browser starts in the background when a run opens (if it does).
    checks: list[float] = []
    from pystats_tui.core import health

    original = health.check_run

    def check_run(*args: Any, **kwargs: Any) -> Any:
        t0 = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            checks.append(time.perf_counter() - t0)

    health.check_run = check_run  # type: ignore[assignment]
    ui = asyncio.run(_ui_open_runs(tree, 5))
    return {
        "benchmarks_per_run": n_benches,
        "list_benchmarks_s": statistics.median(core),
        "ui_open_run_s": statistics.median(ui),
        "ui_open_run_max_s": max(ui),
        "merged_report_s": statistics.median(build),
        "background_checks": len(checks),
        "background_check_s": statistics.median(checks) if checks else 0.0,
    }


async def _ui_open_runs(tree: str, count: int) -> list[float]:
    """Enter on runs never opened before; seconds until the tree is drawn with their benchmarks."""
    from textual.widgets import Tree

    from pystats_tui.app import PystatsApp
    from pystats_tui.core.sources import open_source
    from pystats_tui.widgets import ResultsTree

    watched: list[Any] = [None, 0.0]  # the run node, and when the tree was first drawn with its children
    original = Tree.render_lines

    def render_lines(self: Tree, crop: Any) -> Any:
        lines = original(self, crop)
        node = watched[0]
        if isinstance(self, ResultsTree) and node is not None and node.children and not watched[1]:
            watched[1] = time.perf_counter()
        return lines

    Tree.render_lines = render_lines  # type: ignore[method-assign]
    app = PystatsApp(open_source(tree))
    times = []
    try:
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            tree_widget = app.screen.query_one(ResultsTree)
            tree_widget.focus()
            for i in range(1, count + 1):
                target = tree_widget.root.children[i * 7]  # a run not opened before
                assert target.data is not None and target.data.kind == "run" and not target.children
                tree_widget.move_cursor(target)
                await pilot.pause()
                watched[:] = [target, 0.0]
                t0 = time.perf_counter()
                tree_widget.action_select_cursor()  # what enter does
                while not watched[1]:
                    if time.perf_counter() - t0 > 30:
                        raise TimeoutError("the opened run was not drawn")
                    await asyncio.sleep(0.0005)
                times.append(watched[1] - t0)
                watched[0] = None
                await app.workers.wait_for_complete()  # the health check a run starts when opened
                target.collapse()
                await pilot.pause()
    finally:
        Tree.render_lines = original  # type: ignore[method-assign]
    return times


# --------------------------------------------------------------------------- target 3: walking many runs


class WalkSampler:
    """Memory samples along a walk: resident size, and with ``traced`` the Python heap held.

    ``traced`` runs the walk under ``tracemalloc``: the heap the program holds,
    exact and free of the allocator's noise (freed memory that the C allocator
    keeps, per-thread arenas), which is what "drop what is far away" controls.
    It slows the walk and adds its own memory, so resident figures come from a
    walk without it.
    """

    def __init__(self, traced: bool) -> None:
        self.traced = traced
        if traced:
            tracemalloc.start(1)
        self.samples: list[tuple[int, int]] = []
        self.start = 0

    def now(self) -> int:
        gc.collect()
        return tracemalloc.get_traced_memory()[0] // 1024 if self.traced else rss_kb()

    def begin(self) -> None:
        self.start = self.now()

    def sample(self, i: int, count: int) -> None:
        if i % 25 == 0 or i == count:
            self.samples.append((i, self.now()))


def part_walk_core(tree: str, count: int, mode: str = "rss") -> dict[str, Any]:
    from pystats_tui.core.report import build_report
    from pystats_tui.core.sources import open_source

    sampler = WalkSampler(mode == "traced")
    source = open_source(tree)
    sampler.begin()
    t0 = time.perf_counter()
    for i, run in enumerate(source.runs[:count], 1):
        bench = run.merged
        assert bench is not None
        report = build_report(source.load_stats(bench)).complete()
        del report
        sampler.sample(i, count)
    return _walk_result(sampler, time.perf_counter() - t0, count, source.cache_size)


def part_walk_ui(tree: str, count: int, mode: str = "rss") -> dict[str, Any]:
    return asyncio.run(_walk_ui(tree, count, mode == "traced"))


async def _walk_ui(tree: str, count: int, traced: bool) -> dict[str, Any]:
    from pystats_tui.app import PystatsApp
    from pystats_tui.core.selection import Selection
    from pystats_tui.core.sources import open_source
    from pystats_tui.screens import BrowserScreen

    sampler = WalkSampler(traced)
    source = open_source(tree)
    app = PystatsApp(source)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, BrowserScreen)
        sampler.begin()
        t0 = time.perf_counter()
        for i, run in enumerate(source.runs[:count], 1):
            bench = run.merged
            assert bench is not None
            screen.jump(Selection(source, bench))
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert screen.current_table is not None, f"run {i}: no table shown"
            sampler.sample(i, count)
        elapsed = time.perf_counter() - t0
        tree_nodes = len(screen.tree._tree_nodes)
    result = _walk_result(sampler, elapsed, count, source.cache_size)
    result["tree_nodes"] = tree_nodes
    return result


def _walk_result(sampler: WalkSampler, elapsed: float, count: int, cache: int) -> dict[str, Any]:
    # Growth once the caches are full is what must stay flat: the second half of the walk,
    # and never before the largest cache (the run listings) has filled. The growth is the
    # least-squares slope over the samples there, in kB per 100 runs.
    from pystats_tui.core.sources import Source

    samples = sampler.samples
    settled = max(count // 2, Source.listing_limit)
    late = [(i, kb) for i, kb in samples if i >= settled]
    slope = 0.0
    if len(late) >= 2:
        mean_i = statistics.fmean(i for i, _ in late)
        mean_kb = statistics.fmean(kb for _, kb in late)
        slope = sum((i - mean_i) * (kb - mean_kb) for i, kb in late) / sum((i - mean_i) ** 2 for i, _ in late)
    return {
        "runs": count,
        "measure": "traced" if sampler.traced else "rss",
        "cache_size": cache,
        "start_kb": sampler.start,
        "samples": samples,
        "peak_rss_kb": peak_rss_kb(),
        "growth_kb": samples[-1][1] - sampler.start,
        "settled_from": late[0][0] if late else count,
        "settled_samples": len(late),
        "settled_kb_per_100_runs": slope * 100,
        "per_run_s": elapsed / count,
    }


# --------------------------------------------------------------------------- target 4: a 50,000-row table

OPCODES = (
    "LOAD_ATTR",
    "LOAD_FAST",
    "STORE_ATTR",
    "CALL",
    "BINARY_OP",
    "LOAD_GLOBAL",
    "COMPARE_OP",
    "FOR_ITER",
)


def big_table(rows: int, seed: int = 50) -> Any:
    """A report table of ``rows`` typed rows: a label, a count, and two ratios over the total."""
    from pystats_tui.core.cells import Count, Ratio, Text
    from pystats_tui.core.report import Column, Table

    rng = random.Random(seed)
    counts = [rng.randrange(1, 10_000_000) for _ in range(rows)]
    total = sum(counts)
    out = []
    cumulative = 0
    for i, count in enumerate(counts):
        cumulative += count
        label = f"{OPCODES[i % len(OPCODES)]} {OPCODES[(i * 7 + 3) % len(OPCODES)]}_{i:05d}"
        out.append((Text(label), Count(count), Ratio(count, total), Ratio(cumulative, total)))
    columns = (Column("Pair"), Column("Count", True), Column("Self", True), Column("Cumulative", True))
    return Table(columns, out, path=("Big",), index=0)


def _best(fn: Callable[[], Any], repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def part_table(rows: int) -> dict[str, Any]:
    from pystats_tui.core.table_view import TableView

    table = big_table(rows)
    out: dict[str, Any] = {"rows": rows}
    out["view_create_s"] = _best(lambda: TableView(table))

    def sort() -> None:
        view = TableView(table)
        view.sort_by(1)

    out["view_sort_s"] = _best(sort) - out["view_create_s"]

    def filt() -> None:
        view = TableView(table)
        view.set_filter("attr")

    out["view_filter_first_s"] = _best(filt) - out["view_create_s"]
    view = TableView(table)
    view.set_filter("x")
    out["view_filter_again_s"] = _best(lambda: view.set_filter("attr"))
    out.update(asyncio.run(_table_ui(table)))
    return out


async def _table_ui(table: Any) -> dict[str, Any]:
    from textual.app import App, ComposeResult
    from textual.widgets import Static

    from pystats_tui.core.table_view import TableView
    from pystats_tui.widgets import StatTable

    class Probe(StatTable):
        """A StatTable recording when its last line is drawn."""

        painted_at = 0.0

        def render_line(self, y: int) -> Any:
            strip = super().render_line(y)
            if y == self.size.height - 1:
                self.painted_at = time.perf_counter()
            return strip

    class Host(App[None]):
        def compose(self) -> ComposeResult:
            yield Static("host")

    async def painted(widget: Probe, since: float, timeout: float = 10.0) -> float:
        while widget.painted_at < since:
            if time.perf_counter() - since > timeout:
                raise TimeoutError("the table was not redrawn")
            await asyncio.sleep(0.0005)
        return widget.painted_at - since

    app = Host()
    out: dict[str, Any] = {}
    pauses: list[float] = []

    def on_gc(phase: str, info: dict[str, int]) -> None:
        if info["generation"] == 2:
            if phase == "start":
                pauses.append(-time.perf_counter())
            elif pauses:
                pauses[-1] += time.perf_counter()

    gc.callbacks.append(on_gc)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        shows = []
        widget: Probe | None = None
        for _ in range(3):
            if widget is not None:
                await widget.remove()
                await pilot.pause()
            t0 = time.perf_counter()
            widget = Probe(TableView(table), classes="-fill")
            await app.mount(widget)
            widget.focus()
            shows.append(await painted(widget, t0))
        assert widget is not None
        out["ui_show_s"] = statistics.median(shows)
        await pilot.pause()

        async def timed(action: Callable[[], None]) -> float:
            await pilot.pause()
            t0 = time.perf_counter()
            action()
            return await painted(widget, t0)  # type: ignore[arg-type]

        out["ui_sort_s"] = statistics.median([await timed(widget.action_sort) for _ in range(3)])

        def filter_rows(text: str) -> Callable[[], None]:
            def act() -> None:
                widget.view.set_filter(text)  # type: ignore[union-attr]
                widget.refresh_rows()  # type: ignore[union-attr]

            return act

        filters = []
        for text in ("attr", "", "call", ""):
            filters.append(await timed(filter_rows(text)))
        out["ui_filter_s"] = statistics.median(filters)
        out["ui_filter_max_s"] = max(filters)
        widget.action_first_row()
        steps = [await timed(widget.action_page_down) for _ in range(20)]
        out["ui_pagedown_s"] = statistics.median(steps)
        out["ui_pagedown_max_s"] = max(steps)
        out["ui_pagedown_p90_s"] = statistics.quantiles(steps, n=10)[-1]
        out["scroll_offset_after"] = widget.scroll_offset.y
        ends = []
        for _ in range(5):
            ends.append(await timed(widget.action_last_row))
            await timed(widget.action_first_row)
        out["ui_end_s"] = statistics.median(ends)
        # The same steps through the keyboard, as a user presses them (Pilot adds its own waits).
        await pilot.press("home")
        t0 = time.perf_counter()
        await pilot.press(*["pagedown"] * 20)
        out["ui_pagedown_keys_s"] = (time.perf_counter() - t0) / 20
    gc.callbacks.remove(on_gc)
    # Full collections walk every live object, the 250,000 cells included: a pause, whatever the widget.
    out["gc_full_collections"] = len(pauses)
    out["gc_full_max_s"] = max(pauses, default=0.0)
    return out


# --------------------------------------------------------------------------- issue 15: history steps

HISTORY_ADDRESS = "Execution counts/LOAD_FAST/Count"


def part_history(tree: str) -> dict[str, Any]:
    """A history across every run of the tree and its largest step, cold (this fresh process)."""
    t0 = time.perf_counter()
    from pystats_tui.core.history import history_table, largest_step
    from pystats_tui.core.sources import open_source

    t1 = time.perf_counter()
    c1 = time.process_time()
    steps: list[int] = []
    table = history_table(open_source(tree), HISTORY_ADDRESS, progress=lambda what, n, total: steps.append(n))
    t2 = time.perf_counter()
    c2 = time.process_time()
    step = largest_step(table)
    t3 = time.perf_counter()
    return {
        "runs": len(table.rows),
        "import_s": t1 - t0,
        "history_s": t2 - t1,
        "history_cpu_s": c2 - c1,
        "step_s": t3 - t2,
        "progress_calls": len(steps),
        "step": None if step is None else [step.previous_run.name, step.run.name],
    }


def part_read_all(tree: str) -> dict[str, Any]:
    """The floor of a history: list each run and read and decode its merged JSON, nothing else."""
    import msgspec

    t0 = time.perf_counter()
    c0 = time.process_time()
    count = 0
    for run in sorted(os.listdir(tree)):
        if run.endswith("PYTHON_UOPS"):
            continue
        folder = os.path.join(tree, run)
        for name in os.listdir(folder):
            if name.endswith("-pystats.json"):
                with open(os.path.join(folder, name), "rb") as f:
                    msgspec.json.decode(f.read())
                count += 1
    return {"runs": count, "read_s": time.perf_counter() - t0, "read_cpu_s": time.process_time() - c0}


def part_export(kind: str, base: str, head: str) -> dict[str, Any]:
    """``export BASE HEAD`` (kind ``full``) or ``export BASE HEAD --changes`` (``changes``), in-process.

    Every module either command uses is imported first, so the time is the
    command's own: open both inputs, read and decode, build, rank (changes) and
    render its Markdown, cold (this fresh process has seen neither input).
    """
    import contextlib
    import io

    import pystats_tui.core.changes_export
    import pystats_tui.core.export_commands  # noqa: F401
    from pystats_tui.cli import main as cli_main

    argv = ["export", base, head] + (["--changes"] if kind == "changes" else [])
    out = io.StringIO()
    t0 = time.perf_counter()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        status = cli_main(argv)
    seconds = time.perf_counter() - t0
    return {"kind": kind, "status": status, "export_s": seconds, "chars": len(out.getvalue())}


# --------------------------------------------------------------------------- a live host


def part_rescan(tree: str) -> dict[str, Any]:
    """``Source.rescan`` of TREE when nothing changed, with 64 runs listed and 24 inputs loaded.

    What the browser does every two seconds on a benchmark host: the median of
    20 rescans, and the file-system calls one makes (counted, not timed).
    """
    from pystats_tui.core.sources import open_source

    source = open_source(tree)
    for run in source.runs[:64]:
        run.benchmarks()
    for bench in source.runs[0].benchmarks()[:24]:
        source.load_stats(bench)
    calls = {"stat": 0, "listdir": 0, "open": 0}
    real_stat, real_listdir, real_scandir, real_open = os.stat, os.listdir, os.scandir, os.open

    def counted(name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
        def call(*args: Any, **kwargs: Any) -> Any:
            calls[name] += 1
            return fn(*args, **kwargs)

        return call

    os.stat = counted("stat", real_stat)  # type: ignore[assignment]
    os.listdir = counted("listdir", real_listdir)  # type: ignore[assignment]
    os.scandir = counted("listdir", real_scandir)  # type: ignore[assignment]
    os.open = counted("open", real_open)  # type: ignore[assignment]
    try:
        assert not source.rescan()
    finally:
        os.stat, os.listdir, os.scandir = real_stat, real_listdir, real_scandir  # type: ignore[assignment]
        os.open = real_open  # type: ignore[assignment]
    times = []
    for _ in range(20):
        t0 = time.perf_counter()
        source.rescan()
        times.append(time.perf_counter() - t0)
    return {"runs": len(source.runs), "rescan_s": statistics.median(times), **calls}


def part_refuse_big(folder: str) -> dict[str, Any]:
    """``export`` of a run whose merged JSON is a 3 GB sparse file: refused by its size, timed."""
    import contextlib
    import io
    import subprocess

    from pystats_tui.cli import main as cli_main

    run = Path(folder) / "bm-20261127-3.13.15-d7482a7"
    run.mkdir(parents=True, exist_ok=True)
    subprocess.run(["truncate", "-s", "3G", str(run / "bm-20261127-local-pystats.json")], check=True)
    err = io.StringIO()
    t0 = time.perf_counter()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(err):
        status = cli_main(["export", str(run.parent)])
    seconds = time.perf_counter() - t0
    return {"status": status, "refuse_s": seconds, "too_large": "too large to read" in err.getvalue()}


PARTS: dict[str, Callable[..., dict[str, Any]]] = {
    "rescan": part_rescan,
    "refuse-big": part_refuse_big,
    "export": part_export,
    "history": part_history,
    "read-all": part_read_all,
    "names-only": part_names_only,
    "open-run": part_open_run,
    "walk-core": part_walk_core,
    "walk-ui": part_walk_ui,
    "table": part_table,
}


def main() -> None:
    part, *args = sys.argv[1:]
    fn = PARTS[part]
    typed = [int(a) if a.isdigit() else a for a in args]
    print(json.dumps(fn(*typed)))


if __name__ == "__main__":
    main()
