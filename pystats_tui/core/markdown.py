"""A report, or one table as shown, to Markdown in summarize_stats' layout.

``report_markdown`` writes what ``Tools/scripts/summarize_stats.py`` prints:
``##`` headings, ``<details>``/``<summary>`` blocks, HTML tables with aligned
cells and ⓘ explanations, and the ``Stats gathered on`` footer, so an export
is a drop-in for the reports bench_runner publishes. ``view_markdown`` writes
exactly one table view (its sort, filter and comparison) with a short header.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from pystats_tui.core.cells import Row
from pystats_tui.core.report import Column, Report, Section, Table
from pystats_tui.core.table_view import TableView


def table_lines(columns: Sequence[Column], rows: Sequence[Row], out: list[str]) -> None:
    """Append an HTML table as summarize_stats writes it (nothing for no rows)."""
    if not rows:
        return
    aligns = ["right" if c.right else "left" for c in columns]
    out.append("<table>")
    out.append("<thead>")
    out.append("<tr>")
    for column, align in zip(columns, aligns):
        out.append(f'<th align="{align}">{column.name}</th>')
    out.append("</tr>")
    out.append("</thead>")
    out.append("<tbody>")
    tds = [f'<td align="{a}">' for a in aligns]
    for row in rows:
        out.append("<tr>")
        for cell, td in zip(row, tds):
            out.append(f"{td}{cell.markdown()}</td>")
        out.append("</tr>")
    out.append("</tbody>")
    out.append("</table>")
    out.append("")


def _section_lines(section: Section, out: list[str]) -> None:
    if section.title:
        out.append("#" * section.level + " " + section.title)
        out.append("")
        out.append("<details>")
        out.append(f"<summary> {section.summary} </summary>")
        out.append("")
    if section.doc:
        out.append(section.doc)
    parts = section.parts  # built first: a section that cannot be computed gets a note
    if section.note:
        out.append(section.note + "\n")
    else:
        for part in parts:
            if isinstance(part, Table):
                table_lines(part.columns, part.rows, out)
            else:
                _section_lines(part, out)
    out.append("")
    if section.title:
        out.append("</details>")
        out.append("")


def fields_lines(fields: dict[str, str]) -> list[str]:
    """bench_runner's "# Pystats results" block: which run (date, version, commit, flags)."""
    return ["# Pystats results", ""] + [f"- {k}: {v}" for k, v in fields.items()] + [""]


def header_lines(report: Report, fields: dict[str, str] | None = None) -> list[str]:
    """The lines above the report: bench_runner-style fields, then warnings."""
    out: list[str] = []
    if fields:
        out += ["", *fields_lines(fields)]
    note = report.problem_note()
    for warning in report.warnings + ([note] if note else []):
        out.append(f"> **Warning:** {warning}")
        out.append("")
    return out


def report_markdown(
    report: Report, fields: dict[str, str] | None = None, today: datetime.date | None = None
) -> str:
    """The whole report in summarize_stats' Markdown layout."""
    out = header_lines(report, fields)
    for section in report.sections:
        _section_lines(section, out)
    out.append("---")
    out.append(f"Stats gathered on: {today or datetime.date.today()}")
    return "\n".join(out) + "\n"


def section_markdown(section: Section) -> str:
    """One section (with its sub-sections) in the report's layout."""
    out: list[str] = []
    _section_lines(section, out)
    return "\n".join(out) + "\n"


def view_markdown(
    view: TableView | Sequence[TableView],
    title: str,
    context: list[str],
    fields: dict[str, str] | None = None,
) -> str:
    """The tables of a section exactly as shown (sort, filter, comparison) with a short header.

    ``fields`` puts the "# Pystats results" block of ``export RUN`` on top, so
    a view says which run (date, version, commit, flags) it comes from.
    """
    views = [view] if isinstance(view, TableView) else list(view)
    out: list[str] = []
    if fields:
        out += fields_lines(fields)
    out += [f"## {title}", ""]
    out.extend(f"- {line}" for line in context)
    if len(views) == 1:
        out.append(f"- rows: {views[0].describe()}")
    out.append("")
    for i, one in enumerate(views):
        if len(views) > 1:
            out += [f"### Table {i + 1} of {len(views)}", "", f"- rows: {one.describe()}", ""]
        if one.rows:
            table_lines(one.columns, one.rows, out)
        else:
            out.append("_No rows._")
            out.append("")
    return "\n".join(out)
