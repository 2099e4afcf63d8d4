"""Settings of what is read, with nothing heavy to import: the size limit and the default raw directory.

The command line reads them before it knows whether it will parse anything
(``--version`` and ``--help`` import no decoder).
"""

from __future__ import annotations

import os

from pystats_tui.core.errors import PystatsError

#: Where CPython writes raw stats by default (summarize_stats' default input).
DEFAULT_RAW_DIR = "c:\\temp\\py_stats\\" if os.name == "nt" else "/tmp/py_stats/"
#: The largest input file read, in MB (MiB), unless ``PYSTATS_TUI_MAX_FILE_MB`` or ``--max-size`` says.
DEFAULT_MAX_FILE_MB = 1024
MAX_FILE_ENV = "PYSTATS_TUI_MAX_FILE_MB"
_max_file_mb: float | None = None


def set_max_file_mb(mb: float | None) -> None:
    """The largest file read, in MB (``--max-size``); 0 reads any size; None: the environment's or 1 GiB."""
    global _max_file_mb
    _max_file_mb = mb


def max_file_bytes() -> int | None:
    """The largest file read, in bytes (None: no limit): ``--max-size``, else the environment, else 1 GiB."""
    mb: float | None = _max_file_mb
    if mb is None:
        text = os.environ.get(MAX_FILE_ENV, "").strip()
        if not text:
            mb = DEFAULT_MAX_FILE_MB
        else:
            try:
                mb = float(text)
            except ValueError:
                mb = -1.0
            if not mb >= 0:
                raise PystatsError(f"{MAX_FILE_ENV}={text[:40]!r} is not a size in MB (0: no limit)")
    return None if mb == 0 else int(mb * 1024 * 1024)
