"""The browser's widgets, one a module."""

from pystats_tui.widgets.filter_bar import FilterBar
from pystats_tui.widgets.findings_panel import FindingsPanel
from pystats_tui.widgets.key_bar import KeyBar
from pystats_tui.widgets.report_loader import ReportLoader
from pystats_tui.widgets.report_view import ReportView
from pystats_tui.widgets.results_tree import NodeRef, ResultsTree
from pystats_tui.widgets.section_pane import SectionPane
from pystats_tui.widgets.stat_table import StatTable
from pystats_tui.widgets.status_line import StatusLine

__all__ = [
    "FilterBar",
    "FindingsPanel",
    "KeyBar",
    "NodeRef",
    "ReportLoader",
    "ReportView",
    "ResultsTree",
    "SectionPane",
    "StatTable",
    "StatusLine",
]
