"""A run directory and its benchmarks, found from names only; a directory listed as runs.

``parse_run_name`` reads a bench_runner run directory's name
(``bm-DATE-VERSION-COMMIT[-FLAGS]``) into a ``Run``; ``Run.benchmarks()``
lists its files into ``Benchmark`` entries (``all`` for the merged stats) from
their names, keeping the listing while the directory's ``stamp`` stays the
same. ``scan_tree`` tells a run from a results tree of runs and from a raw
directory. Nothing is read here but names: the counters are loaded by
``Source.load_stats`` (``core.sources``).
"""

from __future__ import annotations

import datetime
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from pystats_tui.core.errors import Problem, PystatsError
from pystats_tui.core.files import Stamp, is_dir, os_error, stamp
from pystats_tui.core.script_history import date_from_name
from pystats_tui.core.stats import version_from_name

if TYPE_CHECKING:
    from pystats_tui.core.sources import Source

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
    owner: Source | None = field(default=None, repr=False, compare=False)
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
                if self.owner is not None:
                    self.owner.note_problem(Problem.from_error(e))
                raise
            self._benchmarks = benches
            self._listed_stamp = before
            if self.owner is not None:
                self.owner.note_listed(self)
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

    def per_benchmark(self) -> list[Benchmark]:
        """The run's benchmarks without its merged stats (``all``)."""
        return [b for b in self.benchmarks() if b.name != MERGED]

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
    date = date_from_name(name)
    flags = tuple(f for f in re.split(r"[,-]", m.group("flags") or "") if f)
    return Run(path, name, date, m.group("version"), m.group("commit"), flags)


def _pystats_names(path: Path) -> list[str]:
    """The names of a directory's bench_runner pystats files; raises if it cannot be listed."""
    try:
        return [n for n in os.listdir(path) if _PYSTATS_PART.search(n)]
    except OSError as e:
        raise os_error(e, path, "list the directory") from None


#: A bench_runner pystats file's name: ``bm-DATE-HOST-ARCH-FORK-HASH-VERSION-COMMIT-pystats…``.
_FILE_NAME = re.compile(
    r"^bm-(?P<date>\d{8})-.+-(?P<version>\d+\.\d+\.\d+[a-z]*\d*\+?)-(?P<commit>[0-9a-f]{6,40})-pystats"
)


def identify_by_files(run: Run, names: Iterable[str]) -> Run:
    """``run`` with the date, version and commit its files' names give, when its own name gave none.

    bench_runner names every file of a run after the run, so a run directory
    renamed, or opened as ``.``, or one of its files opened alone, is still
    known by its date, version and commit. Its flags (``PYTHON_UOPS``), which
    only the directory's name carries, stay unknown.
    """
    if run.date is not None:
        return run
    for name in sorted(names):
        m = _FILE_NAME.match(name)
        date = date_from_name(name) if m is not None else None
        if m is None or date is None:
            continue
        return replace(run, date=date, version=m.group("version"), commit=m.group("commit"))
    return run


@dataclass
class TreeScan:
    """What ``scan_tree`` found in a directory: its runs, the problems met, how many plain files it holds."""

    runs: list[Run]
    problems: list[Problem]
    files: int
    is_run: bool = False
    #: A run's file names (``is_run``), which identify it when its directory's name does not.
    names: list[str] = field(default_factory=list)


def scan_tree(path: Path) -> TreeScan:
    """List a directory: a run (it holds pystats files), a results tree (its runs), or a raw directory.

    Only names are read for bench_runner runs: a tree of any size is listed at once.
    """
    try:
        with os.scandir(path) as it:
            entries = sorted(it, key=lambda e: e.name)
    except OSError as e:
        raise os_error(e, path, "list the directory") from None
    if any(_PYSTATS_PART.search(e.name) for e in entries):
        return TreeScan([], [], 0, is_run=True, names=[e.name for e in entries])
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
            names = _pystats_names(sub)
        except PystatsError as e:
            problems.append(Problem(str(sub), f"{e.message}; skipped"))
            continue
        if not names:
            continue
        run = identify_by_files(run, names)
        known = "known by its files' names (flags unknown)" if run.date else "shown by its name"
        why = f"run directory name is not bm-DATE-VERSION-COMMIT[-FLAGS]; {known}"
        problems.append(Problem(str(sub), why))
        runs.append(run)
    runs.sort(key=run_order, reverse=True)
    return TreeScan(runs, problems + broken if runs else problems, files)


def run_order(run: Run) -> tuple[datetime.date, str]:
    """Sort key of a tree's runs (sorted on it in reverse: newest first)."""
    return (run.date or datetime.date.min, run.name)
