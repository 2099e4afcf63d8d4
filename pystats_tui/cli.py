"""The command line: ``export`` and ``check`` run headless; the browser is imported only to open it.

Exit status: 0 on success, 1 when an input could not be used, 2 on a usage error.
Every error is one line on stderr naming the file and what is wrong.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from pystats_tui.errors import PystatsError

USAGE = """\
pystats-tui [PATH [HEAD]]          open the browser (PATH: results tree, run, JSON, raw dir)
pystats-tui export INPUT [HEAD]    write the report (or base vs head) as Markdown
pystats-tui check PATH             check the health of every run and benchmark"""


class _Parser(argparse.ArgumentParser):
    """argparse that exits with status 2 and one line on a usage error."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(2, f"{self.prog}: usage error: {message}\n")


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--cpython-src",
        metavar="DIR",
        type=Path,
        help="read opcode names and SPEC_FAIL/EVAL_CALL tables from this CPython checkout",
    )


def export_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="pystats-tui export", description="Write a pystats report as Markdown.")
    p.add_argument("input", type=Path, help="results tree, run directory, JSON file or raw directory")
    p.add_argument("head", type=Path, nargs="?", help="a second input: compare INPUT (base) with HEAD")
    p.add_argument("-o", "--output", type=Path, help="write to this file instead of stdout")
    p.add_argument("--force", action="store_true", help="replace the output file if it exists")
    p.add_argument("--bench", metavar="NAME", help="one benchmark of the run (default: all, merged)")
    p.add_argument("--run", metavar="NAME", help="one run of a results tree (default: the newest)")
    p.add_argument("--json", metavar="FILE", type=Path, help="also write the merged counters as JSON")
    p.add_argument("--no-other", action="store_true", help="leave out the 'Other stats' section")
    _common(p)
    return p


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


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        if argv and argv[0] == "export":
            from pystats_tui.commands import run_export

            return run_export(export_parser().parse_args(argv[1:]))
        if argv and argv[0] == "check":
            from pystats_tui.commands import run_check

            return run_check(check_parser().parse_args(argv[1:]))
        return run_browser(browse_parser().parse_args(argv))
    except PystatsError as e:
        print(f"pystats-tui: error: {e}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


def run_browser(args: argparse.Namespace) -> int:
    from pystats_tui.parse import DEFAULT_RAW_DIR

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
    from pystats_tui.commands import open_inputs

    source, head = open_inputs(path, args.head, args.cpython_src)
    from pystats_tui.app import PystatsApp

    PystatsApp(source, head).run()
    return 0
