"""The catalogue of broken inputs: each gets one clear line, and the good data still loads.

Every case goes through ``pystats-tui export`` (``cli.main``) and checks the
exit status and the exact line on stderr: ``pystats-tui: error: PATH: WHAT``
for an input that cannot be used (status 1), ``pystats-tui: warning: ...``
for something skipped inside a usable input (status 0). No case may print a
traceback. The last tests check that exports never write into an input,
never replace a file without ``--force``, and never leave a partial file.
"""

from __future__ import annotations

import errno
import json
import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import msgspec
import pytest
from conftest import DATA, DEFAULT_RUN, PREFIX, PUBLIC_RESULTS, check, export, need_public
from mdtables import tables

from pystats_tui.cli import main
from pystats_tui.core import output
from pystats_tui.core.counters import MAX_PROBLEMS_PER_FILE
from pystats_tui.core.json_data import load_json_file
from pystats_tui.core.parse import load_input
from pystats_tui.core.raw_files import load_raw_dir
from pystats_tui.core.sources import open_source

RAW_DIR = DATA / "raw" / "cpython-3.13.15-default-micro"
NBODY_JSON = DEFAULT_RUN / f"{PREFIX}-nbody_small.json"
MERGED_JSON = DEFAULT_RUN / f"{PREFIX}.json"
RUN_312 = "bm-20230619-3.12.0b3-f992a60"
RUN_316 = "bm-20260723-3.16.0a0-66e313f"


def the_error(err: str) -> str:
    """The one line of stderr, which must be the only one."""
    lines = err.splitlines()
    assert len(lines) == 1, err
    return lines[0]


def warnings(err: str) -> list[str]:
    """stderr's warning lines, without the ``pystats-tui: warning: `` prefix."""
    prefix = "pystats-tui: warning: "
    return [line[len(prefix) :] for line in err.splitlines() if line.startswith(prefix)]


def fails_with(capsys: pytest.CaptureFixture[str], path: Path, message: str, *extra: object) -> None:
    """Exporting ``path`` exits 1 with exactly ``pystats-tui: error: PATH: MESSAGE``."""
    rc, out, err = export(capsys, path, *extra)
    assert the_error(err) == f"pystats-tui: error: {path}: {message}"
    assert (rc, out) == (1, "")


def copy_raw_dir(tmp_path: Path) -> Path:
    target = tmp_path / "py_stats"
    shutil.copytree(RAW_DIR, target)
    return target


def write_json(path: Path, obj: object) -> Path:
    path.write_bytes(msgspec.json.encode(obj))
    return path


# --------------------------------------------------------------------------- JSON files


class TestBrokenJson:
    """A JSON input that cannot be used at all: exit 1 and one line."""

    @pytest.mark.parametrize("content", [b"", b"  \n\t\n"], ids=["empty", "blank"])
    def test_empty_file(self, tmp_path, capsys, content):
        path = tmp_path / "stats.json"
        path.write_bytes(content)
        fails_with(capsys, path, "empty file")

    def test_truncated_json(self, tmp_path, capsys):
        data = NBODY_JSON.read_bytes()
        path = tmp_path / "truncated.json"
        path.write_bytes(data[: len(data) // 2])
        fails_with(capsys, path, "truncated JSON (the file ends early)")

    def test_truncated_inside_a_string(self, tmp_path, capsys):
        path = tmp_path / "truncated.json"
        path.write_bytes(b'{"__nfiles__": 1, "opcode[LOAD_')
        fails_with(capsys, path, "truncated JSON (the file ends early)")

    @pytest.mark.parametrize(
        ("content", "kind"),
        [(b"[1, 2, 3]", "a list"), (b'"pystats"', "a string"), (b"null", "null"), (b"42", "a number")],
        ids=["list", "string", "null", "number"],
    )
    def test_json_that_is_not_an_object(self, tmp_path, capsys, content, kind):
        path = tmp_path / "stats.json"
        path.write_bytes(content)
        fails_with(capsys, path, f"JSON is {kind}, not an object of counters")

    def test_malformed_json_names_line_and_column(self, tmp_path, capsys):
        path = tmp_path / "stats.json"
        path.write_bytes(b'{\n  "__nfiles__": 1,\n  "a": 1 "b": 2\n}\n')
        rc, _, err = export(capsys, path)
        assert rc == 1
        assert the_error(err) == (
            f"pystats-tui: error: {path}:3: not valid JSON: expected ',' or '}}', found '\"' (column 10)"
        )

    def test_non_utf8_json(self, tmp_path, capsys):
        data = b'{"__nfiles__": 1,\n "caf\xe9": 3}'
        path = tmp_path / "stats.json"
        path.write_bytes(data)
        rc, _, err = export(capsys, path)
        assert rc == 1
        assert the_error(err) == f"pystats-tui: error: {path}:2: not UTF-8 text (byte 0xe9 at column 6)"

    def test_deeply_nested_json(self, tmp_path, capsys):
        path = tmp_path / "stats.json"
        path.write_bytes(b'{"a": ' + b"[" * 100_000 + b"]" * 100_000 + b"}")
        fails_with(capsys, path, "JSON nested too deeply to be pystats data")

    def test_a_byte_order_mark_is_accepted(self, tmp_path):
        path = tmp_path / "stats.json"
        path.write_bytes(b"\xef\xbb\xbf" + NBODY_JSON.read_bytes())
        assert load_json_file(path).counters == load_json_file(NBODY_JSON).counters


class TestBadCounters:
    """Counters that cannot be counts are reported one by one and skipped; the rest loads."""

    BAD = {
        "opcode[LOAD_FAST].execution_count": 1.5,
        "opcode[STORE_FAST].execution_count": "12",
        "opcode[LOAD_CONST].execution_count": -1,
        "opcode[RETURN_VALUE].execution_count": -(2**64),
    }
    MESSAGES = [
        "counter 'opcode[LOAD_FAST].execution_count' is a float (1.5); skipped",
        "counter 'opcode[STORE_FAST].execution_count' is a string ('12'); skipped",
        "counter 'opcode[LOAD_CONST].execution_count' is negative (-1); skipped",
        "counter 'opcode[RETURN_VALUE].execution_count' is negative (-18446744073709551616); skipped",
    ]

    def test_json_counters(self, tmp_path, capsys):
        good = msgspec.json.decode(NBODY_JSON.read_bytes())
        # Counters are Python ints in summarize_stats: sums pass 2**64-1.
        path = write_json(tmp_path / "stats.json", {**good, **self.BAD, "largest": 2**64, "huge": 10**300})
        rc, out, err = export(capsys, path)
        assert rc == 0
        # One line each, in the order of the file's keys.
        assert sorted(err.splitlines()) == sorted(f"pystats-tui: warning: {path}: {m}" for m in self.MESSAGES)
        assert "## Execution counts" in out
        loaded = load_json_file(path)
        expected = {k: v for k, v in load_json_file(NBODY_JSON).counters.items() if k not in self.BAD}
        assert loaded.counters == {**expected, "largest": 2**64, "huge": 10**300}
        assert loaded.nfiles == good["__nfiles__"]

    @pytest.mark.parametrize("digits", [5000, -5000])
    def test_a_huge_number_skips_only_that_counter(self, tmp_path, capsys, digits):
        good = NBODY_JSON.read_bytes()
        number = ("-" if digits < 0 else "") + "1" + "0" * (abs(digits) - 1)
        path = tmp_path / "stats.json"
        path.write_bytes(b'{"Huge counter": ' + number.encode() + b", " + good.lstrip()[1:])
        rc, _, err = export(capsys, path)
        assert rc == 0
        why = "negative" if digits < 0 else "too long"
        assert warnings(err) == [f"{path}: counter 'Huge counter' is {why} ({abs(digits):,} digits); skipped"]
        assert load_json_file(path).counters == load_json_file(NBODY_JSON).counters

    def test_raw_counters(self, tmp_path, capsys):
        path = tmp_path / "stats.txt"
        path.write_text(
            "opcode[LOAD_FAST].execution_count: 10\n"
            "a: 1.5\n"
            "b : x\n"
            "c: -1\n"
            "d: 18446744073709551616\n"
            "e: 18446744073709551615\n"
            f"f: {'9' * 5000}\n"
            "g:\n"
        )
        rc, _, err = export(capsys, path)
        assert rc == 0
        assert warnings(err) == [
            f"{path}:2: value of 'a' is not a non-negative integer: '1.5'",
            f"{path}:3: value of 'b' is not a non-negative integer: 'x'",
            f"{path}:4: value of 'c' is negative (-1)",
            f"{path}:7: value of 'f' is too long to be a counter (5,000 digits)",
            f"{path}:8: value of 'g' is empty",
        ]
        assert load_input(path).counters == {
            "opcode[LOAD_FAST].execution_count": 10,
            "d": 2**64,
            "e": 2**64 - 1,
        }

    def test_metadata_of_the_wrong_shape_is_ignored_not_fatal(self, tmp_path, capsys):
        good = msgspec.json.decode(NBODY_JSON.read_bytes())
        path = write_json(tmp_path / "stats.json", {**good, "_defines": [1, 2], "metadata": 3})
        rc, out, err = export(capsys, path)
        assert rc == 0
        assert warnings(err) == [
            f"{path}: _defines is not an object; ignored (bundled table used)",
            f"{path}: metadata is not an object; ignored",
        ]
        # The bundled 3.13 tables stand in for the data's own: the same report.
        _, reference, _ = export(capsys, NBODY_JSON)
        assert tables(out) == tables(reference)

    def test_many_problems_are_counted_not_all_listed(self, tmp_path):
        path = write_json(tmp_path / "stats.json", {"__nfiles__": 1, **{f"k{i}": -i - 1 for i in range(50)}})
        problems = load_json_file(path).problems
        assert len(problems) == MAX_PROBLEMS_PER_FILE + 1
        assert str(problems[-1]) == f"{path}: 30 more problem(s) in this file, not listed; skipped"


# --------------------------------------------------------------------------- raw files and directories


class TestRaw:
    """Raw ``key: value`` files: bad lines are skipped with FILE:LINE; bad files in a directory too."""

    def test_empty_raw_file(self, tmp_path, capsys):
        path = tmp_path / "stats.txt"
        path.write_bytes(b"")
        fails_with(capsys, path, "empty file")

    def test_bad_lines(self, tmp_path, capsys):
        folder = copy_raw_dir(tmp_path)
        bad = folder / "bad.txt"
        bad.write_text("Test counter: 7\nno colon here\nkey: 1: 2\n: 5\n\nObject allocations : 3\n")
        rc, out, err = export(capsys, folder)
        assert rc == 0
        assert warnings(err) == [
            f"{bad}:2: unparsable line (no colon): 'no colon here'",
            f"{bad}:3: unparsable line (2 colons): 'key: 1: 2'",
            f"{bad}:4: unparsable line (empty key): ': 5'",
        ]
        assert "## Execution counts" in out
        loaded = load_raw_dir(folder)
        reference = load_raw_dir(RAW_DIR)
        assert loaded.nfiles == reference.nfiles + 1
        assert loaded.counters["Test counter"] == 7
        assert loaded.counters["Object allocations"] == reference.counters["Object allocations"] + 3

    def test_binary_file_in_raw_dir(self, tmp_path, capsys):
        folder = copy_raw_dir(tmp_path)
        binary = folder / "core"
        binary.write_bytes(b"\x7fELF\x02\x01\x01\x00" + bytes(range(256)) * 4)
        rc, out, err = export(capsys, folder)
        assert rc == 0
        assert warnings(err) == [f"{binary}: binary file, not a pystats text file"]
        loaded = load_raw_dir(folder)
        assert loaded.counters == load_raw_dir(RAW_DIR).counters
        assert loaded.nfiles == 3
        assert "## Execution counts" in out

    def test_non_utf8_line_in_raw_file(self, tmp_path, capsys):
        path = tmp_path / "stats.txt"
        path.write_bytes(b"a: 1\nb\xffc: 2\nd: 3\n")
        rc, _, err = export(capsys, path)
        assert rc == 0
        assert warnings(err) == [f"{path}:2: not UTF-8 text (byte 0xff at column 2)"]
        assert load_input(path).counters == {"a": 1, "d": 3}

    def test_raw_file_of_latin1_text_is_not_a_pystats_file(self, tmp_path, capsys):
        path = tmp_path / "stats.txt"
        path.write_bytes("café: 1\n".encode("latin-1"))
        fails_with(
            capsys,
            path,
            "not a pystats file: no usable 'key: value' line "
            "(line 1: not UTF-8 text (byte 0xe9 at column 4))",
        )

    def test_raw_file_that_is_prose(self, tmp_path, capsys):
        path = tmp_path / "notes"
        path.write_text("These are my notes\nabout pystats\n")
        fails_with(
            capsys,
            path,
            "not a pystats file: no usable 'key: value' line "
            "(line 1: unparsable line (no colon): 'These are my notes')",
        )

    def test_raw_file_starting_with_n_is_not_taken_for_json(self, tmp_path):
        path = tmp_path / "stats.txt"
        path.write_text("nfiles seen: 3\n")
        assert load_input(path).counters == {"nfiles seen": 3}

    def test_reserved_key_in_raw_file(self, tmp_path):
        path = tmp_path / "stats.txt"
        path.write_text("__nfiles__: 9\na: 1\n")
        raw = load_input(path)
        assert raw.counters == {"a": 1}
        assert raw.nfiles == 1
        assert [str(p) for p in raw.problems] == [
            f"{path}:1: unparsable line (the key '__nfiles__' is reserved for metadata): '__nfiles__: 9'"
        ]

    def test_raw_dir_of_unusable_files(self, tmp_path, capsys):
        folder = tmp_path / "py_stats"
        folder.mkdir()
        (folder / "a.bin").write_bytes(b"\0\0\0")
        (folder / "b.txt").write_bytes(b"")
        rc, _, err = export(capsys, folder)
        # The first problem is that of the first file in directory order, which the OS picks.
        firsts = [
            f"{folder / 'a.bin'}: binary file, not a pystats text file",
            f"{folder / 'b.txt'}: empty file",
        ]
        assert rc == 1
        assert the_error(err) in [
            f"pystats-tui: error: {folder}: no usable pystats file (2 problem(s); first: {first})"
            for first in firsts
        ]


# --------------------------------------------------------------------------- permissions and links


@pytest.fixture
def deny(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[Path], None]]:
    """Make a path unreadable.

    As a normal user this is ``chmod 000``. Root reads such files anyway, so
    as root the OS calls the tool reads with (``os.open``, ``os.scandir``,
    ``os.listdir``) are made to fail with EACCES for that path instead.
    """
    denied: set[str] = set()
    restore: list[tuple[Path, int]] = []
    if os.geteuid() == 0:

        def guard(real: Callable[..., object]) -> Callable[..., object]:
            def call(*args: object, **kwargs: object) -> object:
                if args and isinstance(args[0], (str, os.PathLike)) and os.fspath(args[0]) in denied:
                    raise PermissionError(errno.EACCES, "Permission denied", os.fspath(args[0]))
                return real(*args, **kwargs)

            return call

        for name in ("open", "scandir", "listdir"):
            monkeypatch.setattr(os, name, guard(getattr(os, name)))

    def deny_path(path: Path) -> None:
        if os.geteuid() == 0:
            denied.add(os.fspath(path))
        else:
            restore.append((path, path.stat().st_mode))
            path.chmod(0)

    yield deny_path
    for path, mode in restore:
        path.chmod(mode)


class TestPermissionsAndLinks:
    def test_unreadable_json(self, tmp_path, capsys, deny):
        path = tmp_path / "stats.json"
        shutil.copy(NBODY_JSON, path)
        deny(path)
        fails_with(capsys, path, "permission denied (cannot read the file)")

    def test_unreadable_file_in_raw_dir_is_skipped(self, tmp_path, capsys, deny):
        folder = copy_raw_dir(tmp_path)
        locked = sorted(folder.iterdir())[0]
        deny(locked)
        rc, out, err = export(capsys, folder)
        assert rc == 0
        assert warnings(err) == [f"{locked}: permission denied (cannot read the file)"]
        assert load_raw_dir(folder).nfiles == 2
        assert "## Execution counts" in out

    def test_unreadable_directory(self, tmp_path, capsys, deny):
        folder = copy_raw_dir(tmp_path)
        deny(folder)
        fails_with(capsys, folder, "permission denied (cannot list the directory)")

    def test_unreadable_run_in_a_tree_is_skipped(self, tmp_path, capsys, deny):
        tree = tmp_path / "results"
        tree.mkdir()
        shutil.copytree(DEFAULT_RUN, tree / DEFAULT_RUN.name)
        locked = tree / "bm-20270101-3.14.0-abcdef0"
        shutil.copytree(DEFAULT_RUN, locked)
        deny(locked)
        rc, out, err = export(capsys, tree)
        assert rc == 0
        assert warnings(err) == [f"{locked}: permission denied (cannot list the run directory); skipped"]
        assert "- commit hash: d7482a7" in out

    def test_dangling_symlink(self, tmp_path, capsys):
        link = tmp_path / "stats.json"
        link.symlink_to(tmp_path / "gone.json")
        fails_with(capsys, link, "dangling symlink (its target does not exist)")

    def test_symlink_loop(self, tmp_path, capsys):
        a, b = tmp_path / "a.json", tmp_path / "b.json"
        a.symlink_to(b)
        b.symlink_to(a)
        fails_with(capsys, a, "symlink loop (the link leads back to itself)")

    def test_links_inside_raw_dir_are_skipped(self, tmp_path, capsys):
        folder = copy_raw_dir(tmp_path)
        dangling, loop = folder / "dangling", folder / "loop"
        dangling.symlink_to(tmp_path / "gone")
        loop.symlink_to(loop)
        rc, _, err = export(capsys, folder)
        assert rc == 0
        assert sorted(warnings(err)) == sorted(
            [
                f"{dangling}: dangling symlink (its target does not exist)",
                f"{loop}: symlink loop (the link leads back to itself)",
            ]
        )
        assert load_raw_dir(folder).counters == load_raw_dir(RAW_DIR).counters

    def test_dangling_symlink_in_a_tree_is_reported(self, tmp_path, capsys):
        tree = tmp_path / "results"
        tree.mkdir()
        (tree / DEFAULT_RUN.name).symlink_to(DEFAULT_RUN)
        gone = tree / "bm-20270101-3.14.0-abcdef0"
        gone.symlink_to(tmp_path / "deleted-run")
        rc, out, err = export(capsys, tree)
        assert rc == 0
        assert warnings(err) == [f"{gone}: dangling symlink (its target does not exist); skipped"]
        assert "- commit hash: d7482a7" in out

    @pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
    def test_a_pipe_in_a_raw_dir_does_not_hang(self, tmp_path, capsys):
        folder = copy_raw_dir(tmp_path)
        fifo = folder / "pipe"
        os.mkfifo(fifo)
        rc, _, err = export(capsys, folder)
        assert rc == 0
        assert warnings(err) == [f"{fifo}: not a regular file (a pipe, socket or device)"]

    @pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
    def test_a_pipe_named_like_a_report_does_not_hang_check(self, tmp_path, capsys):
        """``check`` (and the browser's quick check) opens every report of a run: a pipe is refused."""
        run = tmp_path / "results" / DEFAULT_RUN.name
        shutil.copytree(DEFAULT_RUN, run)
        report = next(run.glob("*-pystats-nbody_small.md"))
        report.unlink()
        os.mkfifo(report)
        rc, out, err = check(capsys, run.parent)
        assert rc == 1
        assert f"cannot read {report.name}: not a regular file (a pipe, socket or device)" in out


# --------------------------------------------------------------------------- directories and trees


class TestDirectories:
    def test_empty_directory(self, tmp_path, capsys):
        fails_with(capsys, tmp_path, "no pystats files here (no runs, reports, JSON or raw stats)")

    def test_directory_of_unrelated_folders(self, tmp_path, capsys):
        (tmp_path / "src").mkdir()
        (tmp_path / "docs").mkdir()
        (tmp_path / "docs" / "index.md").write_text("# Docs\n")
        (tmp_path / ".git").mkdir()
        fails_with(capsys, tmp_path, "no pystats files here (no runs, reports, JSON or raw stats)")

    def test_directory_of_unrelated_files(self, tmp_path, capsys):
        (tmp_path / "README.md").write_text("# My project\n\nNothing to see.\n")
        (tmp_path / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR")
        rc, _, err = export(capsys, tmp_path)
        firsts = [
            f"{tmp_path / 'README.md'}: not a pystats file: no usable 'key: value' line "
            "(line 1: unparsable line (no colon): '# My project')",
            f"{tmp_path / 'logo.png'}: binary file, not a pystats text file",
        ]
        assert rc == 1
        assert the_error(err) in [
            f"pystats-tui: error: {tmp_path}: no usable pystats file (2 problem(s); first: {first})"
            for first in firsts
        ]

    def test_one_bad_run_in_a_tree(self, tmp_path, capsys):
        tree = tmp_path / "results"
        tree.mkdir()
        shutil.copytree(DEFAULT_RUN, tree / DEFAULT_RUN.name)
        bad_run = tree / "bm-20270101-3.14.0-abcdef0"
        bad_run.mkdir()
        bad_json = bad_run / "bm-20270101-local-x86_64-python-abcdef0-3.14.0-abcdef0-pystats.json"
        bad_json.write_bytes(MERGED_JSON.read_bytes()[:1000])
        # The bad run is the newest: asked for, it fails with one line naming its file ...
        fails_with(capsys, bad_json, "truncated JSON (the file ends early)")
        rc, _, err = export(capsys, tree, "--run", bad_run.name)
        assert rc == 1
        assert the_error(err) == f"pystats-tui: error: {bad_json}: truncated JSON (the file ends early)"
        # ... and every other run still exports.
        rc, out, err = export(capsys, tree, "--run", DEFAULT_RUN.name)
        assert rc == 0 and warnings(err) == []
        assert "- commit hash: d7482a7" in out

    def test_run_without_any_pystats_file_is_passed_over(self, tmp_path, capsys):
        tree = tmp_path / "results"
        tree.mkdir()
        (tree / DEFAULT_RUN.name).symlink_to(DEFAULT_RUN)
        timing_only = tree / "bm-20270101-3.14.0-abcdef0"
        timing_only.mkdir()
        (timing_only / "README.md").write_text("timings only\n")
        rc, out, err = export(capsys, tree)
        assert rc == 0
        assert "using the newest with pystats data, bm-20261127-3.13.15-d7482a7" in err
        rc, _, err = export(capsys, tree, "--run", timing_only.name)
        assert rc == 1
        assert the_error(err) == f"pystats-tui: error: {timing_only}: no pystats files in this run directory"

    def test_tree_mixing_versions_and_a_strange_run_name(self, tmp_path, capsys):
        need_public()
        tree = tmp_path / "results"
        tree.mkdir()
        for name in (RUN_312, RUN_316):
            (tree / name).symlink_to(PUBLIC_RESULTS / name)
        strange = tree / "my experiment (copy)"
        shutil.copytree(DEFAULT_RUN, strange)
        rc, out, err = export(capsys, tree)
        assert rc == 0
        strange_note = (
            f"{strange}: run directory name is not bm-DATE-VERSION-COMMIT[-FLAGS]; "
            "known by its files' names (flags unknown)"
        )
        assert warnings(err) == [strange_note]
        # Dated by its files (2026-11-27), the strange run is the newest.
        assert "holds 3 runs; using the newest with pystats data, my experiment (copy)" in err
        assert "- version: 3.13.15" in out
        rc, out, err = export(capsys, tree, "--run", RUN_316)
        assert rc == 0 and "- version: 3.16.0a0" in out
        # The 3.12 run names its opcodes, though its data numbers them.
        rc, out, err = export(capsys, tree, "--run", RUN_312)
        assert rc == 0
        assert '<td align="left">LOAD_FAST</td>' in out and "opcode[" not in out
        # The strange one is known by its files' names (bench_runner names them after the run).
        rc, out, err = export(capsys, tree, "--run", strange.name)
        assert rc == 0 and "## Execution counts" in out
        assert "# Pystats results" in out and "- date: 2026-11-27" in out and "- commit hash: d7482a7" in out

    def test_a_run_whose_files_are_not_bench_runners_is_shown_by_its_name(self, tmp_path, capsys):
        run = tmp_path / "results" / "my experiment"
        run.mkdir(parents=True)
        merged = next(DEFAULT_RUN.glob("*-pystats.json"))
        shutil.copy(merged, run / "local-pystats.json")
        source = open_source(run.parent)
        assert [r.label for r in source.runs] == ["my experiment"]
        assert [p.message for p in source.problems] == [
            "run directory name is not bm-DATE-VERSION-COMMIT[-FLAGS]; shown by its name"
        ]
        rc, out, err = export(capsys, run)
        assert rc == 0 and "# Pystats results" not in out and "## Execution counts" in out

    def test_a_renamed_run_opened_as_dot_is_known_by_its_files(self, tmp_path, capsys, monkeypatch):
        """``pystats-tui .`` in a copy of a run under another name: its date, version and commit."""
        run = tmp_path / "latest"
        shutil.copytree(DEFAULT_RUN, run)
        monkeypatch.chdir(run)
        source = open_source(".")
        assert [r.label for r in source.runs] == ["2026-11-27 3.13.15 d7482a7"]
        rc, out, err = export(capsys, ".")
        assert rc == 0
        header = out.split("## ")[0]
        assert "# Pystats results" in header and "- version: 3.13.15" in header
        assert "- date: 2026-11-27" in header
        # One of its files opened alone is known by its name too.
        single = open_source(next(run.glob("*-pystats-nbody_small.json")))
        assert single.runs[0].label == "2026-11-27 3.13.15 d7482a7"


# --------------------------------------------------------------------------- what the data says


class TestNoDataAndMismatch:
    def test_run_whose_json_holds_no_data_files(self, tmp_path, capsys):
        run = tmp_path / "bm-20260101-3.15.0a1-abcdef0"
        run.mkdir()
        merged = msgspec.json.decode(MERGED_JSON.read_bytes())
        empty = {k: merged[k] for k in ("_specialized_instructions", "_stats_defines", "_defines")}
        write_json(run / "bm-20260101-local-x86_64-python-abcdef0-3.15.0a1-abcdef0-pystats.json", empty)
        rc, out, err = export(capsys, run)
        assert rc == 0
        label = open_source(run).runs[0].label
        assert "2026-01-01" in label and "3.15.0a1" in label
        message = (
            f"The input {label} holds no data: 0 data files were collected "
            "(its pystats collection failed), so every table below is empty or zero."
        )
        assert warnings(err) == [message]
        assert f"> **Warning:** {message}" in out

    def test_base_and_head_of_different_versions(self, capsys):
        need_public()
        head = next((PUBLIC_RESULTS / RUN_316).glob("*-pystats.json"))
        rc, out, err = export(capsys, MERGED_JSON, head)
        assert rc == 0
        message = (
            "Base is CPython 3.13 and head is CPython 3.16: their opcode sets differ, "
            "so only the rows present in both compare."
        )
        assert warnings(err) == [message]
        assert f"> **Warning:** {message}" in out
        rows = {row[0]: row[1:] for row in tables(out)[("Execution counts",)][0][1:]}
        base_count, head_count, change = rows["LOAD_FAST"]
        assert base_count and head_count and change.endswith("%")
        assert rows["LOAD_FAST_BORROW"][0] == ""  # 3.16 only: no base
        assert rows["BINARY_SUBSCR"][1] == ""  # gone by 3.16: no head


# --------------------------------------------------------------------------- size


def test_large_json_loads_whole(tmp_path):
    """A ~30 MB JSON (800,000 counters) loads whole and exact (its speed is bench/'s business)."""
    names = [f"OP_{i}" for i in range(900)]
    parts = ['{"__nfiles__": 3']
    for a in names:
        parts.append(f', "opcode[{a}].execution_count": 1000')
        parts.extend(f', "opcode[{a}].pair_count[{b}]": 7' for b in names)
    parts.append("}")
    path = tmp_path / "big.json"
    path.write_text("".join(parts))
    assert path.stat().st_size > 25_000_000
    raw = load_json_file(path)
    assert len(raw.counters) == 900 * 901
    assert raw.counters["opcode[OP_899].pair_count[OP_0]"] == 7
    assert raw.nfiles == 3 and not raw.problems


# --------------------------------------------------------------------------- writing


def snapshot(root: Path) -> dict[str, tuple[int, int, bytes]]:
    """Every file under ``root``: size, mtime and content."""
    out = {}
    for path in sorted(root.rglob("*")):
        if path.is_file():
            st = path.stat()
            out[str(path.relative_to(root))] = (st.st_size, st.st_mtime_ns, path.read_bytes())
    return out


class TestWriting:
    def test_export_never_writes_into_an_input(self, tmp_path, capsys):
        folder = copy_raw_dir(tmp_path)
        before = snapshot(folder)
        for target in (folder / "report.md", folder / "sub" / "x.md"):
            rc, _, err = export(capsys, folder, "-o", target)
            assert rc == 1
            assert the_error(err) == (
                f"pystats-tui: error: {target}: "
                "refusing to write inside an input directory (choose another path)"
            )
        rc, _, err = export(capsys, folder, "--json", folder / "sum.json")
        assert rc == 1 and "refusing to write inside an input directory" in err
        rc, _, err = export(capsys, folder, "-o", tmp_path / "out.md", "--json", tmp_path / "sum.json")
        assert rc == 0
        assert snapshot(folder) == before
        assert (tmp_path / "out.md").read_text().startswith("## Execution counts")
        assert json.loads((tmp_path / "sum.json").read_text())["__nfiles__"] == 3

    def test_the_input_file_itself_is_never_a_target(self, tmp_path, capsys):
        path = tmp_path / "stats.json"
        shutil.copy(NBODY_JSON, path)
        rc, _, err = export(capsys, path, "-o", path, "--force")
        assert rc == 1
        refusal = "refusing to overwrite an input (choose another path)"
        assert the_error(err) == f"pystats-tui: error: {path}: {refusal}"
        assert path.read_bytes() == NBODY_JSON.read_bytes()

    def test_no_overwrite_without_force(self, tmp_path, capsys):
        target = tmp_path / "report.md"
        target.write_text("precious\n")
        json_target = tmp_path / "sum.json"
        rc, _, err = export(capsys, RAW_DIR, "-o", target, "--json", json_target)
        assert rc == 1
        assert the_error(err) == f"pystats-tui: error: {target}: file exists (use --force to replace it)"
        assert target.read_text() == "precious\n"
        assert not json_target.exists(), "a refused export must write nothing at all"
        rc, _, _ = export(capsys, RAW_DIR, "-o", target, "--force")
        assert rc == 0
        assert target.read_text().startswith("## Execution counts")

    def test_output_that_is_a_directory(self, tmp_path, capsys):
        rc, _, err = export(capsys, RAW_DIR, "-o", tmp_path, "--force")
        assert rc == 1
        assert the_error(err) == f"pystats-tui: error: {tmp_path}: is a directory (give a file name to write)"

    def test_output_in_a_missing_directory(self, tmp_path, capsys):
        target = tmp_path / "nowhere" / "report.md"
        rc, _, err = export(capsys, RAW_DIR, "-o", target)
        assert rc == 1
        missing = "cannot write here: No such file or directory"
        assert the_error(err) == f"pystats-tui: error: {tmp_path / 'nowhere'}: {missing}"

    @pytest.mark.parametrize("force", [False, True], ids=["new", "force"])
    def test_interrupted_write_leaves_no_partial_file(self, tmp_path, capsys, monkeypatch, force):
        target = tmp_path / "report.md"
        if force:
            target.write_text("old report\n")
        real_fdopen = os.fdopen

        class DiskFull:
            """A file that takes 100 characters, then fails as a full disk does."""

            def __init__(self, fd: int, *args: object, **kwargs: object):
                self.file = real_fdopen(fd, *args, **kwargs)

            def __enter__(self) -> DiskFull:
                return self

            def __exit__(self, *exc: object) -> None:
                self.file.close()

            def __getattr__(self, name: str) -> object:
                return getattr(self.file, name)

            def write(self, text: str) -> int:
                self.file.write(text[:100])
                self.file.flush()
                raise OSError(errno.ENOSPC, "No space left on device")

        monkeypatch.setattr(output.os, "fdopen", DiskFull)
        args = ["-o", target] + (["--force"] if force else [])
        rc, _, err = export(capsys, RAW_DIR, *args)
        assert rc == 1
        assert the_error(err) == f"pystats-tui: error: {target}: no space left on device"
        assert sorted(p.name for p in tmp_path.iterdir()) == (["report.md"] if force else [])
        if force:
            assert target.read_text() == "old report\n"

    def test_interrupt_during_write(self, tmp_path, capsys, monkeypatch):
        target = tmp_path / "report.md"

        def interrupted(*args: object, **kwargs: object) -> None:
            raise KeyboardInterrupt

        monkeypatch.setattr(output.os, "link", interrupted)
        rc, _, _ = export(capsys, RAW_DIR, "-o", target)
        assert rc == 130
        assert list(tmp_path.iterdir()) == []

    def test_written_file_has_the_usual_mode(self, tmp_path, capsys):
        target = tmp_path / "report.md"
        assert export(capsys, RAW_DIR, "-o", target)[0] == 0
        mask = os.umask(0)
        os.umask(mask)
        assert target.stat().st_mode & 0o777 == 0o666 & ~mask


# --------------------------------------------------------------------------- the last resort


class TestLastResort:
    """A bug below the loaders still reaches the user as one line, never a traceback."""

    def test_unexpected_exception_is_one_line(self, capsys, monkeypatch):
        def broken(*args: object, **kwargs: object) -> None:
            raise RuntimeError("something\nunexpected")

        monkeypatch.setattr("pystats_tui.core.selection.build_report", broken)
        rc, out, err = export(capsys, RAW_DIR)
        assert (rc, out) == (1, "")
        assert the_error(err) == (
            "pystats-tui: error: internal error: RuntimeError: something unexpected "
            "(a bug in pystats-tui; PYSTATS_TUI_DEBUG=1 shows the traceback)"
        )
        monkeypatch.setenv("PYSTATS_TUI_DEBUG", "1")
        with pytest.raises(RuntimeError):
            main(["export", str(RAW_DIR)])

    def test_gc_generation_with_a_huge_index(self, tmp_path, capsys):
        path = tmp_path / "stats.txt"
        path.write_text("GC[0] collections: 1\nGC[" + "9" * 5000 + "] collections: 1\n")
        rc, _, err = export(capsys, path)
        assert "internal error" not in err
        assert rc == 0


class TestLargeInputProgress:
    """A large JSON is read in chunks with progress; a raw directory reports files summed."""

    def test_large_json_reports_reading_progress(self, tmp_path, monkeypatch):
        from pystats_tui.core import files, parse

        monkeypatch.setattr(files, "CHUNKED_READ", 1000)
        monkeypatch.setattr(files, "_CHUNK", 4096)
        path = tmp_path / "big.json"
        counters = {f"opcode[OP_{i}].execution_count": i for i in range(3000)}
        path.write_text(json.dumps({**counters, "__nfiles__": 3}))
        seen = []
        raw = parse.load_input(path, lambda what, done, total: seen.append((what, done, total)))
        assert raw.counters == counters and raw.nfiles == 3
        size = path.stat().st_size
        assert len(seen) == -(-size // 4096) and seen[-1] == ("read", size, size)
        assert [d for _, d, _ in seen] == sorted(d for _, d, _ in seen)

    def test_raw_directory_reports_files(self):
        from pystats_tui.core.parse import load_input

        seen = []
        load_input(RAW_DIR, lambda what, done, total: seen.append((what, done, total)))
        assert [s[0] for s in seen] == ["files"] * 3 and seen[-1][1:] == (3, 3)
