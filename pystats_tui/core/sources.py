"""What is on disk: results trees, runs, benchmarks, raw directories and single files.

``open_source(path)`` recognises any input and returns a ``Source``: a list of
``Run`` objects (newest first), each with its ``Benchmark`` entries. Runs and
benchmarks are found from names only; nothing is parsed until ``load_stats``
(or ``load_markdown`` for benchmarks that only have their report) is asked
for, and loaded inputs live in a small bounded cache, so a tree of hundreds of
runs opens at once and memory stays bounded while the user walks it.

The tool only ever reads here: it never writes into an input.
"""

from __future__ import annotations

import datetime
import os
import re
import stat
import threading
from collections import OrderedDict
from collections.abc import Hashable
from dataclasses import dataclass, field
from pathlib import Path

from pystats_tui.core.defines import Defines
from pystats_tui.core.errors import Problem, PystatsError
from pystats_tui.core.files import is_dir, os_error, read_bytes
from pystats_tui.core.json_errors import utf8_error
from pystats_tui.core.parse import load_input
from pystats_tui.core.progress import Progress
from pystats_tui.core.script_history import resolve_as_of
from pystats_tui.core.stats import Stats, version_from_name

#: ``bm-20240622-3.14.0a0-4717aaa[-FLAGS]``
RUN_NAME = re.compile(
    r"^bm-(?P<date>\d{8})-(?P<version>\d+\.\d+\.\d+[a-z]*\d*\+?)-(?P<commit>[0-9a-f]{6,40})(?:-(?P<flags>.+))?$"
)
#: the part of a bench_runner file name after ``-pystats``: ``""``, ``-nbody``, ``-nbody-vs-base``
_PYSTATS_PART = re.compile(r"-pystats(?P<rest>-.+?)?\.(?P<ext>json|md)$")
_VS = re.compile(r"(^|-)vs-[^-]+$")
MERGED = "all"

#: A file's identity: (size, mtime_ns, inode, device); a file replaced or rewritten gets a new one.
Stamp = tuple[int, int, int, int]


def stamp(path: str | Path) -> Stamp | None:
    """The identity of a file or directory (following links), or None when it cannot be looked at."""
    try:
        return _stamp_of(os.stat(path))
    except (OSError, ValueError):
        return None


def _stamp_of(st: os.stat_result) -> Stamp:
    return (st.st_size, st.st_mtime_ns, st.st_ino, st.st_dev)


def data_stamp(path: str | Path) -> Hashable:
    """The identity of what a benchmark's counters are read from.

    A file's ``stamp``; for a raw directory, its own stamp with the stamps of its
    files, since a file rewritten in place leaves the directory's stamp alone.
    """
    try:
        st = os.stat(path)  # once: the stamp and whether it is a directory
    except (OSError, ValueError):
        return None
    own = _stamp_of(st)
    if not stat.S_ISDIR(st.st_mode):
        return own
    try:
        with os.scandir(path) as it:
            names = sorted(e.name for e in it if not e.name.startswith("."))
    except OSError:
        return own
    return (own, tuple((name, stamp(os.path.join(path, name))) for name in names))


@dataclass(eq=False)
class Benchmark:
    """One benchmark of a run (``all`` for the merged stats): the files behind it.

    Two ``Benchmark`` objects are equal when they name the same benchmark of the
    same run directory (a run listed again after ``Run.forget`` makes new ones).
    """

    name: str
    run: Run = field(repr=False)
    json: Path | None = None
    md: Path | None = None
    #: bench_runner's comparison with the run's base (``-vs-base.md``), if any.
    vs_base_md: Path | None = None
    #: a raw ``/tmp/py_stats`` directory or file, for raw inputs.
    raw: Path | None = None

    @property
    def key(self) -> tuple[str, str]:
        return (str(self.run.path), self.name)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Benchmark) and other.key == self.key

    def __hash__(self) -> int:
        return hash(self.key)

    @property
    def data_path(self) -> Path | None:
        """The file or directory the counters come from (None for Markdown-only benchmarks)."""
        return self.json or self.raw

    @property
    def markdown_only(self) -> bool:
        return self.data_path is None and self.md is not None

    @property
    def title(self) -> str:
        return "all benchmarks" if self.name == MERGED else self.name


@dataclass
class Run:
    """A run directory (or a single input standing for one run)."""

    path: Path
    name: str
    date: datetime.date | None = None
    version: str = ""
    commit: str = ""
    flags: tuple[str, ...] = ()
    #: Benchmarks, merged first then by name; filled on first use.
    _benchmarks: list[Benchmark] | None = field(default=None, repr=False)
    #: Set for single-file or raw inputs: the one benchmark this "run" has.
    single: Path | None = None
    #: The source that lists this run; it bounds how many runs keep their listing.
    _owner: Source | None = field(default=None, repr=False, compare=False)
    #: The directory's ``stamp`` when its files were listed: a file added, removed or renamed changes it.
    _listed_stamp: Stamp | None = field(default=None, repr=False, compare=False)
    #: The directory's inode when the tree was listed (a renamed run keeps it).
    inode: int | None = field(default=None, repr=False, compare=False)

    @property
    def minor_version(self) -> str | None:
        return version_from_name(f"-{self.version}-") if self.version else None

    @property
    def flag_group(self) -> str:
        """The run's flags as one group name: ``default`` when it has none."""
        return ",".join(self.flags) if self.flags else "default"

    @property
    def label(self) -> str:
        """``2024-06-22  3.14.0a0  4717aaa  JIT`` or the input's name."""
        if self.date is None:
            return self.name
        parts = [self.date.isoformat(), self.version, self.commit]
        if self.flags:
            parts.append(",".join(self.flags))
        return " ".join(parts)

    @property
    def scanned(self) -> bool:
        """Whether the run's directory has been listed (and its benchmarks are held)."""
        return self._benchmarks is not None

    def forget(self) -> None:
        """Drop the run's file listing; the next ``benchmarks()`` lists the directory again."""
        self._benchmarks = None
        self._listed_stamp = None

    @property
    def listing_changed(self) -> bool:
        """Whether files were added, removed or renamed in the run's directory since it was listed.

        False for a run not listed yet and for a single-file input (one stat, no listing).
        """
        if self._benchmarks is None or self.single is not None:
            return False
        return stamp(self.path) != self._listed_stamp

    def benchmarks(self) -> list[Benchmark]:
        """The run's benchmarks, found from file names (nothing is parsed).

        The listing is kept while the directory's ``stamp`` stays the same (one stat
        per call); once a file is added, removed or renamed it is listed again, with
        new ``Benchmark`` objects (equal to the old ones of the same name).
        """
        if self.listing_changed:
            self._benchmarks = None
        if self._benchmarks is None:
            before = stamp(self.path) if self.single is None else None
            try:
                benches = self._scan()
            except PystatsError as e:
                if self._owner is not None:
                    self._owner.note_problem(Problem.from_error(e))
                raise
            self._benchmarks = benches
            self._listed_stamp = before
            if self._owner is not None:
                self._owner._listed(self)
        return self._benchmarks

    def benchmark(self, name: str) -> Benchmark | None:
        for bench in self.benchmarks():
            if bench.name == name:
                return bench
        return None

    def find_benchmark(self, name: str) -> Benchmark | None:
        """One benchmark, as ``benchmark(name)`` finds it, without keeping the run's listing.

        A run listed already answers from its listing; otherwise the directory is
        listed and only ``name``'s files are kept (a history reads one file of each
        of a thousand runs: it need not build paths for the other 180).
        """
        if self._benchmarks is not None:
            return self.benchmark(name)
        return next((b for b in self._scan(name) if b.name == name), None)

    @property
    def merged(self) -> Benchmark | None:
        return self.benchmark(MERGED)

    def main_benchmark(self) -> Benchmark | None:
        """What the run stands for when no benchmark is named: its merged stats, else its first."""
        benches = self.benchmarks()
        return self.merged or (benches[0] if benches else None)

    def _scan(self, only: str | None = None) -> list[Benchmark]:
        """The run's benchmarks from its file names (``only``: just the one of that name, if any)."""
        if self.single is not None:
            bench = Benchmark(MERGED, self)
            if is_dir(self.single) or self.single.suffix != ".json" and self.single.suffix != ".md":
                bench.raw = self.single
            elif self.single.suffix == ".md":
                bench.md = self.single
            else:
                bench.json = self.single
            return [bench]
        found: dict[str, Benchmark] = {}
        try:
            names = sorted(os.listdir(self.path))
        except OSError as e:
            raise os_error(e, self.path, "list the run directory") from None
        if only is not None:
            # Only names that can hold ``only``'s files (a superset), before the regex.
            if only == MERGED:
                names = [
                    n
                    for n in names
                    if n.endswith((".json", ".md")) and ("-pystats." in n or "-pystats-vs-" in n)
                ]
            else:
                names = [n for n in names if f"-pystats-{only}" in n]
        for name in names:
            m = _PYSTATS_PART.search(name)
            if not m:
                continue
            if not found:
                _check_enterable(self.path, name)
            rest = (m.group("rest") or "")[1:]
            vs = _VS.search(rest)
            if vs:
                rest = rest[: vs.start()]
            bench_name = rest or MERGED
            if only is not None and bench_name != only:
                continue
            bench = found.setdefault(bench_name, Benchmark(bench_name, self))
            file = self.path / name
            if vs:
                if m.group("ext") == "md":
                    bench.vs_base_md = file
                continue
            if m.group("ext") == "json":
                bench.json = file
            else:
                bench.md = file
        benches = [b for b in found.values() if b.json or b.md]
        benches.sort(key=lambda b: (b.name != MERGED, b.name))
        return benches


def _check_enterable(folder: Path, name: str) -> None:
    """Raise when a directory can be listed but not entered (mode 644): one error, not one per file."""
    try:
        os.lstat(os.path.join(folder, name))
    except PermissionError as e:
        raise os_error(e, folder, "enter the directory; it can be listed only") from None
    except OSError:
        pass  # that one file's problem, reported when it is read


def parse_run_name(path: Path) -> Run:
    """A ``Run`` for a directory, with date, version, commit and flags from its name.

    ``.`` and other relative names without a last part are named by the
    directory they stand for, so ``pystats-tui .`` inside a run knows the run.
    """
    name = path.name or path.resolve().name
    m = RUN_NAME.match(name)
    if not m:
        return Run(path, name)
    d = m.group("date")
    try:
        date = datetime.date(int(d[:4]), int(d[4:6]), int(d[6:8]))
    except ValueError:
        date = None
    flags = tuple(f for f in re.split(r"[,-]", m.group("flags") or "") if f)
    return Run(path, name, date, m.group("version"), m.group("commit"), flags)


def _has_pystats_files(path: Path) -> bool:
    """Whether a directory holds bench_runner pystats files; raises if it cannot be listed."""
    try:
        return any(_PYSTATS_PART.search(n) for n in os.listdir(path))
    except OSError as e:
        raise os_error(e, path, "list the directory") from None


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
            run._owner = self

    def note_problem(self, problem: Problem) -> None:
        """Add a problem met after opening (a run that cannot be listed) to ``problems``, once."""
        with self._lock:
            if problem not in self.problems:
                self.problems.append(problem)

    def _listed(self, run: Run) -> None:
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
            scan = _scan_tree(self.path)
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
        runs.sort(key=_run_order, reverse=True)
        for run in runs:
            run._owner = self
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
        error = utf8_error(data, bench.md)
        if error is not None:
            raise error
        return data.decode("utf-8")

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
        return Source(path, kind, [Run(path, path.name, single=path)], defines=defines, as_of=as_of)
    if not stat.S_ISDIR(mode):
        raise PystatsError("not a regular file or directory (a pipe, socket or device)", path)
    root_stamp = stamp(path)
    scan = _scan_tree(path)
    if scan.is_run:
        run = parse_run_name(path)
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


@dataclass
class _TreeScan:
    runs: list[Run]
    problems: list[Problem]
    files: int
    is_run: bool = False


def _scan_tree(path: Path) -> _TreeScan:
    """List a directory: a run (it holds pystats files), a results tree (its runs), or a raw directory.

    Only names are read for bench_runner runs: a tree of any size is listed at once.
    """
    try:
        with os.scandir(path) as it:
            entries = sorted(it, key=lambda e: e.name)
    except OSError as e:
        raise os_error(e, path, "list the directory") from None
    if any(_PYSTATS_PART.search(e.name) for e in entries):
        return _TreeScan([], [], 0, is_run=True)
    runs: list[Run] = []
    problems: list[Problem] = []
    #: Broken symlinks: reported for a tree; a raw directory's loader reports its own.
    broken: list[Problem] = []
    files = 0
    for entry in entries:
        if entry.name.startswith("."):
            continue
        try:
            is_dir = entry.is_dir()
            suspect = entry.is_symlink()
        except OSError:
            is_dir, suspect = False, True
        if not is_dir:
            files += 1
            if suspect:
                try:
                    os.stat(entry.path)
                except OSError as e:
                    # A broken link, a loop, an entry that cannot be looked at: reported.
                    broken.append(Problem(entry.path, f"{os_error(e, entry.path).message}; skipped"))
            continue
        sub = Path(entry.path)
        run = parse_run_name(sub)
        try:
            run.inode = entry.inode()
        except OSError:
            pass
        if run.date is not None:
            # A bench_runner run by its name: its files are listed only when it is opened,
            # so a tree of any size opens at once.
            runs.append(run)
            continue
        try:
            has_pystats = _has_pystats_files(sub)
        except PystatsError as e:
            problems.append(Problem(str(sub), f"{e.message}; skipped"))
            continue
        if not has_pystats:
            continue
        problems.append(
            Problem(str(sub), "run directory name is not bm-DATE-VERSION-COMMIT[-FLAGS]; shown by its name")
        )
        runs.append(run)
    runs.sort(key=_run_order, reverse=True)
    return _TreeScan(runs, problems + broken if runs else problems, files)


def _run_order(run: Run) -> tuple[datetime.date, str]:
    """Sort key of a tree's runs (sorted on it in reverse: newest first)."""
    return (run.date or datetime.date.min, run.name)
