"""The browser's screens: the main browser and the help screen."""

from pystats_tui.screens.browser import BrowserScreen
from pystats_tui.screens.help import HelpScreen
from pystats_tui.screens.problems import ProblemsScreen

__all__ = ["BrowserScreen", "HelpScreen", "ProblemsScreen"]
