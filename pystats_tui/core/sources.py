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
from dataclasses import dataclass, field
from pathlib import Path

from pystats_tui.core.defines import Defines
from pystats_tui.core.errors import Problem, PystatsError
from pystats_tui.core.parse import is_dir, load_input, os_error, read_bytes
from pystats_tui.core.progress import Progress
from pystats_tui.core.stats import Stats, version_from_name

#: ``bm-20240622-3.14.0a0-4717aaa[-FLAGS]``
RUN_NAME = re.compile(
    r"^bm-(?P<date>\d{8})-(?P<version>\d+\.\d+\.\d+[a-z]*\d*\+?)-(?P<commit>[0-9a-f]{6,40})(?:-(?P<flags>.+))?$"
)
#: the part of a bench_runner file name after ``-pystats``: ``""``, ``-nbody``, ``-nbody-vs-base``
_PYSTATS_PART = re.compile(r"-pystats(?P<rest>-.+?)?\.(?P<ext>json|md)$")
_VS = re.compile(r"(^|-)vs-[^-]+$")
MERGED = "all"


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

    def benchmarks(self) -> list[Benchmark]:
        """The run's benchmarks, found from file names (nothing is parsed)."""
        if self._benchmarks is None:
            self._benchmarks = self._scan()
            if self._owner is not None:
                self._owner._listed(self)
        return self._benchmarks

    def benchmark(self, name: str) -> Benchmark | None:
        for bench in self.benchmarks():
            if bench.name == name:
                return bench
        return None

    @property
    def merged(self) -> Benchmark | None:
        return self.benchmark(MERGED)

    def main_benchmark(self) -> Benchmark | None:
        """What the run stands for when no benchmark is named: its merged stats, else its first."""
        benches = self.benchmarks()
        return self.merged or (benches[0] if benches else None)

    def _scan(self) -> list[Benchmark]:
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
    """A ``Run`` for a directory, with date, version, commit and flags from its name."""
    m = RUN_NAME.match(path.name)
    if not m:
        return Run(path, path.name)
    d = m.group("date")
    try:
        date = datetime.date(int(d[:4]), int(d[4:6]), int(d[6:8]))
    except ValueError:
        date = None
    flags = tuple(f for f in re.split(r"[,-]", m.group("flags") or "") if f)
    return Run(path, path.name, date, m.group("version"), m.group("commit"), flags)


def _has_pystats_files(path: Path) -> bool:
    """Whether a directory holds bench_runner pystats files; raises if it cannot be listed."""
    try:
        return any(_PYSTATS_PART.search(n) for n in os.listdir(path))
    except OSError as e:
        raise os_error(e, path, "list the directory") from None


@dataclass
class Source:
    """An opened input: its runs, newest first, and a bounded cache of what was loaded."""

    path: Path
    kind: str  # "tree", "run", "file" or "raw"
    runs: list[Run] = field(repr=False)
    #: Problems met while scanning (unreadable run directories, strange names).
    problems: list[Problem] = field(default_factory=list)
    defines: Defines | None = None
    cache_size: int = 24
    _cache: OrderedDict[tuple[str, str], Stats] = field(default_factory=OrderedDict, repr=False)
    #: The browser loads from worker threads (reports, health checks): the cache is shared.
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    #: How many runs keep their file listing (about 90 kB for 90 benchmarks) at most.
    listing_limit: int = 64
    _listings: OrderedDict[str, Run] = field(default_factory=OrderedDict, repr=False)

    def __post_init__(self) -> None:
        for run in self.runs:
            run._owner = self

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

        Runs that cannot be listed are passed over, each noted in ``skipped``; with
        no run holding data, the newest run.
        """
        for run in self.runs:
            try:
                if run.benchmarks():
                    return run
            except PystatsError as e:
                if skipped is not None:
                    skipped.append(f"{e}; skipped")
        return self.runs[0]

    def load_stats(self, bench: Benchmark, progress: Progress | None = None) -> Stats:
        """The counters of a benchmark, loaded on first use and cached (bounded).

        ``progress`` follows the loading of a large file or raw directory.
        """
        key = bench.key
        with self._lock:
            stats = self._cache.get(key)
            if stats is not None:
                self._cache.move_to_end(key)
                return stats
        path = bench.data_path
        if path is None:
            raise PystatsError("this benchmark has only its Markdown report, no data", bench.md)
        raw = load_input(path, progress)
        version = bench.run.minor_version or version_from_name(path.name)
        label = bench.run.label if bench.name == MERGED else f"{bench.run.label} / {bench.name}"
        if self.kind in ("file", "raw"):
            label = str(path)
        stats = Stats(raw, version, self.defines, label=label)
        with self._lock:
            self._cache[key] = stats
            while len(self._cache) > self.cache_size:
                self._cache.popitem(last=False)
        return stats

    def load_markdown(self, bench: Benchmark) -> str:
        """The text of a benchmark's Markdown report."""
        if bench.md is None:
            raise PystatsError("no Markdown report for this benchmark", bench.run.path)
        data = read_bytes(bench.md)
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError as e:
            line = data.count(b"\n", 0, e.start) + 1
            column = e.start - data.rfind(b"\n", 0, e.start)
            message = f"not UTF-8 text (byte 0x{data[e.start]:02x} at column {column})"
            raise PystatsError(message, bench.md, line) from None

    def forget(self) -> None:
        with self._lock:
            self._cache.clear()

    @property
    def loaded_problems(self) -> list[Problem]:
        """Problems met while loading what is in the cache (skipped lines and counters)."""
        with self._lock:
            loaded = list(self._cache.values())
        return [p for stats in loaded for p in stats.raw.problems]


def open_source(path: str | Path, defines: Defines | None = None) -> Source:
    """Recognise an input: a results tree, a run directory, a raw directory, or a file.

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
        return Source(path, kind, [Run(path, path.name, single=path)], defines=defines)
    if not stat.S_ISDIR(mode):
        raise PystatsError("not a regular file or directory (a pipe, socket or device)", path)
    try:
        with os.scandir(path) as it:
            entries = sorted(it, key=lambda e: e.name)
    except OSError as e:
        raise os_error(e, path, "list the directory") from None
    if _has_pystats_files(path):
        run = parse_run_name(path)
        return Source(path, "run", [run], defines=defines)
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
    if runs:
        runs.sort(key=lambda r: (r.date or datetime.date.min, r.name), reverse=True)
        return Source(path, "tree", runs, problems + broken, defines=defines)
    if files:
        return Source(path, "raw", [Run(path, path.name, single=path)], problems, defines=defines)
    if problems:
        raise PystatsError(f"no readable runs here ({len(problems)} skipped; first: {problems[0]})", path)
    raise PystatsError("no pystats files here (no runs, reports, JSON or raw stats)", path)
