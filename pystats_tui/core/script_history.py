"""summarize_stats' own history: which version of the script a report reproduces.

bench_runner runs ``Tools/scripts/summarize_stats.py`` from the CPython checkout
under test, so a report was made by the script as it was at that commit, and
the script changed within one CPython version (on ``main``, between alphas).
Each change that alters a report's rows or cells is a ``Rule`` below: the
CPython change that made it, the commit date from which it is in effect, and
the minor version whose development it landed in (plus the branches it was
backported to). A maintenance branch forked before a rule never has it.

Which date applies is an ``AsOf``: ``--as-of YYYY-MM-DD`` when the user gives
one, else the JSON's bench_runner ``metadata.commit_date``, else the date of a
bench_runner ``bm-YYYYMMDD-…`` run directory (or file) name, else none. With no
date a rule is decided by a marker in the data where one exists, else by the
version alone (every release of a version since the rule has it): a guess,
which ``Script.guesses`` lists (``check`` notes it).

Rules the data decides by itself (tier-2 keys only in tier-2 builds, "Inline
values", mortal/immortal refcounts, GC roots columns, "Unknown callee") need no
date: the report spec shows what the data holds.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

Version = tuple[int, int]
#: ``bm-20240605-…``: bench_runner names runs and their files by the commit date.
_NAME_DATE = re.compile(r"^bm-(\d{4})(\d{2})(\d{2})-")


def _tier2_jit_memory(counters: Mapping[str, int]) -> bool | None:
    """gh-128941 added the JIT memory counters with the script change: tier-2 data tells."""
    if "Optimization attempts" not in counters:
        return None
    return "JIT total memory size" in counters


@dataclass(frozen=True)
class Rule:
    """One behaviour change of summarize_stats, keyed by the commit date the stats were made at."""

    id: str
    #: What changes in the report.
    what: str
    #: The CPython change (pull request, issue) that made it.
    change: str
    #: The earliest commit date that has it.
    since: datetime.date
    #: From this commit date on, every commit has it (``since`` when the date is pinned;
    #: later when only a bracket is known: between the two the data's marker decides).
    until: datetime.date
    #: The minor version ``main`` was developing when it landed.
    version: Version
    #: Maintenance branches it was backported to.
    backported: tuple[Version, ...] = ()
    #: Whether the data says which side it is on (None: it cannot tell).
    marker: Callable[[Mapping[str, int]], bool | None] | None = field(default=None, compare=False)
    #: Whether it shows only in the "Optimization (Tier 2) stats" section.
    tier2_only: bool = True
    #: How the date is known.
    evidence: str = ""

    def on_branch(self, version: Version) -> bool:
        """Whether the branch of ``version`` ever gets this change."""
        return version >= self.version or version in self.backported


D = datetime.date

RULES: tuple[Rule, ...] = (
    Rule(
        "R1",
        "histograms drop leading as well as trailing zero rows, and an all-zero histogram "
        "prints no table (before: leading zero rows kept, trailing ones cut, an all-zero "
        "histogram printed one `<= 1 | 0` row)",
        "python/cpython#128941 (gh-128842, JIT memory stats)",
        D(2025, 1, 31),
        D(2025, 2, 17),
        (3, 14),
        marker=_tier2_jit_memory,
        evidence="merged between the review fix of 2025-01-31 and the issue's close on 2025-02-17; "
        "tier-2 data made after it holds `JIT total memory size`",
    ),
    Rule(
        "R2",
        "`### JIT memory stats` and `### JIT trace total memory histogram` sections under "
        "Optimization (Tier 2) stats",
        "python/cpython#128941 (gh-128842, JIT memory stats)",
        D(2025, 1, 31),
        D(2025, 2, 17),
        (3, 14),
        marker=_tier2_jit_memory,
        evidence="the same pull request as R1",
    ),
    Rule(
        "R5",
        "a `### Pair counts` section of uop pairs ('Pair counts for top 100 Non-JIT uop pairs') "
        "under Optimization (Tier 2) stats, and the Tier 1 pair section's summary reads "
        "'Pair counts for top 100 opcode pairs' (before: '... Tier 1 instructions')",
        "python/cpython#115181 (gh-115178, uop pair counts)",
        D(2024, 4, 7),
        D(2024, 4, 18),
        (3, 13),
        tier2_only=False,
        evidence="absent from the 2024-04-06 reports; issue closed as merged on 2024-04-18",
    ),
    Rule(
        "R13a",
        "the 'Trace too short' explanation reads 'abandoned because it it too short' "
        "(before: 'abandoced because it it too short')",
        "typo fix in summarize_stats' Doc text (commit not pinned)",
        D(2024, 11, 22),
        D(2024, 12, 6),
        (3, 14),
        backported=((3, 13),),
        evidence="bracketed by the render dates of real reports; 3.13.15 has the fixed text",
    ),
    Rule(
        "R13b",
        "the 'Trace too short' explanation reads 'abandoned because it is too short'",
        "typo fix in summarize_stats' Doc text (commit not pinned)",
        D(2025, 6, 12),
        D(2025, 7, 1),
        (3, 15),
        backported=((3, 13), (3, 14)),
        evidence="bracketed by the render dates of real reports; 3.13.15 has the fixed text",
    ),
)


def parse_date(text: str) -> datetime.date:
    """``YYYY-MM-DD`` (or an ISO date-time such as ``2024-06-22T10:58:35-07:00``) -> its date.

    The date part of a commit date is taken as written (the committer's own
    offset), as bench_runner names its run directories. Raises ``ValueError``.
    """
    text = text.strip()
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}(?:[T ].*)?", text):
        raise ValueError(f"not a date (YYYY-MM-DD): {text!r}")
    return datetime.date.fromisoformat(text[:10])


def date_from_name(name: str) -> datetime.date | None:
    """The commit date in a bench_runner run directory or file name (``bm-YYYYMMDD-…``)."""
    m = _NAME_DATE.match(name)
    if not m:
        return None
    try:
        return datetime.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


@dataclass(frozen=True)
class AsOf:
    """The commit date a report's script is chosen by, and where it came from."""

    date: datetime.date | None
    #: ``--as-of``, ``metadata commit_date``, ``run name`` or ``none``.
    source: str = "none"

    def __str__(self) -> str:
        return f"{self.date.isoformat()} (from {self.source})" if self.date else "no date"


def resolve_as_of(
    user: datetime.date | None,
    metadata: Mapping[str, object] | None = None,
    names: tuple[str, ...] = (),
) -> AsOf:
    """The as-of date: the user's, else ``metadata.commit_date``, else a ``bm-YYYYMMDD-`` name's."""
    if user is not None:
        return AsOf(user, "--as-of")
    commit_date = (metadata or {}).get("commit_date")
    if isinstance(commit_date, str):
        try:
            return AsOf(parse_date(commit_date), "metadata commit_date")
        except ValueError:
            pass
    for name in names:
        found = date_from_name(name)
        if found is not None:
            return AsOf(found, "run name")
    return AsOf(None)


@dataclass(frozen=True)
class Decision:
    """Whether a rule is in effect for one input, and how that was decided."""

    rule: Rule
    in_effect: bool
    #: ``branch`` (the version's branch never has it), ``date``, ``data`` (a marker
    #: decided), ``version`` (no date: guessed from the version) or ``bracket``
    #: (the date falls where the change is not pinned, and the data cannot tell).
    how: str

    @property
    def guessed(self) -> bool:
        return self.how in ("version", "bracket")


def decide(rule: Rule, version: Version, as_of: AsOf, counters: Mapping[str, int]) -> Decision:
    if not rule.on_branch(version):
        return Decision(rule, False, "branch")
    when = as_of.date
    if when is not None and when >= rule.until:
        return Decision(rule, True, "date")
    if when is not None and when < rule.since:
        return Decision(rule, False, "date")
    found = rule.marker(counters) if rule.marker is not None else None
    if found is not None:
        return Decision(rule, found, "data")
    if when is None:
        # Every release of a version since the change has it.
        return Decision(rule, True, "version")
    return Decision(rule, True, "bracket")


class Script:
    """The summarize_stats version a report of one input reproduces: a decision per rule."""

    def __init__(self, version: Version, as_of: AsOf, counters: Mapping[str, int]):
        self.version = version
        self.as_of = as_of
        self.decisions = {rule.id: decide(rule, version, as_of, counters) for rule in RULES}
        self._tier2 = "Optimization attempts" in counters

    def has(self, rule_id: str) -> bool:
        """Whether the rule ``rule_id`` is in effect."""
        return self.decisions[rule_id].in_effect

    @property
    def guesses(self) -> list[Decision]:
        """The decisions guessed for lack of a date that show in this input's report."""
        return [d for d in self.decisions.values() if d.guessed and (self._tier2 or not d.rule.tier2_only)]

    def guess_note(self) -> str | None:
        """One line saying what was guessed, or None."""
        guesses = self.guesses
        if not guesses:
            return None
        ids = ", ".join(f"{d.rule.id} {'on' if d.in_effect else 'off'}" for d in guesses)
        if self.as_of.date is None:
            why = "no commit date in the input (no metadata.commit_date, no bm-YYYYMMDD- name)"
            how = f"summarize_stats' behaviour guessed from CPython {self.version[0]}.{self.version[1]}"
        else:
            why = f"commit date {self.as_of} falls where the script change is not pinned"
            how = "summarize_stats' behaviour guessed"
        return f"{why}: {how} ({ids}); give --as-of YYYY-MM-DD to choose"
