"""Generate a large bench_runner-style results tree made of symlinks to (or scaled copies of) real data.

Every run directory is named like bench_runner names them
(``bm-YYYYMMDD-3.14.0-<7 hex>[-PYTHON_UOPS]``, dates spread over several years)
and holds symlinks to the real files of one run in ``tests/data/results``: the
merged JSON and Markdown report renamed with the run's own prefix, and one JSON
and one Markdown file per benchmark, cycling over the real benchmark files.
Nothing is copied, so 1,000 runs × 90 benchmarks cost only directory entries.

With ``distinct=True`` (``--distinct``) each run's merged JSON is a file of its
own instead of a symlink: the real merged counters multiplied by a factor
that depends on the run (1 to 7), so no cache of decoded files can answer
for another run and a history reads 1,000 different files, as in a real tree.
LOAD_FAST's count is multiplied once more (1 to 3), so its share moves and a
history of it has real steps to find.

Usage: ``python bench/gentree.py DEST [--runs 1000] [--benches 90] [--distinct]``.
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import msgspec

ROOT = Path(__file__).resolve().parent.parent
SOURCE_RUN = ROOT / "tests" / "data" / "results" / "bm-20261127-3.13.15-d7482a7"
SOURCE_PREFIX = "bm-20261127-local-x86_64-python-d7482a7fc1ed36734cb2-3.13.15-d7482a7-pystats"
VERSION = "3.14.0"
FIRST_DATE = datetime.date(2022, 1, 3)


@dataclass(frozen=True)
class GeneratedTree:
    """What was generated: where, how many runs and files, and the newest run's directory name."""

    path: Path
    runs: int
    benches: int
    links: int
    newest: str
    run_names: tuple[str, ...]


def real_benchmarks(run: Path = SOURCE_RUN) -> list[str]:
    """The names of the real per-benchmark files of the source run (``nbody_small``, ...)."""
    names = []
    for entry in sorted(os.listdir(run)):
        if entry.startswith(SOURCE_PREFIX + "-") and entry.endswith(".json"):
            names.append(entry[len(SOURCE_PREFIX) + 1 : -len(".json")])
    if not names:
        raise SystemExit(f"no per-benchmark JSON files in {run}")
    return names


def run_names(count: int, seed: int = 4, flagged: float = 0.3) -> list[str]:
    """``count`` distinct run directory names over the years, ``flagged`` of them tier-2 runs."""
    rng = random.Random(seed)
    names: list[str] = []
    seen: set[str] = set()
    date = FIRST_DATE
    while len(names) < count:
        commit = f"{rng.getrandbits(28):07x}"
        flags = "-PYTHON_UOPS" if rng.random() < flagged else ""
        name = f"bm-{date:%Y%m%d}-{VERSION}-{commit}{flags}"
        if name not in seen:
            seen.add(name)
            names.append(name)
        # Usually a new day per run, sometimes two runs on a day, sometimes a gap.
        date += datetime.timedelta(days=rng.choice((0, 1, 1, 1, 2, 3)))
    return names


#: The counter whose share moves from run to run, so a history of it has steps to find.
MOVED_COUNTER = "opcode[LOAD_FAST].execution_count"


def scaled_json(data: dict[str, Any], factor: int, moved: int = 1) -> bytes:
    """A summarize_stats JSON with every counter multiplied by ``factor`` (metadata kept as is).

    ``MOVED_COUNTER`` is multiplied by ``moved`` as well: scaling alone leaves every
    share as it was, and a history's steps would all be zero.
    """
    out = {
        k: v * factor if isinstance(v, int) and not k.startswith("_") and k != "metadata" else v
        for k, v in data.items()
    }
    if MOVED_COUNTER in out:
        out[MOVED_COUNTER] *= moved
    return msgspec.json.encode(out)


def generate(
    dest: Path,
    runs: int = 1000,
    benches: int = 90,
    source: Path = SOURCE_RUN,
    distinct: bool = False,
    flagged: float = 0.3,
) -> GeneratedTree:
    """Fill ``dest`` (an empty directory) with ``runs`` run directories of ``benches`` benchmarks each.

    ``distinct``: each run's merged JSON is a file of its own, its counters scaled per run.
    ``flagged``: the fraction of runs named as ``PYTHON_UOPS`` runs (0: one flag group of ``runs``).
    """
    dest.mkdir(parents=True, exist_ok=True)
    real = real_benchmarks(source)
    merged_json = source / f"{SOURCE_PREFIX}.json"
    merged_md = source / f"{SOURCE_PREFIX}.md"
    merged_data = msgspec.json.decode(merged_json.read_bytes()) if distinct else {}
    names = run_names(runs, flagged=flagged)
    links = 0
    for n, name in enumerate(names):
        run_dir = dest / name
        run_dir.mkdir()
        date = name.split("-")[1]
        commit = name.split("-")[3]
        prefix = f"bm-{date}-local-x86_64-python-{commit}{'0' * 13}-{VERSION}-{commit}-pystats"
        if distinct:
            (run_dir / f"{prefix}.json").write_bytes(scaled_json(merged_data, 1 + n % 7, 1 + n % 3))
        else:
            os.symlink(merged_json, run_dir / f"{prefix}.json")
            links += 1
        os.symlink(merged_md, run_dir / f"{prefix}.md")
        links += 1
        for i in range(benches):
            real_name = real[i % len(real)]
            bench_name = f"bench_{i:03d}"
            for ext in ("json", "md"):
                target = source / f"{SOURCE_PREFIX}-{real_name}.{ext}"
                os.symlink(target, run_dir / f"{prefix}-{bench_name}.{ext}")
                links += 1
    newest = max(names, key=lambda n: (n.split("-")[1], n))
    return GeneratedTree(dest, runs, benches, links, newest, tuple(names))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dest", type=Path, help="an empty (or new) directory")
    parser.add_argument("--runs", type=int, default=1000)
    parser.add_argument("--benches", type=int, default=90)
    parser.add_argument("--distinct", action="store_true", help="a merged JSON file of its own per run")
    parser.add_argument("--flagged", type=float, default=0.3, help="fraction of PYTHON_UOPS runs")
    args = parser.parse_args()
    tree = generate(args.dest, args.runs, args.benches, distinct=args.distinct, flagged=args.flagged)
    print(f"{tree.runs} runs × {tree.benches} benchmarks, {tree.links} symlinks in {tree.path}")


if __name__ == "__main__":
    main()
