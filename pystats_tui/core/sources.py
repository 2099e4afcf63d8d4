"""What is on disk: results trees, runs, benchmarks, raw directories and single files.

``open_source(path)`` recognises any input and returns a ``Source``: a list of
``Run`` objects (newest first), each with its ``Benchmark`` entries (both in
``core.runs``). Runs and benchmarks are found from names only; nothing is
parsed until ``load_stats`` (or ``load_markdown`` for benchmarks that only have
their report) is asked for, and loaded inputs live in a small bounded cache, so
a tree of hundreds of runs opens at once and memory stays bounded while the
user walks it. ``rescan`` says what changed on disk since (``SourceChanges``).

The tool only ever reads here: it never writes into an input.
"""

from __future__ import annotations

import datetime
import stat
import threading
from collections import OrderedDict
from collections.abc import Hashable
from dataclasses import dataclass, field
from pathlib import Path

from pystats_tui.core.defines import Defines
from pystats_tui.core.errors import Problem, PystatsError
from pystats_tui.core.files import Stamp, data_stamp, os_error, read_bytes, stamp
from pystats_tui.core.json_errors import utf8_error
from pystats_tui.core.parse import load_input
from pystats_tui.core.progress import Progress
from pystats_tui.core.runs import (
    MERGED,
    Benchmark,
    Run,
    identify_by_files,
    parse_run_name,
    run_order,
    scan_tree,
)
from pystats_tui.core.script_history import resolve_as_of
from pystats_tui.core.stats import Stats, version_from_name


@dataclass
class SourceChanges:
    """What ``Source.rescan`` found changed on disk (every list empty: nothing changed).

    ``added``, ``removed`` and ``renamed`` are already applied to ``Source.runs``
    (a renamed run is a new ``Run``, named as its directory now is, and is in
    neither ``added`` nor ``removed``). ``changed_runs`` are listed runs whose
    files were added, removed or renamed (their listing was dropped);
    ``changed`` are loaded benchmarks whose data is no longer the file that was
    read (dropped from the cache). ``problems`` are the tree's scan problems
    after a new listing (also in ``Source.problems``), or the error that kept
    the root from being listed again.
    """

    added: list[Run] = field(default_factory=list)
    removed: list[Run] = field(default_factory=list)
    renamed: list[tuple[Run, Run]] = field(default_factory=list)
    changed_runs: list[Run] = field(default_factory=list)
    changed: list[Benchmark] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.added or self.removed or self.renamed or self.changed_runs or self.changed)

    def summary(self) -> str:
        """What changed, in one line (for a notification)."""
        parts = [
            f"{len(items)} {what}"
            for items, what in (
                (self.added, "new run(s)"),
                (self.removed, "removed"),
                (self.renamed, "renamed"),
                (self.changed_runs, "run(s) with files added or removed"),
                (self.changed, "file(s) changed"),
            )
            if items
        ]
        return ", ".join(parts) + "; shown as they are now."

    def runs_touched(self) -> set[str]:
        """The directories (``str(run.path)``) of every run whose health findings are now out of date."""
        touched: set[str] = {str(r.path) for r in self.changed_runs}
        touched.update(str(b.run.path) for b in self.changed)
        touched.update(str(old.path) for old, _ in self.renamed)
        touched.update(str(r.path) for r in self.removed)
        return touched


@dataclass
class Source:
    """An opened input: its runs, newest first, and a bounded cache of what was loaded."""

    path: Path
    kind: str  # "tree", "run", "file" or "raw"
    runs: list[Run] = field(repr=False)
    #: Problems met while scanning (unreadable run directories, strange names).
    problems: list[Problem] = field(default_factory=list)
    defines: Defines | None = None
    #: The user's ``--as-of`` date: the commit date every input here is taken to be made at
    #: (else each input's own, from its metadata or run name; see ``script_history``).
    as_of: datetime.date | None = None
    cache_size: int = 24
    #: Loaded stats by benchmark key, with the ``data_stamp`` they were read at and the benchmark.
    _cache: OrderedDict[tuple[str, str], tuple[Hashable, Stats, Benchmark]] = field(
        default_factory=OrderedDict, repr=False
    )
    #: The browser loads from worker threads (reports, health checks): the cache is shared.
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    #: How many runs keep their file listing (about 90 kB for 90 benchmarks) at most.
    listing_limit: int = 64
    _listings: OrderedDict[str, Run] = field(default_factory=OrderedDict, repr=False)
    #: The root directory's ``stamp`` when its runs were listed (trees and runs).
    _root_stamp: Stamp | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        for run in self.runs:
            run.owner = self

    def note_problem(self, problem: Problem) -> None:
        """Add a problem met after opening (a run that cannot be listed) to ``problems``, once."""
        with self._lock:
            if problem not in self.problems:
                self.problems.append(problem)

    def note_listed(self, run: Run) -> None:
        """Note a run just listed; forget the listing of the run listed longest ago."""
        with self._lock:
            self._listings[str(run.path)] = run
            self._listings.move_to_end(str(run.path))
            while len(self._listings) > self.listing_limit:
                _, old = self._listings.popitem(last=False)
                old.forget()

    def run(self, name: str) -> Run | None:
        for run in self.runs:
            if run.name == name:
                return run
        return None

    def newest_with_data(self, skipped: list[str] | None = None) -> Run:
        """The newest run that holds pystats files (bench_runner trees hold timing-only runs too).

        When that run has flags (PYTHON_UOPS, JIT) and a run of the same commit
        without flags holds data too, that plain twin is the one: it is what the
        flagged runs are measured against. Runs that cannot be listed are passed
        over, each noted in ``skipped``; with no run holding data, the newest run.
        """
        newest = next((run for run in self.runs if self._holds_data(run, skipped)), None)
        if newest is None:
            return self.runs[0]
        if newest.flags and newest.commit:
            for run in self.runs:
                if run.commit == newest.commit and not run.flags and self._holds_data(run, skipped):
                    return run
        return newest

    @staticmethod
    def _holds_data(run: Run, skipped: list[str] | None) -> bool:
        try:
            return bool(run.benchmarks())
        except PystatsError as e:
            if skipped is not None and f"{e}; skipped" not in skipped:
                skipped.append(f"{e}; skipped")
            return False

    def current(self, bench: Benchmark) -> Benchmark:
        """The benchmark of that name in its run's listing as it is now (its files may have moved)."""
        if bench.run.single is not None or not bench.run.scanned:
            return bench  # not listed (a history finds one file by name): nothing to compare with
        try:
            return bench.run.benchmark(bench.name) or bench
        except PystatsError:
            return bench  # reading it names what is wrong

    def load_stats(self, bench: Benchmark, progress: Progress | None = None) -> Stats:
        """The counters of a benchmark, loaded on first use and cached (bounded).

        A cached entry is used only while its data is the same file as when it was
        read (``data_stamp``: size, mtime, inode, device): a file replaced or
        rewritten since is read again. ``progress`` follows the loading of a
        large file or raw directory.
        """
        key = bench.key
        bench = self.current(bench)
        path = bench.data_path
        if path is None:
            raise PystatsError("this benchmark has only its Markdown report, no data", bench.md)
        # Taken before reading: a file that changes while it is read is read again next time.
        identity = data_stamp(path)
        with self._lock:
            entry = self._cache.get(key)
            if entry is not None and identity is not None and entry[0] == identity:
                self._cache.move_to_end(key)
                return entry[1]
        raw = load_input(path, progress)
        version = bench.run.minor_version or version_from_name(path.name)
        label = bench.run.label if bench.name == MERGED else f"{bench.run.label} / {bench.name}"
        if self.kind in ("file", "raw"):
            label = str(path)
        as_of = resolve_as_of(self.as_of, raw.metadata, (bench.run.name, path.name))
        stats = Stats(raw, version, self.defines, label=label, as_of=as_of)
        with self._lock:
            self._cache[key] = (identity, stats, bench)
            self._cache.move_to_end(key)
            while len(self._cache) > self.cache_size:
                self._cache.popitem(last=False)
        return stats

    def rescan(self) -> SourceChanges:
        """What changed on disk since the last look; cheap enough to call every couple of seconds.

        Stats the root directory, the directories of listed runs and the data of
        loaded benchmarks only (a 1,000-run tree: well under a millisecond when
        nothing changed); nothing is parsed. When the root changed, a tree's run
        directories are listed again (names only): new runs are added to
        ``runs``, gone ones removed, and a renamed directory (same inode) replaces
        its old ``Run``. A listed run whose directory changed has its listing
        dropped (the next ``benchmarks()`` lists it again); a loaded benchmark
        whose data changed identity leaves the cache (the next ``load_stats``
        reads it again). Never raises: a root that cannot be listed any more is
        reported in ``SourceChanges.problems`` and the runs are kept.
        """
        changes = SourceChanges()
        if self.kind == "tree":
            now = stamp(self.path)
            if now != self._root_stamp:
                self._relist(now, changes)
        with self._lock:
            listed = list(self._listings.values())
        for run in listed:
            if run.listing_changed:
                run.forget()
                changes.changed_runs.append(run)
        with self._lock:
            entries = list(self._cache.items())
        gone = {str(r.path) for r in changes.removed} | {str(old.path) for old, _ in changes.renamed}
        for key, (identity, _, bench) in entries:
            if key[0] in gone:
                self._drop(key)
                continue
            path = bench.data_path
            if path is not None and data_stamp(path) != identity:
                self._drop(key)
                changes.changed.append(bench)
        return changes

    def _drop(self, key: tuple[str, str]) -> None:
        with self._lock:
            self._cache.pop(key, None)

    def _relist(self, now: Stamp | None, changes: SourceChanges) -> None:
        """List a tree's runs again and merge them into ``runs`` (existing ``Run`` objects kept)."""
        try:
            scan = scan_tree(self.path)
        except PystatsError as e:
            changes.problems.append(Problem(e.path or str(self.path), e.message, severity="error"))
            return
        self._root_stamp = now
        old = {str(r.path): r for r in self.runs}
        new = {str(r.path): r for r in scan.runs}
        added = [r for key, r in new.items() if key not in old]
        removed = [r for key, r in old.items() if key not in new]
        by_inode = {r.inode: r for r in removed if r.inode is not None}
        for run in added:
            before = by_inode.pop(run.inode, None) if run.inode is not None else None
            if before is not None:
                changes.renamed.append((before, run))
            else:
                changes.added.append(run)
        renamed_old = {id(b) for b, _ in changes.renamed}
        changes.removed.extend(r for r in removed if id(r) not in renamed_old)
        runs = [old.get(key, run) for key, run in new.items()]
        runs.sort(key=run_order, reverse=True)
        for run in runs:
            run.owner = self
        with self._lock:
            for run in removed:
                self._listings.pop(str(run.path), None)
        self.runs = runs
        self.problems = scan.problems
        changes.problems.extend(scan.problems)

    def load_markdown(self, bench: Benchmark) -> str:
        """The text of a benchmark's Markdown report."""
        if bench.md is None:
            raise PystatsError("no Markdown report for this benchmark", bench.run.path)
        data = read_bytes(bench.md)
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            raise utf8_error(data, bench.md) or PystatsError("not UTF-8 text", bench.md) from None

    def forget(self) -> None:
        with self._lock:
            self._cache.clear()

    @property
    def loaded_problems(self) -> list[Problem]:
        """Problems met while loading what is in the cache (skipped lines and counters)."""
        with self._lock:
            loaded = [stats for _, stats, _ in self._cache.values()]
        return [p for stats in loaded for p in stats.raw.problems]


def open_source(
    path: str | Path, defines: Defines | None = None, as_of: datetime.date | None = None
) -> Source:
    """Recognise an input: a results tree, a run directory, a raw directory, or a file.

    ``as_of`` (``--as-of``) overrides the commit date of every input found here,
    which picks summarize_stats' behaviour within a CPython version.

    In a results tree, a sub-directory that cannot be listed is reported in
    ``Source.problems`` and skipped, and so is (as a note) a run directory
    whose name is not bench_runner's; the other runs load as usual.
    """
    path = Path(path)
    try:
        mode = path.stat().st_mode
    except OSError as e:
        raise os_error(e, path, "open it") from None
    if stat.S_ISREG(mode):
        kind = "file" if path.suffix in (".json", ".md") else "raw"
        run = identify_by_files(Run(path, path.name, single=path), [path.name])
        return Source(path, kind, [run], defines=defines, as_of=as_of)
    if not stat.S_ISDIR(mode):
        raise PystatsError("not a regular file or directory (a pipe, socket or device)", path)
    root_stamp = stamp(path)
    scan = scan_tree(path)
    if scan.is_run:
        run = identify_by_files(parse_run_name(path), scan.names)
        return Source(path, "run", [run], defines=defines, as_of=as_of, _root_stamp=root_stamp)
    if scan.runs:
        return Source(
            path, "tree", scan.runs, scan.problems, defines=defines, as_of=as_of, _root_stamp=root_stamp
        )
    if scan.files:
        run = Run(path, path.name, single=path)
        return Source(path, "raw", [run], scan.problems, defines=defines, as_of=as_of)
    if scan.problems:
        first = scan.problems[0]
        raise PystatsError(f"no readable runs here ({len(scan.problems)} skipped; first: {first})", path)
    raise PystatsError("no pystats files here (no runs, reports, JSON or raw stats)", path)
