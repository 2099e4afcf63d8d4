"""What an import statement of the package names, for the checks that walk the package's AST."""

from __future__ import annotations

import ast
from pathlib import Path

import pystats_tui

PACKAGE_DIR = Path(pystats_tui.__file__).parent


def module_name(path: Path, package_dir: Path = PACKAGE_DIR) -> str:
    """``pystats_tui/core/report.py`` -> ``pystats_tui.core.report`` (a package by its ``__init__``)."""
    parts = path.relative_to(package_dir.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def absolute_module(module: str, node: ast.ImportFrom, is_package: bool) -> str:
    """The absolute module an ``ImportFrom`` in ``module`` names (relative imports resolved)."""
    if not node.level:
        return node.module or ""
    base = module.split(".")
    # A package's own ``from . import x`` is relative to the package itself.
    base = base if is_package else base[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join([*base, node.module] if node.module else base)
