"""Health checks of runs and benchmarks: what makes their numbers untrustworthy.

Errors (``pystats-tui check`` exits 1):

* no data files: the pystats collection failed (0 raw files summed);
* all execution counts zero although data files were collected;
* tier-2 flags in the run's name (``PYTHON_UOPS``, ``JIT``) but no tier-2 stats
  in its merged stats (no optimizer counters, or all of them zero);
* an input that cannot be read (a bad JSON, an unreadable report, a run
  directory that cannot be listed).

Warnings (reported, exit 0):

* the merged run's total execution count far (over 5%) from the sum of its
  benchmarks, when every benchmark's JSON is there to sum;
* per-benchmark reports that the merged report links to but that are missing;
* zero denominators (a ratio printed as ``N / 0 !!``);
* unparsable lines or counters skipped while loading.

Notes (``info``, never a mark in the browser's tree):

* summarize_stats' behaviour guessed for want of a commit date (no
  ``metadata.commit_date``, no ``bm-YYYYMMDD-`` name, no ``--as-of``) where it
  changed within the input's CPython version (``core.script_history``).

Only JSON and raw data are loaded (through ``Source.load_stats``, so the
browser's cache is reused); a benchmark that only has its Markdown report is
checked for being readable, and the merged report is read only for its list
of benchmark links. The browser shows ``worst(findings)`` as a mark in the tree.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal
from urllib.parse import unquote

from pystats_tui.core.cells import Ratio
from pystats_tui.core.errors import PystatsError, listing, plain
from pystats_tui.core.files import open_regular, os_error
from pystats_tui.core.progress import Progress
from pystats_tui.core.report import build_section
from pystats_tui.core.report_spec import REPORT_SPEC
from pystats_tui.core.runs import MERGED, Benchmark, Run
from pystats_tui.core.sources import Source
from pystats_tui.core.stats import Stats

Severity = Literal["error", "warning", "info"]
#: Run flags that promise tier-2 (optimizer) stats.
TIER2_FLAGS = ("PYTHON_UOPS", "JIT")
#: How far the merged total execution count may be from the sum of the benchmarks.
TOTALS_TOLERANCE = 0.05
#: Sections left out of the zero-denominator scan: their ratios divide by the sum of
#: their own rows, so a numerator never meets a zero denominator there.
_SELF_NORMALISED = ("Predecessor/Successor Pairs",)
#: ``[name](file.md)`` links in the merged report's header.
_LINK = re.compile(r"\[(?P<name>[^\]]+)\]\((?P<target>[^)\s]+?\.md)\)")


#: How a finding that a run or benchmark holds no data begins (``Finding.no_data``).
NO_DATA = "no data files"
#: The mark of a finding's severity, as the tree and the findings panel show it.
MARKS = {"error": "✗", "warning": "⚠"}


@dataclass(frozen=True)
class Finding:
    """One problem found: how bad, where (a run, ``run/benchmark`` or a path) and what."""

    severity: Severity
    where: str
    message: str
    #: The run's name and the benchmark's name, so the browser can mark its tree.
    run: str | None = None
    bench: str | None = None

    @property
    def no_data(self) -> bool:
        """Whether it says the run (or benchmark) holds no data at all (the tree notes it)."""
        return self.message.startswith(NO_DATA)

    def __str__(self) -> str:
        tag = {"error": "ERROR", "warning": "WARN"}.get(self.severity, "INFO")
        return plain(f"{tag} {self.where}: {self.message}")


def worst(findings: Iterable[Finding]) -> Severity | None:
    """``error`` if any finding is one, else ``warning`` if any, else None (healthy; notes aside)."""
    severities = {f.severity for f in findings}
    if "error" in severities:
        return "error"
    if "warning" in severities:
        return "warning"
    return None


def _run_where(run: Run) -> str:
    return str(run.single) if run.single is not None else run.name


def _bench_where(bench: Benchmark) -> str:
    run_where = _run_where(bench.run)
    return run_where if bench.name == MERGED else f"{run_where}/{bench.name}"


def _unreadable(path: Path) -> str | None:
    """Why a file cannot be read, or None when its first byte can be (a pipe is refused, not waited on)."""
    try:
        with open_regular(path) as file:
            file.read(1)
    except PystatsError as e:
        return e.message
    except OSError as e:
        return os_error(e, path, "read the file").message
    return None


def _exists(path: Path) -> bool:
    """Whether a name is there (a file that is there but cannot be looked at counts as there)."""
    try:
        os.lstat(path)
    except FileNotFoundError:
        return False
    except OSError:
        return True
    return True


def _os_finding(error: OSError, path: str | Path) -> str:
    return f"cannot be read: {os_error(error, error.filename or path)}"


# --------------------------------------------------------------------------- one benchmark


def zero_denominators(stats: Stats, errors: list[str] | None = None) -> list[str]:
    """``Section > Sub/row/column (N / 0)`` for every ratio whose denominator is 0 but numerator is not.

    Sections that cannot be computed from these stats are added to ``errors``.
    """
    found = []
    for spec in REPORT_SPEC:
        if spec.title in _SELF_NORMALISED:
            continue
        for section in build_section(spec, stats).walk():
            if section.error and errors is not None:
                errors.append(section.error)
            for table in section.tables:
                # The report's rows: a full pair list (millions of rows on a large input)
                # shares its denominator with the top 100 the report keeps.
                for row in table.rows:
                    for i, cell in enumerate(row):
                        if isinstance(cell, Ratio) and cell.den == 0 and cell.num:
                            where = " > ".join(table.path)
                            found.append(
                                f"{where}/{row[0].text()}/{table.columns[i].name} ({cell.num:,} / 0)"
                            )
    return found


def tier2_ran(stats: Stats) -> bool:
    """True when some tier-2 counter is non-zero (the optimizer ran)."""
    if stats.opcode_stats("uops").total_execution_count:
        return True
    return any(value for key, value in stats.counters.items() if key.startswith("Optimization"))


def check_stats(stats: Stats, run: Run, merged: bool = True) -> list[tuple[Severity, str]]:
    """The problems of loaded counters: ``(severity, message)`` pairs.

    ``merged`` is True for the run's merged stats (or a single input): the
    tier-2 check applies to those only.
    """
    out: list[tuple[Severity, str]] = []
    raw = stats.raw
    if stats.is_empty:
        out.append(("error", f"{NO_DATA}: 0 raw files were collected (the pystats collection failed)"))
        return out
    if stats.instructions == 0:
        files = f" although {raw.nfiles:,} data file(s) were collected" if raw.nfiles else ""
        out.append(("error", f"all execution counts are zero{files}"))
    tier2 = [f for f in run.flags if f.upper() in TIER2_FLAGS]
    # Judged on the merged stats only: one short benchmark may rightly never reach tier 2.
    if tier2 and merged:
        flags = ",".join(tier2)
        if not stats.has_tier2:
            out.append(
                ("error", f"flags {flags} in the run's name but no tier-2 stats (no optimizer counters)")
            )
        elif not tier2_ran(stats):
            out.append(("error", f"flags {flags} in the run's name but every tier-2 counter is zero"))
    guess = stats.script.guess_note()
    if guess:
        out.append(("info", guess))
    out.extend(("warning", warning.message) for warning in raw.warnings)
    if raw.problems:
        n = len(raw.problems)
        out.append(
            (
                "warning",
                f"{n} unparsable line(s) or counter(s) skipped while loading; first: {raw.problems[0]}",
            )
        )
    errors: list[str] = []
    zeros = zero_denominators(stats, errors)
    out.extend(("error", error) for error in errors)
    if zeros:
        out.append(("warning", f"{len(zeros)} zero denominator(s): {listing(zeros, 3, '; ')}"))
    return out


def check_benchmark(source: Source, bench: Benchmark, quick: bool = False) -> list[Finding]:
    """Check one benchmark (or the merged ``all``): load its data, or see that its report reads.

    ``quick`` only checks that its files can be read, without loading the data.
    """
    where = _bench_where(bench)

    def finding(severity: Severity, message: str) -> Finding:
        return Finding(severity, where, message, bench.run.name, bench.name)

    out: list[Finding] = []
    for path in (bench.json, bench.md, bench.vs_base_md) if quick else (bench.md, bench.vs_base_md):
        if path is not None:
            why = _unreadable(path)
            if why:
                out.append(finding("error", f"cannot read {path.name}: {why}"))
    if bench.data_path is None or quick:
        return out
    try:
        stats = source.load_stats(bench)
    except PystatsError as e:
        out.append(finding("error", f"cannot be read: {e}"))
        return out
    except OSError as e:
        out.append(finding("error", _os_finding(e, bench.data_path)))
        return out
    checks = check_stats(stats, bench.run, merged=bench.name == MERGED)
    out.extend(finding(severity, message) for severity, message in checks)
    return out


# --------------------------------------------------------------------------- one run


def linked_benchmarks(source: Source, run: Run) -> dict[str, Path]:
    """``name -> file`` for each per-benchmark report the merged report links to."""
    merged = run.merged
    if merged is None or merged.md is None:
        return {}
    text = source.load_markdown(merged)
    head, _, _ = text.partition("\n## ")
    links: dict[str, Path] = {}
    for m in _LINK.finditer(head):
        target = unquote(m.group("target"))
        if "/" in target or ":" in target:
            continue  # only files beside the report are per-benchmark reports
        links[m.group("name")] = run.path / target
    return links


def check_run(source: Source, run: Run, quick: bool = False) -> list[Finding]:
    """Check a run: each benchmark, the links of its merged report, and its merged totals.

    ``quick`` (the browser's check when a run opens) loads only the merged stats;
    the benchmarks' files are checked for being readable, and the totals are not summed.
    """
    where = _run_where(run)

    def finding(severity: Severity, message: str, bench: str | None = None) -> Finding:
        return Finding(severity, where, message, run.name, bench)

    try:
        benches = run.benchmarks()
    except PystatsError as e:
        return [finding("error", f"cannot be read: {e}")]
    except OSError as e:
        return [finding("error", _os_finding(e, run.path))]
    if not benches:
        return [finding("error", f"{NO_DATA}: no pystats JSON, report or raw stats in this run")]
    out: list[Finding] = []
    for bench in benches:
        out.extend(check_benchmark(source, bench, quick=quick and bench.name != MERGED))
    try:
        links = linked_benchmarks(source, run)
    except (PystatsError, OSError):
        links = {}  # the unreadable report is already an error above
    missing = sorted(name for name, path in links.items() if not _exists(path))
    if missing:
        shown = ", ".join(missing[:8]) + (f", ... ({len(missing)} in all)" if len(missing) > 8 else "")
        out.append(
            finding(
                "warning",
                f"{len(missing)} of {len(links)} per-benchmark reports linked from the merged report "
                f"are missing: {shown}",
                MERGED,
            )
        )
    if not quick:
        out.extend(_totals(source, run, benches, links, finding))
    return out


def _totals(
    source: Source,
    run: Run,
    benches: list[Benchmark],
    links: dict[str, Path],
    finding: Callable[[Severity, str, str | None], Finding],
) -> list[Finding]:
    """Warn when the merged total execution count is far from the sum of the benchmarks'."""
    merged = run.merged
    parts = run.per_benchmark()
    if merged is None or merged.json is None or not parts:
        return []
    # Only a complete set sums to the merged counts: every benchmark has its JSON and
    # every benchmark the merged report links to is here.
    if any(b.json is None for b in parts) or not set(links) <= {b.name for b in parts}:
        return []
    try:
        total = source.load_stats(merged).instructions
        summed = sum(source.load_stats(b).instructions for b in parts)
    except (PystatsError, OSError):
        return []  # reported by the benchmark's own check
    if not total and not summed:
        return []
    gap = abs(total - summed) / max(total, summed)
    if gap <= TOTALS_TOLERANCE:
        return []
    return [
        finding(
            "warning",
            f"merged total execution count {total:,} differs by {gap:.1%} from the sum of its "
            f"{len(parts)} benchmarks, {summed:,}",
            MERGED,
        )
    ]


# --------------------------------------------------------------------------- a whole source


def check_source(source: Source, progress: Progress | None = None) -> list[Finding]:
    """Check every run of an input (and the problems met while scanning it)."""
    out: list[Finding] = []
    for problem in source.problems:
        severity: Severity = "error" if problem.severity == "error" else "warning"
        out.append(Finding(severity, problem.path, problem.message))
    for n, run in enumerate(source.runs, 1):
        try:
            out.extend(check_run(source, run))
        except OSError as e:
            # Whatever the filesystem does to one run (it vanished, an I/O error), the others are checked.
            out.append(Finding("error", _run_where(run), _os_finding(e, run.path), run.name))
        if progress is not None:
            progress("run", n, len(source.runs))
    return out


def _benchmark_count(source: Source) -> int:
    count = 0
    for run in source.runs:
        try:
            count += sum(b.name != MERGED for b in run.benchmarks())
        except (PystatsError, OSError):
            continue
    return count


def summary(source: Source, findings: list[Finding]) -> str:
    """``3 runs, 12 benchmarks checked: 1 error, 4 warnings`` (and ``, 2 notes`` when there are any)."""
    errors = sum(f.severity == "error" for f in findings)
    notes = sum(f.severity == "info" for f in findings)
    warnings = len(findings) - errors - notes
    runs = len(source.runs)
    benches = _benchmark_count(source)

    def plural(n: int, word: str) -> str:
        return f"{n} {word}{'' if n == 1 else 's'}"

    return (
        f"{plural(runs, 'run')}, {plural(benches, 'benchmark')} checked: "
        f"{plural(errors, 'error')}, {plural(warnings, 'warning')}"
        + (f", {plural(notes, 'note')}" if notes else "")
    )


def format_findings(findings: list[Finding], source: Source | None = None) -> str:
    """A line per finding (``ERROR where: message``, ``WARN ...``, ``INFO ...``), errors first, a summary."""
    rank = {"error": 0, "warning": 1}
    ordered = sorted(findings, key=lambda f: rank.get(f.severity, 2))
    lines = [str(f) for f in ordered]
    if source is not None:
        lines.append(summary(source, findings))
    else:
        errors = sum(f.severity == "error" for f in findings)
        notes = sum(f.severity == "info" for f in findings)
        lines.append(
            f"{errors} error(s), {len(findings) - errors - notes} warning(s)"
            + (f", {notes} note(s)" if notes else "")
        )
    return "\n".join(lines) + "\n"
