"""A run's health findings above the tables, until escape closes them.

The browser shows it when a run marked ⚠ or ✗ is opened (its quick check's
findings, once per run) and when ``c`` finishes the full check. It shows a
few findings, errors first, each whole (wrapped) in at most six lines, and
says how many more there are: a finding that does not fit is counted, never
cut. It takes no focus, so the table keeps its keys, and the screen closes it
on escape.
"""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING

from textual.geometry import Size
from textual.widgets import Static

from pystats_tui.core.runs import MERGED
from pystats_tui.widgets.table_lines import ellipsize

if TYPE_CHECKING:
    from pystats_tui.core.health import Finding


def _wrap(text: str, width: int, indent: str) -> list[str]:
    """``text`` in lines of ``width`` cells, continued under ``indent`` + 2 (a word longer is shortened)."""
    more = indent + "  "
    lines = textwrap.wrap(text, width, initial_indent=indent, subsequent_indent=more, break_long_words=False)
    return [ellipsize(line, width) for line in lines] or [""]


class FindingsPanel(Static, can_focus=False):
    """A run's findings (a quick check's or the full one's), hidden until shown."""

    DEFAULT_CSS = """
    FindingsPanel {
        height: auto;
        padding: 0 1;
        background: $warning 30%;
        color: $text;
    }
    FindingsPanel.-error { background: $error 30%; }
    FindingsPanel.-hidden { display: none; }
    """

    #: How many findings are listed; the rest are counted.
    MAX_FINDINGS = 4
    #: The most lines the panel takes (the tables need the rest).
    MAX_LINES = 6

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id, classes="-hidden", markup=False)
        #: The run whose findings are shown (its directory, as ``HealthMarks`` keys runs), or None.
        self.run_key: str | None = None
        self._header = ""
        #: A line for each finding, errors first, before wrapping.
        self._findings: list[str] = []

    @property
    def shown(self) -> bool:
        """Whether the panel is on screen."""
        return not self.has_class("-hidden")

    def show_findings(self, run_key: str, label: str, findings: list[Finding], full: bool) -> None:
        """Show a run's findings: ``full`` for the full check (``c``), else the quick one's."""
        from pystats_tui.core.health import MARKS, worst

        rank = {"error": 0, "warning": 1}
        ordered = sorted(findings, key=lambda f: rank.get(f.severity, 2))
        errors = sum(f.severity == "error" for f in findings)
        warnings = sum(f.severity == "warning" for f in findings)
        bad = worst(findings)
        tally = ((errors, "error"), (warnings, "warning"))
        counts = ", ".join(f"{n} {word}{'' if n == 1 else 's'}" for n, word in tally if n)
        check = "health check" if full else "quick check, c: full"
        mark = MARKS.get(bad or "", "✓")
        self._header = f"{mark} {label}: {counts or 'nothing found'} ({check}; esc closes)"
        self._findings = []
        for finding in ordered:
            # The run is named above: a finding names only the benchmark it is about.
            if finding.run is None:
                where = f"{finding.where}: "  # a file of the run
            else:
                where = f"{finding.bench}: " if finding.bench and finding.bench != MERGED else ""
            self._findings.append(f"{MARKS.get(finding.severity, '·')} {where}{finding.message}")
        self.run_key = run_key
        self.refresh(layout=True)
        self.set_class(bad == "error", "-error")
        self.remove_class("-hidden")

    def lines(self, width: int) -> list[str]:
        """The panel's lines at ``width``: the header, then whole findings (wrapped) while they fit.

        At most ``MAX_LINES`` lines and ``MAX_FINDINGS`` findings; a finding that
        would not fit whole is left out and counted in the last line, except the
        first, whose start is shown with its end marked ``…``.
        """
        if width <= 0:
            return []
        out = _wrap(self._header, width, "")
        shown = 0
        for i, finding in enumerate(self._findings):
            wrapped = _wrap(finding, width, "  ")
            more = 1 if i + 1 < len(self._findings) else 0  # room for the "and N more" line
            room = self.MAX_LINES - len(out) - more
            if shown == self.MAX_FINDINGS or len(wrapped) > room:
                if shown == 0 and room > 0:
                    # Not even the first fits: its start, its end marked, rather than nothing.
                    wrapped = [*wrapped[: room - 1], ellipsize(wrapped[room - 1] + " …", width)]
                    out += wrapped[:room]
                    shown += 1
                break
            out += wrapped
            shown += 1
        if shown < len(self._findings):
            out.append(ellipsize(f"  … and {len(self._findings) - shown} more", width))
        return out

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self.lines(width))

    def render(self) -> str:
        return "\n".join(self.lines(self.content_size.width))

    def close(self) -> None:
        """Hide the panel."""
        if self.shown:
            self.add_class("-hidden")
            self.run_key = None
