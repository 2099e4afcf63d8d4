"""The core never imports the UI: every module found by walking ``pystats_tui/core`` runs without Textual.

Two checks, neither with a hand-kept list of modules:

* an AST check reads every module under ``pystats_tui/core/`` (and ``cli.py``)
  and fails on any import of Textual, Rich or the UI (``app``, ``palette``,
  ``health_marks``, ``screens``, ``widgets``). The command line may import the
  UI only inside the function that opens the browser (``run_browser``); the
  core may not import it anywhere;
* a subprocess imports every core module that ``pkgutil.walk_packages`` finds,
  and ``cli``, and asserts that neither ``textual`` nor ``rich`` was loaded.
"""

from __future__ import annotations

import ast
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest
from ast_imports import PACKAGE_DIR, absolute_module, module_name
from conftest import DEFAULT_RUN

import pystats_tui
import pystats_tui.core

CORE_DIR = PACKAGE_DIR / "core"
CLI = PACKAGE_DIR / "cli.py"
#: Third-party UI packages and the package's own UI modules.
UI_MODULES = (
    "textual",
    "rich",
    "pystats_tui.app",
    "pystats_tui.palette",
    "pystats_tui.health_marks",
    "pystats_tui.screens",
    "pystats_tui.widgets",
)
#: Functions of a module that may import the UI, lazily: the CLI opens the browser in one.
MAY_OPEN_THE_UI = {CLI: {"run_browser"}}


def _is_ui(name: str) -> bool:
    return any(name == ui or name.startswith(ui + ".") for ui in UI_MODULES)


def _imported(node: ast.Import | ast.ImportFrom, module: str, is_package: bool) -> list[str]:
    """The absolute names an import loads: ``from pystats_tui import app`` -> ``pystats_tui.app``."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    source = absolute_module(module, node, is_package)
    return [source] + [f"{source}.{alias.name}" for alias in node.names]


def ui_imports_in(source: str, module: str, is_package: bool, allowed: set[str]) -> list[str]:
    """``line: name where`` for every UI import in ``source`` outside the ``allowed`` functions."""
    found: list[str] = []

    def visit(node: ast.AST, function: str | None) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):
                # A nested function counts as the outermost function that holds it.
                visit(child, function or child.name)
                continue
            if isinstance(child, (ast.Import, ast.ImportFrom)):
                names = [n for n in _imported(child, module, is_package) if _is_ui(n)]
                if names and function not in allowed:
                    where = f"in {function}()" if function else "at module level"
                    found.append(f"{child.lineno}: {names[-1]} {where}")
            visit(child, function)

    visit(ast.parse(source), None)
    return found


def ui_imports(path: Path) -> list[str]:
    """``file:line: name where`` for every import of the UI that the module at ``path`` may not make."""
    found = ui_imports_in(
        path.read_text(encoding="utf-8"),
        module_name(path),
        path.name == "__init__.py",
        MAY_OPEN_THE_UI.get(path, set()),
    )
    return [f"{path.relative_to(PACKAGE_DIR.parent)}:{line}" for line in found]


def core_files() -> list[Path]:
    return sorted(CORE_DIR.rglob("*.py"))


def core_modules() -> list[str]:
    """Every module of ``pystats_tui.core``, found by walking the package."""
    found = [m.name for m in pkgutil.walk_packages(pystats_tui.core.__path__, "pystats_tui.core.")]
    return ["pystats_tui.core", *found]


def test_the_walk_finds_the_core() -> None:
    """Neither check passes vacuously: the walks see the core's modules and files."""
    modules = core_modules()
    for name in ("pystats_tui.core.parse", "pystats_tui.core.report_spec", "pystats_tui.core.defines"):
        assert name in modules
    assert len(modules) == len(core_files())


@pytest.mark.parametrize("path", [*core_files(), CLI], ids=lambda p: str(p.relative_to(PACKAGE_DIR)))
def test_no_core_module_imports_the_ui(path: Path) -> None:
    assert ui_imports(path) == []


def test_the_cli_imports_the_app_only_to_open_it() -> None:
    """The rule for cli.py is real: it does import the app, inside ``run_browser`` only."""
    found = ui_imports_in(CLI.read_text(encoding="utf-8"), "pystats_tui.cli", False, set())
    assert [line.split(": ", 1)[1] for line in found] == ["pystats_tui.app.PystatsApp in run_browser()"]


def test_the_check_sees_a_ui_import() -> None:
    """A Textual, Rich or UI import anywhere in a core module is caught, relative ones too."""
    source = (
        "import rich.text\n"
        "def f() -> None:\n"
        "    def g() -> None:\n"
        "        from textual.app import App\n"
        "    from .. import widgets\n"
        "if True:\n"
        "    from pystats_tui.screens.browser import BrowserScreen\n"
        "def run_browser() -> None:\n"
        "    from pystats_tui import app\n"
    )
    assert ui_imports_in(source, "pystats_tui.core.probe", False, set()) == [
        "1: rich.text at module level",
        "4: textual.app.App in f()",
        "5: pystats_tui.widgets in f()",
        "7: pystats_tui.screens.browser.BrowserScreen at module level",
        "9: pystats_tui.app in run_browser()",
    ]
    in_cli = ui_imports_in(source, "pystats_tui.core.probe", False, {"run_browser"})
    assert in_cli == ui_imports_in(source, "pystats_tui.core.probe", False, set())[:-1]


def test_core_modules_import_without_textual() -> None:
    modules = [*core_modules(), "pystats_tui.cli"]
    code = (
        "import sys, importlib\n"
        f"for m in {modules!r}: importlib.import_module(m)\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich'))\n"
        "print(bad)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_export_runs_without_textual() -> None:
    code = (
        "import sys\n"
        "from pystats_tui.cli import main\n"
        f"rc = main(['export', {str(DEFAULT_RUN)!r}])\n"
        "assert rc == 0\n"
        "assert 'textual' not in sys.modules, 'export imported textual'\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert "## Execution counts" in out.stdout


#: Above each layer of the UI: what it may not import (the arrows point down only).
LAYERS_ABOVE = {
    "widgets": ("pystats_tui.screens", "pystats_tui.app", "pystats_tui.palette"),
    "screens": ("pystats_tui.app",),
}


def imports_above_in(source: str, module: str, is_package: bool, above: tuple[str, ...]) -> list[str]:
    """``line: name`` for every import in ``source`` of a module of a layer ``above`` it."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            for name in _imported(node, module, is_package):
                if any(name == a or name.startswith(a + ".") for a in above):
                    found.append(f"{node.lineno}: {name}")
                    break
    return found


def _imports_above(path: Path, above: tuple[str, ...]) -> list[str]:
    source = path.read_text(encoding="utf-8")
    found = imports_above_in(source, module_name(path), path.name == "__init__.py", above)
    return [f"{path.relative_to(PACKAGE_DIR.parent)}:{line}" for line in found]


@pytest.mark.parametrize("layer", sorted(LAYERS_ABOVE))
def test_ui_layers_import_only_downwards(layer: str) -> None:
    files = sorted((PACKAGE_DIR / layer).glob("*.py"))
    assert len(files) > 3, f"the walk found no {layer} modules"
    found = [line for path in files for line in _imports_above(path, LAYERS_ABOVE[layer])]
    assert found == []


def test_the_layer_check_sees_an_upward_import() -> None:
    """The check that passes on the package finds an upward import, absolute or relative."""
    above = LAYERS_ABOVE["widgets"]
    source = "import os\nfrom pystats_tui.screens.browser import BrowserScreen\nfrom .. import app\n"
    found = imports_above_in(source, "pystats_tui.widgets.w", False, above)
    assert found == ["2: pystats_tui.screens.browser", "3: pystats_tui.app"]
    assert (
        imports_above_in("from pystats_tui.core import cells\n", "pystats_tui.widgets.w", False, above) == []
    )
