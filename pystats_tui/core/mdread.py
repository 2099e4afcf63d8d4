"""Read a summarize_stats Markdown report back into report sections and tables.

bench_runner's 2024 layout kept only the Markdown of each benchmark (no
per-benchmark JSON), so those benchmarks can only be browsed from their
report. This reader turns headings, ``<summary>`` lines and HTML or pipe
tables back into ``Section`` and ``Table`` nodes with typed cells. It never
fails on odd text: what it does not recognise is left out, and a cell that is
not a number stays text.
"""

from __future__ import annotations

import html
import re

from pystats_tui.core.cells import Cell, Count, Doc, Number, Text, cell_from_text
from pystats_tui.core.report import Column, Section, Table

_HEADING = re.compile(r"^(#{2,6})\s+(.*?)\s*$")
_SUMMARY = re.compile(r"^<summary>\s*(.*?)\s*</summary>\s*$")
_ROW = re.compile(r"<tr>(.*?)</tr>", re.S)
_CELL = re.compile(r'<t([hd])(?:\s+align="(left|right)")?[^>]*>(.*?)</t\1>', re.S)
_DETAILS = re.compile(r"<details>\s*<summary>ⓘ</summary>(.*?)</details>", re.S)
_TAG = re.compile(r"<[^>]+>")


def _label(raw: str) -> Cell:
    doc = _DETAILS.search(raw)
    text = " ".join(html.unescape(_TAG.sub("", _DETAILS.sub("", raw))).split())
    if doc:
        return Doc(text, doc.group(1).strip())
    return Text(text)


def _value(raw: str) -> Cell:
    text = html.unescape(_TAG.sub("", raw))
    try:
        cell = cell_from_text(text)
    except ValueError:
        # Digits int() does not take ("²", or thousands of them): keep the text as shown.
        return Text(text.strip())
    if isinstance(cell, Count) and cell.markdown() != text.strip():
        # "007" or "1234" is not how a count is written: keep the text, sort by the number.
        return Number(text.strip(), float(cell.count) if cell.count < 10**300 else float("inf"))
    return cell


def _pipe(line: str) -> list[str]:
    line = line.strip()
    line = line[1:] if line.startswith("|") else line
    line = line[:-1] if line.endswith("|") else line
    return [c.strip() for c in line.split("|")]


def read_markdown_report(text: str) -> list[Section]:
    """The sections of a report, with their tables; prose other than summaries is dropped."""
    roots: list[Section] = []
    stack: list[Section] = []
    lines = text.splitlines()
    i = 0
    pending_summary = False
    while i < len(lines):
        line = lines[i]
        m = _HEADING.match(line)
        if m:
            level = len(m.group(1))
            while stack and stack[-1].level >= level:
                stack.pop()
            path = (*(stack[-1].path if stack else ()), m.group(2))
            section = Section(m.group(2), m.group(2).lower(), "", level, path=path)
            (stack[-1].parts if stack else roots).append(section)
            stack.append(section)
            pending_summary = True
            i += 1
            continue
        s = _SUMMARY.match(line)
        if s and pending_summary and stack:
            stack[-1].summary = s.group(1)
            pending_summary = False
            i += 1
            continue
        if line.lstrip().startswith("<table>") and stack:
            j = i
            while j < len(lines) and "</table>" not in lines[j]:
                j += 1
            block = "\n".join(lines[i : j + 1])
            columns: list[Column] = []
            rows = []
            for row in _ROW.findall(block):
                cells = _CELL.findall(row)
                if cells and all(kind == "h" for kind, _, _ in cells):
                    columns = [Column(html.unescape(v).strip(), a == "right") for _, a, v in cells]
                elif cells:
                    rows.append(
                        tuple(_label(v) if n == 0 else _value(v) for n, (_, _, v) in enumerate(cells))
                    )
            _add_table(stack[-1], columns, rows)
            i = j + 1
            continue
        if (
            line.strip().startswith("|")
            and i + 1 < len(lines)
            and re.match(r"^\s*\|?\s*:?-{2,}", lines[i + 1])
            and stack
        ):
            header = _pipe(line)
            aligns = [c.endswith(":") for c in _pipe(lines[i + 1])]
            columns = [Column(h, a) for h, a in zip(header, aligns)]
            rows = []
            j = i + 2
            while j < len(lines) and lines[j].strip().startswith("|"):
                cells = _pipe(lines[j])
                rows.append(tuple(_label(c) if n == 0 else _value(c) for n, c in enumerate(cells)))
                j += 1
            _add_table(stack[-1], columns, rows)
            i = j
            continue
        i += 1
    return roots


def _add_table(section: Section, columns: list[Column], rows: list) -> None:
    width = len(columns)
    rows = [r[:width] + (Text(""),) * (width - len(r)) for r in rows]
    index = len(section.tables)
    section.parts.append(Table(tuple(columns), rows, path=section.path, index=index))
