"""Property-based tests of the readers: random and mutated real inputs, and round trips.

Whatever the bytes, the raw-line parser, the JSON loader, the results-tree
scanner and the Markdown table reader either load something valid or raise
``PystatsError`` with a one-line message; never another exception. Well-formed
inputs round-trip: raw counters -> summarize_stats JSON -> the same counters,
and report tables -> Markdown -> the same tables.

Example counts keep the whole file near 30 seconds; ``deadline=None`` because
the first examples of a test pay for imports and CI machines are slow.
"""

from __future__ import annotations

import json
import os
import string
import tempfile
from pathlib import Path

import msgspec
import pytest
from conftest import DEFAULT_RUN, PREFIX
from hypothesis import HealthCheck, assume, event, given, settings
from hypothesis import strategies as st

from pystats_tui.cli import main
from pystats_tui.core.cells import EMPTY, Cell, Count, Doc, Text
from pystats_tui.core.counters import (
    MAX_COUNT,
    MAX_DIGITS,
    MAX_PROBLEMS_PER_FILE,
    METADATA_KEYS,
    RawData,
    bad_key,
)
from pystats_tui.core.errors import PystatsError
from pystats_tui.core.json_data import decode_json
from pystats_tui.core.markdown import section_markdown
from pystats_tui.core.mdread import read_markdown_report
from pystats_tui.core.raw_files import decode_raw_bytes, parse_raw_text
from pystats_tui.core.report import Column, Section, Table
from pystats_tui.core.sources import open_source

RAW_FILE = next((DEFAULT_RUN.parent.parent / "raw" / "cpython-3.13.15-default-micro").glob("*.txt"))
JSON_FILE = DEFAULT_RUN / f"{PREFIX}-nbody_small.json"
MD_FILE = DEFAULT_RUN / f"{PREFIX}-nbody_small.md"
#: Real inputs, cut short where the whole file would only slow the examples down.
RAW_BYTES = RAW_FILE.read_bytes()[:20_000]
JSON_BYTES = JSON_FILE.read_bytes()
MD_TEXT = MD_FILE.read_text("utf-8")[:30_000]


def quick(n: int) -> settings:
    return settings(max_examples=n, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def one_line(error: PystatsError) -> None:
    assert "\n" not in str(error) and "\r" not in str(error), repr(str(error))


# --------------------------------------------------------------------------- mutations


#: Bytes that break the formats in interesting ways.
NASTY = [
    b"{",
    b"}",
    b"[",
    b"]",
    b'"',
    b":",
    b",",
    b"\n",
    b"\r",
    b"\0",
    b"\xff",
    b"\xe9",
    b"\\u",
    b"\\ud800",
    b"-",
    b"1e999",
    b"9" * 30,
    b"NaN",
    b"null",
    b"<table>",
    b"</table>",
    b"<tr>",
    b"<td>",
    b"## ",
    b"|",
]

mutation = st.tuples(
    st.sampled_from(["flip", "insert", "delete", "truncate", "repeat"]),
    st.integers(min_value=0, max_value=2**32),
    st.one_of(st.sampled_from(NASTY), st.binary(min_size=1, max_size=8)),
)


def mutate(data: bytes, ops: list[tuple[str, int, bytes]]) -> bytes:
    """``data`` with byte flips, insertions, deletions, a cut and a repeated stretch."""
    buf = bytearray(data)
    for kind, pos, payload in ops:
        i = pos % (len(buf) + 1)
        if kind == "flip" and i < len(buf):
            buf[i] ^= payload[0] or 0xFF
        elif kind == "insert":
            buf[i:i] = payload
        elif kind == "delete":
            del buf[i : i + len(payload) * 8]
        elif kind == "truncate":
            del buf[i:]
        else:
            buf[i:i] = buf[i : i + 200]
    return bytes(buf)


# --------------------------------------------------------------------------- raw lines


#: Keys as CPython writes them: printable ASCII, no colon, no surrounding blanks.
printable_ascii = st.characters(min_codepoint=0x20, max_codepoint=0x7E, exclude_characters=":")
keys = (
    st.text(printable_ascii, min_size=1, max_size=40)
    .map(str.strip)
    .filter(lambda k: bool(k) and k not in METADATA_KEYS)
)
#: Counters are Python ints: sums of 64-bit counters pass 2**64-1.
counts = st.one_of(
    st.integers(min_value=0, max_value=2**80), st.sampled_from([0, 1, 2**64 - 1, 2**64, 10**300, MAX_COUNT])
)
LINEISH = st.text(alphabet=list("ab_[]. :\t\r\n0123456789-+é²٣\x00\x0c\u2028"), max_size=400)


#: Lines close to valid ones: a key-ish part, a separator, a value-ish part.
NEAR_LINES = st.lists(
    st.tuples(
        st.one_of(keys, st.text(max_size=12)),
        st.sampled_from([": ", ":", " : ", "", "::", ": : "]),
        st.one_of(
            st.integers(min_value=-(2**70), max_value=2**70).map(str),
            st.text(alphabet="0123456789-+. e²٣１", max_size=25),
        ),
    ).map("".join),
    max_size=20,
).map("\n".join)


def renamed(key: str) -> str:
    """summarize_stats' fix for old data: ``uops[X]`` is ``uops[_X]``."""
    return "uops[_" + key[5:] if key.startswith("uops[") and key[5:6] != "_" else key


@quick(600)
@given(st.one_of(st.text(max_size=400), LINEISH, NEAR_LINES))
def test_raw_parser_takes_any_text(text):
    counters: dict[str, int] = {}
    problems: list = []
    used = parse_raw_text(text, "f.txt", counters, problems)
    lines = text.count("\n") + 1
    assert 0 <= used <= lines
    assert all(type(v) is int and v >= 0 for v in counters.values())
    assert all(bad_key(k) is None or k.startswith("uops[_") for k in counters)
    # Every problem names its line, but for the one that counts those beyond the listing cap.
    listed = [p for p in problems if "not listed" not in p.message]
    assert all(p.line is not None and 1 <= p.line <= lines for p in listed)
    assert len(problems) - len(listed) <= 1 and len(listed) <= MAX_PROBLEMS_PER_FILE
    assert all("\n" not in str(p) for p in problems)


@quick(400)
@given(
    st.one_of(
        st.binary(max_size=400),
        st.builds(mutate, st.just(RAW_BYTES), st.lists(mutation, max_size=6)),
    )
)
def test_raw_bytes_load_or_raise_one_line(data):
    counters: dict[str, int] = {}
    problems: list = []
    try:
        decode_raw_bytes(data, Path("f.txt"), counters, problems)
    except PystatsError as e:
        one_line(e)
        assert counters == {}, "a rejected file must add nothing"
        return
    assert counters and all(0 <= v for v in counters.values())


@quick(300)
@given(
    counters=st.dictionaries(keys, counts, max_size=30),
    separators=st.lists(st.sampled_from([": ", " : ", ":", ":\t", "  :  "]), min_size=1, max_size=4),
    newline=st.sampled_from(["\n", "\r\n"]),
)
def test_raw_round_trips_through_json(counters, separators, newline):
    expected: dict[str, int] = {}
    for key, value in counters.items():
        expected[renamed(key)] = expected.get(renamed(key), 0) + value
    assume(all(v <= MAX_COUNT for v in expected.values()))
    lines = [f"{k}{separators[i % len(separators)]}{v}" for i, (k, v) in enumerate(counters.items())]
    text = newline.join(lines)
    parsed: dict[str, int] = {}
    problems: list = []
    assert parse_raw_text(text + newline, "f.txt", parsed, problems) == len(counters)
    assert problems == []
    assert parsed == expected
    raw = RawData(parsed, 1)
    back = decode_json(msgspec.json.encode(raw.to_json_dict()), Path("out.json"))
    assert back.counters == parsed and list(back.counters) == list(parsed)
    assert back.nfiles == 1 and back.problems == []


# --------------------------------------------------------------------------- JSON

json_values = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(),
        st.integers(min_value=-(10**400), max_value=10**400),
        st.floats(allow_nan=False, allow_infinity=False),
        st.text(max_size=20),
    ),
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.text(max_size=10), inner, max_size=4),
    ),
    max_leaves=12,
)
json_keys = st.one_of(keys, st.text(max_size=20), st.sampled_from(list(METADATA_KEYS)))


@quick(500)
@given(st.one_of(json_values, st.dictionaries(json_keys, json_values, max_size=20)))
def test_json_loader_takes_any_json(obj):
    data = json.dumps(obj).encode()
    try:
        raw = decode_json(data, Path("x.json"))
    except PystatsError as e:
        one_line(e)
        assert not isinstance(obj, dict), f"an object must load: {e}"
        return
    assert isinstance(obj, dict)
    expected = {k: v for k, v in obj.items() if type(v) is int and 0 <= v <= MAX_COUNT and bad_key(k) is None}
    assert raw.counters == expected
    assert all("\n" not in str(p) for p in raw.problems)


@quick(500)
@given(
    st.one_of(
        st.binary(max_size=300),
        st.builds(mutate, st.just(JSON_BYTES), st.lists(mutation, min_size=1, max_size=6)),
    )
)
def test_json_loader_takes_any_bytes(data):
    try:
        raw = decode_json(data, Path("x.json"))
    except PystatsError as e:
        one_line(e)
        return
    assert all(type(v) is int and 0 <= v <= MAX_COUNT for v in raw.counters.values())
    assert all(bad_key(k) is None for k in raw.counters)


@quick(30)
@given(
    index=st.integers(min_value=0),
    digits=st.integers(min_value=300, max_value=6000),
    negative=st.booleans(),
    fraction=st.booleans(),
)
def test_numbers_too_big_for_the_decoder_load_or_skip_only_their_counter(index, digits, negative, fraction):
    obj = msgspec.json.decode(JSON_BYTES)
    counters = [k for k, v in obj.items() if type(v) is int and not k.startswith("_")]
    key = counters[index % len(counters)]
    literal = ("-" if negative else "") + "1" + "0" * (digits - 1) + (".5" if fraction else "")
    data = msgspec.json.encode({**obj, key: "@@HUGE@@"}).replace(b'"@@HUGE@@"', literal.encode())
    raw = decode_json(data, Path("x.json"))
    expected = decode_json(JSON_BYTES, Path("x.json")).counters
    if negative or fraction or digits > MAX_DIGITS:
        del expected[key]
        assert [p.message.split(" is ")[0] for p in raw.problems] == [f"counter {key!r}"]
    else:
        # Counters of any size load (summarize_stats' counters are Python ints).
        expected[key] = 10 ** (digits - 1)
        assert raw.problems == []
    assert raw.counters == expected


names = st.lists(st.text(string.ascii_uppercase + "_", min_size=1, max_size=12), max_size=5)


@quick(200)
@given(
    counters=st.dictionaries(keys, counts, max_size=30),
    nfiles=st.one_of(st.none(), st.integers(min_value=0, max_value=10**6)),
    specialized=st.one_of(st.none(), names),
    defines=st.one_of(st.none(), st.dictionaries(st.integers(min_value=0, max_value=999), names, max_size=5)),
)
def test_json_round_trip(counters, nfiles, specialized, defines):
    raw = RawData(dict(counters), nfiles, specialized, defines, defines)
    back = decode_json(msgspec.json.encode(raw.to_json_dict()), Path("x.json"))
    assert back.counters == raw.counters
    assert (back.nfiles, back.specialized_instructions) == (nfiles, specialized)
    assert back.defines == defines and back.stats_defines == defines
    assert back.problems == []


# --------------------------------------------------------------------------- results trees

SMALL_JSON = msgspec.json.encode(
    {"__nfiles__": 1, "opcode[LOAD_FAST].execution_count": 5, "GC[0] collections": 2}
)
CONTENTS = {
    "json": SMALL_JSON,
    "raw": b"opcode[NOP].execution_count: 3\nObject allocations : 4\n",
    "md": MD_TEXT[:5000].encode(),
    "empty": b"",
    "truncated": SMALL_JSON[:20],
    "binary": b"\0\x01\x02\xff" * 10,
    "latin1": "café: 1\n".encode("latin-1"),
    "list": b"[1, 2]",
}
run_names = st.one_of(
    st.builds(
        "bm-{}-{}-{}{}".format,
        st.sampled_from(["20240406", "20261127", "20249999"]),
        st.sampled_from(["3.12.0b3", "3.13.0a5+", "3.16.0a0", "x"]),
        st.sampled_from(["abcdef0", "d7482a7", "zz"]),
        st.sampled_from(["", "-PYTHON_UOPS", "-JIT,NOGIL", "-"]),
    ),
    st.text(string.ascii_letters + string.digits + " -_.()+", min_size=1, max_size=16).filter(
        lambda s: s.strip(".") != ""
    ),
)
PYSTATS_NAMES = [
    f"{PREFIX}.json",
    f"{PREFIX}.md",
    f"{PREFIX}-nbody.json",
    f"{PREFIX}-nbody.md",
    f"{PREFIX}-vs-base.md",
    f"{PREFIX}-nbody-vs-base.md",
]
file_names = st.one_of(
    # Half bench_runner's names, so that many trees hold runs worth loading.
    st.sampled_from(PYSTATS_NAMES),
    st.sampled_from(["x-pystats-.json", "-pystats.md", "README.md", "stats.txt", ".hidden"]),
    st.text(string.ascii_letters + string.digits + "-_.", min_size=1, max_size=12).filter(
        lambda s: s.strip(".") != ""
    ),
    st.sampled_from(PYSTATS_NAMES),
)
kinds = st.one_of(
    st.sampled_from(["json", "raw", "md"]),
    st.sampled_from([*CONTENTS, "dangling", "loop", "dir"]),
    st.binary(max_size=60),
)
trees = st.tuples(
    st.lists(st.tuples(run_names, st.lists(st.tuples(file_names, kinds), max_size=4)), max_size=4),
    st.lists(st.tuples(file_names, kinds), max_size=3),
)


def build(folder: Path, files: list[tuple[str, object]]) -> None:
    folder.mkdir(exist_ok=True)
    for name, kind in files:
        path = folder / name
        if path.exists() or path.is_symlink():
            continue
        if kind == "dangling":
            path.symlink_to(folder / "missing-target")
        elif kind == "loop":
            path.symlink_to(path)
        elif kind == "dir":
            path.mkdir()
        else:
            path.write_bytes(kind if isinstance(kind, bytes) else CONTENTS[kind])  # type: ignore[index]


def walk(root: Path) -> None:
    """Open a tree and load every benchmark of every run, as the browser would."""
    source = open_source(root)
    assert all("\n" not in str(p) for p in source.problems)
    for run in source.runs:
        try:
            benches = run.benchmarks()
        except PystatsError as e:
            one_line(e)
            continue
        for bench in benches:
            try:
                if bench.data_path is not None:
                    source.load_stats(bench)
                else:
                    read_markdown_report(source.load_markdown(bench))
            except PystatsError as e:
                one_line(e)


def build_tree(root: Path, tree: tuple) -> Path:
    """Lay out a generated results tree: its loose files, then each run's files."""
    runs, loose = tree
    build(root, loose)
    for name, files in runs:
        if not os.path.lexists(root / name):
            build(root / name, files)
    return root


@quick(200)
@given(trees)
def test_tree_scanner_takes_any_tree(tree):
    with tempfile.TemporaryDirectory() as tmp:
        root = build_tree(Path(tmp) / "results", tree)
        try:
            walk(root)
        except PystatsError as e:
            one_line(e)


def export_lines(args: list[str], err_path: Path) -> tuple[int, list[str]]:
    """Run ``pystats-tui export ARGS``: its exit status and its stderr lines."""
    with open(err_path, "w+") as err, open(os.devnull, "w") as out, pytest.MonkeyPatch.context() as mp:
        mp.setattr("sys.stderr", err)
        mp.setattr("sys.stdout", out)
        rc = main(["export", *args])
        err.seek(0)
        return rc, err.read().splitlines()


REAL_COUNTERS = msgspec.json.decode(JSON_BYTES)
#: Counters in the families the report reads, with odd indexes and names.
ODD_KEYS = st.one_of(
    st.builds(
        "GC[{}] {}".format, st.integers(min_value=0, max_value=40), st.sampled_from(["collections", "x"])
    ),
    st.builds(
        "opcode[{}].specialization.failure_kinds[{}]".format,
        st.sampled_from(["LOAD_ATTR", "CALL", "X", ""]),
        st.one_of(st.integers(min_value=-5, max_value=10**20).map(str), st.text("0123456789-x", max_size=6)),
    ),
    st.builds("Calls via PyEval_EvalFrame[{}]".format, st.text("0123456789-x", max_size=6)),
    st.builds(
        "{}[{}]{}".format,
        st.sampled_from(["opcode", "uops", "uop", "GC", "Calls ", "Rare event ("]),
        st.text(printable_ascii, max_size=8),
        st.text(printable_ascii, max_size=8),
    ),
    keys,
)
counter_edit = st.tuples(
    st.sampled_from(["set", "drop", "add", "rename"]),
    st.integers(min_value=0),
    ODD_KEYS,
    st.sampled_from([0, 1, 2**32, 2**64 - 1, 2**64, 10**100]),
)


def edit_counters(edits: list[tuple[str, int, str, int]]) -> bytes:
    """The real JSON with counters set to extremes, dropped, added or renamed."""
    obj = dict(REAL_COUNTERS)
    names = [k for k in obj if not k.startswith("_")]
    for kind, index, key, value in edits:
        old = names[index % len(names)]
        if kind == "set":
            obj[old] = value
        elif kind == "drop":
            obj.pop(old, None)
        elif kind == "add":
            obj[key] = value
        elif old in obj:
            obj[key] = obj.pop(old)
    return msgspec.json.encode(obj)


@quick(80)
@given(trees, st.lists(counter_edit, min_size=1, max_size=12))
def test_export_of_any_tree_exits_0_or_1_with_one_line_messages(tree, edits):
    with tempfile.TemporaryDirectory() as tmp:
        root = build_tree(Path(tmp) / "results", tree)
        # One run of real data with odd counters: they must still make a report, or one line.
        build(root / "bm-20000101-3.13.0-abcdef0", [(f"{PREFIX}.json", edit_counters(edits))])
        results = [export_lines([str(root)], Path(tmp) / "err")]
        for run in open_source(root).runs:
            results.append(export_lines([str(root), f"--run={run.name}"], Path(tmp) / "err"))
    for rc, lines in results:
        event(f"exit status {rc}")
        assert rc in (0, 1)
        assert all(line.startswith("pystats-tui: ") for line in lines), lines
        assert not any("internal error" in line for line in lines), lines
        # A section that could not be computed is a bug met on this data, not bad input.
        assert not any("could not be computed" in line for line in lines), lines
        assert rc == 0 or lines[-1].startswith("pystats-tui: error: ")


# --------------------------------------------------------------------------- Markdown tables

SAFE = string.ascii_letters + string.digits + " _-.,()/%+*=#:'!?"
words = (
    st.text(SAFE, min_size=1, max_size=24)
    .map(lambda s: " ".join(s.split()))
    .filter(lambda s: bool(s) and not s.startswith("#"))
)
cells = st.one_of(
    st.integers(min_value=0, max_value=2**80).map(Count),
    words.map(Text),
    st.just(EMPTY),
)


@st.composite
def tables(draw: st.DrawFn, path: tuple[str, ...]) -> Table:
    width = draw(st.integers(min_value=1, max_value=5))
    columns = tuple(Column(draw(words), draw(st.booleans())) for _ in range(width))
    label = st.one_of(words.map(Text), st.builds(Doc, words, words))
    rows = draw(st.lists(st.tuples(label, *[cells] * (width - 1)), min_size=1, max_size=6))
    return Table(columns, list(rows), path=path)


@st.composite
def sections(draw: st.DrawFn, level: int = 2) -> Section:
    title = draw(words)
    section = Section(title, draw(words), "", level, path=(title,))
    for index in range(draw(st.integers(min_value=0, max_value=3))):
        table = draw(tables((title,)))
        table.index = index
        section.parts.append(table)
    if level < 4:
        section.parts.extend(draw(st.lists(sections(level + 1), max_size=2)))
    return section


def cell_shape(cell: Cell) -> object:
    return ("doc", cell.label, cell.doc) if isinstance(cell, Doc) else cell.markdown()


def shape(section: Section) -> object:
    return (
        section.title,
        section.summary,
        [
            (
                [(c.name, c.right) for c in part.columns],
                [[cell_shape(c) for c in row] for row in part.rows],
            )
            if isinstance(part, Table)
            else shape(part)
            for part in section.parts
        ],
    )


@quick(200)
@given(st.lists(sections(), min_size=1, max_size=3))
def test_markdown_tables_round_trip(report):
    text = "".join(section_markdown(s) for s in report)
    back = read_markdown_report(text)
    assert [shape(s) for s in back] == [shape(s) for s in report]


def html_table(header: list[str], rows: list[list[str]]) -> str:
    """A table as summarize_stats writes one, around cells of any text."""
    head = "".join(f'<th align="right">{h}</th>\n' for h in header)
    body = "".join(
        "<tr>\n" + "".join(f'<td align="right">{c}</td>\n' for c in row) + "</tr>\n" for row in rows
    )
    return f"## Section\n\n<table>\n<thead>\n<tr>\n{head}</tr>\n</thead>\n<tbody>\n{body}</tbody>\n</table>\n"


any_cell = st.one_of(
    st.text(max_size=12),
    st.text(alphabet="0123456789,.%-+e²٣１ ", max_size=12),
    st.sampled_from(["9" * 5000, "1" * 4301 + "%", "nan", "inf", "1e999", "²", "&#178;", "&amp;"]),
)
odd_tables = st.builds(
    html_table,
    st.lists(st.text(max_size=8), min_size=1, max_size=4),
    st.lists(st.lists(any_cell, min_size=1, max_size=4), max_size=4),
)


MD_NASTY = st.sampled_from(
    [
        "<table>",
        "</table>",
        "<tr>",
        "</tr>",
        "<td>",
        '<td align="right">',
        "</td>",
        "<th>",
        "## ",
        "#### ",
        "<details>",
        "<summary>",
        "</summary>",
        "</details>",
        "ⓘ",
        "|",
        "| --- |",
        "\n",
        "&amp;",
        "&#",
        "²",
        "9" * 5000,
    ]
)


def mutate_text(text: str, ops: list[tuple[int, str, int]]) -> str:
    for pos, payload, cut in ops:
        i = pos % (len(text) + 1)
        text = text[:i] + payload + text[i + cut :]
    return text


@quick(250)
@given(
    st.one_of(
        st.text(max_size=500),
        st.lists(MD_NASTY, max_size=40).map("".join),
        odd_tables,
        st.builds(
            mutate_text,
            st.just(MD_TEXT),
            st.lists(
                st.tuples(
                    st.integers(min_value=0),
                    st.one_of(MD_NASTY, st.text(max_size=5)),
                    st.integers(min_value=0, max_value=300),
                ),
                max_size=8,
            ),
        ),
    )
)
def test_markdown_reader_takes_any_text(text):
    try:
        report = read_markdown_report(text)
    except PystatsError as e:
        one_line(e)
        return
    # What was read can always be written again, as markdown-only exports do.
    for section in report:
        section_markdown(section)


def test_numbers_not_written_as_counts_keep_their_text():
    shown = ["007", "1234", "1,234", "²", "9" * 5000]
    report = read_markdown_report(html_table(["Name", "Count"], [["x", n] for n in shown]))
    rows = report[0].tables[0].rows
    assert [row[1].markdown() for row in rows] == shown
    assert [row[1].sort_key() for row in rows[:3]] == [7.0, 1234.0, 1234.0]
