"""The command line: ``export`` and ``check`` run headless; the browser is imported only to open it.

Exit status: 0 on success, 1 when an input could not be used, 2 on a usage error.
Every error is one line on stderr naming the file and what is wrong.
"""

from __future__ import annotations

import argparse
import datetime
import gc
import os
import sys
from pathlib import Path

from pystats_tui import __version__
from pystats_tui.core.errors import PystatsError, UsageError, plain
from pystats_tui.core.limits import DEFAULT_MAX_FILE_MB, DEFAULT_RAW_DIR, MAX_FILE_ENV, set_max_file_mb

USAGE = """\
pystats-tui [PATH [HEAD]]          open the browser (PATH: results tree, run, JSON, raw dir)
pystats-tui export [INPUT [HEAD]]  write the report (or base vs head) as Markdown
  --pivot SECTION/ROW/COLUMN       ... or one value across the benchmarks of a run
  --history SECTION/ROW/COLUMN     ... or one value across the runs of a tree [--flags FLAGS]
pystats-tui export BASE HEAD --changes [--top N] [--threshold PCT] [--by-bench]
                                   rank every compared row (or benchmark) by how much it moved
pystats-tui check PATH             check the health of every run and benchmark
pystats-tui --version              the version, with Python's and the libraries'"""


class _Parser(argparse.ArgumentParser):
    """argparse whose usage errors become ``UsageError``: ``main`` prints one line, returns 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(message)


def _as_of(text: str) -> datetime.date:
    """``--as-of YYYY-MM-DD``: a bad date is a usage error."""
    from pystats_tui.core.script_history import parse_date

    try:
        return parse_date(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a date; give YYYY-MM-DD, e.g. 2024-06-05"
        ) from None


def _size_mb(text: str) -> float:
    try:
        mb = float(text)
    except ValueError:
        mb = -1.0
    if not mb >= 0 or mb == float("inf"):
        raise argparse.ArgumentTypeError(f"not a size in MB: {text[:40]!r} (0: no limit)")
    return mb


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--cpython-src",
        metavar="DIR",
        type=Path,
        help="read opcode names and SPEC_FAIL/EVAL_CALL tables from this CPython checkout",
    )
    parser.add_argument(
        "--as-of",
        metavar="YYYY-MM-DD",
        type=_as_of,
        help="the date of the CPython commit the stats were made with: picks how summarize_stats "
        "behaved then (default: the input's metadata commit_date or bm-YYYYMMDD- name, else its version)",
    )
    parser.add_argument(
        "--max-size",
        metavar="MB",
        type=_size_mb,
        help=f"refuse input files larger than this (default: ${MAX_FILE_ENV} or {DEFAULT_MAX_FILE_MB} MB; "
        "0: no limit)",
    )


def export_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="pystats-tui export", description="Write a pystats report as Markdown.")
    p.add_argument(
        "input",
        type=Path,
        nargs="?",
        default=Path(DEFAULT_RAW_DIR),
        help=f"results tree, run directory, JSON file or raw directory (default: {DEFAULT_RAW_DIR}, "
        "as summarize_stats reads)",
    )
    p.add_argument("head", type=Path, nargs="?", help="a second input: compare INPUT (base) with HEAD")
    p.add_argument("-o", "--output", type=Path, help="write to this file instead of stdout")
    p.add_argument("--force", action="store_true", help="replace the output file if it exists")
    p.add_argument("--bench", metavar="NAME", help="one benchmark of the run (default: all, merged)")
    p.add_argument("--run", metavar="NAME", help="one run of a results tree (default: the newest)")
    p.add_argument(
        "--json",
        "--json-output",
        dest="json",
        metavar="FILE",
        type=Path,
        help="also write the merged counters as JSON (--json-output: summarize_stats' name for it)",
    )
    p.add_argument("--no-other", action="store_true", help="leave out the 'Other stats' section")
    series = p.add_mutually_exclusive_group()
    series.add_argument(
        "--pivot",
        metavar="SECTION/ROW/COLUMN",
        help="one value across every benchmark of the run (with HEAD: base, head and change), "
        "e.g. 'Execution counts/LOAD_FAST/Count'; nested sections are joined with '>'",
    )
    series.add_argument(
        "--history",
        metavar="SECTION/ROW/COLUMN",
        help="one value across every run of a results tree with the same flags, oldest first",
    )
    series.add_argument(
        "--changes",
        action="store_true",
        help="what changed from BASE to HEAD: every compared row of the report in one table, "
        "ranked by how much its share moved",
    )
    p.add_argument(
        "--by-bench",
        action="store_true",
        help="with --changes: rank the benchmarks of the two runs by how far their execution profile moved",
    )
    p.add_argument("--top", metavar="N", type=int, help="with --changes: only the N rows ranked first")
    p.add_argument(
        "--threshold",
        metavar="PCT",
        help="with --changes: rows whose share is below PCT percent on both sides score 0 (default 0.1)",
    )
    p.add_argument(
        "--flags",
        metavar="FLAGS",
        help="with --history: the runs with these flags (PYTHON_UOPS, JIT, ...; default: runs without flags)",
    )
    _common(p)
    return p


def check_export_args(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    """Reject option combinations that make no sense (a usage error, exit status 2)."""
    for option in ("pivot", "history"):
        value = getattr(args, option)
        if value is not None and not value.strip():
            parser.error(f"--{option} is empty: it needs a stat address SECTION/ROW/COLUMN")
    for option in ("flags", "run", "bench"):
        if getattr(args, option) == "":
            parser.error(f"--{option} is empty: it needs a name")
    series = (
        "--pivot" if args.pivot else "--history" if args.history else "--changes" if args.changes else None
    )
    check_changes_args(parser, args)
    if args.flags and not args.history:
        parser.error("--flags selects the runs of --history")
    if series and args.json:
        parser.error(f"--json cannot be used with {series}")
    if args.pivot and args.bench:
        parser.error("--pivot covers every benchmark of the run; --bench does not apply")
    if args.history and args.head:
        parser.error("--history reads one results tree; it takes no HEAD")
    if args.history and args.run:
        parser.error("--history covers every run of the tree; --run does not apply")


def parse_threshold(text: str) -> float:
    """``0.1`` or ``0.1%`` -> 0.001; raises ``ValueError`` outside 0..100."""
    value = float(text.strip().removesuffix("%"))
    if not 0 <= value <= 100:
        raise ValueError(text)
    return value / 100


def check_changes_args(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    """The options of ``--changes``: only with it, and only where they mean something."""
    if not args.changes:
        for flag, given in (
            ("--by-bench", args.by_bench),
            ("--top", args.top is not None),
            ("--threshold", args.threshold is not None),
        ):
            if given:
                parser.error(f"{flag} goes with --changes")
        return
    if args.head is None:
        parser.error("--changes compares two inputs: give BASE and HEAD")
    if args.top is not None and args.top < 1:
        parser.error(f"--top takes a number of rows of 1 or more, not {args.top}")
    if args.threshold is not None:
        try:
            args.threshold = parse_threshold(args.threshold)
        except ValueError:
            parser.error(f"--threshold takes a percentage from 0 to 100 (e.g. 0.1), not {args.threshold!r}")
    if args.by_bench:
        for flag, given in (
            ("--bench", args.bench),
            ("--threshold", args.threshold is not None),
            ("--no-other", args.no_other),
        ):
            if given:
                parser.error(f"--by-bench ranks whole benchmarks; {flag} does not apply")


def check_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="pystats-tui check", description="Check every run and benchmark.")
    p.add_argument("path", type=Path)
    _common(p)
    return p


def browse_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="pystats-tui", usage=USAGE, description="Browse CPython pystats.")
    p.add_argument("path", type=Path, nargs="?")
    p.add_argument("head", type=Path, nargs="?")
    _common(p)
    return p


def version_line() -> str:
    """``pystats-tui --version``: this version, and the Python and libraries it runs on."""
    from importlib import metadata

    libraries = []
    for name in ("textual", "rich", "msgspec"):
        try:
            libraries.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            libraries.append(f"{name} not installed")
    python = ".".join(map(str, sys.version_info[:3]))
    return f"pystats-tui {__version__} (Python {python}; {'; '.join(libraries)})"


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] in (["--version"], ["-V"]):
        print(version_line())
        return 0
    try:
        if argv and argv[0] == "export":
            from pystats_tui.core.export_commands import run_export

            parser = export_parser()
            args = parser.parse_args(argv[1:])
            check_export_args(parser, args)
            set_max_file_mb(args.max_size)
            if args.changes:
                from pystats_tui.core.changes_export import run_changes_export

                return run_changes_export(args)
            if args.pivot or args.history:
                from pystats_tui.core.series_export import run_series_export

                return run_series_export(args)
            return run_export(args)
        if argv and argv[0] == "check":
            from pystats_tui.core.export_commands import run_check

            args = check_parser().parse_args(argv[1:])
            set_max_file_mb(args.max_size)
            return run_check(args)
        args = browse_parser().parse_args(argv)
        set_max_file_mb(args.max_size)
        return run_browser(args)
    except UsageError as e:
        command = "pystats-tui export" if argv[:1] == ["export"] else "pystats-tui"
        print(plain(f"{command}: usage error: {e}"), file=sys.stderr)
        return 2
    except PystatsError as e:
        print(plain(f"pystats-tui: error: {e}"), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        from pystats_tui.core.output import discard_stdout

        discard_stdout()
        return 0
    except Exception as e:
        # The last resort of the headless commands: one line, never a traceback.
        # (The browser's own errors are left to Textual, which shows them.)
        if argv[:1] not in (["export"], ["check"]) or os.environ.get("PYSTATS_TUI_DEBUG"):
            raise
        print(plain(f"pystats-tui: error: {_one_line(e)}"), file=sys.stderr)
        return 1


def _one_line(error: Exception) -> str:
    """An unexpected exception as one line: the file it names, if any, and what went wrong."""
    if isinstance(error, OSError):
        # The system's own failure (a full disk, an I/O error), not a bug: said as it is.
        text = error.strerror or str(error)
        text = text[:1].lower() + text[1:]
        return f"{error.filename}: {text}" if error.filename is not None else text
    text = " ".join(str(error).split())
    return (
        f"internal error: {type(error).__name__}: {text[:200]} "
        "(a bug in pystats-tui; PYSTATS_TUI_DEBUG=1 shows the traceback)"
    )


def run_browser(args: argparse.Namespace) -> int:
    path = args.path
    if path is None:
        if Path(DEFAULT_RAW_DIR).is_dir():
            path = Path(DEFAULT_RAW_DIR)
        else:
            print(
                f"pystats-tui: nothing to open: {DEFAULT_RAW_DIR} does not exist.\nusage:\n{USAGE}",
                file=sys.stderr,
            )
            return 2
    from pystats_tui.core.inputs import open_inputs

    source, head = open_inputs(path, args.head, args.cpython_src, args.as_of)
    from pystats_tui.app import PystatsApp

    # Everything imported so far lives as long as the process: keep it out of the cyclic
    # collector's full passes, which otherwise walk all of Textual while the first screen
    # is built (a 25 ms pause on this machine).
    gc.freeze()
    # With two inputs the first is the base: the tree browses HEAD and every table compares it with BASE.
    app = PystatsApp(head, base_source=source) if head is not None else PystatsApp(source)
    app.run()
    return 0
