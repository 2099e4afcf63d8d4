"""Issue 12, "live on a benchmark host": real temporary trees that change, break and fill up.

Every case works on real files in a temporary directory. Permission cases run
the command as a user who is not root: the current user when the tests are not
run as root, else ``nobody`` through ``runuser`` (with ``/usr/bin/python3`` or
this interpreter, whichever ``nobody`` can run). Where neither is possible the
test skips and says why.
"""

from __future__ import annotations

import functools
import os
import shutil
import stat
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import msgspec
import pytest
from conftest import DATA, DEFAULT_RUN, UOPS_RUN, check, export, replace_atomically

import pystats_tui

ROOT = Path(pystats_tui.__file__).resolve().parent.parent
RAW_DIR = DATA / "raw" / "cpython-3.13.15-default-micro"
ADDRESS = "Execution counts/LOAD_FAST/Count"


# --------------------------------------------------------------------------- another user


@functools.cache
def _python_for_nobody() -> tuple[list[str], dict[str, str]] | str:
    """A command line and environment that run this package as ``nobody``, or why there is none."""
    runuser = shutil.which("runuser") or shutil.which("runuser", path="/usr/sbin:/sbin")
    if runuser is None:
        return "runuser is not installed"
    library = str(Path(msgspec.__file__).resolve().parent.parent)
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": f"{ROOT}{os.pathsep}{library}", "LANG": "C.UTF-8"}
    reasons = []
    for python in dict.fromkeys([sys.executable, "/usr/bin/python3"]):
        cmd = [runuser, "-u", "nobody", "--", python]
        probe = subprocess.run(
            [*cmd, "-c", "import msgspec, pystats_tui.cli"], env=env, capture_output=True, text=True
        )
        if probe.returncode == 0:
            return cmd, env
        reasons.append(f"{python}: {(probe.stderr.strip().splitlines() or ['?'])[-1]}")
    return "nobody cannot run Python with this package: " + "; ".join(reasons)


def run_as_other_user(*args: object) -> subprocess.CompletedProcess[str]:
    """``pystats-tui ARGS`` as a user whom file modes bind (skips when there is no such user)."""
    argv = ["-m", "pystats_tui", *map(str, args)]
    if os.geteuid() != 0:
        return subprocess.run([sys.executable, *argv], capture_output=True, text=True)
    how = _python_for_nobody()
    if isinstance(how, str):
        pytest.skip(f"needs a user other than root: {how}")
    cmd, env = how
    return subprocess.run([*cmd, *argv], env=env, capture_output=True, text=True, cwd="/")


@pytest.fixture
def open_tmp() -> Iterator[Path]:
    """A temporary directory that every user may enter (pytest's ``tmp_path`` is private to root)."""
    path = Path(tempfile.mkdtemp(prefix="pystats-live-"))
    path.chmod(0o755)
    yield path
    for sub, dirs, _ in os.walk(path):
        for d in dirs:
            os.chmod(os.path.join(sub, d), 0o755)
    shutil.rmtree(path)


def copy_tree(target: Path) -> Path:
    """A results tree of two runs (default, PYTHON_UOPS), readable by everyone."""
    target.mkdir(mode=0o755, exist_ok=True)
    for run in (DEFAULT_RUN, UOPS_RUN):
        shutil.copytree(run, target / run.name)
    for sub, dirs, files in os.walk(target):
        for name in dirs:
            os.chmod(os.path.join(sub, name), 0o755)
        for name in files:
            os.chmod(os.path.join(sub, name), 0o644)
    return target


def listable_only(tree: Path, run: str) -> Path:
    """A copy of ``run`` (renamed one day later) that can be listed but not entered: mode 644."""
    source = tree / run
    later = run.replace("20261127", "20261128").replace("d7482a7", "aaaaaaa")
    shutil.copytree(source, tree / later)
    (tree / later).chmod(0o644)
    return tree / later


# --------------------------------------------------------------------------- 2. one bad run


class TestOneBadRunHidesNoOther:
    def test_check_reports_the_run_and_checks_the_others(self, open_tmp):
        tree = copy_tree(open_tmp / "results")
        bad = listable_only(tree, DEFAULT_RUN.name)
        result = run_as_other_user("check", tree)
        assert "Traceback" not in result.stderr
        lines = result.stdout.splitlines()
        assert f"ERROR {bad.name}: cannot be read: {bad}: permission denied " in result.stdout
        assert "(cannot enter the directory; it can be listed only)" in result.stdout
        # One line for the run, not one per file; both good runs checked.
        assert sum(bad.name in line for line in lines) == 1, result.stdout
        assert lines[-1].startswith("3 runs, 6 benchmarks checked: 1 error")
        assert result.returncode == 1

    def test_history_shows_a_blank_with_the_reason(self, open_tmp):
        tree = copy_tree(open_tmp / "results")
        bad = listable_only(tree, UOPS_RUN.name)
        result = run_as_other_user("export", tree, "--history", ADDRESS, "--flags", "PYTHON_UOPS")
        assert result.returncode == 0, result.stderr
        assert "2 runs with flags PYTHON_UOPS" in result.stdout
        assert f"1 run(s) without a value: {bad.name} (cannot be read: permission denied" in result.stdout

    def test_pivot_of_an_unenterable_run_is_one_line(self, open_tmp):
        tree = copy_tree(open_tmp / "results")
        bad = listable_only(tree, DEFAULT_RUN.name)
        result = run_as_other_user("export", tree, "--pivot", ADDRESS, "--run", bad.name)
        assert result.returncode == 1
        assert result.stderr.startswith(f"pystats-tui: error: {bad}: permission denied")
        assert len(result.stderr.splitlines()) == 1

    def test_export_passes_over_the_unenterable_newest_run(self, open_tmp):
        tree = copy_tree(open_tmp / "results")
        bad = listable_only(tree, UOPS_RUN.name)
        result = run_as_other_user("export", tree)
        assert result.returncode == 0, result.stderr
        assert f"pystats-tui: warning: {bad}: permission denied" in result.stderr
        # The unenterable run is newer: the newest readable one is the plain run of the same commit.
        assert f"using the newest with pystats data without flags, {DEFAULT_RUN.name}" in result.stderr

    def test_unreadable_file_in_a_raw_directory_is_skipped(self, open_tmp):
        raw = open_tmp / "py_stats"
        shutil.copytree(RAW_DIR, raw)
        raw.chmod(0o755)
        for f in raw.iterdir():
            f.chmod(0o644)
        secret = sorted(raw.iterdir())[0]
        secret.chmod(0o600)
        result = run_as_other_user("export", raw)
        assert result.returncode == 0, result.stderr
        assert f"pystats-tui: warning: {secret}: permission denied (cannot read the file)" in result.stderr

    def test_symlink_loop_and_vanished_run_in_a_tree(self, tmp_path, capsys, monkeypatch):
        tree = copy_tree(tmp_path / "results")
        (tree / "loop").symlink_to("loop")
        rc, out, err = check(capsys, tree)
        assert f"WARN {tree / 'loop'}: symlink loop" in out
        # A run that vanishes between the listing of the tree and its check.
        from pystats_tui.core import inputs, sources

        real_open = sources.open_source

        def open_then_remove(path, *args, **options):
            source = real_open(path, *args, **options)
            shutil.rmtree(tree / UOPS_RUN.name)
            return source

        monkeypatch.setattr(inputs, "open_source", open_then_remove)
        rc, out, err = check(capsys, tree)
        assert f"ERROR {UOPS_RUN.name}: cannot be read: {tree / UOPS_RUN.name}: no such file" in out
        assert out.splitlines()[-1].startswith("2 runs, 3 benchmarks checked")
        assert "1 error" in out.splitlines()[-1]

    def test_io_error_while_reading_is_that_files_problem(self, tmp_path, capsys, monkeypatch):
        """EIO cannot be made on a real file here: the read itself is made to fail."""
        import errno

        tree = copy_tree(tmp_path / "results")
        target = next((tree / DEFAULT_RUN.name).glob("*-pystats.json"))
        real_open = os.open

        def failing(path, *args, **kwargs):
            if os.fspath(path) == str(target):
                raise OSError(errno.EIO, "Input/output error", str(target))
            return real_open(path, *args, **kwargs)

        monkeypatch.setattr(os, "open", failing)
        rc, out, err = check(capsys, tree)
        assert (
            f"ERROR {DEFAULT_RUN.name}: cannot be read: {target}: cannot read the file: Input/output error"
            in out
        )
        assert rc == 1


# --------------------------------------------------------------------------- 4. bounded reading


class TestBoundedReading:
    def sparse_run(self, tmp_path: Path, size: str = "3G") -> tuple[Path, Path]:
        run = tmp_path / "results" / DEFAULT_RUN.name
        run.mkdir(parents=True)
        big = run / "bm-20261127-local-pystats.json"
        subprocess.run(["truncate", "-s", size, str(big)], check=True)
        return run.parent, big

    def test_a_3_gb_file_is_refused_by_its_size(self, tmp_path, capsys):
        # Unread: test_in_little_memory_reading_little counts the bytes; bench/ times it.
        tree, big = self.sparse_run(tmp_path)
        rc, out, err = export(capsys, tree)
        assert (rc, out) == (1, "")
        assert err == (
            f"pystats-tui: error: {big}: too large to read: 3.0 GB (3,221,225,472 bytes), above the "
            "limit of 1,024 MB (--max-size MB or PYSTATS_TUI_MAX_FILE_MB raises it)\n"
        )

    def test_without_a_limit_its_first_bytes_refuse_it(self, tmp_path, capsys, monkeypatch):
        tree, big = self.sparse_run(tmp_path)
        message = (
            f"{big}: not pystats data: binary data (a NUL byte at offset 0), not pystats JSON or "
            "counters (a 3.0 GB (3,221,225,472 bytes) file, not read)"
        )
        rc, out, err = export(capsys, tree, "--max-size", 0)
        assert err == f"pystats-tui: error: {message}\n"
        monkeypatch.setenv("PYSTATS_TUI_MAX_FILE_MB", "4096")
        rc, out, err = check(capsys, tree)
        assert f"ERROR {DEFAULT_RUN.name}: cannot be read: {message}" in out
        assert rc == 1

    def test_in_little_memory_reading_little(self, tmp_path):
        """A fresh process refuses it having read a few kB of it, its peak memory far below its size."""
        tree, big = self.sparse_run(tmp_path)
        if not Path("/proc/self/status").exists():
            pytest.skip("no /proc/self/status to read the peak memory from")
        # VmHWM belongs to this program (ru_maxrss may count the parent's memory at the fork).
        # rchar: the bytes this process read through read() calls, its imports included.
        code = (
            "from pystats_tui.cli import main;"
            "io = lambda: int([l.split()[1] for l in open('/proc/self/io') if l.startswith('rchar:')][0]);"
            "before = io();"
            f"rc = main(['export', {str(tree)!r}, '--max-size', '0']);"
            "read = io() - before;"
            "hwm = [l.split()[1] for l in open('/proc/self/status') if l.startswith('VmHWM:')][0];"
            "print(rc, read, hwm)"
        )
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
        rc, read, peak_kb = out.stdout.split()
        # The modules export imports on its way and the 64 kB sniffed: about 1.4 MB, not 3 GB.
        assert rc == "1" and int(read) < 32_000_000, f"read {read} bytes of a 3 GB file"
        assert int(peak_kb) < 200_000, f"peak RSS {peak_kb} kB"

    def test_the_limit_from_the_environment_and_the_option(self, tmp_path, capsys, monkeypatch):
        path = tmp_path / "stats.json"
        path.write_bytes(
            DEFAULT_RUN.joinpath(next(p.name for p in DEFAULT_RUN.glob("*-pystats.json"))).read_bytes()
        )
        size = path.stat().st_size
        monkeypatch.setenv("PYSTATS_TUI_MAX_FILE_MB", "0.001")
        rc, out, err = export(capsys, path)
        assert rc == 1 and "above the limit of 1,048 bytes" in err
        assert export(capsys, path, "--max-size", 1)[0] == 0  # the option wins
        monkeypatch.setenv("PYSTATS_TUI_MAX_FILE_MB", "lots")
        rc, out, err = export(capsys, path)
        assert err == "pystats-tui: error: PYSTATS_TUI_MAX_FILE_MB='lots' is not a size in MB (0: no limit)\n"
        rc, out, err = export(capsys, path, "--max-size", "-1")
        assert rc == 2 and "--max-size: not a size in MB: '-1' (0: no limit)" in err
        assert size > 1048

    def test_large_text_that_is_not_pystats_is_refused_from_its_head(self, tmp_path, capsys):
        path = tmp_path / "notes.txt"
        path.write_bytes(b"lorem ipsum dolor sit amet\n" * 100_000)
        rc, out, err = export(capsys, path)
        assert err == (
            f"pystats-tui: error: {path}: not pystats data: its first 65,536 bytes hold neither JSON "
            "('{') nor 'name: count' lines (a 2.6 MB (2,700,000 bytes) file, not read)\n"
        )
        # Small files get the full diagnosis, as before.
        path.write_bytes(b"lorem ipsum\n")
        rc, out, err = export(capsys, path)
        assert "not a pystats file: no usable 'key: value' line" in err


# --------------------------------------------------------------------------- 5. any-size counters


class TestCountersOfAnySize:
    def test_sums_above_2_64_export_and_load_back(self, tmp_path, capsys):
        raw = tmp_path / "py_stats"
        raw.mkdir()
        for name in ("a.txt", "b.txt"):
            (raw / name).write_text(
                "opcode[LOAD_FAST].execution_count: 18446744073709551615\n"
                "opcode[LOAD_FAST].pair_count[LOAD_FAST]: 7\n"
            )
        out_json = tmp_path / "summed.json"
        rc, out, err = export(capsys, raw, "--json", out_json)
        assert (rc, err) == (0, "")
        assert "36,893,488,147,419,103,230" in out
        written = out_json.read_bytes()
        assert b'"opcode[LOAD_FAST].execution_count":36893488147419103230' in written
        rc, out_again, err = export(capsys, out_json)
        assert (rc, err) == (0, "")
        from pystats_tui.core.json_data import load_json_file

        assert load_json_file(out_json).counters["opcode[LOAD_FAST].execution_count"] == 2 * (2**64 - 1)

    @pytest.mark.parametrize(
        "value", [0, 2**64 - 1, 2**64, 2**200, 10**3999], ids=["0", "2^64-1", "2^64", "2^200", "10^3999"]
    )
    def test_json_round_trip_keeps_every_number(self, tmp_path, capsys, value):
        source = tmp_path / "in.json"
        source.write_text(
            f'{{"__nfiles__": 1, "opcode[NOP].execution_count": {value}, "Object allocations": {value + 1}}}'
        )
        out_json = tmp_path / "out.json"
        assert export(capsys, source, "--json", out_json, "-o", tmp_path / "report.md")[0] == 0
        from pystats_tui.core.json_data import load_json_file

        back = load_json_file(out_json)
        assert back.problems == []
        assert back.counters == {"opcode[NOP].execution_count": value, "Object allocations": value + 1}

    def test_negative_stays_a_problem(self, tmp_path, capsys):
        path = tmp_path / "stats.txt"
        path.write_text(f"a: 5\nb: -{2**70}\n")
        rc, out, err = export(capsys, path)
        assert err == f"pystats-tui: warning: {path}:2: value of 'b' is negative (-{2**70})\n"


# --------------------------------------------------------------------------- 3. outputs


def can_mknod() -> str | None:
    """Why a device node cannot be made here, or None."""
    if not hasattr(os, "mknod"):
        return "no os.mknod on this system"
    if os.geteuid() != 0:
        return "making a device node needs root"
    return None


class TestOutputs:
    def test_a_device_is_written_into_never_replaced(self, tmp_path, capsys):
        if why := can_mknod():
            pytest.skip(why)
        node = tmp_path / "null"
        os.mknod(node, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
        for extra in ([], ["--force"]):
            rc, out, err = export(capsys, RAW_DIR, "-o", node, *extra)
            assert (rc, err) == (0, f"pystats-tui: wrote {node}\n")
            assert node.is_char_device()
        assert sorted(p.name for p in tmp_path.iterdir()) == ["null"]

    def test_dev_null_needs_no_force(self, capsys):
        rc, out, err = export(capsys, RAW_DIR, "-o", "/dev/null")
        assert (rc, err) == (0, "pystats-tui: wrote /dev/null\n")
        assert Path("/dev/null").is_char_device()

    def test_dev_full_says_the_disk_is_full(self, capsys):
        if not Path("/dev/full").is_char_device():
            pytest.skip("no /dev/full here")
        rc, out, err = export(capsys, RAW_DIR, "-o", "/dev/full")
        assert (rc, err) == (1, "pystats-tui: error: /dev/full: no space left on device\n")
        assert Path("/dev/full").is_char_device()

    def test_stdout_on_a_full_disk(self):
        if not Path("/dev/full").is_char_device():
            pytest.skip("no /dev/full here")
        for command in (["export", str(RAW_DIR)], ["check", str(DATA / "results")]):
            with open("/dev/full", "w") as full:
                result = subprocess.run(
                    [sys.executable, "-m", "pystats_tui", *command],
                    stdout=full,
                    stderr=subprocess.PIPE,
                    text=True,
                )
            assert result.stderr == "pystats-tui: error: stdout: no space left on device\n"
            assert result.returncode == 1

    def test_a_fifo_is_written_into(self, tmp_path, capsys):
        import threading

        fifo = tmp_path / "pipe"
        os.mkfifo(fifo)
        got: list[bytes] = []
        # A daemon: if the export never opens the FIFO, the reader must not keep pytest alive.
        reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()), daemon=True)
        reader.start()
        try:
            rc, out, err = export(capsys, RAW_DIR, "-o", fifo)
        finally:
            if not got:  # let a reader still waiting for a writer go
                try:
                    os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
                except OSError:
                    pass
        reader.join(10)
        assert rc == 0 and got and got[0].startswith(b"## Execution counts")
        assert stat.S_ISFIFO(os.lstat(fifo).st_mode)

    def test_dev_stdout_is_this_process_stdout(self, tmp_path):
        out_file = tmp_path / "captured.md"
        with open(out_file, "w") as sink:
            result = subprocess.run(
                [sys.executable, "-m", "pystats_tui", "export", str(RAW_DIR), "-o", "/dev/stdout"],
                stdout=sink,
                stderr=subprocess.PIPE,
                text=True,
            )
        assert result.returncode == 0, result.stderr
        assert out_file.read_text().startswith("## Execution counts")

    def test_a_symlink_is_followed_and_its_target_replaced(self, tmp_path, capsys):
        target = tmp_path / "reports" / "latest.md"
        target.parent.mkdir()
        target.write_text("old\n")
        link = tmp_path / "latest.md"
        link.symlink_to(target)
        rc, out, err = export(capsys, RAW_DIR, "-o", link)
        assert err == f"pystats-tui: error: {link}: file exists (use --force to replace it)\n"
        target.chmod(0o640)
        rc, out, err = export(capsys, RAW_DIR, "-o", link, "--force")
        assert rc == 0
        assert link.is_symlink() and os.readlink(link) == str(target)
        assert target.read_text().startswith("## Execution counts")
        assert target.stat().st_mode & 0o777 == 0o640  # the replaced file keeps its mode
        assert sorted(p.name for p in target.parent.iterdir()) == ["latest.md"]

    def test_a_dangling_symlink_writes_its_target(self, tmp_path, capsys):
        target = tmp_path / "reports" / "new.md"
        target.parent.mkdir()
        link = tmp_path / "new.md"
        link.symlink_to(target)
        rc, out, err = export(capsys, RAW_DIR, "-o", link)
        assert rc == 0, err
        assert link.is_symlink() and target.read_text().startswith("## Execution counts")
        nowhere = tmp_path / "nowhere.md"
        nowhere.symlink_to(tmp_path / "missing" / "x.md")
        rc, out, err = export(capsys, RAW_DIR, "-o", nowhere)
        assert err == (
            f"pystats-tui: error: {nowhere}: dangling symlink to {tmp_path / 'missing' / 'x.md'}, "
            "whose directory does not exist\n"
        )

    def test_a_symlink_into_an_input_is_refused(self, tmp_path, capsys):
        data = tmp_path / "stats.json"
        shutil.copy(next(DEFAULT_RUN.glob("*-pystats.json")), data)
        link = tmp_path / "out.md"
        link.symlink_to(data)
        rc, out, err = export(capsys, data, "-o", link, "--force")
        assert err == f"pystats-tui: error: {link}: refusing to overwrite an input (choose another path)\n"
        loop = tmp_path / "loop.md"
        loop.symlink_to(loop)
        rc, out, err = export(capsys, RAW_DIR, "-o", loop, "--force")
        assert err == f"pystats-tui: error: {loop}: symlink loop (the link leads back to itself)\n"

    @pytest.mark.parametrize("signame", ["SIGTERM", "SIGHUP", "SIGINT"])
    def test_a_signal_mid_write_leaves_no_temporary_file(self, tmp_path, signame):
        """A large export is stopped after its temporary file is written, before it is renamed."""
        import signal

        target = tmp_path / "report.md"
        code = (
            "import os, sys, time\n"
            "from pystats_tui.core import output\n"
            "real = os.fsync\n"
            "def slow(fd):\n"
            "    real(fd)\n"
            "    print([n for n in os.listdir(sys.argv[1]) if n.endswith('.tmp')][0], flush=True)\n"
            "    time.sleep(60)\n"
            "output.os.fsync = slow\n"
            "from pystats_tui.cli import main\n"
            "sys.exit(main(['export', sys.argv[2], '--history', sys.argv[3], '-o', sys.argv[4]]))\n"
        )
        big = tmp_path / "results"
        big.mkdir()
        for n in range(40):
            shutil.copytree(DEFAULT_RUN, big / f"bm-202611{n % 28 + 1:02d}-3.13.15-{n:07x}")
        proc = subprocess.Popen(
            [
                sys.executable,
                "-c",
                code,
                str(tmp_path),
                str(big),
                "Execution counts/LOAD_FAST/Count",
                str(target),
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert proc.stdout is not None
        tmp = proc.stdout.readline().strip()
        assert tmp.startswith(".report.md.") and (tmp_path / tmp).stat().st_size > 1000
        proc.send_signal(getattr(signal, signame))
        proc.wait(20)
        expected = 130 if signame == "SIGINT" else -getattr(signal, signame)
        assert proc.returncode == expected, proc.stderr.read() if proc.stderr else ""
        assert sorted(p.name for p in tmp_path.iterdir()) == ["results"]

    def test_signal_handlers_are_restored_after_a_write(self, tmp_path, capsys):
        import signal

        before = {s: signal.getsignal(s) for s in (signal.SIGTERM, signal.SIGHUP, signal.SIGINT)}
        assert export(capsys, RAW_DIR, "-o", tmp_path / "a.md")[0] == 0
        assert {s: signal.getsignal(s) for s in before} == before


# --------------------------------------------------------------------------- 1. a live tree


def with_load_fast(data: bytes, value: int) -> bytes:
    obj = msgspec.json.decode(data)
    obj["opcode[LOAD_FAST].execution_count"] = value
    return msgspec.json.encode(obj)


def load_fast(source, bench) -> int:
    return source.load_stats(bench).counters["opcode[LOAD_FAST].execution_count"]


class TestLiveTree:
    def test_a_replaced_file_is_read_again(self, tmp_path):
        from pystats_tui.core.sources import open_source

        tree = copy_tree(tmp_path / "results")
        source = open_source(tree)
        run = source.run(DEFAULT_RUN.name)
        bench = run.merged
        first = source.load_stats(bench)
        assert source.load_stats(bench) is first  # unchanged: the cache answers
        replace_atomically(bench.json, with_load_fast(bench.json.read_bytes(), 12345))
        assert load_fast(source, bench) == 12345
        # Rewritten in place (same inode), even to the same size: read again.
        data = with_load_fast(bench.json.read_bytes(), 54321)
        with open(bench.json, "r+b") as f:
            f.truncate(0)
            f.write(data)
        os.utime(bench.json, ns=(1, 2))
        assert load_fast(source, bench) == 54321

    def test_pivot_history_and_check_see_the_new_file(self, tmp_path):
        from pystats_tui.core.health import check_run
        from pystats_tui.core.history import history_table
        from pystats_tui.core.pivot import pivot_table
        from pystats_tui.core.sources import open_source

        tree = copy_tree(tmp_path / "results")
        source = open_source(tree)
        run = source.run(DEFAULT_RUN.name)
        nbody = run.benchmark("nbody_small")
        assert pivot_table(source, run, ADDRESS).values[0] != 7
        assert history_table(source, ADDRESS).values[0] != 8
        assert not any("zero" in f.message for f in check_run(source, run))
        replace_atomically(nbody.json, with_load_fast(nbody.json.read_bytes(), 7))
        replace_atomically(run.merged.json, with_load_fast(run.merged.json.read_bytes(), 8))
        assert pivot_table(source, run, ADDRESS).values[0] == 7
        assert history_table(source, ADDRESS).values[0] == 8
        obj = msgspec.json.decode(run.merged.json.read_bytes())
        zeroed = {k: 0 if k.endswith(".execution_count") else v for k, v in obj.items()}
        replace_atomically(run.merged.json, msgspec.json.encode(zeroed))
        assert any("all execution counts are zero" in f.message for f in check_run(source, run))

    def test_a_run_listing_notices_added_removed_and_renamed_files(self, tmp_path):
        from pystats_tui.core.sources import open_source

        tree = copy_tree(tmp_path / "results")
        source = open_source(tree)
        run = source.run(DEFAULT_RUN.name)
        names = [b.name for b in run.benchmarks()]
        assert names == ["all", "nbody_small", "objects_small", "stdlib_small"]
        nbody = run.benchmark("nbody_small").json
        shutil.copy(nbody, nbody.with_name(nbody.name.replace("nbody_small", "fresh")))
        assert [b.name for b in run.benchmarks()] == ["all", "fresh", *names[1:]]
        renamed = nbody.with_name(nbody.name.replace("nbody_small", "nbody_big"))
        os.rename(nbody, renamed)
        os.unlink(run.benchmark("stdlib_small").json)
        os.unlink(run.benchmark("stdlib_small").md)
        now = {b.name: b for b in run.benchmarks()}
        assert list(now) == ["all", "fresh", "nbody_big", "nbody_small", "objects_small"]
        assert now["nbody_big"].json == renamed and now["nbody_small"].json is None
        # A benchmark object from before the change loads from the file as it is now.
        old_objects = [b for b in source.runs[1].benchmarks() if b.name == "objects_small"]
        assert source.load_stats(old_objects[0]).counters

    def test_rescan_reports_new_removed_renamed_and_changed(self, tmp_path):
        from pystats_tui.core.sources import open_source

        tree = copy_tree(tmp_path / "results")
        source = open_source(tree)
        assert not source.rescan()
        default, uops = source.run(DEFAULT_RUN.name), source.run(UOPS_RUN.name)
        default.benchmarks()
        merged = default.merged
        source.load_stats(merged)
        source.load_stats(uops.merged)
        # A new run, a renamed run, a file added to a listed run, a loaded file replaced.
        shutil.copytree(DEFAULT_RUN, tree / "bm-20261201-3.14.0-abcdef0")
        os.rename(tree / UOPS_RUN.name, tree / "bm-20261127-3.13.15-d7482a7-JIT")
        (tree / DEFAULT_RUN.name / "bm-x-pystats-extra.json").write_bytes(merged.json.read_bytes())
        replace_atomically(merged.json, with_load_fast(merged.json.read_bytes(), 99))
        changes = source.rescan()
        assert [r.name for r in changes.added] == ["bm-20261201-3.14.0-abcdef0"]
        assert [(a.name, b.name) for a, b in changes.renamed] == [
            (UOPS_RUN.name, "bm-20261127-3.13.15-d7482a7-JIT")
        ]
        assert changes.removed == []
        assert changes.changed_runs == [default]
        assert changes.changed == [merged]
        assert changes.runs_touched() == {str(default.path), str(uops.path)}
        assert [r.name for r in source.runs] == [
            "bm-20261201-3.14.0-abcdef0",
            "bm-20261127-3.13.15-d7482a7-JIT",
            DEFAULT_RUN.name,
        ]
        assert source.run(DEFAULT_RUN.name) is default  # unchanged runs keep their objects
        assert source.run("bm-20261127-3.13.15-d7482a7-JIT").flags == ("JIT",)
        assert "extra" in [b.name for b in default.benchmarks()]
        assert load_fast(source, merged) == 99
        assert not source.rescan()
        shutil.rmtree(tree / "bm-20261201-3.14.0-abcdef0")
        changes = source.rescan()
        assert [r.name for r in changes.removed] == ["bm-20261201-3.14.0-abcdef0"] and len(source.runs) == 2

    def test_rescan_of_a_tree_that_vanished_keeps_its_runs(self, tmp_path):
        from pystats_tui.core.sources import open_source

        tree = copy_tree(tmp_path / "results")
        source = open_source(tree)
        shutil.rmtree(tree)
        changes = source.rescan()
        assert [p.message for p in changes.problems] == ["no such file or directory"]
        assert len(source.runs) == 2

    def test_rescan_of_single_inputs(self, tmp_path):
        from pystats_tui.core.sources import open_source

        path = tmp_path / "stats.json"
        shutil.copy(next(DEFAULT_RUN.glob("*-pystats.json")), path)
        source = open_source(path)
        bench = source.runs[0].merged
        source.load_stats(bench)
        replace_atomically(path, with_load_fast(path.read_bytes(), 5))
        assert source.rescan().changed == [bench]
        assert load_fast(source, bench) == 5
        raw = tmp_path / "py_stats"
        shutil.copytree(RAW_DIR, raw)
        source = open_source(raw)
        bench = source.runs[0].merged
        before = load_fast(source, bench)
        first = sorted(raw.iterdir())[0]
        with open(first, "a") as f:  # appended in place: the directory's own stamp stays
            f.write("opcode[LOAD_FAST].execution_count: 1000\n")
        assert source.rescan().changed == [bench]
        assert load_fast(source, bench) == before + 1000

    def test_rescan_of_a_1000_run_tree_stats_only_what_it_holds(self, tmp_path, monkeypatch):
        """Nothing changed: one stat of the root, of each listed run and of each loaded file; no listing.

        How long that takes is measured by ``bench/run_bench.py`` (the live host rows).
        """
        sys.path.insert(0, str(ROOT / "bench"))
        try:
            import gentree
        finally:
            sys.path.remove(str(ROOT / "bench"))
        from pystats_tui.core.sources import open_source

        # Benchmarks per run do not change what a rescan stats (the directories): 10 keep it quick to make.
        generated = gentree.generate(tmp_path / "tree", runs=1000, benches=10)
        source = open_source(generated.path)
        listed = source.runs[:64]
        for run in listed:
            run.benchmarks()
        loaded = source.runs[0].benchmarks()[:24]
        for bench in loaded:
            source.load_stats(bench)
        calls: dict[str, int] = {"stat": 0, "listing": 0, "open": 0}

        def counting(name, fn):
            return lambda *args, **kwargs: calls.__setitem__(name, calls[name] + 1) or fn(*args, **kwargs)

        monkeypatch.setattr(os, "stat", counting("stat", os.stat))
        monkeypatch.setattr(os, "listdir", counting("listing", os.listdir))
        monkeypatch.setattr(os, "scandir", counting("listing", os.scandir))
        monkeypatch.setattr("builtins.open", counting("open", open))
        monkeypatch.setattr(os, "open", counting("open", os.open))  # how data files are read
        changes = source.rescan()
        monkeypatch.undo()
        assert not changes
        assert calls["listing"] == calls["open"] == 0
        assert 0 < calls["stat"] <= 1 + len(listed) + len(loaded), calls


# --------------------------------------------------------------------------- 6. mixed CPython versions


def raw_312_file(path: Path) -> Path:
    """A raw file as CPython 3.12 writes it (opcodes by number), from the public 3.12 run."""
    from conftest import need_public

    need_public()
    from conftest import PUBLIC_RESULTS

    data = next((PUBLIC_RESULTS / "bm-20230619-3.12.0b3-f992a60").glob("*-pystats.json"))
    obj = msgspec.json.decode(data.read_bytes())
    lines = [f"{k}: {v}\n" for k, v in obj.items() if type(v) is int and not k.startswith("_")]
    path.write_text("".join(lines))
    return path


class TestMixedVersions:
    def test_numeric_and_named_opcodes_are_named_in_a_warning(self, tmp_path, capsys):
        raw = tmp_path / "py_stats"
        shutil.copytree(RAW_DIR, raw)
        old = raw_312_file(raw / "3.12.txt")
        named = sorted(p.name for p in RAW_DIR.iterdir())
        rc, out, err = export(capsys, raw)
        warning = (
            f"{raw}: raw files of different CPython versions summed: 1 file(s) name opcodes by number "
            f"(3.12 or older: {old.name}), 3 by name (3.13 or newer: {', '.join(named)})"
        )
        assert rc == 0
        assert f"pystats-tui: warning: {warning}\n" in err
        rc, out, err = check(capsys, raw)
        assert f"WARN {raw}: {warning[len(str(raw)) + 2 :]}" in out
        assert rc == 0

    def test_differing_opcode_sets(self, tmp_path, capsys):
        raw = tmp_path / "py_stats"
        shutil.copytree(RAW_DIR, raw)
        first = sorted(raw.iterdir())[0]
        text = first.read_text().replace("opcode[BINARY_SLICE].specializable", "opcode[NEW_OP].specializable")
        (raw / "newer.txt").write_text(text)
        rc, out, err = check(capsys, raw)
        assert (
            "raw files of different CPython versions summed: their opcode sets differ (2 sets; 3 file(s)"
            in out
        )
        assert "1 file(s): newer.txt)" in out

    def test_one_version_gives_no_warning(self, tmp_path, capsys):
        raw = tmp_path / "py_stats"
        shutil.copytree(RAW_DIR, raw)
        for f in (DATA / "raw" / "cpython-3.13.15-uops-micro").iterdir():
            shutil.copy(f, raw / f"uops-{f.name}")
        rc, out, err = export(capsys, raw)
        assert (rc, err) == (0, "")


# --------------------------------------------------------------------------- 7. plain messages


class TestPlainMessages:
    def test_names_with_newlines_and_bad_bytes_stay_on_one_line(self, tmp_path, capsys):
        tree = copy_tree(tmp_path / "results")
        run = tree / DEFAULT_RUN.name
        odd = os.fsdecode(b"bm-\xff\nevil-pystats-nbody_small.json")
        (run / odd).write_bytes(b"{")
        rc, out, err = check(capsys, tree)
        line = next(line for line in out.splitlines() if "truncated" in line)
        assert "bm-\\xff\\nevil-pystats-nbody_small.json: truncated JSON" in line
        rc, out, err = export(capsys, run / odd)
        shown = f"{run}/bm-\\xff\\nevil-pystats-nbody_small.json"
        assert err == f"pystats-tui: error: {shown}: truncated JSON (the file ends early)\n"
        odd_dir = tree / "bm-20261201-3.14.0-abcdef0-\x1b[31mRED"
        shutil.copytree(DEFAULT_RUN, odd_dir)
        rc, out, err = export(capsys, tree)
        assert "\x1b" not in err and "bm-20261201-3.14.0-abcdef0-\\x1b[31mRED" in err
        assert all(line.startswith("pystats-tui: ") for line in err.splitlines())

    def test_empty_series_options_are_usage_errors(self, capsys):
        for option in ("--pivot", "--history"):
            rc, out, err = export(capsys, DATA / "results", option, "")
            assert (rc, out) == (2, "")
            needs = "it needs a stat address SECTION/ROW/COLUMN"
            assert err == f"pystats-tui export: usage error: {option} is empty: {needs}\n"
        rc, out, err = export(capsys, DATA / "results", "--run", "")
        assert (rc, err) == (2, "pystats-tui export: usage error: --run is empty: it needs a name\n")

    def test_very_long_arguments_are_shortened(self, capsys):
        long = "A" * 100_000
        rc, out, err = export(capsys, DATA / "results", "--run", long)
        assert rc == 2 and len(err) < 600 and "(100,000 characters)" in err
        rc, out, err = export(capsys, DATA / "results", "--pivot", long)
        assert rc == 1 and len(err) < 600 and "(100,000 characters)" in err
        rc, out, err = export(capsys, DATA / "results", "--bogus", long)
        assert rc == 2 and len(err) < 600 and "(100,000 characters)" in err
        rc, out, err = export(capsys, Path("/tmp") / ("x" * 5000))
        assert rc == 1 and len(err) < 600 and err.count("\n") == 1


class TestBrowserOnABadRun:
    async def test_a_run_that_cannot_be_listed_is_listed_under_w(self, tmp_path, monkeypatch):
        """Expanding it does not stop the browser; ``w`` names it. (As root, listing is made to fail.)"""
        from pystats_tui.app import PystatsApp
        from pystats_tui.core.sources import open_source
        from pystats_tui.screens import BrowserScreen

        tree = copy_tree(tmp_path / "results")
        bad = tree / UOPS_RUN.name  # newest: first in the tree
        real_listdir = os.listdir

        def listdir(path=".", *args, **kwargs):
            if os.fspath(path) == str(bad):
                import errno

                raise PermissionError(errno.EACCES, "Permission denied", str(bad))
            return real_listdir(path, *args, **kwargs)

        monkeypatch.setattr(os, "listdir", listdir)
        source = open_source(tree)
        app = PystatsApp(source)
        async with app.run_test(size=(120, 36)) as pilot:
            await pilot.pause()
            await app.workers.wait_for_complete()
            screen = app.screen
            assert isinstance(screen, BrowserScreen)
            # The first screen passed over it to the run with data.
            assert screen.current.bench.run.name == DEFAULT_RUN.name
            screen.tree.focus()
            await pilot.press("home", "enter")  # the unlistable run, opened by hand
            await pilot.pause()
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert app.screen is screen and not screen.tree.run_node(source.run(UOPS_RUN.name)).children
            message = f"{bad}: permission denied (cannot list the run directory)"
            assert [str(p) for p in source.problems] == [message]
            await pilot.press("w")
            await pilot.pause()
            from pystats_tui.screens.problems import ProblemsScreen

            assert isinstance(app.screen, ProblemsScreen) and message in app.screen.lines
