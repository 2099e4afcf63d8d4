"""Writing exports safely: a temporary file renamed into place, never over an existing file.

Without ``--force`` an existing file is never replaced; with it, a file is replaced
atomically. A symlink is followed; a device or FIFO (``/dev/null``, a pipe) is written
into, never replaced.

Used by the CLI and the browser alike. Nothing is ever written into an input.
"""

from __future__ import annotations

import errno
import os
import re
import signal
import stat
import sys
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

from pystats_tui.core.errors import PystatsError


def safe_name(text: str) -> str:
    """A file-name-friendly form of a label: ``LOAD_ATTR / 3.14`` -> ``LOAD_ATTR-3.14``."""
    name = re.sub(r"[^A-Za-z0-9._+]+", "-", text).strip("-.")
    return name[:120] or "pystats"


def inside(path: Path, roots: list[Path]) -> Path | None:
    """The input root that ``path`` lies inside, if any."""
    try:
        target = path.resolve()
    except (OSError, RuntimeError):  # a symlink loop on Python 3.10
        return None
    for root in roots:
        try:
            r = root.resolve()
        except (OSError, RuntimeError):
            continue
        is_dir = os.path.isdir(r)
        base = r if is_dir else r.parent
        if target == r or base in target.parents and is_dir:
            return root
    return None


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


#: Read once, at import (single-threaded): exports get the mode any new file would get.
_FILE_MODE = 0o666 & ~_umask()


#: Names of the process' own open files: written through the descriptor they name.
_FD_NAME = re.compile(r"^/(?:dev/(?P<std>stdin|stdout|stderr)|dev/fd/(?P<fd>\d+)|proc/self/fd/(?P<pfd>\d+))$")
_STD_FDS = {"stdin": 0, "stdout": 1, "stderr": 2}
#: Write errors that are the disk's (or the device's) state, said as they are.
_PLAIN_ERRNOS = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EROFS, errno.EIO, errno.EPIPE}


@dataclass(frozen=True)
class Target:
    """Where an export goes, and how it is written there.

    ``kind`` is ``new`` (no file yet: created through a temporary file), ``file``
    (an existing regular file: replaced through a temporary file and a rename, with
    ``--force``), ``stream`` (a device or FIFO: written into directly, never
    replaced) or ``fd`` (``/dev/stdout``, ``/dev/fd/N``: the process' own descriptor).
    For a symlink, ``path`` is the file it leads to, which is what gets written.
    """

    kind: str
    path: Path
    fd: int | None = None
    mode: int | None = None


def write_error(error: OSError, path: str | Path) -> PystatsError:
    """A failed write as one plain line: ``PATH: no space left on device``, ``PATH: cannot write: ...``."""
    text = error.strerror or str(error)
    text = text[:1].lower() + text[1:]
    if error.errno in _PLAIN_ERRNOS:
        return PystatsError(text, path)
    if isinstance(error, PermissionError):
        return PystatsError("permission denied (cannot write it)", path)
    return PystatsError(f"cannot write: {error.strerror or error}", path)


def resolve_target(path: Path) -> Target:
    """What ``path`` is as an output (see ``Target``); raise when nothing may be written there."""
    m = _FD_NAME.match(os.fspath(path))
    if m:
        fd = _STD_FDS[m.group("std")] if m.group("std") else int(m.group("fd") or m.group("pfd"))
        try:
            os.fstat(fd)
        except OSError:
            raise PystatsError(f"file descriptor {fd} is not open", path) from None
        return Target("fd", path, fd)
    try:
        st = os.stat(path)
    except FileNotFoundError:
        if os.path.islink(path):
            # A dangling symlink: its target is written, when the target's directory exists.
            real = Path(os.path.realpath(path))
            if not os.path.isdir(real.parent):
                raise PystatsError(
                    f"dangling symlink to {real}, whose directory does not exist", path
                ) from None
            return Target("new", real)
        return Target("new", path)
    except OSError as e:
        if e.errno == errno.ELOOP:
            raise PystatsError("symlink loop (the link leads back to itself)", path) from None
        if isinstance(e, PermissionError):
            raise PystatsError("permission denied (cannot look at it)", path) from None
        raise PystatsError(f"cannot write: {e.strerror or e}", path) from None
    if stat.S_ISDIR(st.st_mode):
        raise PystatsError("is a directory (give a file name to write)", path)
    if stat.S_ISCHR(st.st_mode) or stat.S_ISBLK(st.st_mode) or stat.S_ISFIFO(st.st_mode):
        return Target("stream", path)
    if not stat.S_ISREG(st.st_mode):
        raise PystatsError("is a socket, not a file to write", path)
    real = Path(os.path.realpath(path)) if os.path.islink(path) else path
    return Target("file", real, mode=stat.S_IMODE(st.st_mode))


def check_target(path: Path, force: bool = False, inputs: list[Path] | None = None) -> Target:
    """Raise unless ``path`` may be written: not inside an input, not a directory, new or ``force``.

    A device or FIFO (``/dev/null``, a pipe) is written into without ``--force`` and never
    replaced; a symlink is followed, and the file it leads to is what is checked and written.
    """
    path = Path(path)
    target = resolve_target(path)
    if target.kind in ("new", "file") and inputs:
        for candidate in dict.fromkeys([path, target.path]):
            if inside(candidate, inputs) is not None:
                if any(same_file(candidate, Path(i)) for i in inputs):
                    raise PystatsError("refusing to overwrite an input (choose another path)", path)
                raise PystatsError("refusing to write inside an input directory (choose another path)", path)
    if target.kind == "file" and not force:
        raise PystatsError("file exists (use --force to replace it)", path)
    return target


def same_file(a: Path, b: Path) -> bool:
    """Whether two paths name the same file (a regular file: two devices may be written both)."""
    try:
        return a.resolve() == b.resolve()
    except (OSError, RuntimeError):
        return False


def _write_all(fd: int, data: bytes, path: Path) -> None:
    view = memoryview(data)
    while view:
        try:
            n = os.write(fd, view)
        except InterruptedError:
            continue
        except OSError as e:
            raise write_error(e, path) from None
        view = view[n:]


def write_new_file(path: Path, text: str, force: bool = False, inputs: list[Path] | None = None) -> Path:
    """Write ``text`` to ``path``: a new or replaced file through a temporary file, a device into itself.

    Refuses to replace an existing file unless ``force``, and refuses any path
    inside one of the ``inputs`` (the tool never writes into its data). For a
    file, the text goes to a hidden temporary file beside it first and is renamed
    into place, so an interrupted or failed write leaves neither a partial file
    nor a damaged old one: the temporary file is removed whatever happens, also
    on SIGTERM, SIGHUP and Ctrl-C. A symlink is followed (its target is written);
    a device or FIFO is written into directly and never replaced.
    """
    path = Path(path)
    target = check_target(path, force, inputs)
    data = text.encode("utf-8", "backslashreplace")
    if target.kind == "fd":
        assert target.fd is not None
        _write_all(target.fd, data, path)
        return path
    if target.kind == "stream":
        try:
            fd = os.open(path, os.O_WRONLY | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0))
        except OSError as e:
            raise write_error(e, path) from None
        try:
            _write_all(fd, data, path)
        finally:
            os.close(fd)
        return path
    _write_through_temporary(target, path, data, force)
    return path


def _write_through_temporary(target: Target, path: Path, data: bytes, force: bool) -> None:
    final = target.path
    folder = final.parent if str(final.parent) else Path(".")
    with _RemovedOnSignal() as cleanup:
        try:
            fd, tmp = tempfile.mkstemp(prefix=f".{final.name}.", suffix=".tmp", dir=folder)
        except OSError as e:
            raise PystatsError(f"cannot write here: {e.strerror or e}", folder) from None
        cleanup.path = tmp
        try:
            try:
                with os.fdopen(fd, "wb") as out:
                    out.write(data)
                    out.flush()
                    os.fsync(out.fileno())
                os.chmod(tmp, _FILE_MODE if target.mode is None else target.mode)
            except OSError as e:
                raise write_error(e, path) from None
            if force:
                try:
                    os.replace(tmp, final)
                except OSError as e:
                    raise write_error(e, path) from None
            else:
                # link() fails if the name appeared meanwhile: never clobber a file.
                try:
                    os.link(tmp, final)
                except FileExistsError:
                    raise PystatsError("file exists (use --force to replace it)", path) from None
                except OSError:
                    # No hard links on this filesystem: a plain rename, after one more check.
                    if os.path.lexists(final):
                        raise PystatsError("file exists (use --force to replace it)", path) from None
                    try:
                        os.replace(tmp, final)
                    except OSError as e:
                        raise write_error(e, path) from None
        finally:
            cleanup.remove()


class _RemovedOnSignal:
    """While a temporary file exists, SIGTERM, SIGHUP and SIGINT remove it before they act.

    Handlers are installed only in the main thread (Python allows no other) and only
    over the default action (a SIGHUP ignored under ``nohup`` stays ignored); the
    previous handlers are restored on leaving. SIGTERM and SIGHUP then end the
    process as they would have; SIGINT raises ``KeyboardInterrupt`` as usual.
    """

    SIGNALS = ("SIGTERM", "SIGHUP", "SIGINT")

    def __init__(self) -> None:
        self.path: str | None = None
        self._old: dict[int, object] = {}

    def remove(self) -> None:
        tmp, self.path = self.path, None
        if tmp is not None:
            try:
                os.unlink(tmp)
            except FileNotFoundError:
                pass
            except OSError:
                pass  # nothing more can be done; the write itself reported what failed

    def _handle(self, signum: int, frame: object) -> None:
        self.remove()
        old = self._old.get(signum)
        if signum == signal.SIGINT:
            if callable(old):
                old(signum, frame)  # type: ignore[operator]
            raise KeyboardInterrupt
        self._restore()
        signal.signal(signum, signal.SIG_DFL)
        os.kill(os.getpid(), signum)

    def __enter__(self) -> _RemovedOnSignal:
        if threading.current_thread() is threading.main_thread():
            for name in self.SIGNALS:
                signum = getattr(signal, name, None)
                if signum is None:
                    continue
                old = signal.getsignal(signum)
                default = signal.SIG_DFL if signum != signal.SIGINT else signal.default_int_handler
                if old is default:
                    self._old[signum] = old
                    signal.signal(signum, self._handle)
        return self

    def _restore(self) -> None:
        old, self._old = self._old, {}
        for signum, handler in old.items():
            signal.signal(signum, handler)  # type: ignore[arg-type]

    def __exit__(self, *exc: object) -> None:
        self.remove()
        self._restore()


def unique_path(folder: Path, stem: str, suffix: str = ".md") -> Path:
    """``folder/stem.md``, or ``stem-2.md``, ``stem-3.md``... whichever does not exist yet."""
    candidate = folder / f"{stem}{suffix}"
    n = 2
    while os.path.lexists(candidate):
        candidate = folder / f"{stem}-{n}{suffix}"
        n += 1
    return candidate


def write_export(stem: str, text: str, inputs: list[Path]) -> Path:
    """Write a browser export under a new name in the working directory.

    When the working directory is inside an input (the tool never writes into
    its data) or cannot be written, the export goes to the home directory.
    """
    error: PystatsError | None = None
    for folder in (Path.cwd(), Path.home()):
        try:
            return write_new_file(unique_path(folder, stem), text, inputs=inputs)
        except PystatsError as e:
            error = error or e
    assert error is not None
    raise error


def discard_stdout() -> None:
    """Point stdout at the null device: after a closed pipe (``export … | head``) or a full disk,
    the interpreter's last flush at exit then passes quietly."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass
