"""Find every summarize_stats report that has its input beside it, for parity tests.

A case is (reference .md, inputs): one input for a report, two (base, head)
for a comparison. Used by ``test_parity.py`` on ``tests/data`` and on
``../shared/data``.
"""

from __future__ import annotations

import re
from pathlib import Path

RUN_FLAGS = re.compile(r"^(bm-\d{8}-[^-]+-[0-9a-f]+)(-[A-Z0-9_]+(?:,[A-Z0-9_]+)*)?$")


def _base_run_dir(run: Path) -> Path | None:
    m = RUN_FLAGS.match(run.name)
    if not m or not m.group(2):
        return None
    base = run.parent / m.group(1)
    return base if base.is_dir() else None


def find_cases(root: Path) -> list[tuple[Path, list[Path]]]:
    cases: list[tuple[Path, list[Path]]] = []
    if not root.is_dir():
        return cases
    for md in sorted(root.rglob("*.md")):
        name = md.name
        if name == "README.md":
            continue
        if name.endswith("-vs-base.md"):
            head = md.with_name(name[: -len("-vs-base.md")] + ".json")
            base_dir = _base_run_dir(md.parent)
            if not head.is_file() or base_dir is None:
                continue
            # The base file has the same name but for the run's own part.
            suffix = head.name.split("-pystats", 1)[1]
            candidates = [p for p in base_dir.glob("*-pystats" + suffix)]
            if len(candidates) == 1:
                cases.append((md, [candidates[0], head]))
        elif name.endswith(".compare.md"):
            a, _, b = name[: -len(".compare.md")].partition("-vs-")
            prefix = a.rsplit("-", 2)[0]
            base, head = md.parent / a, md.parent / f"{prefix}-{b}"
            if base.is_dir() and head.is_dir():
                cases.append((md, [base, head]))
        elif name.endswith(".summary.md"):
            raw = md.parent / name[: -len(".summary.md")]
            js = md.with_name(name[: -len(".md")] + ".json")
            if raw.is_dir():
                cases.append((md, [raw]))
            if js.is_file():
                cases.append((md, [js]))
        else:
            js = md.with_suffix(".json")
            if js.is_file():
                cases.append((md, [js]))
    return cases
