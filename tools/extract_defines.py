"""Regenerate one bundled metadata table in ``pystats_tui/core/defines/``.

summarize_stats needs three tables besides the counters: the specialized
instruction names, the ``SPEC_FAIL_*`` failure-kind names and the
``EVAL_CALL_*`` call-kind names. CPython 3.13+ JSON output carries them
inline; raw ``/tmp/py_stats`` directories and 3.12 JSON files do not, and
3.12 data names opcodes by number, so for 3.12 we also need the
number -> name map of the interpreter that wrote the data.

Each table is taken from the first source that has it, in this order:

1. a file named on the command line (``--specialize-c``, ``--pystats-h``,
   ``--opcode-metadata``, ``--opcode-py``, ``--opcode-h``);
2. the same file inside a CPython checkout (``--cpython DIR``);
3. a summarize_stats JSON file (``--json FILE``) that carries
   ``_specialized_instructions``, ``_defines`` and ``_stats_defines``.

Examples::

    python tools/extract_defines.py 3.13 --json results/...-pystats.json \\
        --note "CPython 3.13.15 summarize_stats JSON"
    python tools/extract_defines.py 3.12 --cpython ~/src/cpython-3.12

The result goes to ``pystats_tui/core/defines/<version>.json`` unless ``-o`` says
otherwise (``-o -`` prints it). The script only reads files; it never imports
or runs code from the CPython tree, so it works for any CPython version.
"""

from __future__ import annotations

import argparse
import ast
import json
import re
import sys
from collections.abc import Iterable
from pathlib import Path

DEFINES_DIR = Path(__file__).resolve().parent.parent / "pystats_tui" / "core" / "defines"

# Where each input lives inside a CPython checkout, newest layout first.
SPECIALIZE_C = ("Python/specialize.c",)
PYSTATS_H = ("Include/cpython/pystats.h", "Include/pystats.h")
OPCODE_METADATA_PY = ("Lib/_opcode_metadata.py",)  # 3.13+
OPCODE_PY = ("Lib/opcode.py",)  # 3.12 and older
OPCODE_H = ("Include/opcode.h",)

_DEFINE_RE = re.compile(r"#\s*define\s+(\w+)\s+(\d+)\s*(?://.*|/\*.*)?$")
# Names in 3.12's Include/opcode.h that are numbers but not opcodes.
_OPCODE_H_NOT_OPCODES = frozenset(
    {
        "HAVE_ARGUMENT",
        "MIN_INSTRUMENTED_OPCODE",
        "MIN_PSEUDO_OPCODE",
        "MAX_PSEUDO_OPCODE",
        "ENABLE_SPECIALIZATION",
    }
)
_OPCODE_PY_DEFINERS = frozenset({"def_op", "name_op", "jrel_op", "jabs_op"})

DefineTable = dict[int, list[str]]


def parse_prefixed_defines(lines: Iterable[str], prefix: str) -> DefineTable:
    """Collect ``#define <prefix>_<NAME> <int>`` lines as ``{int: [NAME, ...]}``.

    Names keep file order within a value and values keep the order in which
    they first appear, as summarize_stats builds the table.
    """
    table: DefineTable = {}
    for line in lines:
        match = _DEFINE_RE.match(line.strip())
        if match is None or not match.group(1).startswith(prefix + "_"):
            continue
        name = match.group(1)[len(prefix) + 1 :]
        table.setdefault(int(match.group(2)), []).append(name)
    return table


def _module_assignment(path: Path, name: str) -> ast.expr:
    """The value expression of the top-level ``name = ...`` in a Python file."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
            isinstance(target, ast.Name) and target.id == name for target in node.targets
        ):
            return node.value
    raise SystemExit(f"{path}: no top-level assignment to {name}")


def _literal_mapping(node: ast.expr) -> dict[str, object]:
    """Evaluate ``{...}``, ``dict({...})``, ``frozendict(...)`` or ``f(NAME=value, ...)``."""
    if isinstance(node, ast.Call):
        result: dict[str, object] = {}
        for arg in node.args:
            result.update(_literal_mapping(arg))
        for keyword in node.keywords:
            if keyword.arg is None:
                result.update(_literal_mapping(keyword.value))
            else:
                result[keyword.arg] = ast.literal_eval(keyword.value)
        return result
    value = ast.literal_eval(node)
    if not isinstance(value, dict):
        raise SystemExit(f"expected a mapping literal, found {type(value).__name__}")
    return value


def specialized_from_opcode_metadata(path: Path) -> list[str]:
    """3.13+: names of ``_specialized_opmap`` without ``__``, in file order."""
    opmap = _literal_mapping(_module_assignment(path, "_specialized_opmap"))
    return [name for name in opmap if "__" not in name]


def all_specialized_from_opcode_py(path: Path) -> list[str]:
    """3.12: ``_specializations`` flattened family by family, ``__`` names included."""
    families = _literal_mapping(_module_assignment(path, "_specializations"))
    names: list[str] = []
    for members in families.values():
        if not isinstance(members, list):
            raise SystemExit(f"{path}: _specializations values must be lists")
        names.extend(str(member) for member in members)
    return names


def base_opmap_from_opcode_py(path: Path) -> dict[str, int]:
    """3.12: the ``def_op('NAME', n)`` style calls of ``Lib/opcode.py`` (n < 256)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    opmap: dict[str, int] = {}
    for node in tree.body:
        if not (isinstance(node, ast.Expr) and isinstance(node.value, ast.Call)):
            continue
        call = node.value
        if not (isinstance(call.func, ast.Name) and call.func.id in _OPCODE_PY_DEFINERS):
            continue
        if len(call.args) != 2:
            continue
        name, number = (ast.literal_eval(arg) for arg in call.args)
        if isinstance(name, str) and isinstance(number, int) and number < 256:
            opmap[name] = number
    return opmap


def assign_specialized_numbers(base: dict[str, int], specialized: list[str]) -> dict[int, str]:
    """Number opcodes as 3.12 did: specialized names fill the free slots from 1 upwards.

    This is the rule of 3.12's ``Tools/build/generate_opcode_h.py`` and of
    3.12's summarize_stats, which rebuilt the names from the ``opcode`` module.
    """
    names = {number: name for name, number in base.items()}
    free = (number for number in range(1, 256) if number not in names)
    for name, number in zip(specialized, free):
        names[number] = name
    return dict(sorted(names.items()))


def opnames_from_opcode_h(path: Path) -> dict[int, str]:
    """3.12: every ``#define NAME n`` of ``Include/opcode.h`` that is an opcode (n < 256)."""
    names: dict[int, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        match = _DEFINE_RE.match(line.strip())
        if match is None:
            continue
        name, number = match.group(1), int(match.group(2))
        if number >= 256 or name.startswith("NB_") or name in _OPCODE_H_NOT_OPCODES:
            continue
        names.setdefault(number, name)
    return dict(sorted(names.items()))


def _find(explicit: Path | None, checkout: Path | None, candidates: tuple[str, ...]) -> Path | None:
    if explicit is not None:
        return explicit
    if checkout is not None:
        for candidate in candidates:
            if (checkout / candidate).is_file():
                return checkout / candidate
    return None


def _int_keyed(table: object, what: str) -> DefineTable:
    if not isinstance(table, dict):
        raise SystemExit(f"JSON input has no {what} object")
    return {int(key): [str(name) for name in names] for key, names in table.items()}


def build_table(args: argparse.Namespace) -> dict[str, object]:
    """Assemble the per-version table from whatever sources the arguments name."""
    checkout: Path | None = args.cpython
    json_data: dict[str, object] = {}
    if args.json is not None:
        json_data = json.loads(args.json.read_text(encoding="utf-8"))
    sources: list[str] = []

    specialize_c = _find(args.specialize_c, checkout, SPECIALIZE_C)
    if specialize_c is not None:
        lines = specialize_c.read_text(encoding="utf-8").splitlines()
        defines = parse_prefixed_defines(lines, "SPEC_FAIL")
        sources.append(f"_defines from {specialize_c}")
    else:
        defines = _int_keyed(json_data.get("_defines"), "_defines")
        sources.append(f"_defines from {args.json}")

    pystats_h = _find(args.pystats_h, checkout, PYSTATS_H)
    if pystats_h is not None:
        lines = pystats_h.read_text(encoding="utf-8").splitlines()
        stats_defines = parse_prefixed_defines(lines, "EVAL_CALL")
        sources.append(f"_stats_defines from {pystats_h}")
    else:
        stats_defines = _int_keyed(json_data.get("_stats_defines"), "_stats_defines")
        sources.append(f"_stats_defines from {args.json}")

    opnames: dict[int, str] = {}
    metadata_py = _find(args.opcode_metadata, checkout, OPCODE_METADATA_PY)
    opcode_py = None if metadata_py else _find(args.opcode_py, checkout, OPCODE_PY)
    if metadata_py is not None:
        specialized = specialized_from_opcode_metadata(metadata_py)
        sources.append(f"specialized instructions from {metadata_py}")
    elif opcode_py is not None:
        # 3.12: numeric opcodes, so the number -> name map is needed as well.
        all_specialized = all_specialized_from_opcode_py(opcode_py)
        specialized = [name for name in all_specialized if "__" not in name]
        opnames = assign_specialized_numbers(base_opmap_from_opcode_py(opcode_py), all_specialized)
        sources.append(f"specialized instructions and opcode numbers from {opcode_py}")
        opcode_h = _find(args.opcode_h, checkout, OPCODE_H)
        if opcode_h is not None:
            from_header = opnames_from_opcode_h(opcode_h)
            if from_header != opnames:
                differing = sorted(set(from_header.items()) ^ set(opnames.items()))
                print(f"warning: {opcode_h} differs from {opcode_py}: {differing}", file=sys.stderr)
            opnames = from_header
            sources.append(f"opcode numbers from {opcode_h}")
    else:
        raw = json_data.get("_specialized_instructions")
        if not isinstance(raw, list):
            raise SystemExit("no source for the specialized instructions")
        specialized = [str(name) for name in raw]
        sources.append(f"specialized instructions from {args.json}")

    for source in sources:
        print(source, file=sys.stderr)
    return {
        "version": args.version,
        "source": args.note or "; ".join(sources),
        "specialized_instructions": specialized,
        "defines": {str(key): names for key, names in defines.items()},
        "stats_defines": {str(key): names for key, names in stats_defines.items()},
        "opnames": {str(number): name for number, name in opnames.items()},
    }


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Command-line options; see the module docstring."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("version", help="CPython minor version, e.g. 3.13")
    parser.add_argument("--json", type=Path, help="summarize_stats JSON with the metadata keys")
    parser.add_argument("--cpython", type=Path, help="a CPython source checkout")
    parser.add_argument("--specialize-c", type=Path, help="Python/specialize.c")
    parser.add_argument("--pystats-h", type=Path, help="Include/cpython/pystats.h (3.12: Include/pystats.h)")
    parser.add_argument("--opcode-metadata", type=Path, help="Lib/_opcode_metadata.py (3.13+)")
    parser.add_argument("--opcode-py", type=Path, help="Lib/opcode.py (3.12)")
    parser.add_argument("--opcode-h", type=Path, help="Include/opcode.h (3.12, optional)")
    parser.add_argument("--note", help="text for the 'source' field (default: the files read)")
    parser.add_argument("-o", "--output", help="output file, '-' for stdout")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Write the table for one CPython version."""
    args = parse_args(argv)
    if args.json is None and args.cpython is None and args.specialize_c is None:
        raise SystemExit("give --json, --cpython or the individual source files")
    text = json.dumps(build_table(args), indent=1) + "\n"
    if args.output == "-":
        sys.stdout.write(text)
    else:
        output = Path(args.output) if args.output else DEFINES_DIR / f"{args.version}.json"
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(text, encoding="utf-8")
        print(f"wrote {output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
