"""The headless commands behind the CLI: ``export`` (a report as Markdown) and ``check``.

Named ``export_commands`` so as not to be taken for Textual's command palette
"commands". Opening inputs lives in ``core.inputs``; ``export --pivot`` and
``--history`` in ``core.series_export``. Nothing here imports Textual, so
``pystats-tui export`` starts fast.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from pystats_tui.core.errors import PystatsError, UsageError, plain
from pystats_tui.core.export import report_fields
from pystats_tui.core.inputs import open_inputs, pick_bench, pick_run, warn
from pystats_tui.core.json_data import encode_json
from pystats_tui.core.markdown import report_markdown, section_markdown
from pystats_tui.core.output import check_target, discard_stdout, same_file, write_error, write_new_file
from pystats_tui.core.progress import progress_printer
from pystats_tui.core.report import Report
from pystats_tui.core.selection import Selection, open_report
from pystats_tui.core.sources import Source
from pystats_tui.core.stats import Stats


def markdown_only_text(selection: Selection) -> str:
    """Re-render a benchmark that only has its Markdown report (2024 layout), with a note saying so."""
    bench = selection.bench
    report = open_report(selection)
    if not report.sections:
        raise PystatsError("no report sections found in this Markdown file", bench.md)
    body = "".join(section_markdown(s) for s in report.sections)
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


def inputs_of(args: argparse.Namespace) -> list[Path]:
    """The inputs an export reads (which it never writes into)."""
    return [args.input] + ([args.head] if args.head else [])


def warn_problems(*sources: Source | None) -> None:
    """Say what was skipped while the inputs were scanned, a line each."""
    for source in sources:
        for problem in source.problems if source is not None else ():
            warn(problem)


def report_status(report: Report, where: object) -> int:
    """Say the report's warnings, problems and sections that could not be computed; 1 if any could not."""
    for line in [*report.warnings, *report.problems]:
        warn(line)
    errors = report.section_errors()
    for line in errors:
        warn(f"{where}: {line}")
    return 1 if errors else 0


def check_output(args: argparse.Namespace) -> None:
    """Refuse ``-o FILE`` before anything is read, so a refusal leaves no half-done export."""
    if args.output is not None:
        check_target(args.output, args.force, inputs_of(args))


def emit(text: str, args: argparse.Namespace) -> None:
    """Write an export to ``-o FILE`` (safely, never into an input) or to stdout."""
    if args.output:
        path = write_new_file(args.output, text, args.force, inputs_of(args))
        print(plain(f"pystats-tui: wrote {path}"), file=sys.stderr)
    else:
        _write_stdout(text)


def _write_stdout(text: str) -> None:
    try:
        try:
            sys.stdout.write(text)
        except UnicodeEncodeError:
            # A terminal that cannot show the report's ⓘ: the report is UTF-8 whatever the locale.
            buffer = getattr(sys.stdout, "buffer", None)
            if buffer is None:
                raise
            buffer.write(text.encode("utf-8"))
        sys.stdout.flush()
    except BrokenPipeError:
        raise
    except OSError as e:
        # ``> /dev/full``: say so plainly, and let the exit's flush of what is left pass quietly.
        discard_stdout()
        raise write_error(e, "stdout") from None


def run_export(args: argparse.Namespace) -> int:
    if args.json and args.head:
        raise UsageError("--json writes one input's counters; it cannot be used with two inputs")
    if args.json and args.output and same_file(args.json, args.output):
        raise UsageError("--json and -o name the same file")
    source, head_source = open_inputs(args.input, args.head, args.cpython_src, args.as_of)
    inputs = inputs_of(args)
    # Refuse before anything is read or written, so a refusal leaves no half-done export.
    for target in (args.json, args.output):
        if target is not None:
            check_target(target, args.force, inputs)
    warn_problems(source, head_source)
    run = pick_run(source, args.run)
    bench = pick_bench(run, args.bench)
    head = None
    if head_source is not None:
        head_run = pick_run(head_source, None)
        head = Selection(head_source, pick_bench(head_run, args.bench))
    status = 0
    if bench.markdown_only and head is None:
        if args.json:
            why = f"--json needs counters, and {bench.name} has only its Markdown report"
            raise PystatsError(why, bench.md)
        text = markdown_only_text(Selection(source, bench))
    else:
        if head is None:
            report = open_report(Selection(source, bench), other=not args.no_other)
        else:
            report = open_report(head, Selection(source, bench), other=not args.no_other, require_data=True)
        text = report_markdown(report, report_fields(bench) if head is None else None)
        status = report_status(report, bench.data_path or bench.md)
        if args.json:
            data = encode_json(json_output(report.stats))
            write_new_file(args.json, data.decode(), args.force, inputs)
    emit(text, args)
    return status


def run_check(args: argparse.Namespace) -> int:
    from pystats_tui.core.health import check_source, format_findings

    source, _ = open_inputs(args.path, None, args.cpython_src, args.as_of)
    findings = check_source(source, progress_printer("checking"))
    _write_stdout(format_findings(findings, source))
    return 1 if any(f.severity == "error" for f in findings) else 0
