"""summarize_stats JSON: decoded into ``RawData`` with msgspec, and counters encoded back.

The JSON comes from ``summarize_stats.py --json-output`` (one line) or from
bench_runner's rewrite of it (indented, with a ``metadata`` object). The usual
file is checked in bulk at C speed (``_decode_usual``); anything unusual is
checked entry by entry, and a counter that breaks the rules (``core.counters``)
is reported and skipped. Why a file is not JSON at all is worked out by
``core.json_errors``. Nothing here is ever evaluated as code.
"""

from __future__ import annotations

import codecs
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Annotated, Any, Union

import msgspec

from pystats_tui.core.counters import MAX_COUNT, MAX_DIGITS, METADATA_KEYS, ProblemReport, RawData, bad_key
from pystats_tui.core.errors import Problem, PystatsError
from pystats_tui.core.files import read_bytes
from pystats_tui.core.json_errors import json_error, surrogate_error
from pystats_tui.core.progress import Progress


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
    report = ProblemReport(str(path), problems)
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
