"""The headless commands behind the CLI: ``export`` and ``check``, and opening inputs.

Nothing here imports Textual, so ``pystats-tui export`` starts fast.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import msgspec

from pystats_tui.defines import Defines, from_cpython_source
from pystats_tui.errors import PystatsError
from pystats_tui.markdown import report_markdown
from pystats_tui.output import write_new_file
from pystats_tui.report import Report, build_report
from pystats_tui.sources import MERGED, Benchmark, Run, Source, open_source


def open_inputs(path: Path, head: Path | None, cpython_src: Path | None) -> tuple[Source, Source | None]:
    """Open the base input (and the head input, when comparing)."""
    defines: Defines | None = from_cpython_source(cpython_src) if cpython_src else None
    base = open_source(path, defines)
    return base, open_source(head, defines) if head is not None else None


def pick_run(source: Source, name: str | None, quiet: bool = False) -> Run:
    """The run an export is about: the one named, or the newest of a tree."""
    if name:
        run = source.run(name)
        if run is None:
            names = ", ".join(r.name for r in source.runs[:5])
            raise PystatsError(f"no run named {name!r} (runs: {names}...)", source.path)
        return run
    run = source.runs[0]
    if len(source.runs) > 1 and not quiet:
        print(
            f"pystats-tui: {source.path} holds {len(source.runs)} runs; using the newest, "
            f"{run.name} (choose one with --run)",
            file=sys.stderr,
        )
    return run


def pick_bench(run: Run, name: str | None) -> Benchmark:
    """A benchmark of a run: the one named, or the merged stats."""
    want = name or MERGED
    bench = run.benchmark(want)
    if bench is None:
        names = ", ".join(b.name for b in run.benchmarks()) or "none"
        raise PystatsError(f"no benchmark named {want!r} in this run (benchmarks: {names})", run.path)
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
    body = "".join(section_markdown(s) for s in sections)
    note = (
        f"> **Note:** {bench.name} has no JSON data in this run; these tables are read "
        "back from its Markdown report.\n\n"
    )
    return note + body


def run_export(args: argparse.Namespace) -> int:
    source, head_source = open_inputs(args.input, args.head, args.cpython_src)
    run = pick_run(source, args.run)
    bench = pick_bench(run, args.bench)
    head = None
    if head_source is not None:
        head_run = pick_run(head_source, None)
        head = (head_source, pick_bench(head_run, args.bench))
        if args.json:
            raise PystatsError("--json writes one input's counters; it cannot be used with two inputs")
    inputs = [args.input] + ([args.head] if args.head else [])
    if bench.markdown_only and head is None:
        text = markdown_only_export(source, bench)
    else:
        report = report_for(source, bench, head, other=not args.no_other)
        text = report_markdown(report, header_fields(bench) if head is None else None)
        for stats in (report.base, report.head):
            if stats is not None:
                for problem in stats.raw.problems:
                    print(f"pystats-tui: warning: {problem}", file=sys.stderr)
        if args.json:
            data = msgspec.json.encode(report.base.raw.to_json_dict())
            write_new_file(args.json, data.decode(), args.force, inputs)
    if args.output:
        path = write_new_file(args.output, text, args.force, inputs)
        print(f"pystats-tui: wrote {path}", file=sys.stderr)
    else:
        sys.stdout.write(text)
        sys.stdout.flush()
    return 0


def run_check(args: argparse.Namespace) -> int:
    from pystats_tui.health import check_source, format_findings

    source, _ = open_inputs(args.path, None, args.cpython_src)
    findings = check_source(source)
    sys.stdout.write(format_findings(findings))
    return 1 if any(f.severity == "error" for f in findings) else 0
