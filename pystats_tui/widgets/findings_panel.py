"""A run's health findings above the tables, until escape closes them.

The browser shows it when a run marked ⚠ or ✗ is opened (its quick check's
findings, once per run) and when ``c`` finishes the full check. It shows a
few findings, errors first, and says how many more there are; it takes no
focus, so the table keeps its keys, and the screen closes it on escape.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.message import Message
from textual.widgets import Static

from pystats_tui.core.runs import MERGED

if TYPE_CHECKING:
    from pystats_tui.core.health import Finding

#: The mark of the worst finding, as in the tree.
_MARKS = {"error": "✗", "warning": "⚠"}


class FindingsPanel(Static, can_focus=False):
    """A run's findings (a quick check's or the full one's), hidden until shown."""

    DEFAULT_CSS = """
    FindingsPanel {
        height: auto;
        max-height: 6;
        padding: 0 1;
        background: $warning 30%;
        color: $text;
    }
    FindingsPanel.-error { background: $error 30%; }
    FindingsPanel.-hidden { display: none; }
    """

    #: How many findings are listed; the rest are counted.
    MAX_FINDINGS = 4

    @dataclass
    class Closed(Message):
        """The panel was closed (escape)."""

        panel: FindingsPanel

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id, classes="-hidden", markup=False)
        #: The run whose findings are shown (its directory, as ``HealthMarks`` keys runs), or None.
        self.run_key: str | None = None

    @property
    def shown(self) -> bool:
        """Whether the panel is on screen."""
        return not self.has_class("-hidden")

    def show_findings(self, run_key: str, label: str, findings: list[Finding], full: bool) -> None:
        """Show a run's findings: ``full`` for the full check (``c``), else the quick one's."""
        from pystats_tui.core.health import worst

        rank = {"error": 0, "warning": 1}
        ordered = sorted(findings, key=lambda f: rank.get(f.severity, 2))
        errors = sum(f.severity == "error" for f in findings)
        warnings = sum(f.severity == "warning" for f in findings)
        bad = worst(findings)
        tally = ((errors, "error"), (warnings, "warning"))
        counts = ", ".join(f"{n} {word}{'' if n == 1 else 's'}" for n, word in tally if n)
        check = "health check" if full else "quick check, c: full"
        lines = [f"{_MARKS.get(bad or '', '✓')} {label}: {counts or 'nothing found'} ({check}; esc closes)"]
        for finding in ordered[: self.MAX_FINDINGS]:
            # The run is named above: a finding names only the benchmark it is about.
            if finding.run is None:
                where = f"{finding.where}: "  # a file of the run
            else:
                where = f"{finding.bench}: " if finding.bench and finding.bench != MERGED else ""
            lines.append(f"  {_MARKS.get(finding.severity, '·')} {where}{finding.message}")
        if len(ordered) > self.MAX_FINDINGS:
            lines.append(f"  … and {len(ordered) - self.MAX_FINDINGS} more")
        self.run_key = run_key
        self.update("\n".join(lines))
        self.set_class(bad == "error", "-error")
        self.remove_class("-hidden")

    def close(self) -> None:
        """Hide the panel (it says so with ``Closed``)."""
        if self.shown:
            self.add_class("-hidden")
            self.run_key = None
            self.post_message(self.Closed(self))
