"""Bytes to counters: raw ``/tmp/py_stats`` files and summarize_stats JSON.

A raw file holds one ``key: value`` (or ``key : value``) line per counter, as a
CPython built with ``--enable-pystats`` writes it; a directory of them is summed
and its files counted in ``__nfiles__``, as summarize_stats does. JSON comes
from ``summarize_stats.py --json-output`` (one line) or from bench_runner's
rewrite of it (indented, with a ``metadata`` object). JSON is decoded with
msgspec. Nothing here is ever evaluated as code.

Bad lines and bad counters are reported as ``Problem`` records and skipped; a
file that cannot be used at all raises ``PystatsError``.
"""

from __future__ import annotations

import codecs
import errno
import json
import os
import re
import stat
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, BinaryIO, Union

import msgspec

from pystats_tui.core.errors import Problem, PystatsError
from pystats_tui.core.json_errors import json_error, surrogate_error
from pystats_tui.core.limits import MAX_FILE_ENV, max_file_bytes
from pystats_tui.core.progress import Progress

#: Counters are Python ints in summarize_stats: any non-negative integer is one. Sums of
#: 64-bit counters pass 2**64-1, so there is no 64-bit limit; the bound only keeps a value
#: well inside what Python converts to and from text (4,300 digits by default).
MAX_DIGITS = 4000
MAX_COUNT = 10**MAX_DIGITS - 1
#: Keys of a summarize_stats JSON that are metadata, not counters.
METADATA_KEYS = ("__nfiles__", "_specialized_instructions", "_stats_defines", "_defines", "metadata")
#: Where CPython writes raw stats by default (summarize_stats' default input).
#: At most this many problems are listed for one file; one more line counts the rest.
MAX_PROBLEMS_PER_FILE = 20
_O_BINARY = getattr(os, "O_BINARY", 0)
_O_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
#: What ``decode("utf-8", "surrogateescape")`` makes of a byte that is not UTF-8.
_BAD_BYTE = re.compile("[\udc80-\udcff]")


@dataclass
class RawData:
    """The counters of one input plus the metadata summarize_stats stores beside them."""

    #: Every counter, in order of first appearance.
    counters: dict[str, int]
    #: ``__nfiles__``: how many raw files were summed; None when the input does not say.
    nfiles: int | None = None
    specialized_instructions: list[str] | None = None
    defines: dict[int, list[str]] | None = None
    stats_defines: dict[int, list[str]] | None = None
    #: bench_runner's ``metadata`` object (commit, fork, branch, date ...), if any.
    metadata: dict[str, Any] = field(default_factory=dict)
    #: Lines or counters that were skipped while loading.
    problems: list[Problem] = field(default_factory=list)
    #: Why the numbers may mislead although nothing was skipped (raw files of different
    #: CPython versions summed): shown as warnings above the report and by ``check``.
    warnings: list[Problem] = field(default_factory=list)
    #: The file or directory it came from.
    source: str = ""

    @property
    def data_files(self) -> int:
        """The number of raw data files behind this input (0 when it says nothing)."""
        return self.nfiles or 0

    def to_json_dict(self) -> dict[str, Any]:
        """The dict ``summarize_stats.py --json-output`` writes for this input."""
        out: dict[str, Any] = dict(self.counters)
        if self.nfiles is not None:
            out["__nfiles__"] = self.nfiles
        if self.specialized_instructions is not None:
            out["_specialized_instructions"] = self.specialized_instructions
        if self.stats_defines is not None:
            out["_stats_defines"] = {str(k): v for k, v in self.stats_defines.items()}
        if self.defines is not None:
            out["_defines"] = {str(k): v for k, v in self.defines.items()}
        return out


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
        fd = os.open(path, os.O_RDONLY | _O_BINARY | _O_NONBLOCK)
    except OSError as e:
        raise os_error(e, path, "read the file") from None
    try:
        with os.fdopen(fd, "rb") as file:
            info = os.fstat(file.fileno())
            if stat.S_ISDIR(info.st_mode):
                raise PystatsError("is a directory, not a file", path)
            if not stat.S_ISREG(info.st_mode):
                raise PystatsError("not a regular file (a pipe, socket or device)", path)
            size = info.st_size
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


# --------------------------------------------------------------------------- raw


class _Report:
    """Collects the problems of one file, listing at most ``MAX_PROBLEMS_PER_FILE``."""

    def __init__(self, path: str, problems: list[Problem]):
        self.path = path
        self.problems = problems
        self.count = 0

    def __call__(self, message: str, line: int | None = None) -> None:
        self.count += 1
        if self.count <= MAX_PROBLEMS_PER_FILE:
            self.problems.append(Problem(self.path, message, line))

    def close(self) -> None:
        """Add one line for the problems that were counted but not listed."""
        if self.count > MAX_PROBLEMS_PER_FILE:
            more = self.count - MAX_PROBLEMS_PER_FILE
            self.problems.append(
                Problem(self.path, f"{more} more problem(s) in this file, not listed; skipped")
            )


def _shown(text: str, width: int = 80) -> str:
    return repr(text.strip()[:width])


def bad_key(key: str) -> str | None:
    """Why ``key`` cannot be a counter name, or None when it can."""
    if not key:
        return "empty key"
    if not (key.isascii() and key.isprintable()):
        return "the key is not printable ASCII"
    if key in METADATA_KEYS:
        return f"the key {key!r} is reserved for metadata"
    return None


def parse_raw_text(text: str, path: str, counters: dict[str, int], problems: list[Problem]) -> int:
    """Add the counters of one raw file's text into ``counters``; return lines used.

    Lines that are not ``key: value`` with one colon, a printable ASCII key and
    a non-negative decimal value (of any size up to ``MAX_DIGITS`` digits: sums of
    64-bit counters pass 2**64-1) are reported in ``problems`` and skipped, as
    are lines holding bytes that are not UTF-8 (``text`` decoded with
    ``surrogateescape``). Lines are split on ``\n`` only, as summarize_stats
    reads them, so line numbers match what an editor shows.
    """
    used = 0
    get = counters.get
    report = _Report(path, problems)
    for lineno, line in enumerate(text.split("\n"), 1):
        if not line.isascii():
            bad = _BAD_BYTE.search(line)
            if bad:
                byte, column = ord(bad.group()) - 0xDC00, bad.start() + 1
                report(f"not UTF-8 text (byte 0x{byte:02x} at column {column})", lineno)
                continue
        parts = line.split(":")
        if len(parts) != 2:
            if not line.strip():
                continue
            why = "no colon" if len(parts) == 1 else f"{len(parts) - 1} colons"
            report(f"unparsable line ({why}): {_shown(line)}", lineno)
            continue
        raw_key, raw_value = parts
        key = raw_key.strip()
        why_key = bad_key(key)
        if why_key is not None:
            report(f"unparsable line ({why_key}): {_shown(line)}", lineno)
            continue
        value_text = raw_value.strip()
        if not value_text.isdigit() or not value_text.isascii():
            if not value_text:
                report(f"value of {key!r} is empty", lineno)
            elif value_text[0] == "-" and value_text[1:].isdigit() and value_text.isascii():
                report(f"value of {key!r} is negative ({value_text[:40]})", lineno)
            else:
                report(f"value of {key!r} is not a non-negative integer: {value_text[:40]!r}", lineno)
            continue
        if len(value_text.lstrip("0")) > MAX_DIGITS:
            report(f"value of {key!r} is too long to be a counter ({len(value_text):,} digits)", lineno)
            continue
        value = int(value_text)
        # Older data names some uops without their leading underscore.
        if raw_key.startswith("uops[") and raw_key[5:6] != "_":
            key = "uops[_" + raw_key[5:].strip()
        counters[key] = get(key, 0) + value
        used += 1
    report.close()
    return used


def decode_raw_file(path: Path, counters: dict[str, int], problems: list[Problem]) -> dict[str, int]:
    """Add one raw file into ``counters``; raise if the file is not a pystats file; return its counters."""
    return decode_raw_bytes(read_bytes(path, data=True), path, counters, problems)


def opcode_naming(counters: dict[str, int]) -> tuple[str | None, frozenset[str]]:
    """How a raw file names opcodes and which ones it says are specializable.

    ``numeric`` (``opcode[9]``: CPython 3.12 and older), ``named``
    (``opcode[LOAD_FAST]``: 3.13 and newer) or None (no opcode counters); and the
    names of its ``opcode[X].specializable`` lines, which every file of one
    CPython build lists alike.
    """
    naming = None
    specializable = []
    for key in counters:
        if not key.startswith("opcode["):
            continue
        end = key.find("]")
        name = key[7:end]
        if naming is None:
            naming = "numeric" if name.isdigit() else "named"
        if key.endswith("].specializable"):
            specializable.append(name)
    return naming, frozenset(specializable)


def _some(names: list[str], limit: int = 3) -> str:
    more = f" and {len(names) - limit} more" if len(names) > limit else ""
    return ", ".join(names[:limit]) + more


def mixed_versions(files: dict[str, tuple[str | None, frozenset[str]]]) -> str | None:
    """Why the raw files of one directory look like different CPython versions, or None.

    ``files`` maps each file's name to its ``opcode_naming``.
    """
    numeric = sorted(name for name, (naming, _) in files.items() if naming == "numeric")
    named = sorted(name for name, (naming, _) in files.items() if naming == "named")
    if numeric and named:
        return (
            f"raw files of different CPython versions summed: {len(numeric)} file(s) name opcodes by number "
            f"(3.12 or older: {_some(numeric)}), {len(named)} by name (3.13 or newer: {_some(named)})"
        )
    groups: dict[frozenset[str], list[str]] = {}
    for name, (_, specializable) in sorted(files.items()):
        if specializable:
            groups.setdefault(specializable, []).append(name)
    if len(groups) > 1:
        sets = sorted(groups.values(), key=len, reverse=True)
        shown = "; ".join(f"{len(names)} file(s): {_some(names)}" for names in sets[:3])
        return (
            "raw files of different CPython versions summed: their opcode sets differ "
            f"({len(sets)} sets; {shown})"
        )
    return None


def decode_raw_bytes(
    data: bytes, path: Path, counters: dict[str, int], problems: list[Problem]
) -> dict[str, int]:
    """Add one raw file's bytes into ``counters``; raise if they are not pystats text.

    Nothing is added unless the file is usable: a file with no good line at
    all raises, naming the first thing wrong in it. Returns the file's own counters.
    """
    if not data.strip():
        raise PystatsError("empty file", path)
    if b"\0" in data[:4096]:
        raise PystatsError("binary file, not a pystats text file", path)
    text = data.decode("utf-8", "surrogateescape")
    if text.startswith("\ufeff"):
        text = text[1:]
    mine: list[Problem] = []
    scratch: dict[str, int] = {}
    used = parse_raw_text(text, str(path), scratch, mine)
    if used == 0:
        first = f" (line {mine[0].line}: {mine[0].message})" if mine and mine[0].line else ""
        raise PystatsError(f"not a pystats file: no usable 'key: value' line{first}", path)
    for key, value in scratch.items():
        counters[key] = counters.get(key, 0) + value
    problems.extend(mine)
    return scratch


def load_raw_dir(path: Path, progress: Progress | None = None) -> RawData:
    """Sum every file of a raw ``/tmp/py_stats`` directory, like summarize_stats.

    A file that cannot be read or is not a pystats file is reported and
    skipped; it does not count in ``__nfiles__``. Hidden files and
    sub-directories are left alone. A directory with no usable file at all is
    an error. ``progress("files", done, total)`` follows the files summed.
    """
    try:
        # Directory order, as summarize_stats' iterdir(): ties in its tables keep
        # the order in which keys first appear, so this is what reproduces them.
        with os.scandir(path) as it:
            entries = list(it)
    except OSError as e:
        raise os_error(e, path, "list the directory") from None
    counters: dict[str, int] = {}
    problems: list[Problem] = []
    namings: dict[str, tuple[str | None, frozenset[str]]] = {}
    nfiles = 0
    for done, entry in enumerate(entries, 1):
        if progress is not None:
            progress("files", done, len(entries))
        if entry.name.startswith("."):
            continue
        file = Path(entry.path)
        try:
            if entry.is_dir():
                continue
        except OSError:
            pass  # read_bytes below names what is wrong with it
        try:
            mine = decode_raw_file(file, counters, problems)
        except PystatsError as e:
            problems.append(Problem.from_error(e))
            continue
        namings[entry.name] = opcode_naming(mine)
        nfiles += 1
    if nfiles == 0:
        if problems:
            skipped = f"{len(problems)} problem(s); first: {problems[0]}"
            raise PystatsError(f"no usable pystats file ({skipped})", path)
        raise PystatsError("no pystats files in this directory", path)
    raw = RawData(counters, nfiles, problems=problems, source=str(path))
    mixed = mixed_versions(namings)
    if mixed is not None:
        raw.warnings.append(Problem(str(path), mixed))
    return raw


# --------------------------------------------------------------------------- json


class _HugeInt(str):
    """An integer literal too long to be a counter, kept as its text (see ``_decode_json_slowly``)."""


def _parse_int(text: str) -> int | _HugeInt:
    return _HugeInt(text) if len(text.lstrip("-0")) > MAX_DIGITS else int(text)


def _no_constant(text: str) -> None:
    raise ValueError(f"{text} is not JSON")


def _decode_json_slowly(data: bytes, path: Path) -> object:
    """Decode with the standard library when msgspec could not, or say why nobody can.

    msgspec rejects a whole file for one number it cannot represent (an
    integer of thousands of digits, ``1e400``); decoded here, only that
    counter is reported and skipped. When this decode fails too, the data
    itself is examined to say what is wrong (``json_errors``): what either
    decoder's message says is never used to decide it.
    """
    try:
        text = bytes(data).decode("utf-8")
        obj = json.loads(text, parse_int=_parse_int, parse_constant=_no_constant)
    except (ValueError, RecursionError):
        raise json_error(data, path) from None
    half = surrogate_error(text, path)
    if half is not None:
        raise half
    return obj


def _int_keyed(value: Any, name: str) -> dict[int, list[str]] | str:
    """``{"9": ["NAME", ...]}`` as ``{9: [...]}``, or why it is not that."""
    if not isinstance(value, dict):
        return f"{name} is not an object"
    out: dict[int, list[str]] = {}
    for k, v in value.items():
        if not (k.isascii() and k.isdigit() and len(k) <= 9):
            return f"{name} has a key that is not a small integer: {k[:40]!r}"
        if not isinstance(v, list) or not all(isinstance(s, str) for s in v):
            return f"{name}[{k}] is not a list of names"
        out[int(k)] = v
    return out


_KINDS = {
    "float": "a float",
    "str": "a string",
    "list": "a list",
    "dict": "an object",
    "bool": "a boolean",
    "NoneType": "null",
}


def decode_json(data: bytes, path: Path) -> RawData:
    """Decode summarize_stats JSON (either layout) into ``RawData``.

    The top level must be an object. A counter whose value is not a
    non-negative integer (of any size up to ``MAX_DIGITS`` digits), or whose
    name is not printable ASCII, is reported and
    skipped; so is a metadata entry of the wrong shape (the bundled tables
    then stand in for it).
    """
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    if not data.strip():
        raise PystatsError("empty file", path)
    problems: list[Problem] = []
    report = _Report(str(path), problems)
    usual = _decode_usual(data)
    if usual is not None:
        # Every counter is valid: only the metadata is left to look at.
        raw = RawData(usual[0], source=str(path), problems=problems)
        items: Iterable[tuple[str, Any]] = usual[1]
    else:
        try:
            obj = msgspec.json.decode(data)
        except (msgspec.DecodeError, ValueError, RecursionError):
            # Which exception msgspec raises, and its words, differ between releases
            # (0.23 raises DecodeError for bad UTF-8 where 0.22 raised UnicodeDecodeError).
            obj = _decode_json_slowly(data, path)
        if not isinstance(obj, dict):
            kind = {**_KINDS, "int": "a number", "float": "a number"}.get(type(obj).__name__, "not an object")
            raise PystatsError(f"JSON is {kind}, not an object of counters", path)
        raw = RawData({}, source=str(path), problems=problems)
        items = obj.items()
    counters = raw.counters
    for key, value in items:
        if type(value) is int and 0 <= value <= MAX_COUNT and key not in METADATA_KEYS:
            why_key = bad_key(key)
            if why_key is None:
                counters[key] = value
            else:
                report(f"counter {key[:80]!r} skipped: {why_key}")
        elif key == "__nfiles__":
            if type(value) is int and 0 <= value <= MAX_COUNT:
                raw.nfiles = value
            else:
                report(f"__nfiles__ is not a count ({value!r:.40}); ignored")
        elif key == "_specialized_instructions":
            if isinstance(value, list) and all(isinstance(s, str) for s in value):
                raw.specialized_instructions = value
            else:
                report("_specialized_instructions is not a list of names; ignored (bundled table used)")
        elif key in ("_defines", "_stats_defines"):
            table = _int_keyed(value, key)
            if isinstance(table, str):
                report(f"{table}; ignored (bundled table used)")
            elif key == "_defines":
                raw.defines = table
            else:
                raw.stats_defines = table
        elif key == "metadata":
            if isinstance(value, dict):
                raw.metadata = value
            else:
                report("metadata is not an object; ignored")
        elif isinstance(value, (int, _HugeInt)) and type(value) is not bool:
            report(f"counter {key[:80]!r} is {_bad_int(value)}; skipped")
        else:
            kind = _KINDS.get(type(value).__name__, "not an integer")
            report(f"counter {key[:80]!r} is {kind} ({value!r:.40}); skipped")
    report.close()
    return raw


#: Printable ASCII: what a counter's name is made of.
_PRINTABLE_ASCII = bytes(range(0x20, 0x7F))
#: Decodes the usual file, checking in C that every value is a count >= 0 or a metadata table.
_USUAL_JSON = msgspec.json.Decoder(dict[str, Union[Annotated[int, msgspec.Meta(ge=0)], list, dict]])
#: The keys (in order) of the last usual file whose names were all valid counter names, and its
#: metadata keys in order: files of one CPython version have the same keys, so the next one
#: needs neither checked nor looked for again.
_last_usual: tuple[list[str], list[str]] = ([], [])


def _decode_usual(data: bytes) -> tuple[dict[str, int], list[tuple[str, Any]]] | None:
    """The counters and the metadata entries of a file in which every counter is valid, else None.

    The usual file is checked in bulk at C speed (a history reads a thousand);
    anything unusual (None) and ``decode_json`` decodes again and checks entry by entry.
    """
    global _last_usual
    try:
        counters = _USUAL_JSON.decode(data)
    except (msgspec.DecodeError, ValueError, RecursionError):
        return None
    order = list(counters)
    known = order == _last_usual[0]
    meta = _last_usual[1] if known else sorted((k for k in METADATA_KEYS if k in counters), key=order.index)
    metadata = [(k, counters.pop(k)) for k in meta]
    if not counters:
        return counters, metadata
    try:
        # Comparing a list or an object with an int raises: so every other value is a count.
        if max(counters.values()) > MAX_COUNT:
            return None
    except TypeError:
        return None
    if not known:
        names = "".join(counters)
        if "" in counters or not names.isascii() or names.encode("ascii").translate(None, _PRINTABLE_ASCII):
            return None
        _last_usual = (order, meta)
    return counters, metadata


def _digits(n: int) -> int:
    """The number of decimal digits of ``n > 0``, without converting it to text."""
    d = max(1, int((n.bit_length() - 1) * 0.30102999566398120))
    while n >= 10**d:
        d += 1
    while d > 1 and n < 10 ** (d - 1):
        d -= 1
    return d


def _bad_int(value: int | _HugeInt) -> str:
    """``negative (-5)``, ``negative (5,000 digits)``, ``too long (5,000 digits)``."""
    if isinstance(value, _HugeInt):
        negative, digits, exact = value.startswith("-"), len(value.lstrip("-")), True
    elif abs(value) <= MAX_COUNT:
        negative, digits, exact = value < 0, len(str(abs(value))), True
    elif abs(value).bit_length() < 100_000:
        # msgspec decoded a number too long for str(): count its digits without it.
        negative, digits, exact = value < 0, _digits(abs(value)), True
    else:
        negative, digits, exact = value < 0, MAX_DIGITS, False
    size = f"{digits:,} digits" if exact else f"more than {MAX_DIGITS:,} digits"
    if not negative:
        return f"too long ({size})"
    return f"negative ({value})" if exact and digits <= 40 else f"negative ({size})"


def load_json_file(path: Path, progress: Progress | None = None) -> RawData:
    """Load one summarize_stats JSON file."""
    return decode_json(read_bytes(path, progress, data=True), path)


def encode_json(obj: object) -> bytes:
    """JSON for counters of any size (a msgspec release that cannot encode one falls back to the stdlib)."""
    try:
        return msgspec.json.encode(obj)
    except (OverflowError, msgspec.EncodeError, TypeError):
        return json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def looks_like_json(data: bytes) -> bool:
    """Whether a file without a ``.json`` suffix holds JSON rather than raw ``key: value`` lines."""
    head = data[:64].lstrip(b"\xef\xbb\xbf \t\r\n")
    return head[:1] in (b"{", b"[") or data.strip() == b"null"


def is_dir(path: str | Path) -> bool:
    """Whether ``path`` is a directory (following links); any OS error becomes a ``PystatsError``.

    ``Path.is_dir()`` lets a permission error through (a run directory that can be
    listed but not entered): here every error names the path and what is wrong.
    """
    try:
        return stat.S_ISDIR(os.stat(path).st_mode)
    except OSError as e:
        raise os_error(e, path, "read it") from None


def load_input(path: Path, progress: Progress | None = None) -> RawData:
    """Load a JSON file, a raw stats file, or a raw directory (``progress``: see ``read_bytes``)."""
    if path.suffix == ".json":  # a results tree's data: no look at whether it is a directory first
        return load_json_file(path, progress)
    if is_dir(path):
        return load_raw_dir(path, progress)
    data = read_bytes(path, progress, data=True)
    if looks_like_json(data):
        return decode_json(data, path)
    counters: dict[str, int] = {}
    problems: list[Problem] = []
    decode_raw_bytes(data, path, counters, problems)
    return RawData(counters, 1, problems=problems, source=str(path))
