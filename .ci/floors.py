"""Print the lowest release each runtime dependency's range allows, as ``name==version`` lines.

CI installs the built wheel with these to prove the floors in pyproject.toml still work.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib

from packaging.requirements import Requirement


def floors(pyproject: Path) -> list[str]:
    """``name==floor`` for every runtime dependency; a dependency without a ``>=`` floor is an error."""
    project = tomllib.loads(pyproject.read_text())["project"]
    pins = []
    for text in project["dependencies"]:
        requirement = Requirement(text)
        lows = [s.version for s in requirement.specifier if s.operator == ">="]
        if len(lows) != 1:
            raise SystemExit(f"{pyproject}: {text!r} has no single '>=' floor")
        # A floor written as 7.5 is release 7.5.0.
        version = lows[0] if re.fullmatch(r"\d+\.\d+\.\d+.*", lows[0]) else f"{lows[0]}.0"
        pins.append(f"{requirement.name}=={version}")
    return pins


if __name__ == "__main__":
    print("\n".join(floors(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("pyproject.toml"))))
