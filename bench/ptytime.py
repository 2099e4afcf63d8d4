"""Time a terminal program from its start to a text on screen, under a pseudo-terminal.

The program runs in a subprocess whose stdin, stdout and stderr are the slave
side of a new pty (Textual writes its screen to stderr), with
``TERM=xterm-256color`` and the terminal size set both on the pty and in
``COLUMNS``/``LINES``. The parent reads the master side and records the time
from just before the spawn until a marker text appears in the output bytes;
then it reads the process' resident memory from ``/proc`` and kills it.
"""

from __future__ import annotations

import fcntl
import os
import re
import select
import struct
import subprocess
import termios
import time
from dataclasses import dataclass
from pathlib import Path

COLUMNS = 120
LINES = 40


#: Escape sequences (CSI, OSC, and two-byte ones): what is left is the text written to the screen.
_ESCAPES = re.compile(rb"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]|\x1b")


def screen_text(output: bytes) -> bytes:
    """The output without its escape sequences (a styled word may be split into cells by them)."""
    return _ESCAPES.sub(b"", output)


@dataclass(frozen=True)
class ScreenTiming:
    """From spawn to the marker on screen, and the process' memory at that time (kB)."""

    seconds: float
    rss_kb: int
    peak_rss_kb: int


def terminal_env(
    columns: int = COLUMNS, lines: int = LINES, base: dict[str, str] | None = None
) -> dict[str, str]:
    """The environment for a Textual app under our pty: no devtools, a known terminal and size."""
    env = {k: v for k, v in (os.environ if base is None else base).items() if not k.startswith("TEXTUAL")}
    env.update(TERM="xterm-256color", COLUMNS=str(columns), LINES=str(lines), COLORTERM="truecolor")
    env.pop("NO_COLOR", None)
    return env


def proc_status_kb(pid: int, field: str) -> int:
    """A ``kB`` field of ``/proc/PID/status`` (``VmRSS``, ``VmHWM``), 0 when unreadable."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def time_to_marker(
    argv: list[str],
    marker: str,
    *,
    cwd: str | Path | None = None,
    env: dict[str, str] | None = None,
    timeout: float = 60.0,
    settle: float = 0.0,
    columns: int = COLUMNS,
    lines: int = LINES,
) -> ScreenTiming:
    """Run ``argv`` under a pty; seconds from spawn until ``marker`` is written to the terminal.

    ``settle`` waits that long after the marker before reading memory (the
    time reported is still the marker's). ``env`` is the base environment
    (default: this process'). Raises ``TimeoutError`` (with the
    tail of the output) when the marker does not appear.
    """
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", lines, columns, 0, 0))
    wanted = marker.encode("utf-8")
    output = bytearray()
    start = time.perf_counter()
    proc = subprocess.Popen(
        argv,
        stdin=slave,
        stdout=slave,
        stderr=slave,
        cwd=cwd,
        env=terminal_env(columns, lines, env),
        start_new_session=True,
        close_fds=True,
    )
    os.close(slave)
    found_at: float | None = None
    try:
        deadline = start + timeout
        searched = 0
        while found_at is None:
            left = deadline - time.perf_counter()
            if left <= 0:
                break
            ready, _, _ = select.select([master], [], [], min(left, 0.5))
            if not ready:
                if proc.poll() is not None:
                    break
                continue
            try:
                chunk = os.read(master, 65536)
            except OSError:  # EIO: the child closed the terminal
                break
            if not chunk:
                break
            output += chunk
            if output.find(wanted, max(0, searched - len(wanted))) >= 0 or wanted in screen_text(output):
                found_at = time.perf_counter()
            searched = len(output)
        if found_at is None:
            tail = bytes(output[-600:]).decode("utf-8", "replace")
            raise TimeoutError(
                f"{marker!r} not seen within {timeout:.0f} s from {argv}; output ends {tail!r}"
            )
        if settle:
            end = time.perf_counter() + settle
            while (left := end - time.perf_counter()) > 0:
                ready, _, _ = select.select([master], [], [], left)
                if ready:
                    try:
                        os.read(master, 65536)
                    except OSError:
                        break
        rss = proc_status_kb(proc.pid, "VmRSS")
        peak = proc_status_kb(proc.pid, "VmHWM")
        return ScreenTiming(found_at - start, rss, peak)
    finally:
        if proc.poll() is None:
            proc.kill()
        # Drain so the child never blocks on a full pty while dying, then reap it.
        while True:
            try:
                ready, _, _ = select.select([master], [], [], 0.05)
                if not ready or not os.read(master, 65536):
                    if proc.poll() is not None:
                        break
            except OSError:
                break
        proc.wait()
        os.close(master)


FLOOR_APP = '''\
"""The floor: a minimal Textual app that shows one line of text."""
from textual.app import App, ComposeResult
from textual.widgets import Static


class Floor(App[None]):
    def compose(self) -> ComposeResult:
        yield Static({marker!r})


Floor().run()
'''


def write_floor_app(directory: Path, marker: str) -> Path:
    """Write the minimal Textual app (one ``Static`` showing ``marker``) and return its path."""
    path = directory / "floor_app.py"
    path.write_text(FLOOR_APP.format(marker=marker))
    return path
