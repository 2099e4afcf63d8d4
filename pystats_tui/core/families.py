"""Opcode families: the counters of one prefix (``opcode``, ``uops``, ...) split by name.

``OpcodeStats`` reads ``prefix[NAME]rest`` counters as ``name -> {rest: value}``
and computes what the report's opcode tables need from them: execution
counts, pairs, specialization and failure kinds. Which keys belong to which
name is worked out once by a ``FamilyPlan`` and kept (``family_plan``) while
the next input has the same keys in the same order, as inputs of one CPython
version do: a history over a thousand runs then reads each family at C speed.
"""

from __future__ import annotations

import weakref
from collections import Counter
from collections.abc import Callable
from functools import cached_property
from operator import itemgetter
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pystats_tui.core.stats import Stats

#: What makes up an instruction's specialization total.
TOTAL = ("specialization.hit", "specialization.miss", "execution_count")


class OpcodeStats:
    """The counters of one opcode family prefix (``opcode``, ``uops``, ``uop``, ...).

    ``data`` maps a name to its counters with the prefix and name removed:
    ``opcode[LOAD_ATTR].specialization.hit`` is ``data["LOAD_ATTR"]["specialization.hit"]``.
    """

    def __init__(self, plan: FamilyPlan, values: list[int], stats: Stats):
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


class FamilyPlan:
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
_FAMILY_PLANS: dict[str, FamilyPlan] = {}


def family_plan(counters: dict[str, int], prefix: str) -> FamilyPlan:
    """The plan of ``counters``' family of ``prefix`` (the last input's, when its keys are the same)."""
    keys = list(counters)
    known = _FAMILY_PLANS.get(prefix)
    if known is None or known.keys != keys:
        known = _FAMILY_PLANS[prefix] = FamilyPlan(keys, prefix)
    return known
