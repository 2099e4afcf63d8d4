"""Every section and table of the summarize_stats report, declared as data.

A ``SectionSpec`` has a title, a summary line, an explanation and parts:
tables, nested sections, or a function that yields them (for per-opcode
sections). A ``TableSpec`` has columns in summarize_stats' notation (a
trailing ``:`` means right-aligned), a row function over one ``Stats``, the
way two inputs are joined when comparing, and the number of rows the report
keeps. ``REPORT_SPEC`` is the whole report's specification; ``report.py``
walks it into the tree that the browser shows and the Markdown export writes;
adding a CPython stat means a few lines here. (Called the report *spec*, not
its layout: in Textual, layout means CSS layout.)
"""

from __future__ import annotations

import enum
import heapq
import textwrap
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from operator import itemgetter
from typing import Union

from pystats_tui.core.cells import Count, Doc, Ratio, Row, Text
from pystats_tui.core.script_history import Script
from pystats_tui.core.stats import Stats


class Join(enum.Enum):
    """How a table's rows from base and head are joined (summarize_stats' JoinMode)."""

    #: key, base columns, head columns.
    SIMPLE = 0
    #: key, base columns, head columns, change of the first column; sorted by size of change.
    CHANGE = 1
    #: key, base first column, head first column, change; sorted by size of change.
    CHANGE_ONE_COLUMN = 2
    #: like CHANGE, rows kept in order (histograms).
    CHANGE_NO_SORT = 3


RowsFn = Callable[[Stats], list[Row]]
RowOfFn = Callable[[Stats, Callable[[str], bool]], Union[Row, None]]


@dataclass
class TableSpec:
    """A table: its columns, how its rows are computed, and how it compares."""

    columns: tuple[str, ...]
    rows: RowsFn
    join: Join = Join.SIMPLE
    #: How many rows the report keeps.
    limit: int | None = None
    #: Every row, for the browser, where the report keeps only ``limit`` (computed when shown).
    more: RowsFn | None = None
    #: The one row whose label ``is_label`` accepts, exactly as ``rows`` builds it, without
    #: building the others (None: no such row); lets a history read one value of each run.
    row_of: RowOfFn | None = None


@dataclass
class SectionSpec:
    """A section of the report, possibly nested, possibly generated per opcode."""

    title: str
    summary: str = ""
    parts: Union[Sequence[Union[TableSpec, SectionSpec]], PartsFn] = ()
    doc: str = ""
    #: False for sections summarize_stats leaves out of a comparison.
    comparative: bool = True
    #: The summary for these inputs, where it changed with summarize_stats' history.
    summary_for: Callable[[Stats, Union[Stats, None]], str] | None = None

    def __post_init__(self) -> None:
        if not self.summary:
            self.summary = self.title.lower()
        self.doc = textwrap.dedent(self.doc)

    def iter_parts(self, base: Stats, head: Stats | None) -> Iterator[Union[TableSpec, SectionSpec]]:
        if callable(self.parts):
            yield from self.parts(base, head)
        else:
            yield from self.parts


PartsFn = Callable[[Stats, Union[Stats, None]], Iterable[Union[TableSpec, SectionSpec]]]


def report_script(base: Stats, head: Stats | None) -> Script:
    """The summarize_stats a report reproduces: the head's when comparing (its checkout runs it)."""
    return (head if head is not None else base).script


def _desc(items: Iterable[tuple[str, int]]) -> list[tuple[str, int]]:
    """Sort by count, largest first; ties keep their order (as summarize_stats)."""
    return sorted(items, key=lambda kv: kv[1], reverse=True)


# --------------------------------------------------------------------------- execution counts


def _execution_row(name: str, count: int, miss: int, cumulative: int, total: int) -> Row:
    return (
        Text(name),
        Count(count),
        Ratio(count, total),
        Ratio(cumulative, total),
        Ratio(miss, count) if miss else Ratio(0, None),
    )


def execution_count_rows(prefix: str) -> RowsFn:
    """Name, Count, Self, Cumulative, Miss ratio; by (count, miss), largest first, ties in key order."""

    def rows(stats: Stats) -> list[Row]:
        family = stats.opcode_stats(prefix)
        counts = family.execution_counts()
        total = family.total_execution_count
        out: list[Row] = []
        cumulative = 0
        for name, (count, miss) in sorted(counts.items(), key=itemgetter(1), reverse=True):
            cumulative += count
            out.append(_execution_row(name, count, miss, cumulative, total))
        return out

    return rows


def execution_count_row(prefix: str) -> RowOfFn:
    """One row of ``execution_count_rows(prefix)``, its Cumulative summed without sorting."""

    def row_of(stats: Stats, is_label: Callable[[str], bool]) -> Row | None:
        family = stats.opcode_stats(prefix)
        counts = family.execution_counts()
        name = next((n for n in counts if is_label(n)), None)
        if name is None:
            return None
        key = counts[name]
        # The rows before it in the table's stable sort: larger keys, and equal keys found earlier.
        cumulative = 0
        earlier = True
        for other, other_key in counts.items():
            if other == name:
                earlier = False
            if other_key > key or (earlier and other_key == key):
                cumulative += other_key[0]
        count, miss = key
        return _execution_row(name, count, miss, cumulative + count, family.total_execution_count)

    return row_of


EXECUTION_DOC = """
The "miss ratio" column shows the percentage of times the instruction
executed that it deoptimized. When this happens, the base unspecialized
instruction is not counted.
"""

PAIRS_DOC = """
Pairs of specialized operations that deoptimize and are then followed by
the corresponding unspecialized instruction are not counted as pairs.
"""


def pair_count_rows(prefix: str, limit: int | None = None) -> RowsFn:
    """Pairs by count, the top ``limit`` (the report's 100) or all of them (for the browser).

    Self/Cumulative are over the family's executions, as upstream: for ``uop``
    that total includes the ``uops[`` keys its prefix also matches.
    """

    def rows(stats: Stats) -> list[Row]:
        family = stats.opcode_stats(prefix)
        total = family.total_execution_count
        pairs = family.pair_counts().items()
        by_count = lambda kv: kv[1]  # noqa: E731
        # nlargest is sorted(..., reverse=True)[:n], ties included, without sorting them all.
        if limit:
            top = heapq.nlargest(limit, pairs, key=by_count)
        else:
            top = sorted(pairs, key=by_count, reverse=True)
        out: list[Row] = []
        cumulative = 0
        for (first, second), count in top:
            cumulative += count
            out.append(
                (Text(f"{first} {second}"), Count(count), Ratio(count, total), Ratio(cumulative, total))
            )
        return out

    return rows


def pair_counts_summary(base: Stats, head: Stats | None) -> str:
    """The Tier 1 pair section's summary: "Tier 1 instructions" in 3.13 before rule R5."""
    script = report_script(base, head)
    if script.version >= (3, 13) and not script.has("R5"):
        return "Pair counts for top 100 Tier 1 instructions"
    return "Pair counts for top 100 opcode pairs"


def pred_succ_sections(base: Stats, head: Stats | None) -> Iterator[SectionSpec]:
    family = base.opcode_stats("opcode")
    for name in family.names():
        preds = family.predecessors(name)
        succs = family.successors(name)
        ptotal, stotal = sum(preds.values()), sum(succs.values())
        if not ptotal and not stotal:
            continue
        prows: list[Row] = [(Text(p), Count(c), Ratio(c, ptotal)) for p, c in preds.most_common(5)]
        srows: list[Row] = [(Text(s), Count(c), Ratio(c, stotal)) for s, c in succs.most_common(5)]
        yield SectionSpec(
            name,
            f"Successors and predecessors for {name}",
            [
                TableSpec(("Predecessors", "Count:", "Percentage:"), _const(prows)),
                TableSpec(("Successors", "Count:", "Percentage:"), _const(srows)),
            ],
        )


def _const(rows: list[Row]) -> RowsFn:
    return lambda _stats: rows


# --------------------------------------------------------------------------- specialization

KIND_DOCS = {
    "deferred": 'Lists the number of "deferred" (i.e. not specialized) instructions executed.',
    "hit": "Specialized instructions that complete.",
    "miss": "Specialized instructions that deopt.",
    "deopt": "Specialized instructions that deopt.",
}


def specialization_kind_rows(name: str) -> RowsFn:
    def rows(stats: Stats) -> list[Row]:
        family = stats.opcode_stats("opcode")
        total = family.specialization_total(name)
        return [
            (Doc(label, KIND_DOCS[label]) if label in KIND_DOCS else Text(label), Count(v), Ratio(v, total))
            for label, v in family.specialization_counts(name).items()
        ]

    return rows


def success_failure_rows(name: str) -> RowsFn:
    def rows(stats: Stats) -> list[Row]:
        values = stats.opcode_stats("opcode").success_failure(name)
        total = sum(values.values())
        if not total:
            return []
        return [(Text(k.capitalize()), Count(v), Ratio(v, total)) for k, v in values.items()]

    return rows


def failure_kind_rows(name: str) -> RowsFn:
    def rows(stats: Stats) -> list[Row]:
        family = stats.opcode_stats("opcode")
        total = family.failure_total(name)
        kinds = family.failure_kinds(name)
        if stats.version_tuple < (3, 13):
            kinds = kinds[::-1]  # the 3.12 script breaks ties by the higher index
        by_label: dict[str, int] = {}
        for _index, label, count in kinds:
            by_label[label] = count
        return [(Text(label), Count(count), Ratio(count, total)) for label, count in _desc(by_label.items())]

    return rows


def specialization_sections(base: Stats, head: Stats | None) -> Iterator[SectionSpec]:
    bfam = base.opcode_stats("opcode")
    names = set(bfam.names())
    hfam = None
    if head is not None:
        hfam = head.opcode_stats("opcode")
        names &= set(hfam.names())
    for name in sorted(names):
        if not bfam.is_specializable(name):
            continue
        if bfam.specialization_total(name) == 0 and (hfam is None or hfam.specialization_total(name) == 0):
            continue
        yield SectionSpec(
            name,
            f"specialization stats for {name} family",
            [
                TableSpec(("Kind", "Count:", "Ratio:"), specialization_kind_rows(name), Join.CHANGE),
                TableSpec(("Success", "Count:", "Ratio:"), success_failure_rows(name), Join.CHANGE),
                TableSpec(("Failure kind", "Count:", "Ratio:"), failure_kind_rows(name), Join.CHANGE),
            ],
        )


def effectiveness_rows(stats: Stats) -> list[Row]:
    family = stats.opcode_stats("opcode")
    total = family.total_execution_count
    basic, hits, misses, not_specialized = family.specialized_totals()
    if stats.version_tuple < (3, 13):
        # The 3.12 script counted misses as not specialized and had three rows.
        return [
            (Text("Basic"), Count(basic), Ratio(basic, total)),
            (
                Text("Not specialized"),
                Count(not_specialized + misses),
                Ratio(not_specialized + misses, total),
            ),
            (Text("Specialized"), Count(hits), Ratio(hits, total)),
        ]
    return [
        (
            Doc("Basic", "Instructions that are not and cannot be specialized, e.g. `LOAD_FAST`."),
            Count(basic),
            Ratio(basic, total),
        ),
        (
            Doc(
                "Not specialized",
                "Instructions that could be specialized but aren't, e.g. `LOAD_ATTR`, `BINARY_SLICE`.",
            ),
            Count(not_specialized),
            Ratio(not_specialized, total),
        ),
        (
            Doc("Specialized hits", "Specialized instructions, e.g. `LOAD_ATTR_MODULE` that complete."),
            Count(hits),
            Ratio(hits, total),
        ),
        (
            Doc("Specialized misses", "Specialized instructions, e.g. `LOAD_ATTR_MODULE` that deopt."),
            Count(misses),
            Ratio(misses, total),
        ),
    ]


def _top_rows(counts: dict[str, int]) -> list[Row]:
    total = sum(counts.values())
    if not total:
        return []
    return [(Text(name), Count(v), Ratio(v, total)) for name, v in _desc(counts.items())]


def deferred_rows(stats: Stats) -> list[Row]:
    family = stats.opcode_stats("opcode")
    counts = family.deferred_counts(skip_resume=stats.version_tuple >= (3, 13))
    if stats.version_tuple < (3, 13):
        counts = {k: v for k, v in counts.items() if v}
    return _top_rows(counts)


def miss_rows(stats: Stats) -> list[Row]:
    counts = stats.opcode_stats("opcode").miss_counts()
    if stats.version_tuple < (3, 13):
        counts = {k: v for k, v in counts.items() if v}
    return _top_rows(counts)


# --------------------------------------------------------------------------- calls, objects, GC


def call_rows(stats: Stats) -> list[Row]:
    calls = stats.call_stats()
    total = sum(v for k, v in calls if "Calls to" in k)
    return [(Text(k), Count(v), Ratio(v, total)) for k, v in calls]


def object_rows(stats: Stats) -> list[Row]:
    return [(Text(label), Count(v), Ratio(v, den)) for label, v, den in stats.object_stats()]


GC_FIELDS = (
    ("collections", "Collections:"),
    ("objects collected", "Objects collected:"),
    ("object visits", "Object visits:"),
)
GC_ROOT_FIELDS = (
    ("objects reachable from roots", "Reachable from roots:"),
    ("objects not reachable from roots", "Not reachable from roots:"),
)


def gc_parts(base: Stats, head: Stats | None) -> Iterator[TableSpec]:
    gens = base.gc_stats() + (head.gc_stats() if head is not None else [])
    fields = GC_FIELDS
    if any(GC_ROOT_FIELDS[0][0] in g for g in gens):
        fields = GC_FIELDS + GC_ROOT_FIELDS

    def rows(stats: Stats) -> list[Row]:
        return [
            (Count(i), *(Count(gen.get(key, 0)) for key, _ in fields))
            for i, gen in enumerate(stats.gc_stats())
        ]

    yield TableSpec(("Generation:", *(title for _, title in fields)), rows)


# --------------------------------------------------------------------------- tier 2

#: (label, key, denominator key or None, doc) of the optimization table.
#: The "Trace too short" explanation, typos and all, as rules R13a and R13b changed it.
TRACE_TOO_SHORT_DOC = "A potential trace is abandoned because it is too short."
TRACE_TOO_SHORT_DOCS = {
    (False, False): "A potential trace is abandoced because it it too short.",
    (True, False): "A potential trace is abandoned because it it too short.",
    (True, True): TRACE_TOO_SHORT_DOC,
    (False, True): TRACE_TOO_SHORT_DOC,
}

OPTIMIZATION_ROWS = (
    (
        "Optimization attempts",
        "Optimization attempts",
        None,
        "The number of times a potential trace is identified.  Specifically, this occurs in the "
        "JUMP BACKWARD instruction when the counter reaches a threshold.",
    ),
    (
        "Traces created",
        "Optimization traces created",
        "Optimization attempts",
        "The number of traces that were successfully created.",
    ),
    (
        "Trace stack overflow",
        "Optimization trace stack overflow",
        "Optimization attempts",
        "A trace is truncated because it would require more than 5 stack frames.",
    ),
    (
        "Trace stack underflow",
        "Optimization trace stack underflow",
        "Optimization attempts",
        "A potential trace is abandoned because it pops more frames than it pushes.",
    ),
    (
        "Trace too long",
        "Optimization trace too long",
        "Optimization attempts",
        "A trace is truncated because it is longer than the instruction buffer.",
    ),
    (
        "Trace too short",
        "Optimization trace too short",
        "Optimization attempts",
        TRACE_TOO_SHORT_DOC,
    ),
    (
        "Inner loop found",
        "Optimization inner loop",
        "Optimization attempts",
        "A trace is truncated because it has an inner loop",
    ),
    (
        "Recursive call",
        "Optimization recursive call",
        "Optimization attempts",
        "A trace is truncated because it has a recursive call.",
    ),
    (
        "Low confidence",
        "Optimization low confidence",
        "Optimization attempts",
        "A trace is abandoned because the likelihood of the jump to top being taken is too low.",
    ),
    (
        "Unknown callee",
        "Optimization unknown callee",
        "Optimization attempts",
        "A trace is abandoned because the target of a call is unknown.",
    ),
    (
        "Executors invalidated",
        "Executors invalidated",
        "Optimization traces created",
        "The number of executors that were invalidated due to watched dictionary changes.",
    ),
    ("Traces executed", "Optimization traces executed", None, "The number of traces that were executed"),
    (
        "Uops executed",
        "Optimization uops executed",
        "Optimization traces executed",
        "The total number of uops (micro-operations) that were executed",
    ),
)

OPTIMIZER_ROWS = (
    (
        "Optimizer attempts",
        "Optimization optimizer attempts",
        None,
        "The number of times the trace optimizer (_Py_uop_analyze_and_optimize) was run.",
    ),
    (
        "Optimizer successes",
        "Optimization optimizer successes",
        "Optimization optimizer attempts",
        "The number of traces that were successfully optimized.",
    ),
    (
        "Optimizer no memory",
        "Optimization optimizer failure no memory",
        "Optimization optimizer attempts",
        "The number of optimizations that failed due to no memory.",
    ),
    (
        "Remove globals builtins changed",
        "Optimizer remove globals builtins changed",
        "Optimization optimizer attempts",
        "The builtins changed during optimization",
    ),
    (
        "Remove globals incorrect keys",
        "Optimizer remove globals incorrect keys",
        "Optimization optimizer attempts",
        "The keys in the globals dictionary aren't what was expected",
    ),
)

JIT_MEMORY_ROWS = (
    (
        "Total memory size",
        "JIT total memory size",
        None,
        "The total size of the memory allocated for the JIT traces",
    ),
    (
        "Code size",
        "JIT code size",
        "JIT total memory size",
        "The size of the memory allocated for the code of the JIT traces",
    ),
    (
        "Trampoline size",
        "JIT trampoline size",
        "JIT total memory size",
        "The size of the memory allocated for the trampolines of the JIT traces",
    ),
    (
        "Data size",
        "JIT data size",
        "JIT total memory size",
        "The size of the memory allocated for the data of the JIT traces",
    ),
    (
        "Padding size",
        "JIT padding size",
        "JIT total memory size",
        "The size of the memory allocated for the padding of the JIT traces",
    ),
    (
        "Freed memory size",
        "JIT freed memory size",
        "JIT total memory size",
        "The size of the memory freed from the JIT traces",
    ),
)


def keyed_rows(spec: Sequence[tuple[str, str, str | None, str]]) -> RowsFn:
    """Rows of a fixed table: one per key present in the data."""

    def rows(stats: Stats) -> list[Row]:
        out: list[Row] = []
        for label, key, den_key, doc in spec:
            if key not in stats:
                continue
            den = stats.get(den_key) if den_key else None
            out.append((Doc(label, doc), Count(stats.get(key)), Ratio(stats.get(key), den)))
        return out

    return rows


def optimization_rows(script: Script) -> tuple[tuple[str, str, str | None, str], ...]:
    """The optimization table's rows with the explanations of this script's date (rule R13)."""
    doc = TRACE_TOO_SHORT_DOCS[script.has("R13a"), script.has("R13b")]
    return tuple(
        (label, key, den, doc if label == "Trace too short" else text)
        for label, key, den, text in OPTIMIZATION_ROWS
    )


def histogram_rows(prefix: str, den_key: str | None, trim_leading: bool = True) -> RowsFn:
    """A histogram's rows, without its trailing zero rows, and with ``trim_leading``
    (rule R1) without its leading ones either: then an all-zero histogram has no rows,
    where before R1 it kept its first one.
    """

    def rows(stats: Stats) -> list[Row]:
        hist = stats.histogram(prefix)
        den = stats.get(den_key) if den_key else sum(v for _, v in hist)
        nonzero = [i for i, (_, v) in enumerate(hist) if v]
        if trim_leading:
            if not nonzero:
                return []
            hist = hist[nonzero[0] : nonzero[-1] + 1]
        else:
            hist = hist[: (nonzero[-1] if nonzero else 0) + 1]
        return [(Text(f"<= {k:,d}"), Count(v), Ratio(v, den)) for k, v in hist]

    return rows


def opcode_count_rows(prefix: str) -> RowsFn:
    def rows(stats: Stats) -> list[Row]:
        counts = stats.opcode_stats(prefix).counts()
        return [(Text(name), Count(v)) for name, v in _desc(counts.items())]

    return rows


def optimization_parts(base: Stats, head: Stats | None) -> Iterator[Union[TableSpec, SectionSpec]]:
    if not base.has_tier2 or (head is not None and not head.has_tier2):
        return
    newest = max(base.version_tuple, head.version_tuple if head else (0, 0))
    script = report_script(base, head)
    trim_leading = script.has("R1")
    has = lambda key: key in base or (head is not None and key in head)  # noqa: E731
    yield TableSpec(("", "Count:", "Ratio:"), keyed_rows(optimization_rows(script)), Join.CHANGE)
    yield TableSpec(("", "Count:", "Ratio:"), keyed_rows(OPTIMIZER_ROWS), Join.CHANGE)
    if script.has("R2") or has("JIT total memory size"):
        yield SectionSpec(
            "JIT memory stats",
            "JIT memory stats",
            [TableSpec(("", "Size (bytes):", "Ratio:"), keyed_rows(JIT_MEMORY_ROWS), Join.CHANGE)],
        )
        yield SectionSpec(
            "JIT trace total memory histogram",
            "JIT trace total memory histogram",
            [
                TableSpec(
                    ("Size (bytes)", "Count", "Ratio:"),
                    histogram_rows("Trace total memory size", None, trim_leading),
                    Join.CHANGE_NO_SORT,
                )
            ],
        )
    for title, prefix, den in (
        ("Trace length", "Trace length", "Optimization traces created"),
        ("Optimized trace length", "Optimized trace length", "Optimization traces created"),
        ("Trace run length", "Trace run length", "Optimization traces executed"),
    ):
        yield SectionSpec(
            f"{title} histogram",
            "",
            [
                TableSpec(
                    ("Range", "Count:", "Ratio:"),
                    histogram_rows(prefix, den, trim_leading),
                    Join.CHANGE_NO_SORT,
                )
            ],
        )
    yield SectionSpec(
        "Uop execution stats",
        "",
        [
            TableSpec(
                ("Name", "Count:", "Self:", "Cumulative:", "Miss ratio:"),
                execution_count_rows("uops"),
                Join.CHANGE_ONE_COLUMN,
                row_of=execution_count_row("uops"),
            )
        ],
    )
    if script.has("R5"):
        yield SectionSpec(
            "Pair counts",
            "Pair counts for top 100 Non-JIT uop pairs",
            [
                TableSpec(
                    ("Pair", "Count:", "Self:", "Cumulative:"),
                    pair_count_rows("uop", 100),
                    limit=100,
                    more=pair_count_rows("uop"),
                )
            ],
            doc=PAIRS_DOC,
            comparative=False,
        )
    yield SectionSpec(
        "Unsupported opcodes",
        "",
        [TableSpec(("Opcode", "Count:"), opcode_count_rows("unsupported_opcode"), Join.CHANGE)],
    )
    if newest >= (3, 13):
        yield SectionSpec(
            "Optimizer errored out with opcode",
            "Optimization stopped after encountering this opcode",
            [TableSpec(("Opcode", "Count:"), opcode_count_rows("error_in_opcode"), Join.CHANGE)],
        )


# --------------------------------------------------------------------------- rare events, meta

RARE_EVENT_DOCS = {
    "set class": "Setting an object's class, `obj.__class__ = ...`",
    "set bases": "Setting the bases of a class, `cls.__bases__ = ...`",
    "set eval frame func": (
        "Setting the PEP 523 frame eval function `_PyInterpreterState_SetFrameEvalFunc()`"
    ),
    "builtin dict": "Modifying the builtins, `__builtins__.__dict__[var] = ...`",
    "func modification": "Modifying a function, e.g. `func.__defaults__ = ...`, etc.",
    "watched dict modification": "A watched dict has been modified",
    "watched globals modification": "A watched `globals()` dict has been modified",
}


def rare_event_rows(stats: Stats) -> list[Row]:
    return [
        (Doc(name, RARE_EVENT_DOCS[name]) if name in RARE_EVENT_DOCS else Text(name), Count(v))
        for name, v in stats.rare_events()
    ]


def meta_rows(stats: Stats) -> list[Row]:
    return [(Text("Number of data files"), Count(stats.nfiles))]


# --------------------------------------------------------------------------- other stats

#: Exact keys that some section above shows.
SHOWN_KEYS = frozenset(
    key for rows in (OPTIMIZATION_ROWS, OPTIMIZER_ROWS, JIT_MEMORY_ROWS) for _, key, _, _ in rows
)
#: Key prefixes that some section above shows.
SHOWN_PREFIXES = (
    "opcode[",
    "uops[",
    "uop[",
    "unsupported_opcode[",
    "error_in_opcode[",
    "Calls ",
    "Frame",
    "Object",
    "GC[",
    "Trace length[",
    "Trace run length[",
    "Optimized trace length[",
    "Trace total memory size[",
    "Rare event (",
)


def is_shown(key: str) -> bool:
    """True when a section of the report shows the counter ``key``."""
    return key in SHOWN_KEYS or key.startswith(SHOWN_PREFIXES)


def other_rows(stats: Stats) -> list[Row]:
    return [(Text(k), Count(v)) for k, v in stats.counters.items() if not is_shown(k)]


OTHER_DOC = """
Counters that no section of summarize_stats shows (for example `JIT GOT size`
or the free-threading counters), so that no counter is ever hidden.
"""


# --------------------------------------------------------------------------- the report spec

REPORT_SPEC: tuple[SectionSpec, ...] = (
    SectionSpec(
        "Execution counts",
        "Execution counts for Tier 1 instructions.",
        [
            TableSpec(
                ("Name", "Count:", "Self:", "Cumulative:", "Miss ratio:"),
                execution_count_rows("opcode"),
                Join.CHANGE_ONE_COLUMN,
                row_of=execution_count_row("opcode"),
            )
        ],
        doc=EXECUTION_DOC,
    ),
    SectionSpec(
        "Pair counts",
        "Pair counts for top 100 opcode pairs",
        summary_for=pair_counts_summary,
        parts=[
            TableSpec(
                ("Pair", "Count:", "Self:", "Cumulative:"),
                pair_count_rows("opcode", 100),
                limit=100,
                more=pair_count_rows("opcode"),
            )
        ],
        doc=PAIRS_DOC,
        comparative=False,
    ),
    SectionSpec(
        "Predecessor/Successor Pairs",
        "Top 5 predecessors and successors of each Tier 1 opcode.",
        pred_succ_sections,
        doc="""
        This does not include the unspecialized instructions that occur after a
        specialized instruction deoptimizes.
        """,
        comparative=False,
    ),
    SectionSpec("Specialization stats", "Specialization stats by family", specialization_sections),
    SectionSpec(
        "Specialization effectiveness",
        "",
        [
            TableSpec(("Instructions", "Count:", "Ratio:"), effectiveness_rows, Join.CHANGE),
            SectionSpec(
                "Deferred by instruction",
                "Breakdown of deferred (not specialized) instruction counts by family",
                [TableSpec(("Name", "Count:", "Ratio:"), deferred_rows, Join.CHANGE, limit=10)],
            ),
            SectionSpec(
                "Misses by instruction",
                "Breakdown of misses (specialized deopts) instruction counts by family",
                [TableSpec(("Name", "Count:", "Ratio:"), miss_rows, Join.CHANGE, limit=10)],
            ),
        ],
        doc="""
        All entries are execution counts. Should add up to the total number of
        Tier 1 instructions executed.
        """,
    ),
    SectionSpec(
        "Call stats",
        "Inlined calls and frame stats",
        [TableSpec(("", "Count:", "Ratio:"), call_rows, Join.CHANGE)],
        doc="""
        This shows what fraction of calls to Python functions are inlined (i.e.
        not having a call at the C level) and for those that are not, where the
        call comes from.  The various categories overlap.

        Also includes the count of frame objects created.
        """,
    ),
    SectionSpec(
        "Object stats",
        "Allocations, frees and dict materializatons",
        [TableSpec(("", "Count:", "Ratio:"), object_rows, Join.CHANGE)],
        doc="""
        Below, "allocations" means "allocations that are not from a freelist".
        Total allocations = "Allocations from freelist" + "Allocations".

        "Inline values" is the number of values arrays inlined into objects.

        The cache hit/miss numbers are for the MRO cache, split into dunder and
        other names.
        """,
    ),
    SectionSpec(
        "GC stats",
        "GC collections and effectiveness",
        gc_parts,
        doc="""
        Collected/visits gives some measure of efficiency.
        """,
    ),
    SectionSpec(
        "Optimization (Tier 2) stats",
        "statistics about the Tier 2 optimizer",
        optimization_parts,
    ),
    SectionSpec(
        "Rare events",
        "Counts of rare/unlikely events",
        [TableSpec(("Event", "Count:"), rare_event_rows, Join.CHANGE)],
    ),
    SectionSpec(
        "Meta stats",
        "Meta statistics",
        [TableSpec(("", "Count:"), meta_rows, Join.CHANGE)],
    ),
)

#: Not in summarize_stats: every counter no section shows.
OTHER_SECTION = SectionSpec(
    "Other stats",
    "Counters that no other section shows",
    [TableSpec(("Key", "Count:"), other_rows, Join.CHANGE)],
    doc=OTHER_DOC,
)
