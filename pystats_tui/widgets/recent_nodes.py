"""The tree nodes used last, a bounded number: noting one more folds the one used longest ago.

Walking hundreds of runs must not grow the tree without end: the results tree
keeps the benchmark nodes of the runs opened last and the section nodes of
the benchmarks expanded last, each in a ``RecentNodes``.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Collection, Hashable
from typing import Generic, TypeVar

Node = TypeVar("Node")


class RecentNodes(Generic[Node]):
    """At most ``limit`` nodes by key, used longest ago first; ``fold`` empties a node let go."""

    def __init__(self, limit: int, fold: Callable[[Node], None]) -> None:
        self.limit = limit
        self.fold = fold
        self._nodes: OrderedDict[Hashable, Node] = OrderedDict()

    def use(self, key: Hashable, node: Node, keep: Collection[Node] = ()) -> None:
        """Note ``node`` as used last; fold the ones used longest ago beyond the limit.

        A node in ``keep`` (the cursor's path) is never folded: it stays, and
        is let go at a later use.
        """
        self._nodes[key] = node
        self._nodes.move_to_end(key)
        for old_key, old in list(self._nodes.items()):
            if len(self._nodes) <= self.limit:
                break
            if old not in keep:
                del self._nodes[old_key]
                self.fold(old)

    def drop(self, key: Hashable) -> None:
        """Forget a node (it is gone from the tree) without folding it."""
        self._nodes.pop(key, None)
