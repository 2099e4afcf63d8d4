"""No module of the package uses another module's private (``_name``) names.

The check walks every module under ``pystats_tui/`` and reads its AST: a
``from pystats_tui.x import _name`` of another module, or ``module._name``
where ``module`` is a package module bound by an import, fails. A name that
another module needs is made public (or moved) instead. Tests are not checked:
they may reach a private where nothing else can.
"""

from __future__ import annotations

import ast
from pathlib import Path

from ast_imports import PACKAGE_DIR, absolute_module, module_name


def _is_private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def private_uses(path: Path) -> list[str]:
    """``file:line: what`` for every private name of another package module that ``path`` uses."""
    module = module_name(path, PACKAGE_DIR)
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    bound: dict[str, str] = {}  # local name -> package module it stands for
    found: list[str] = []
    where = path.relative_to(PACKAGE_DIR.parent)
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == "pystats_tui":
                    local = alias.asname or alias.name.split(".")[0]
                    bound[local] = alias.name if alias.asname else "pystats_tui"
        elif isinstance(node, ast.ImportFrom):
            source = absolute_module(module, node, path.name == "__init__.py")
            if source.split(".")[0] != "pystats_tui":
                continue
            for alias in node.names:
                if _is_private(alias.name) and source != module:
                    found.append(f"{where}:{node.lineno}: from {source} import {alias.name}")
                # ``from pystats_tui.core import report`` binds a module.
                bound[alias.asname or alias.name] = f"{source}.{alias.name}"
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and _is_private(node.attr):
            chain = node.value
            while isinstance(chain, ast.Attribute):
                chain = chain.value
            if isinstance(chain, ast.Name) and chain.id in bound and bound[chain.id] != module:
                found.append(f"{where}:{node.lineno}: {ast.unparse(node)}")
    return found


def package_files() -> list[Path]:
    return sorted(PACKAGE_DIR.rglob("*.py"))


def test_no_module_uses_another_modules_private_names() -> None:
    found = [line for path in package_files() for line in private_uses(path)]
    assert found == []


def test_the_check_sees_a_private_import(tmp_path: Path, monkeypatch) -> None:
    """The check itself: a private import and a private attribute of another module are caught."""
    package = tmp_path / "pystats_tui"
    (package / "core").mkdir(parents=True)
    bad = package / "core" / "health.py"
    bad.write_text(
        "from pystats_tui.core.report import _build_section\n"
        "from pystats_tui.core import report\n"
        "from . import pivot\n"
        "report._build_parts\n"
        "pivot._norm\n"
    )
    monkeypatch.setattr(f"{__name__}.PACKAGE_DIR", package)
    assert [line.split(": ", 1)[1] for line in private_uses(bad)] == [
        "from pystats_tui.core.report import _build_section",
        "report._build_parts",
        "pivot._norm",
    ]
