"""What loading an input yields, and the rules every counter meets.

``RawData`` is one input's counters with the metadata summarize_stats stores
beside them, whether they came from raw ``/tmp/py_stats`` files (``raw_files``)
or from summarize_stats JSON (``json_data``). Both follow the same rules: a
counter is a non-negative integer of at most ``MAX_DIGITS`` digits under a
printable ASCII name that is not a metadata key (``bad_key``); what breaks them
is reported as ``Problem`` records, at most ``MAX_PROBLEMS_PER_FILE`` for one
file (``ProblemReport``), and skipped.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pystats_tui.core.errors import Problem

#: Counters are Python ints in summarize_stats: any non-negative integer is one. Sums of
#: 64-bit counters pass 2**64-1, so there is no 64-bit limit; the bound only keeps a value
#: well inside what Python converts to and from text (4,300 digits by default).
MAX_DIGITS = 4000
MAX_COUNT = 10**MAX_DIGITS - 1
#: Keys of a summarize_stats JSON that are metadata, not counters.
METADATA_KEYS = ("__nfiles__", "_specialized_instructions", "_stats_defines", "_defines", "metadata")
#: At most this many problems are listed for one file; one more line counts the rest.
MAX_PROBLEMS_PER_FILE = 20


@dataclass
class RawData:
    """The counters of one input plus the metadata summarize_stats stores beside them."""

    #: Every counter, in order of first appearance.
    counters: dict[str, int]
    #: ``__nfiles__``: how many raw files were summed; None when the input does not say.
    nfiles: int | None = None
    specialized_instructions: list[str] | None = None
    defines: dict[int, list[str]] | None = None
    stats_defines: dict[int, list[str]] | None = None
    #: bench_runner's ``metadata`` object (commit, fork, branch, date ...), if any.
    metadata: dict[str, Any] = field(default_factory=dict)
    #: Lines or counters that were skipped while loading.
    problems: list[Problem] = field(default_factory=list)
    #: Why the numbers may mislead although nothing was skipped (raw files of different
    #: CPython versions summed): shown as warnings above the report and by ``check``.
    warnings: list[Problem] = field(default_factory=list)
    #: The file or directory it came from.
    source: str = ""

    @property
    def data_files(self) -> int:
        """The number of raw data files behind this input (0 when it says nothing)."""
        return self.nfiles or 0

    def to_json_dict(self) -> dict[str, Any]:
        """The dict ``summarize_stats.py --json-output`` writes for this input."""
        out: dict[str, Any] = dict(self.counters)
        if self.nfiles is not None:
            out["__nfiles__"] = self.nfiles
        if self.specialized_instructions is not None:
            out["_specialized_instructions"] = self.specialized_instructions
        if self.stats_defines is not None:
            out["_stats_defines"] = {str(k): v for k, v in self.stats_defines.items()}
        if self.defines is not None:
            out["_defines"] = {str(k): v for k, v in self.defines.items()}
        return out


class ProblemReport:
    """Collects the problems of one file, listing at most ``MAX_PROBLEMS_PER_FILE``."""

    def __init__(self, path: str, problems: list[Problem]):
        self.path = path
        self.problems = problems
        self.count = 0

    def __call__(self, message: str, line: int | None = None) -> None:
        self.count += 1
        if self.count <= MAX_PROBLEMS_PER_FILE:
            self.problems.append(Problem(self.path, message, line))

    def close(self) -> None:
        """Add one line for the problems that were counted but not listed."""
        if self.count > MAX_PROBLEMS_PER_FILE:
            more = self.count - MAX_PROBLEMS_PER_FILE
            self.problems.append(
                Problem(self.path, f"{more} more problem(s) in this file, not listed; skipped")
            )


def bad_key(key: str) -> str | None:
    """Why ``key`` cannot be a counter name, or None when it can."""
    if not key:
        return "empty key"
    if not (key.isascii() and key.isprintable()):
        return "the key is not printable ASCII"
    if key in METADATA_KEYS:
        return f"the key {key!r} is reserved for metadata"
    return None
