"""Every way a JSON input can fail to decode, with its exact one-line message.

What is wrong is worked out from the data, not from msgspec's message or
exception type, so these messages must be the same on every msgspec release
the dependency range allows: CI runs this file against the lowest and the
newest of them as well as the locked one.
"""

from __future__ import annotations

from pathlib import Path

import msgspec
import pytest

from pystats_tui.core.errors import PystatsError
from pystats_tui.core.json_data import decode_json

PATH = Path("stats.json")

#: (id, data, the message after "stats.json" — with ":LINE" where the error has a line).
FAILURES = [
    ("not-utf8", b'{"__nfiles__": 1,\n "caf\xe9": 3}', ":2: not UTF-8 text (byte 0xe9 at column 6)"),
    ("not-utf8-first-line", b'{"\xff": 1}', ":1: not UTF-8 text (byte 0xff at column 3)"),
    ("truncated-after-comma", b'{"a": 1, ', ": truncated JSON (the file ends early)"),
    ("truncated-in-key", b'{"__nfiles__": 1, "opcode[LOAD_', ": truncated JSON (the file ends early)"),
    ("truncated-in-number", b'{"a": 12', ": truncated JSON (the file ends early)"),
    ("truncated-in-exponent", b'{"a": 1e', ": truncated JSON (the file ends early)"),
    ("truncated-in-literal", b'{"a": tru', ": truncated JSON (the file ends early)"),
    ("truncated-in-escape", b'{"a": "\\u12', ": truncated JSON (the file ends early)"),
    ("truncated-after-surrogate", b'{"a": "\\ud800', ": truncated JSON (the file ends early)"),
    ("truncated-in-array", b'{"a": [1, 2', ": truncated JSON (the file ends early)"),
    ("truncated-after-key", b'{"a"', ": truncated JSON (the file ends early)"),
    ("open-brace", b"{", ": truncated JSON (the file ends early)"),
    (
        "missing-comma",
        b'{\n  "__nfiles__": 1,\n  "a": 1 "b": 2\n}\n',
        ":3: not valid JSON: expected ',' or '}', found '\"' (column 10)",
    ),
    ("missing-colon", b'{"a": 1, "b" 2}', ":1: not valid JSON: expected ':', found '2' (column 14)"),
    (
        "trailing-comma",
        b'{"a": 1,\n}',
        ":2: not valid JSON: expected a key in double quotes, found '}' (column 1)",
    ),
    (
        "trailing-comma-in-array",
        b'{"a": [1,]}',
        ":1: not valid JSON: expected a value, found ']' (column 10)",
    ),
    ("missing-value", b'{"a" : }', ":1: not valid JSON: expected a value, found '}' (column 8)"),
    (
        "array-missing-comma",
        b'{"a": [1 2]}',
        ":1: not valid JSON: expected ',' or ']', found '2' (column 10)",
    ),
    (
        "single-quotes",
        b"{'a': 1}",
        ":1: not valid JSON: expected a key in double quotes or '}', found \"'\" (column 2)",
    ),
    ("python-literal", b'{"a": True}', ":1: not valid JSON: expected a value, found 'T' (column 7)"),
    (
        "extra-data",
        b'{"a": 1}\n}',
        ":2: not valid JSON: more data after the end of the JSON value (column 1)",
    ),
    (
        "line-break-in-string",
        b'{"a": "x\ny"}',
        ":1: not valid JSON: a control character (U+000A) in a string (column 9)",
    ),
    ("bad-escape", b'{"a": "\\q"}', ":1: not valid JSON: invalid escape '\\\\q' in a string (column 8)"),
    (
        "lone-high-surrogate",
        b'{"a": "\\ud800"}',
        ":1: not valid JSON: \\ud800 is half of a UTF-16 surrogate pair (column 8)",
    ),
    (
        "lone-low-surrogate",
        b'{"a": 1,\n "b\\udc00": 2}',
        ":2: not valid JSON: \\udc00 is half of a UTF-16 surrogate pair (column 4)",
    ),
    ("nan", b'{"a": NaN}', ":1: not valid JSON: NaN is not a JSON number (column 7)"),
    ("minus-infinity", b'{"a": -Infinity}', ":1: not valid JSON: -Infinity is not a JSON number (column 7)"),
    (
        "nested-too-deeply",
        b'{"a": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
        ": JSON nested too deeply to be pystats data",
    ),
    ("empty", b"", ": empty file"),
    ("blank", b" \n\t", ": empty file"),
]


@pytest.mark.parametrize(("data", "message"), [f[1:] for f in FAILURES], ids=[f[0] for f in FAILURES])
def test_each_decode_failure_has_its_exact_message(data: bytes, message: str) -> None:
    with pytest.raises(PystatsError) as failure:
        decode_json(data, PATH)
    assert str(failure.value) == f"{PATH}{message}"


DECODED = [f for f in FAILURES if f[1].strip()]


@pytest.mark.parametrize("data", [f[1] for f in DECODED], ids=[f[0] for f in DECODED])
def test_msgspec_rejects_every_failure_case(data: bytes) -> None:
    """The cases above reach the diagnosis through msgspec's failure, on every release tested.

    If a msgspec release started accepting one of them, the message above would
    not be reached that way and the case would need a new look.
    """
    with pytest.raises(Exception) as failure:  # noqa: B017 - which exception is msgspec's choice
        msgspec.json.decode(data)
    # What decode_json catches before it looks at the data itself.
    assert isinstance(failure.value, (msgspec.DecodeError, ValueError, RecursionError))


def test_a_bytearray_is_diagnosed_like_bytes() -> None:
    """Large files are read into a bytearray; the diagnosis must take one too."""
    with pytest.raises(PystatsError, match="truncated JSON"):
        decode_json(bytearray(b'{"a": 1, "b": [1, '), PATH)


def test_a_huge_truncated_file_is_found_truncated(tmp_path: Path) -> None:
    """A real report cut in half: the diagnosis walks the whole file without building it."""
    counters = {f"opcode[OP_{i}].execution_count": i * 1_000_003 for i in range(50_000)}
    data = msgspec.json.encode(counters)
    with pytest.raises(PystatsError) as failure:
        decode_json(data[: len(data) * 2 // 3], PATH)
    assert str(failure.value) == f"{PATH}: truncated JSON (the file ends early)"


def test_valid_json_that_msgspec_cannot_hold_loads_through_the_slow_path() -> None:
    """An integer too long for msgspec loads, or (too long for any counter) skips only its counter."""
    data = b'{"__nfiles__": 2, "big": 1' + b"0" * 400 + b', "opcode[NOP].execution_count": 7}'
    raw = decode_json(data, PATH)
    assert raw.counters == {"big": 10**400, "opcode[NOP].execution_count": 7}
    assert raw.nfiles == 2
    assert raw.problems == []
    data = b'{"__nfiles__": 2, "big": 1' + b"0" * 4000 + b', "opcode[NOP].execution_count": 7}'
    raw = decode_json(data, PATH)
    assert raw.counters == {"opcode[NOP].execution_count": 7}
    assert [p.message for p in raw.problems] == ["counter 'big' is too long (4,001 digits); skipped"]


def test_a_whole_surrogate_pair_is_not_a_half() -> None:
    """An escaped emoji (a high and a low half) beside a number msgspec cannot hold: only that skips."""
    data = b'{"metadata": {"author": "\\ud83d\\ude00"}, "big": 1e400, "opcode[NOP].execution_count": 5}'
    raw = decode_json(data, PATH)
    assert raw.counters == {"opcode[NOP].execution_count": 5}
    assert raw.metadata == {"author": "\U0001f600"}
    assert [p.message for p in raw.problems] == ["counter 'big' is a float (inf); skipped"]
