"""Opcode names and the SPEC_FAIL / EVAL_CALL tables, per CPython version.

summarize_stats names failure kinds and call kinds from ``#define`` tables in
the CPython source (``_defines``, ``_stats_defines``) and needs the list of
specialized instructions (``_specialized_instructions``). JSON written by a
3.13+ script carries them; raw directories and 3.12 data do not, and 3.12 data
names opcodes by number. This module bundles the tables of each CPython minor
version from 3.12 on (``defines/*.json``), picks the one matching the data, and
can read them from a CPython checkout (``--cpython-src``) instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import msgspec

from pystats_tui.core.errors import PystatsError

_DATA_DIR = Path(__file__).parent
#: Minor versions with a bundled table, oldest first.
BUNDLED_VERSIONS = ("3.12", "3.13", "3.14", "3.15", "3.16")


@dataclass(frozen=True)
class Defines:
    """The metadata tables of one CPython version."""

    version: str
    specialized_instructions: tuple[str, ...] = ()
    #: SPEC_FAIL_* kinds: index -> names (in source order).
    defines: dict[int, list[str]] = field(default_factory=dict)
    #: EVAL_CALL_* kinds: index -> names.
    stats_defines: dict[int, list[str]] = field(default_factory=dict)
    #: 3.12 only: opcode number -> name, for data that names opcodes by number.
    opnames: dict[int, str] = field(default_factory=dict)
    source: str = ""


def version_key(version: str) -> tuple[int, int]:
    """``"3.14"`` -> ``(3, 14)``; anything unparsable sorts as the newest."""
    m = re.match(r"(\d+)\.(\d+)", version)
    return (int(m.group(1)), int(m.group(2))) if m else (99, 99)


@cache
def bundled(version: str) -> Defines:
    """The bundled tables for ``version`` (a minor version such as ``"3.14"``).

    An unknown version gets the nearest older bundled table, or the oldest
    one for anything before 3.12, or the newest for anything after.
    """
    want = version_key(version)
    chosen = BUNDLED_VERSIONS[0]
    for candidate in BUNDLED_VERSIONS:
        if version_key(candidate) <= want:
            chosen = candidate
    # A path beside this module rather than importlib.resources: it keeps start-up lean.
    obj = msgspec.json.decode((_DATA_DIR / f"{chosen}.json").read_bytes())
    return Defines(
        version=chosen,
        specialized_instructions=tuple(obj.get("specialized_instructions", ())),
        defines={int(k): v for k, v in obj.get("defines", {}).items()},
        stats_defines={int(k): v for k, v in obj.get("stats_defines", {}).items()},
        opnames={int(k): v for k, v in (obj.get("opnames") or {}).items()},
        source=obj.get("source", f"bundled {chosen}"),
    )


def _read_defines(path: Path, prefix: str) -> dict[int, list[str]]:
    out: dict[int, list[str]] = {}
    start = f"#define {prefix}_"
    for line in path.read_text("utf-8", errors="replace").splitlines():
        line = line.strip()
        if not line.startswith(start):
            continue
        parts = line[len(start) :].split()
        if len(parts) >= 2 and parts[1].isdigit():
            out.setdefault(int(parts[1]), []).append(parts[0])
    return out


def from_cpython_source(root: Path) -> Defines:
    """Read the tables from a CPython source checkout, as summarize_stats does."""
    root = Path(root)
    specialize = root / "Python" / "specialize.c"
    if not specialize.is_file():
        raise PystatsError("not a CPython checkout (no Python/specialize.c)", root)
    pystats_h = root / "Include" / "cpython" / "pystats.h"
    if not pystats_h.is_file():
        pystats_h = root / "Include" / "pystats.h"
    defines = _read_defines(specialize, "SPEC_FAIL")
    stats_defines = _read_defines(pystats_h, "EVAL_CALL") if pystats_h.is_file() else {}
    specialized: list[str] = []
    opnames: dict[int, str] = {}
    metadata = root / "Lib" / "_opcode_metadata.py"
    if metadata.is_file():
        text = metadata.read_text("utf-8", errors="replace")
        block = re.search(r"_specialized_opmap\s*=\s*\{(.*?)\}", text, re.S)
        if block:
            specialized = [n for n in re.findall(r"'([A-Z0-9_]+)'\s*:", block.group(1)) if "__" not in n]
    else:
        # 3.12: names and numbers of every opcode are #defines in Include/opcode.h.
        opcode_h = root / "Include" / "opcode.h"
        opcode_py = root / "Lib" / "opcode.py"
        if opcode_h.is_file():
            for name, number in re.findall(
                r"^#define ([A-Z][A-Z0-9_]*)\s+(\d+)\s*$", opcode_h.read_text("utf-8", errors="replace"), re.M
            ):
                if name not in ("HAVE_ARGUMENT", "MIN_INSTRUMENTED_OPCODE"):
                    opnames.setdefault(int(number), name)
        if opcode_py.is_file():
            text = opcode_py.read_text("utf-8", errors="replace")
            block = re.search(r"_specialized_instructions\s*=\s*\[(.*?)\]", text, re.S)
            if block:
                specialized = re.findall(r'"([A-Z0-9_]+)"', block.group(1))
    version = "unknown"
    patchlevel = root / "Include" / "patchlevel.h"
    if patchlevel.is_file():
        m = re.search(r'#define PY_VERSION\s+"(\d+\.\d+)', patchlevel.read_text("utf-8", errors="replace"))
        if m:
            version = m.group(1)
    return Defines(version, tuple(specialized), defines, stats_defines, opnames, f"CPython source {root}")
