"""Bytes to counters: any input path loaded into ``RawData``.

``load_input`` picks the reader: summarize_stats JSON (``json_data``), a raw
``/tmp/py_stats`` file or a directory of them (``raw_files``); files are read
safely by ``files.read_bytes``. JSON comes from ``summarize_stats.py
--json-output`` (one line) or from bench_runner's rewrite of it (indented,
with a ``metadata`` object), decoded with msgspec. Nothing here is ever
evaluated as code.

Bad lines and bad counters are reported as ``Problem`` records and skipped; a
file that cannot be used at all raises ``PystatsError``.
"""

from __future__ import annotations

from pathlib import Path

from pystats_tui.core.counters import RawData
from pystats_tui.core.errors import Problem
from pystats_tui.core.files import is_dir, read_bytes
from pystats_tui.core.json_data import decode_json, load_json_file, looks_like_json
from pystats_tui.core.progress import Progress
from pystats_tui.core.raw_files import decode_raw_bytes, load_raw_dir


def load_input(path: Path, progress: Progress | None = None) -> RawData:
    """Load a JSON file, a raw stats file, or a raw directory (``progress``: see ``read_bytes``)."""
    if path.suffix == ".json":  # a results tree's data: no look at whether it is a directory first
        return load_json_file(path, progress)
    if is_dir(path):
        return load_raw_dir(path, progress)
    data = read_bytes(path, progress, data=True)
    if looks_like_json(data):
        return decode_json(data, path)
    counters: dict[str, int] = {}
    problems: list[Problem] = []
    decode_raw_bytes(data, path, counters, problems)
    return RawData(counters, 1, problems=problems, source=str(path))
