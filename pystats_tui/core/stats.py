"""The counters of one input and summarize_stats' derived accessors.

``Stats`` wraps the counters of one input (``RawData``) with the CPython
version they came from and the metadata tables that name opcodes, failure kinds
and call kinds. Its accessors compute what the report's sections need: opcode
families with their pairs and failure kinds (``OpcodeStats``, in
``core.families``), calls, objects, GC, tier 2, histograms and rare events.
Every key is optional: a missing counter reads as 0 and a missing family is
empty, so data from CPython 3.12 to 3.16 all load.
"""

from __future__ import annotations

import re
from functools import cached_property
from pathlib import Path

from pystats_tui.core.counters import RawData
from pystats_tui.core.defines import Defines, bundled, version_key
from pystats_tui.core.families import OpcodeStats, family_plan
from pystats_tui.core.script_history import AsOf, Script, resolve_as_of

_NUMERIC_OPCODE = re.compile(r"opcode\[(\d+)\]")
_VERSION_IN_NAME = re.compile(r"(?:^|-)(3\.\d+)(?:\.\d+)?(?:[abrc]+\d+)?\+?(?:-|$)")


def pretty(name: str) -> str:
    """``LOAD_GLOBAL_NON_DICT`` -> ``load global non dict``, as summarize_stats writes kinds."""
    return name.replace("_", " ").lower()


def version_from_name(name: str) -> str | None:
    """The CPython minor version in a bench_runner name (``bm-…-3.14.0a0-…``), if any."""
    m = _VERSION_IN_NAME.search(name)
    return m.group(1) if m else None


def sniff_version(raw: RawData) -> str:
    """Guess the CPython minor version of data from the keys it holds."""
    counters = raw.counters
    if any(_NUMERIC_OPCODE.match(k) for k in _first_keys(counters, 50)):
        return "3.12"
    if "JIT GOT size" in counters or "Mutex sleeps (mutex_sleeps)" in counters:
        return "3.15"
    if (
        "Object mortal increfs" in counters
        or "JIT total memory size" in counters
        or "GC[0] objects reachable from roots" in counters
    ):
        return "3.14"
    if "GC[0] collections" in counters or raw.defines is not None:
        return "3.13"
    return "3.12" if counters else "3.16"


def _first_keys(counters: dict[str, int], n: int) -> list[str]:
    out = []
    for k in counters:
        out.append(k)
        if len(out) >= n:
            break
    return out


class Stats:
    """One input's counters with its version, metadata tables and derived accessors."""

    def __init__(
        self,
        raw: RawData,
        version: str | None = None,
        defines: Defines | None = None,
        label: str = "",
        as_of: AsOf | None = None,
    ):
        self.raw = raw
        #: The CPython minor version ("3.13") whose summarize_stats this data matches.
        self.version = version or sniff_version(raw)
        #: The commit date the stats were made at, which picks summarize_stats' behaviour
        #: within a version (``script_history``): given, or from the data and its file name.
        if as_of is None:
            where = Path(raw.source) if raw.source else None
            names = (where.name, where.parent.name) if where is not None else ()
            as_of = resolve_as_of(None, raw.metadata, names)
        self.as_of = as_of
        #: A short name for the input (run, benchmark or file), for headers and errors.
        self.label = label or raw.source
        complete = None not in (raw.defines, raw.stats_defines, raw.specialized_instructions)
        numeric = self.numeric_opcodes
        # Bundled tables are read only when the data lacks its own (raw dirs, 3.12 JSON).
        table = defines or (None if complete and not numeric else bundled(self.version))
        self.defines = raw.defines if raw.defines is not None else table.defines  # type: ignore[union-attr]
        self.stats_defines = (
            raw.stats_defines if raw.stats_defines is not None else table.stats_defines  # type: ignore[union-attr]
        )
        self.specialized_instructions = frozenset(
            raw.specialized_instructions
            if raw.specialized_instructions is not None
            else table.specialized_instructions  # type: ignore[union-attr]
        )
        self.counters = _name_opcodes(raw.counters, table.opnames) if numeric and table else raw.counters
        self._families: dict[str, OpcodeStats] = {}

    @cached_property
    def _values(self) -> list[int]:
        """The counters' values in key order, which every family's plan reads from."""
        return list(self.counters.values())

    @property
    def instructions(self) -> int:
        """The Tier-1 instructions executed: the total of Execution counts (what shares are per)."""
        return self.opcode_stats("opcode").total_execution_count

    @cached_property
    def numeric_opcodes(self) -> bool:
        """True for 3.12 data, which names opcodes by number."""
        return any(_NUMERIC_OPCODE.match(k) for k in _first_keys(self.raw.counters, 50))

    @property
    def version_tuple(self) -> tuple[int, int]:
        return version_key(self.version)

    @cached_property
    def script(self) -> Script:
        """The summarize_stats behaviour this input's report reproduces (by version and as-of date)."""
        return Script(self.version_tuple, self.as_of, self.counters)

    @property
    def nfiles(self) -> int:
        return self.raw.data_files

    @property
    def is_empty(self) -> bool:
        """True when no data file went into this input (its stats collection failed).

        A JSON without ``__nfiles__`` counts 0 data files (as summarize_stats shows
        it), but one that still holds counters is not empty: see ``nfiles_unknown``.
        """
        return self.raw.nfiles == 0 or (self.raw.nfiles is None and not self.counters)

    @property
    def nfiles_unknown(self) -> bool:
        """True for counters that do not say how many data files they came from."""
        return self.raw.nfiles is None and bool(self.counters)

    def get(self, key: str) -> int:
        return self.counters.get(key, 0)

    def __contains__(self, key: str) -> bool:
        return key in self.counters

    def opcode_stats(self, prefix: str) -> OpcodeStats:
        """The family of ``prefix[NAME]...`` keys (note: ``uop`` also takes ``uops[``, as upstream)."""
        fam = self._families.get(prefix)
        if fam is None:
            plan = family_plan(self.counters, prefix)
            fam = self._families[prefix] = OpcodeStats(plan, self._values, self)
        return fam

    def failure_kind_label(self, kind: int, opcode: str) -> str:
        """Name a specialization failure kind of ``opcode`` from the SPEC_FAIL table."""
        names = self.defines.get(kind, [])
        if kind <= 8:
            return pretty(names[0]) if names else f"kind {kind}"
        if opcode == "LOAD_SUPER_ATTR":
            family = "SUPER"
        elif opcode.endswith("ATTR"):
            family = "ATTR"
        elif opcode in ("FOR_ITER", "SEND") or (opcode == "GET_ITER" and self.version_tuple >= (3, 14)):
            family = "ITER"
        elif opcode.endswith("SUBSCR"):
            family = "SUBSCR"
        else:
            family = opcode
        for name in names:
            if name.startswith(family):
                return pretty(name[len(family) + 1 :])
        return f"kind {kind}"

    def call_stats(self) -> list[tuple[str, int]]:
        """Call counters in summarize_stats' order, call kinds named from EVAL_CALL."""
        out = []
        items = sorted(self.counters.items())
        for key, value in items:
            if "Calls to" in key:
                out.append((key, value))
            elif key.startswith("Calls ") and key.endswith("]") and "[" in key:
                name, _, index = key[:-1].partition("[")
                try:
                    names = self.stats_defines.get(int(index))
                except ValueError:
                    names = None
                kind = pretty(names[0]) if names else f"kind {index}"
                out.append((f"{name} ({kind})", value))
        out.extend((k, v) for k, v in items if k.startswith("Frame"))
        return out

    def object_stats(self) -> list[tuple[str, int, int | None]]:
        """``(label, value, denominator)`` for each ``Object …`` counter, in data order."""
        c = self.counters
        materializations = c.get("Object inline values", c.get("Object new values", 0))
        allocations = c.get("Object allocations", 0) + c.get("Object allocations from freelist", 0)
        # Older data counts "interpreter" and plain refcounts; 3.14+ splits them by mortality.
        kinds = ("interpreter ", "", "interpreter mortal ", "mortal ", "interpreter immortal ", "immortal ")
        increfs = sum(c.get(f"Object {k}increfs", 0) for k in kinds)
        decrefs = sum(c.get(f"Object {k}decrefs", 0) for k in kinds)
        out: list[tuple[str, int, int | None]] = []
        for key, value in c.items():
            if not key.startswith("Object"):
                continue
            den: int | None
            if "materialize" in key:
                den = materializations
            elif "allocations" in key:
                den = allocations
            elif "increfs" in key:
                den = increfs
            elif "decrefs" in key:
                den = decrefs
            else:
                den = None
            label = key[6:].strip()
            label = label[:1].upper() + label[1:]
            out.append((label, value, den))
        return out

    def gc_stats(self) -> list[dict[str, int]]:
        """Per generation, ``{field: value}`` from ``GC[g] field`` counters."""
        gens: list[dict[str, int]] = []
        for key, value in self.counters.items():
            if not key.startswith("GC["):
                continue
            n, _, rest = key[3:].partition("]")
            # CPython has 3 (at most a handful of) generations: ignore absurd indices.
            if not n.isdigit() or len(n) > 2:
                continue
            g = int(n)
            while len(gens) <= g:
                gens.append({})
            gens[g][rest.strip()] = value
        return gens

    def histogram(self, prefix: str) -> list[tuple[int, int]]:
        """``(bucket, count)`` for ``prefix[bucket]`` counters, by bucket."""
        rows = []
        start = prefix + "["
        for key, value in self.counters.items():
            if key.startswith(start) and key.endswith("]"):
                bucket = key[len(start) : -1]
                if bucket.isdigit():
                    rows.append((int(bucket), value))
        rows.sort()
        return rows

    def rare_events(self) -> list[tuple[str, int]]:
        prefix = "Rare event ("
        return [
            (key[len(prefix) : -1].replace("_", " "), value)
            for key, value in self.counters.items()
            if key.startswith(prefix) and key.endswith(")")
        ]

    @property
    def has_tier2(self) -> bool:
        """True when the data holds tier-2 optimizer counters."""
        return "Optimization attempts" in self.counters


def _name_opcodes(counters: dict[str, int], opnames: dict[int, str]) -> dict[str, int]:
    """Rewrite 3.12's ``opcode[106]`` keys (and their pair counts) to opcode names."""

    def name(match: re.Match[str]) -> str:
        number = int(match.group(2))
        return f"{match.group(1)}[{opnames.get(number, f'<{number}>')}]"

    pattern = re.compile(r"(opcode|pair_count)\[(\d+)\]")
    out: dict[str, int] = {}
    for key, value in counters.items():
        if "[" in key:
            key = pattern.sub(name, key)
        out[key] = out.get(key, 0) + value
    return out
