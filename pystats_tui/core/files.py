"""A file on disk: read safely, its errors named in one line, and its identity.

``read_bytes`` reads a regular file opened read-only (a pipe or device is
reported, not waited on), refuses one above the size limit (``core.limits``)
before reading it, and reads a large one in chunks with progress. ``os_error``
turns any ``OSError`` into a one-line ``PystatsError`` naming the path;
``is_dir`` asks the same way. ``stamp`` and ``data_stamp`` tell whether a file
or raw directory is still the one that was read.
"""

from __future__ import annotations

import codecs
import errno
import os
import re
import stat
from collections.abc import Hashable
from pathlib import Path
from typing import BinaryIO

from pystats_tui.core.errors import PystatsError
from pystats_tui.core.limits import MAX_FILE_ENV, max_file_bytes
from pystats_tui.core.progress import Progress

_O_BINARY = getattr(os, "O_BINARY", 0)
_O_NONBLOCK = getattr(os, "O_NONBLOCK", 0)

#: Files larger than this are read in chunks, reporting progress as they go.
CHUNKED_READ = 16 * 1024 * 1024
_CHUNK = 4 * 1024 * 1024
#: Data files larger than this have their first bytes looked at before they are read whole.
SNIFF_SIZE = 1024 * 1024
_HEAD = 64 * 1024
#: A raw counter line: ``name: 123`` (or ``name : -5``, reported later).
_COUNTER_LINE = re.compile(rb"^[ \t]*[^:\s][^:\n]*:[ \t]*-?[0-9]+[ \t\r]*$", re.MULTILINE)


def size_text(size: int) -> str:
    """``3.0 GB (3,221,225,472 bytes)``: a file size for a message (MB and GB of 1024)."""
    for unit, scale in (("GB", 1024**3), ("MB", 1024**2), ("kB", 1024)):
        if size >= scale:
            return f"{size / scale:.1f} {unit} ({size:,} bytes)"
    return f"{size:,} bytes"


def _size_limit_text(limit: int) -> str:
    mb = limit / (1024 * 1024)
    return f"{mb:,.0f} MB" if mb >= 1 else f"{limit:,} bytes"


def why_not_data(head: bytes) -> str | None:
    """Why the first bytes of a file cannot start pystats data, or None when they may.

    Pystats data starts (after a byte order mark and blank space) with ``{`` (JSON)
    or holds ``name: count`` lines (raw stats).
    """
    text = head[3:] if head.startswith(codecs.BOM_UTF8) else head
    start = text.lstrip(b" \t\r\n")
    if start[:1] == b"{":
        return None
    nul = text.find(b"\0")
    if nul >= 0:
        return f"binary data (a NUL byte at offset {nul:,}), not pystats JSON or counters"
    if not start:
        return f"its first {len(head):,} bytes are blank"
    if _COUNTER_LINE.search(text):
        return None
    return f"its first {len(head):,} bytes hold neither JSON ('{{') nor 'name: count' lines"


def open_regular(path: str | Path) -> BinaryIO:
    """``path`` opened read-only, once it is known to be a regular file; else a one-line ``PystatsError``.

    Opened without blocking, so that a pipe (or a device) named like a data
    file is refused instead of hanging whatever reads it.
    """
    try:
        fd = os.open(path, os.O_RDONLY | _O_BINARY | _O_NONBLOCK)
    except OSError as e:
        raise os_error(e, path, "read the file") from None
    file = os.fdopen(fd, "rb")
    try:
        mode = os.fstat(fd).st_mode
    except OSError as e:
        file.close()
        raise os_error(e, path, "read the file") from None
    if stat.S_ISREG(mode):
        return file
    file.close()
    if stat.S_ISDIR(mode):
        raise PystatsError("is a directory, not a file", path)
    raise PystatsError("not a regular file (a pipe, socket or device)", path)


def read_bytes(path: Path, progress: Progress | None = None, *, data: bool = False) -> bytes:
    """Read a regular file, opened read-only; every OS error becomes a one-line ``PystatsError``.

    The file is opened without blocking and checked to be a regular file
    before it is read, so a pipe or a device in a raw directory is reported
    instead of hanging the tool. A file above ``max_file_bytes()`` is refused
    before anything is read, naming its size; with ``data`` (JSON or raw stats,
    not a Markdown report), a file above ``SNIFF_SIZE`` is refused when its first
    64 kB cannot start pystats data (``why_not_data``). With ``progress``, a large
    file is read in chunks and each chunk reported (the browser shows it while
    a 200 MB file loads).
    """
    try:
        with open_regular(path) as file:
            size = os.fstat(file.fileno()).st_size
            limit = max_file_bytes()
            if limit is not None and size > limit:
                raise PystatsError(
                    f"too large to read: {size_text(size)}, above the limit of {_size_limit_text(limit)} "
                    f"(--max-size MB or {MAX_FILE_ENV} raises it)",
                    path,
                )
            if data and size > SNIFF_SIZE:
                why = why_not_data(os.pread(file.fileno(), _HEAD, 0))
                if why is not None:
                    raise PystatsError(f"not pystats data: {why} (a {size_text(size)} file, not read)", path)
            if progress is None or size <= CHUNKED_READ:
                return file.read()
            return _read_chunks(file, size, progress)
    except OSError as e:
        raise os_error(e, path, "read the file") from None
    except MemoryError:
        raise PystatsError("too large to load into memory", path) from None


def _read_chunks(file: BinaryIO, size: int, progress: Progress) -> bytes:
    buf = bytearray(size)
    view = memoryview(buf)
    done = 0
    while done < size:
        n = file.readinto(view[done : done + _CHUNK])
        if not n:
            break
        done += n
        progress("read", done, size)
    # A bytearray reads like bytes for every decoder here; no second copy of a large file.
    return buf[:done] if done < size else buf  # type: ignore[return-value]


def os_error(error: OSError, path: str | Path, doing: str = "read it") -> PystatsError:
    """The one-line error for an ``OSError`` met while reading ``path``."""
    if isinstance(error, FileNotFoundError):
        if os.path.islink(path):
            return PystatsError("dangling symlink (its target does not exist)", path)
        return PystatsError("no such file or directory", path)
    if isinstance(error, PermissionError):
        return PystatsError(f"permission denied (cannot {doing})", path)
    if isinstance(error, IsADirectoryError):
        return PystatsError("is a directory, not a file", path)
    if error.errno == errno.ELOOP:
        return PystatsError("symlink loop (the link leads back to itself)", path)
    return PystatsError(f"cannot {doing}: {error.strerror or error}", path)


def is_dir(path: str | Path) -> bool:
    """Whether ``path`` is a directory (following links); any OS error becomes a ``PystatsError``.

    ``Path.is_dir()`` lets a permission error through (a run directory that can be
    listed but not entered): here every error names the path and what is wrong.
    """
    try:
        return stat.S_ISDIR(os.stat(path).st_mode)
    except OSError as e:
        raise os_error(e, path, "read it") from None


#: A file's identity: (size, mtime_ns, inode, device); a file replaced or rewritten gets a new one.
Stamp = tuple[int, int, int, int]


def stamp(path: str | Path) -> Stamp | None:
    """The identity of a file or directory (following links), or None when it cannot be looked at."""
    try:
        return _stamp_of(os.stat(path))
    except (OSError, ValueError):
        return None


def _stamp_of(st: os.stat_result) -> Stamp:
    return (st.st_size, st.st_mtime_ns, st.st_ino, st.st_dev)


def data_stamp(path: str | Path) -> Hashable:
    """The identity of what a benchmark's counters are read from.

    A file's ``stamp``; for a raw directory, its own stamp with the stamps of its
    files, since a file rewritten in place leaves the directory's stamp alone.
    """
    try:
        st = os.stat(path)  # once: the stamp and whether it is a directory
    except (OSError, ValueError):
        return None
    own = _stamp_of(st)
    if not stat.S_ISDIR(st.st_mode):
        return own
    try:
        with os.scandir(path) as it:
            names = sorted(e.name for e in it if not e.name.startswith("."))
    except OSError:
        return own
    return (own, tuple((name, stamp(os.path.join(path, name))) for name in names))
