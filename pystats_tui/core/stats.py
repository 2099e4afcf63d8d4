"""The counters of one input and summarize_stats' derived accessors.

``Stats`` wraps the counters of one input (``RawData``) with the CPython
version they came from and the metadata tables that name opcodes, failure
kinds and call kinds. Its accessors compute what the report's sections need:
opcode families, pairs, failure kinds, calls, objects, GC, tier 2, histograms
and rare events. Every key is optional: a missing counter reads as 0 and a
missing family is empty, so data from CPython 3.12 to 3.16 all load.
"""

from __future__ import annotations

import re
import weakref
from collections import Counter
from collections.abc import Callable
from functools import cached_property
from operator import itemgetter
from pathlib import Path

from pystats_tui.core.counters import RawData
from pystats_tui.core.defines import Defines, bundled, version_key
from pystats_tui.core.script_history import AsOf, Script, resolve_as_of

#: What makes up an instruction's specialization total.
TOTAL = ("specialization.hit", "specialization.miss", "execution_count")
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


class OpcodeStats:
    """The counters of one opcode family prefix (``opcode``, ``uops``, ``uop``, ...).

    ``data`` maps a name to its counters with the prefix and name removed:
    ``opcode[LOAD_ATTR].specialization.hit`` is ``data["LOAD_ATTR"]["specialization.hit"]``.
    """

    def __init__(self, plan: _FamilyPlan, values: list[int], stats: Stats):
        self._plan = plan
        self._values = values
        # A proxy, not a reference: Stats keeps its families, and a cycle between them would
        # leave every Stats to the cyclic collector (and keep it while frozen, see gc.freeze).
        self._stats = weakref.proxy(stats)

    @cached_property
    def data(self) -> dict[str, dict[str, int]]:
        """``name -> {rest: value}`` (built on first use: an execution count needs none of it)."""
        return self._plan.data(self._values)

    def names(self) -> list[str]:
        return [name for name, _, _ in self._plan.names]

    def pair_counts(self) -> dict[tuple[str, str], int]:
        """``(first, second) -> count`` for every non-zero ``pair_count`` (computed once)."""
        return self._pairs

    @cached_property
    def _pairs(self) -> dict[tuple[str, str], int]:
        pairs: dict[tuple[str, str], int] = {}
        for first, stat in self.data.items():
            for key, value in stat.items():
                if value and key.startswith("pair_count"):
                    second = key[len("pair_count") + 1 :].partition("]")[0]
                    pairs[(first, second)] = value
        return pairs

    @cached_property
    def total_execution_count(self) -> int:
        return sum(count for count, _ in self._executions.values())

    def execution_counts(self) -> dict[str, tuple[int, int]]:
        """``name -> (count, miss)``; misses only for non-specializable (specialized) names."""
        return dict(self._executions)

    @cached_property
    def _executions(self) -> dict[str, tuple[int, int]]:
        return self._plan.execution_counts(self._values)

    @cached_property
    def _pred_succ(self) -> tuple[dict[str, Counter[str]], dict[str, Counter[str]]]:
        preds: dict[str, Counter[str]] = {}
        succs: dict[str, Counter[str]] = {}
        for (first, second), count in self.pair_counts().items():
            pred = preds.get(second)
            if pred is None:
                pred = preds[second] = Counter()
            pred[first] = count
            succ = succs.get(first)
            if succ is None:
                succ = succs[first] = Counter()
            succ[second] = count
        return preds, succs

    def predecessors(self, name: str) -> Counter[str]:
        return self._pred_succ[0].get(name, Counter())

    def successors(self, name: str) -> Counter[str]:
        return self._pred_succ[1].get(name, Counter())

    def is_specializable(self, name: str) -> bool:
        return "specializable" in self.data.get(name, {})

    def specialization_total(self, name: str) -> int:
        stat = self.data.get(name, {})
        return sum(stat.get(k, 0) for k in TOTAL)

    def specialization_counts(self, name: str) -> dict[str, int]:
        """deferred, deopt, hit, miss (those present), in key order."""
        out = {}
        for key, value in sorted(self.data.get(name, {}).items()):
            if key.startswith("specialization."):
                label = key[len("specialization.") :]
                if label in ("success", "failure") or label.startswith("failure_kinds"):
                    continue
            elif key in ("execution_count", "specializable") or key.startswith("pair"):
                continue
            else:
                label = key
            out[label] = value
        return out

    def success_failure(self, name: str) -> dict[str, int]:
        stat = self.data.get(name, {})
        return {
            "success": stat.get("specialization.success", 0),
            "failure": stat.get("specialization.failure", 0),
        }

    def failure_total(self, name: str) -> int:
        return self.data.get(name, {}).get("specialization.failure", 0)

    def failure_kinds(self, name: str) -> list[tuple[int, str, int]]:
        """``(index, label, count)`` for each non-zero failure kind, by index."""
        kinds: dict[int, int] = {}
        for key, value in self.data.get(name, {}).items():
            if key.startswith("specialization.failure_kinds[") and value:
                try:
                    kinds[int(key[len("specialization.failure_kinds[") : -1])] = value
                except ValueError:
                    continue
        return [(i, self._stats.failure_kind_label(i, name), kinds[i]) for i in sorted(kinds)]

    def specialized_totals(self) -> tuple[int, int, int, int]:
        """``(basic, specialized hits, specialized misses, not specialized)`` execution counts."""
        basic = hits = misses = not_specialized = 0
        specialized = self._stats.specialized_instructions
        for name, stat in self.data.items():
            if "execution_count" not in stat:
                continue
            count = stat["execution_count"]
            if "specializable" in stat:
                not_specialized += count
            elif name in specialized:
                miss = stat.get("specialization.miss", 0)
                hits += count - miss
                misses += miss
            else:
                basic += count
        return basic, hits, misses, not_specialized

    def deferred_counts(self, skip_resume: bool = True) -> dict[str, int]:
        return {
            name: stat.get("specialization.deferred", 0)
            for name, stat in self.data.items()
            if not (skip_resume and name == "RESUME")
        }

    def miss_counts(self) -> dict[str, int]:
        return {
            name: stat.get("specialization.miss", 0)
            for name, stat in self.data.items()
            if "specializable" not in stat
        }

    def counts(self) -> dict[str, int]:
        """``name -> count`` for families that have a plain ``count`` (unsupported, errored)."""
        return {name: stat["count"] for name, stat in self.data.items() if stat.get("count")}


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
            plan = _family_plan(self.counters, prefix)
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


class _FamilyPlan:
    """How the keys of one input, in order, split into the family of one prefix.

    Inputs of one CPython version have the same keys in the same order, so a
    history over a thousand runs makes the plan once and then reads each
    family at C speed from the list of the input's values.
    """

    def __init__(self, keys: list[str], prefix: str):
        self.keys = keys
        skip = len(prefix) + 1
        groups: dict[str, tuple[list[str], list[int]]] = {}
        for i, key in enumerate(keys):
            if key.startswith(prefix):
                name, _, rest = key[skip:].partition("]")
                group = groups.get(name)
                if group is None:
                    group = groups[name] = ([], [])
                group[0].append(rest.strip("."))
                group[1].append(i)
        #: For each name, in order: its keys' rests and a getter of their values.
        self.names: list[tuple[str, tuple[str, ...], Callable[[list[int]], tuple[int, ...]]]] = []
        #: For each name with an execution count: where it is, and where its misses are (-1: none
        #: counted, as for a specializable name).
        self.executions: list[tuple[str, int, int]] = []
        for name, (rests, indexes) in groups.items():
            getter = itemgetter(*indexes)
            if len(indexes) == 1:
                getter = (lambda get: lambda values: (get(values),))(getter)
            self.names.append((name, tuple(rests), getter))
            if "execution_count" in rests:
                where = dict(zip(rests, indexes))
                miss = -1 if "specializable" in where else where.get("specialization.miss", -1)
                self.executions.append((name, where["execution_count"], miss))

    def data(self, values: list[int]) -> dict[str, dict[str, int]]:
        """``{name: {rest: value}}`` for the ``prefix[name]rest`` keys."""
        return {name: dict(zip(rests, get(values))) for name, rests, get in self.names}

    def execution_counts(self, values: list[int]) -> dict[str, tuple[int, int]]:
        """``name -> (execution count, misses)``, as ``OpcodeStats.execution_counts``."""
        return {
            name: (values[count], values[miss] if miss >= 0 else 0) for name, count, miss in self.executions
        }


#: ``prefix -> plan`` of the last input whose family of that prefix was read.
_FAMILY_PLANS: dict[str, _FamilyPlan] = {}


def _family_plan(counters: dict[str, int], prefix: str) -> _FamilyPlan:
    """The plan of ``counters``' family of ``prefix`` (the last input's, when its keys are the same)."""
    keys = list(counters)
    known = _FAMILY_PLANS.get(prefix)
    if known is None or known.keys != keys:
        known = _FAMILY_PLANS[prefix] = _FamilyPlan(keys, prefix)
    return known


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
