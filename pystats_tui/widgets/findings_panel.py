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

if TYPE_CHECKING:
    from pystats_tui.core.health import Finding

#: The mark of the worst finding, as in the tree.
_MARKS = {"error": "✗", "warning": "⚠"}


class FindingsPanel(Static, can_focus=False):
    """A run's findings (a quick check's or the full one's), hidden until shown."""

    DEFAULT_CSS = """
    FindingsPanel {
        height: auto;
        max-height: 8;
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
        mark = _MARKS.get(bad or "", "✓")
        check = "health check" if full else "quick health check"
        counts = f"{errors} error(s), {warnings} warning(s)" if bad else "nothing found"
        hint = "escape closes" if full else "escape closes, c checks fully"
        lines = [f"{mark} Health of {label} ({check}): {counts}  [{hint}]"]
        lines += [f"  {f}" for f in ordered[: self.MAX_FINDINGS]]
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
