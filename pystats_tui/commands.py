"""The headless commands behind the CLI: ``export`` and ``check``, and opening inputs.

Nothing here imports Textual, so ``pystats-tui export`` starts fast.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

import msgspec

from pystats_tui.defines import Defines, from_cpython_source
from pystats_tui.errors import Problem, PystatsError, UsageError
from pystats_tui.markdown import report_markdown
from pystats_tui.output import check_target, write_new_file
from pystats_tui.parse import os_error
from pystats_tui.report import Report, build_report
from pystats_tui.sources import MERGED, Benchmark, Run, Source, open_source
from pystats_tui.stats import Stats


def warn(what: str | Problem) -> None:
    """One warning line on stderr."""
    print(f"pystats-tui: warning: {what}", file=sys.stderr)


def open_inputs(path: Path, head: Path | None, cpython_src: Path | None) -> tuple[Source, Source | None]:
    """Open the base input (and the head input, when comparing)."""
    defines: Defines | None = None
    if cpython_src:
        try:
            defines = from_cpython_source(cpython_src)
        except OSError as e:
            raise os_error(e, e.filename or cpython_src, "read the CPython source") from None
    base = open_source(path, defines)
    return base, open_source(head, defines) if head is not None else None


def listing(names: list[str], limit: int = 10) -> str:
    """``a, b, c`` or ``a, b, ... and 12 more``: what the user may choose from."""
    if not names:
        return "none"
    shown = ", ".join(names[:limit])
    return shown if len(names) <= limit else f"{shown} and {len(names) - limit} more"


def pick_run(source: Source, name: str | None, quiet: bool = False) -> Run:
    """The run an export is about: the one named, or the newest of a tree that holds pystats data."""
    if name:
        run = source.run(name)
        if run is None:
            names = listing([r.name for r in source.runs])
            raise UsageError(f"no run named {name!r} here (runs: {names})", source.path)
        return run
    skipped: list[str] = []
    run = source.newest_with_data(skipped)
    for line in skipped:
        warn(line)
    if len(source.runs) > 1 and not quiet:
        print(
            f"pystats-tui: {source.path} holds {len(source.runs)} runs; using the newest with "
            f"pystats data, {run.name} (choose one with --run)",
            file=sys.stderr,
        )
    return run


def pick_bench(run: Run, name: str | None) -> Benchmark:
    """A benchmark of a run: the one named, or the merged stats."""
    want = name or MERGED
    bench = run.benchmark(want)
    if bench is None:
        names = [b.name for b in run.benchmarks()]
        if not names:
            raise PystatsError("no pystats files in this run directory", run.path)
        if name is None:
            # Nothing was asked for by name: the run lacks its merged stats.
            why = f"this run has no merged stats; choose a benchmark with --bench ({listing(names)})"
            raise PystatsError(why, run.path)
        raise UsageError(f"no benchmark named {want!r} in this run (benchmarks: {listing(names)})", run.path)
    return bench


def header_fields(bench: Benchmark) -> dict[str, str] | None:
    """bench_runner-style header lines for an export from a results tree."""
    run = bench.run
    if run.date is None:
        return None
    fields = {
        "benchmark": bench.name,
        "version": run.version,
        "commit hash": run.commit,
        "date": run.date.isoformat(),
    }
    if run.flags:
        fields["flags"] = ",".join(run.flags)
    return fields


def report_for(
    source: Source, bench: Benchmark, head: tuple[Source, Benchmark] | None, other: bool = True
) -> Report:
    """Build the report of a benchmark, or of base vs head."""
    base_stats = source.load_stats(bench)
    head_stats = head[0].load_stats(head[1]) if head else None
    return build_report(base_stats, head_stats, other=other)


def markdown_only_export(source: Source, bench: Benchmark) -> str:
    """Re-render a benchmark that only has its Markdown report (2024 layout)."""
    from pystats_tui.markdown import section_markdown
    from pystats_tui.mdread import read_markdown_report

    sections = read_markdown_report(source.load_markdown(bench))
    if not sections:
        raise PystatsError("no report sections found in this Markdown file", bench.md)
    body = "".join(section_markdown(s) for s in sections)
    note = (
        f"> **Note:** {bench.name} has no JSON data in this run; these tables are read "
        "back from its Markdown report.\n\n"
    )
    return note + body


def json_output(stats: Stats) -> dict[str, object]:
    """What ``summarize_stats.py --json-output`` writes for this input.

    Raw directories carry no metadata tables; the ones the report used
    (bundled or from ``--cpython-src``) are written in, as summarize_stats
    writes its own, so the file loads in summarize_stats and here alike.
    """
    out = stats.raw.to_json_dict()
    out.setdefault("_specialized_instructions", sorted(stats.specialized_instructions))
    out.setdefault("_stats_defines", {str(k): v for k, v in sorted(stats.stats_defines.items())})
    out.setdefault("_defines", {str(k): v for k, v in sorted(stats.defines.items())})
    return out


def progress_printer(what: str) -> Callable[[int, int], None] | None:
    """A callback counting ``what`` on stderr (``reading run 12/300``), or None when not a terminal."""
    if not sys.stderr.isatty():
        return None

    def show(done: int, total: int) -> None:
        end = "\n" if done >= total else ""
        print(f"\rpystats-tui: {what} {done}/{total}", end=end, file=sys.stderr, flush=True)

    return show


def emit(text: str, args: argparse.Namespace) -> None:
    """Write an export to ``-o FILE`` (safely, never into an input) or to stdout."""
    if args.output:
        inputs = [args.input] + ([args.head] if args.head else [])
        path = write_new_file(args.output, text, args.force, inputs)
        print(f"pystats-tui: wrote {path}", file=sys.stderr)
    else:
        _write_stdout(text)


def _write_stdout(text: str) -> None:
    try:
        sys.stdout.write(text)
    except UnicodeEncodeError:
        # A terminal that cannot show the report's ⓘ: the report is UTF-8 whatever the locale.
        buffer = getattr(sys.stdout, "buffer", None)
        if buffer is None:
            raise
        buffer.write(text.encode("utf-8"))
    sys.stdout.flush()


def run_export(args: argparse.Namespace) -> int:
    if args.json and args.head:
        raise UsageError("--json writes one input's counters; it cannot be used with two inputs")
    if args.json and args.output and args.json.resolve() == args.output.resolve():
        raise UsageError("--json and -o name the same file")
    source, head_source = open_inputs(args.input, args.head, args.cpython_src)
    inputs = [args.input] + ([args.head] if args.head else [])
    # Refuse before anything is read or written, so a refusal leaves no half-done export.
    for target in (args.json, args.output):
        if target is not None:
            check_target(target, args.force, inputs)
    for src in (source, head_source):
        for problem in src.problems if src is not None else ():
            warn(problem)
    run = pick_run(source, args.run)
    bench = pick_bench(run, args.bench)
    head = None
    if head_source is not None:
        head_run = pick_run(head_source, None)
        head = (head_source, pick_bench(head_run, args.bench))
    errors: list[str] = []
    if bench.markdown_only and head is None:
        if args.json:
            why = f"--json needs counters, and {bench.name} has only its Markdown report"
            raise PystatsError(why, bench.md)
        text = markdown_only_export(source, bench)
    else:
        report = report_for(source, bench, head, other=not args.no_other)
        text = report_markdown(report, header_fields(bench) if head is None else None)
        for line in [*report.warnings, *report.problems]:
            warn(line)
        errors = report.section_errors()
        for line in errors:
            warn(f"{bench.data_path or bench.md}: {line}")
        if args.json:
            data = msgspec.json.encode(json_output(report.base))
            write_new_file(args.json, data.decode(), args.force, inputs)
    emit(text, args)
    return 1 if errors else 0


def run_check(args: argparse.Namespace) -> int:
    from pystats_tui.health import check_source, format_findings

    source, _ = open_inputs(args.path, None, args.cpython_src)
    findings = check_source(source, progress_printer("checking run"))
    sys.stdout.write(format_findings(findings, source))
    return 1 if any(f.severity == "error" for f in findings) else 0
