"""A test-side reader of the tables in a summarize_stats report, independent of the package.

Tables are keyed by the path of headings above them and their index there;
cells are compared as text with whitespace collapsed and ⓘ details removed.
"""

from __future__ import annotations

import html
import re
from collections import defaultdict

_HEADING = re.compile(r"^(#{2,6})\s+(.*?)\s*$")
_ROW = re.compile(r"<tr>(.*?)</tr>", re.S)
_CELL = re.compile(r"<t([hd])[^>]*>(.*?)</t\1>", re.S)
_DETAILS = re.compile(r"<details>.*?</details>", re.S)
_TAG = re.compile(r"<[^>]+>")


def _clean(cell: str) -> str:
    return " ".join(html.unescape(_TAG.sub("", _DETAILS.sub("", cell))).split())


def tables(text: str) -> dict[tuple[str, ...], list[list[list[str]]]]:
    found: dict[tuple[str, ...], list[list[list[str]]]] = defaultdict(list)
    path: list[tuple[int, str]] = []
    for block in re.split(r"(?m)^(?=#{2,6} )|(?=<table>)", text):
        first = block.splitlines()[0] if block else ""
        m = _HEADING.match(first)
        if m:
            level = len(m.group(1))
            path = [p for p in path if p[0] < level] + [(level, m.group(2))]
        if block.startswith("<table>"):
            body = block.split("</table>")[0]
            rows = [[_clean(v) for _, v in _CELL.findall(r)] for r in _ROW.findall(body)]
            found[tuple(t for _, t in path)].append(rows)
    return dict(found)


def differences(reference: str, candidate: str) -> list[str]:
    """Each table of ``reference`` that ``candidate`` does not reproduce exactly."""
    ref, cand = tables(reference), tables(candidate)
    out = []
    for key, ref_tables in ref.items():
        got = cand.get(key, [])
        for n, table in enumerate(ref_tables):
            if n >= len(got):
                out.append(f"missing: {' > '.join(key)} #{n + 1}")
            elif got[n] != table:
                bad = next((i for i, (a, b) in enumerate(zip(table, got[n])) if a != b), None)
                detail = (
                    f"row {bad}: {table[bad]} != {got[n][bad]}"
                    if bad is not None
                    else (f"{len(table)} rows != {len(got[n])} rows")
                )
                out.append(f"differs: {' > '.join(key)} #{n + 1}: {detail}")
    return out
