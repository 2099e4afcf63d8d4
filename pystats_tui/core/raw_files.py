"""Raw ``/tmp/py_stats`` files: one ``key: value`` line per counter, summed over a directory.

A CPython built with ``--enable-pystats`` writes one such file per process; a
directory of them is summed and its files counted in ``__nfiles__``, as
summarize_stats does (``load_raw_dir``). Bad lines are reported and skipped;
a file with no usable line at all raises ``PystatsError``. Files of different
CPython versions summed together are noted as a warning (``mixed_versions``).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from pystats_tui.core.counters import MAX_DIGITS, ProblemReport, RawData, bad_key
from pystats_tui.core.errors import Problem, PystatsError, listing
from pystats_tui.core.files import os_error, read_bytes
from pystats_tui.core.progress import Progress

#: What ``decode("utf-8", "surrogateescape")`` makes of a byte that is not UTF-8.
_BAD_BYTE = re.compile("[\udc80-\udcff]")


def _shown(text: str, width: int = 80) -> str:
    return repr(text.strip()[:width])


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
    report = ProblemReport(path, problems)
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


def mixed_versions(files: dict[str, tuple[str | None, frozenset[str]]]) -> str | None:
    """Why the raw files of one directory look like different CPython versions, or None.

    ``files`` maps each file's name to its ``opcode_naming``.
    """
    numeric = sorted(name for name, (naming, _) in files.items() if naming == "numeric")
    named = sorted(name for name, (naming, _) in files.items() if naming == "named")
    if numeric and named:
        return (
            f"raw files of different CPython versions summed: {len(numeric)} file(s) name opcodes by number "
            f"(3.12 or older: {listing(numeric, 3)}), {len(named)} by name "
            f"(3.13 or newer: {listing(named, 3)})"
        )
    groups: dict[frozenset[str], list[str]] = {}
    for name, (_, specializable) in sorted(files.items()):
        if specializable:
            groups.setdefault(specializable, []).append(name)
    if len(groups) > 1:
        sets = sorted(groups.values(), key=len, reverse=True)
        shown = "; ".join(f"{len(names)} file(s): {listing(names, 3)}" for names in sets[:3])
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
