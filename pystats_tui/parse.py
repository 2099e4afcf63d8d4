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

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import msgspec

from pystats_tui.errors import Problem, PystatsError

#: Counters are 64-bit unsigned in CPython.
MAX_COUNT = 2**64 - 1
#: Keys of a summarize_stats JSON that are metadata, not counters.
METADATA_KEYS = ("__nfiles__", "_specialized_instructions", "_stats_defines", "_defines", "metadata")
#: Where CPython writes raw stats by default (summarize_stats' default input).
DEFAULT_RAW_DIR = "c:\\temp\\py_stats\\" if os.name == "nt" else "/tmp/py_stats/"


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


def read_bytes(path: Path) -> bytes:
    """Read a file, turning every OS error into a one-line ``PystatsError``."""
    try:
        with open(path, "rb") as fd:
            return fd.read()
    except FileNotFoundError:
        if path.is_symlink():
            raise PystatsError("dangling symlink (its target does not exist)", path) from None
        raise PystatsError("no such file", path) from None
    except PermissionError:
        raise PystatsError("permission denied (cannot read the file)", path) from None
    except IsADirectoryError:
        raise PystatsError("is a directory, not a file", path) from None
    except OSError as e:
        if e.errno == 40:  # ELOOP
            raise PystatsError("symlink loop", path) from None
        raise PystatsError(f"cannot read: {e.strerror or e}", path) from None


# --------------------------------------------------------------------------- raw


def parse_raw_text(text: str, path: str, counters: dict[str, int], problems: list[Problem]) -> int:
    """Add the counters of one raw file's text into ``counters``; return lines used.

    Lines that are not ``key: value`` with one colon, a non-empty key and a
    decimal value in 0..2**64-1 are reported in ``problems`` and skipped.
    """
    used = 0
    get = counters.get
    for lineno, line in enumerate(text.splitlines(), 1):
        parts = line.split(":")
        if len(parts) != 2:
            if not line.strip():
                continue
            why = "no colon" if len(parts) == 1 else f"{len(parts) - 1} colons"
            problems.append(Problem(path, f"unparsable line ({why}): {line.strip()[:80]!r}", lineno))
            continue
        raw_key, raw_value = parts
        key = raw_key.strip()
        if not key:
            problems.append(Problem(path, f"unparsable line (empty key): {line.strip()[:80]!r}", lineno))
            continue
        value_text = raw_value.strip()
        if not value_text.isdigit() or not value_text.isascii():
            problems.append(
                Problem(path, f"value of {key!r} is not a non-negative integer: {value_text[:40]!r}", lineno)
            )
            continue
        value = int(value_text)
        if value > MAX_COUNT:
            problems.append(Problem(path, f"value of {key!r} is above 2**64-1: {value_text}", lineno))
            continue
        # Older data names some uops without their leading underscore.
        if raw_key.startswith("uops[") and raw_key[5:6] != "_":
            key = "uops[_" + raw_key[5:].strip()
        counters[key] = get(key, 0) + value
        used += 1
    return used


def decode_raw_file(path: Path, counters: dict[str, int], problems: list[Problem]) -> None:
    """Add one raw file into ``counters``; raise if the file is not a pystats file."""
    decode_raw_bytes(read_bytes(path), path, counters, problems)


def decode_raw_bytes(data: bytes, path: Path, counters: dict[str, int], problems: list[Problem]) -> None:
    """Add one raw file's bytes into ``counters``; raise if they are not pystats text."""
    if b"\0" in data[:4096]:
        raise PystatsError("binary file, not a pystats text file", path)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise PystatsError(f"not UTF-8 text (bad byte at offset {e.start})", path) from None
    mine: list[Problem] = []
    scratch: dict[str, int] = {}
    used = parse_raw_text(text, str(path), scratch, mine)
    if used == 0:
        raise PystatsError("no 'key: value' lines: not a pystats file", path)
    for key, value in scratch.items():
        counters[key] = counters.get(key, 0) + value
    problems.extend(mine)


def load_raw_dir(path: Path) -> RawData:
    """Sum every file of a raw ``/tmp/py_stats`` directory, like summarize_stats.

    A file that cannot be read or is not a pystats file is reported and
    skipped; it does not count in ``__nfiles__``. A directory with no usable
    file at all is an error.
    """
    try:
        # Directory order, as summarize_stats' iterdir(): ties in its tables keep
        # the order in which keys first appear, so this is what reproduces them.
        entries = list(os.scandir(path))
    except PermissionError:
        raise PystatsError("permission denied (cannot list the directory)", path) from None
    except OSError as e:
        raise PystatsError(f"cannot list the directory: {e.strerror or e}", path) from None
    counters: dict[str, int] = {}
    problems: list[Problem] = []
    nfiles = 0
    for entry in entries:
        if entry.name.startswith("."):
            continue
        file = Path(entry.path)
        try:
            if entry.is_dir():
                continue
            decode_raw_file(file, counters, problems)
        except PystatsError as e:
            problems.append(Problem.from_error(e))
            continue
        nfiles += 1
    if nfiles == 0:
        if problems:
            raise PystatsError(f"no usable pystats file ({len(problems)} skipped: {problems[0]})", path)
        raise PystatsError("no pystats files in this directory", path)
    return RawData(counters, nfiles, problems=problems, source=str(path))


# --------------------------------------------------------------------------- json


def _int_keyed(value: Any, name: str, path: Path) -> dict[int, list[str]]:
    if not isinstance(value, dict):
        raise PystatsError(f"{name} is not an object", path)
    out: dict[int, list[str]] = {}
    for k, v in value.items():
        try:
            index = int(k)
        except (TypeError, ValueError):
            raise PystatsError(f"{name} has a non-integer key {k!r}", path) from None
        if not isinstance(v, list) or not all(isinstance(s, str) for s in v):
            raise PystatsError(f"{name}[{k}] is not a list of names", path)
        out[index] = v
    return out


def decode_json(data: bytes, path: Path) -> RawData:
    """Decode summarize_stats JSON (either layout) into ``RawData``."""
    if not data.strip():
        raise PystatsError("empty file", path)
    try:
        obj = msgspec.json.decode(data)
    except msgspec.DecodeError as e:
        msg = str(e)
        if "truncated" in msg:
            raise PystatsError("truncated JSON (the file ends early)", path) from None
        raise PystatsError(f"not valid JSON: {msg}", path) from None
    except UnicodeDecodeError:
        raise PystatsError("not UTF-8 text", path) from None
    if not isinstance(obj, dict):
        kind = "null" if obj is None else type(obj).__name__
        kind = {"list": "a list", "str": "a string", "int": "a number", "float": "a number"}.get(kind, kind)
        raise PystatsError(f"JSON is {kind}, not an object of counters", path)
    problems: list[Problem] = []
    counters: dict[str, int] = {}
    raw = RawData(counters, source=str(path), problems=problems)
    for key, value in obj.items():
        if type(value) is int and 0 <= value <= MAX_COUNT:
            if key == "__nfiles__":
                raw.nfiles = value
            else:
                counters[key] = value
            continue
        if key == "_specialized_instructions":
            if not isinstance(value, list) or not all(isinstance(s, str) for s in value):
                raise PystatsError("_specialized_instructions is not a list of names", path)
            raw.specialized_instructions = value
        elif key == "_defines":
            raw.defines = _int_keyed(value, key, path)
        elif key == "_stats_defines":
            raw.stats_defines = _int_keyed(value, key, path)
        elif key == "metadata":
            if isinstance(value, dict):
                raw.metadata = value
        elif type(value) is int:
            why = "negative" if value < 0 else "above 2**64-1"
            problems.append(Problem(str(path), f"counter {key!r} is {why} ({value}); skipped"))
        else:
            kind = {
                "float": "a float",
                "str": "a string",
                "list": "a list",
                "dict": "an object",
                "bool": "a boolean",
                "NoneType": "null",
            }.get(type(value).__name__, "not an integer")
            problems.append(Problem(str(path), f"counter {key!r} is {kind} ({value!r:.40}); skipped"))
    return raw


def load_json_file(path: Path) -> RawData:
    """Load one summarize_stats JSON file."""
    return decode_json(read_bytes(path), path)


def load_input(path: Path) -> RawData:
    """Load a JSON file, a raw stats file, or a raw directory."""
    if path.is_dir():
        return load_raw_dir(path)
    if path.suffix == ".json":
        return load_json_file(path)
    if not path.exists() and not path.is_symlink():
        raise PystatsError("no such file or directory", path)
    counters: dict[str, int] = {}
    problems: list[Problem] = []
    data = read_bytes(path)
    if data.lstrip()[:1] in (b"{", b"[", b'"', b"n"):
        return decode_json(data, path)
    decode_raw_bytes(data, path, counters, problems)
    return RawData(counters, 1, problems=problems, source=str(path))
