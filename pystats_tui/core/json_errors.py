"""What is wrong with JSON that failed to decode, found from the data itself.

msgspec is the fast path; when it rejects a file, this module works out why by
looking at the bytes, never at a decoder's message (whose wording and
exception types change between releases). It tells apart, in this order:

- text that is not UTF-8 (line and column of the first bad byte);
- JSON nested too deeply to be pystats data;
- a file that ends early (truncated: every error is at, or inside a token
  running to, the end of the data);
- a ``\\u`` escape that is half of a UTF-16 surrogate pair;
- a bare ``NaN`` or ``Infinity``, which JSON does not have;
- anything else: malformed, at a line and column, with what was expected there.

The standard library's decoder finds the *position* of the first error; what
is said about it comes from the characters around that position. This runs
only when a file is already known to be bad, so its speed matters little, and
it builds no objects from the data (memory stays small on a large file).
"""

from __future__ import annotations

import json
import re

from pystats_tui.core.errors import PystatsError

#: A JSON string (closed), or one bracket: enough to know the nesting at a position.
_STRING_OR_BRACKET = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]', re.DOTALL)
#: A ``\uXXXX`` escape of a high surrogate, and of a low one.
_HIGH = re.compile(r"\\u[dD][89abAB][0-9a-fA-F]{2}")
_LOW = re.compile(r"\\u[dD][c-fC-F][0-9a-fA-F]{2}")
_ESCAPES = re.compile(r"\\(?:u[0-9a-fA-F]{4}|.)", re.DOTALL)
_LITERALS = ("true", "false", "null")
_CLOSER = {"{": "}", "[": "]"}
_WHITESPACE = " \t\r\n"


def position(text: str | bytes, offset: int) -> tuple[int, int]:
    """The line and column (both from 1) of an offset into ``text``."""
    newline = "\n" if isinstance(text, str) else b"\n"
    line_start = text.rfind(newline, 0, offset) + 1  # type: ignore[arg-type]
    return text.count(newline, 0, offset) + 1, offset - line_start + 1  # type: ignore[arg-type]


def utf8_error(data: bytes, path: object) -> PystatsError | None:
    """The error for data that is not UTF-8, or None when it is."""
    try:
        bytes(data).decode("utf-8")
    except UnicodeDecodeError as e:
        line, column = position(data, e.start)
        return PystatsError(f"not UTF-8 text (byte 0x{data[e.start]:02x} at column {column})", path, line)
    return None


class _Constant(Exception):
    """Raised by the locating decoder on ``NaN``, ``Infinity`` or ``-Infinity``."""

    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.name = name


def _constant(name: str) -> None:
    raise _Constant(name)


def _nothing(*_args: object) -> None:
    return None


#: Decodes only to find the first error: objects, arrays and numbers are dropped as they are read.
_LOCATOR = json.JSONDecoder(
    object_pairs_hook=_nothing,
    parse_float=_nothing,
    parse_int=_nothing,
    parse_constant=_constant,
)


def json_error(data: bytes, path: object) -> PystatsError:
    """Why ``data`` (a file msgspec could not decode) is not usable JSON, as a one-line error.

    Call it only for data that failed to decode; data the standard library
    accepts as it is gets a message about what JSON does not allow in it
    (surrogate halves, bare constants), or a generic one.
    """
    bad_text = utf8_error(data, path)
    if bad_text is not None:
        return bad_text
    text = bytes(data).decode("utf-8").lstrip("\ufeff")
    start = len(text) - len(text.lstrip(_WHITESPACE))
    try:
        _value, end = _LOCATOR.raw_decode(text, start)
    except RecursionError:
        return PystatsError("JSON nested too deeply to be pystats data", path)
    except _Constant as e:
        at = _find_constant(text, e.name)
        line, column = position(text, at)
        return PystatsError(f"not valid JSON: {e.name} is not a JSON number (column {column})", path, line)
    except json.JSONDecodeError as e:
        return _malformed(text, e.pos, path)
    if text[end:].strip(_WHITESPACE):
        line, column = position(text, end + len(text[end:]) - len(text[end:].lstrip(_WHITESPACE)))
        message = f"not valid JSON: more data after the end of the JSON value (column {column})"
        return PystatsError(message, path, line)
    unreadable = PystatsError("not valid JSON (a value it holds cannot be read)", path)
    return surrogate_error(text, path) or unreadable


def surrogate_error(text: str, path: object) -> PystatsError | None:
    """The error for a ``\\u`` escape that is half of a UTF-16 surrogate pair, or None.

    Python's decoder accepts one (as a lone surrogate, which cannot be written
    back as UTF-8); JSON text that means to be read everywhere has none.
    """
    half = _half_surrogate(text)
    if half is None:
        return None
    line, column = position(text, half)
    escape = text[half : half + 6]
    message = f"not valid JSON: {escape} is half of a UTF-16 surrogate pair (column {column})"
    return PystatsError(message, path, line)


def _find_constant(text: str, name: str) -> int:
    """Where the bare constant ``name`` stands outside every string."""
    outside = _STRING_OR_BRACKET.sub(lambda m: " " * len(m.group()), text)
    found = re.search(rf"(?<![\w.]){re.escape(name)}", outside)
    return found.start() if found else 0


def _half_surrogate(text: str) -> int | None:
    """The offset of the first ``\\uD8xx``-``\\uDFxx`` escape that is not part of a pair."""
    paired_low = -1  # where the low half of the last pair starts: not a lone half
    for match in _ESCAPES.finditer(text):
        escape = match.group()
        if _LOW.fullmatch(escape) and match.start() != paired_low:
            return match.start()
        if _HIGH.fullmatch(escape):
            follower = _LOW.match(text, match.end())
            if follower is None:
                return match.start()
            paired_low = follower.start()
    return None


def _malformed(text: str, pos: int, path: object) -> PystatsError:
    """The error at ``pos``, where the decoder stopped: truncated, or malformed and why."""
    body_end = len(text.rstrip(_WHITESPACE))
    # A comma before a closing bracket: Python 3.13's decoder stops at the comma, older ones
    # at the bracket. Report it at the bracket, the same on every Python.
    if text[pos : pos + 1] == ",":
        after = len(text) - len(text[pos + 1 :].lstrip(_WHITESPACE))
        if text[after : after + 1] in ("}", "]"):
            pos = after
    stack, open_string = _nesting(text, pos)
    truncated = (
        pos >= body_end
        or (open_string is not None and (pos == open_string or body_end - pos <= 6))
        or any(word.startswith(text[pos:body_end]) for word in _LITERALS)
        or _number_cut_at_end(text, pos, body_end)
    )
    if truncated:
        return PystatsError("truncated JSON (the file ends early)", path)
    line, column = position(text, pos)
    return PystatsError(f"not valid JSON: {_what_is_wrong(text, pos, stack)} (column {column})", path, line)


def _nesting(text: str, pos: int) -> tuple[list[str], int | None]:
    """The open brackets before ``pos``, and where a string runs from ``pos`` to the end, if one does."""
    stack: list[str] = []
    last = 0
    for match in _STRING_OR_BRACKET.finditer(text, 0, pos):
        token = match.group()
        last = match.end()
        if token in "{[":
            stack.append(token)
        elif token in "]}" and stack:
            stack.pop()
    # A string that opens before pos (or at it) and never closes: the file ends inside it.
    quote = text.find('"', last)
    if quote != -1 and quote <= pos and _STRING_OR_BRACKET.match(text, quote) is None:
        return stack, quote
    return stack, None


def _number_cut_at_end(text: str, pos: int, body_end: int) -> bool:
    """A number whose last characters (``1.``, ``2e``, ``-``) are the last of the data."""
    tail = text[pos:body_end]
    head = text[max(0, pos - 40) : pos]
    return bool(re.fullmatch(r"[-+.eE0-9]*", tail)) and bool(re.search(r"[-0-9][-+.eE0-9]*\Z", head + tail))


def _what_is_wrong(text: str, pos: int, stack: list[str]) -> str:
    """What was expected at ``pos``, from the last character before it and the open bracket."""
    found = _describe(text[pos])
    before = text[:pos].rstrip(_WHITESPACE)
    prev = before[-1:] if before else ""
    container = stack[-1] if stack else ""
    if _inside_string(text, pos):
        if text[pos] == "\\":
            return f"invalid escape {text[pos : pos + 2]!r} in a string"
        return f"{found} in a string"
    if prev == "{":
        expected = "a key in double quotes or '}'"
    elif prev == "[":
        expected = "a value or ']'"
    elif prev == ",":
        expected = "a key in double quotes" if container == "{" else "a value"
    elif prev == ":":
        expected = "a value"
    elif container == "{" and prev == '"' and _string_is_key(before):
        expected = "':'"
    elif container:
        expected = f"',' or '{_CLOSER[container]}'"
    else:
        expected = "a value"
    return f"expected {expected}, found {found}"


def _inside_string(text: str, pos: int) -> bool:
    """Whether ``pos`` lies inside a string that opened before it on the same line."""
    line_start = text.rfind("\n", 0, pos) + 1
    cleaned = _ESCAPES.sub("xx", text[line_start:pos])
    return cleaned.count('"') % 2 == 1


def _string_is_key(before: str) -> bool:
    """Whether the string that ``before`` ends with is an object key (it follows '{' or ',')."""
    match = re.search(r'"(?:[^"\\]|\\.)*"\Z', before, re.DOTALL)
    if match is None:
        return False
    prior = before[: match.start()].rstrip(_WHITESPACE)
    return prior[-1:] in ("{", ",")


def _describe(char: str) -> str:
    """A character as a message shows it: quoted when printable, by code point when not."""
    if char == "'":
        return '"\'"'
    if char.isprintable() and char.isascii():
        return f"'{char}'"
    if char.isprintable():
        return f"'{char}' (U+{ord(char):04X})"
    return f"a control character (U+{ord(char):04X})"
