"""Reports on their way to the screen: built in a worker, kept in a small cache, announced by messages.

``ReportLoader`` is a widget with nothing to draw. The browser asks it for the
report of a selection (or base vs head); a report at hand, or the first small
input (faster built here than in a thread that shares the interpreter with the
first frame), comes back at once; anything else is built in a worker thread
that reports ``Progress`` while it reads and ``Loaded`` or ``Failed`` when done.
A newer request cancels the worker of the older one, whose result is dropped.
``Busy`` says when a build starts and when none is on its way any more (it
came, failed, or was dropped for a report at hand), so that other background
work can wait for it.
"""

from __future__ import annotations

import stat
import time
from collections import OrderedDict
from dataclasses import dataclass

from textual import work
from textual.message import Message
from textual.widget import Widget
from textual.worker import get_current_worker

from pystats_tui.core.errors import PystatsError, failure_text
from pystats_tui.core.report import Report
from pystats_tui.core.runs import Benchmark
from pystats_tui.core.selection import Selection, open_report
from pystats_tui.heap import freeze_heap_soon

#: Inputs up to this size build their first report without a worker thread.
SMALL_INPUT = 2_000_000
#: Reports kept at hand (a comparison and its benchmarks, going back and forth).
CACHED_REPORTS = 6
#: Progress is reported at most this often (seconds).
PROGRESS_EVERY = 0.1

ReportKey = tuple[tuple[str, str], "tuple[str, str] | None"]


class ReportLoader(Widget):
    """Builds reports off the screen's thread and keeps the last few."""

    DEFAULT_CSS = "ReportLoader { display: none; }"

    @dataclass
    class Loaded(Message):
        """The report of ``head`` (against ``base``) is ready."""

        head: Selection
        base: Selection | None
        report: Report

    @dataclass
    class Busy(Message):
        """A report started building in the background (True), or none is building any more (False)."""

        busy: bool

    @dataclass
    class Failed(Message):
        """The report of ``head`` could not be built: ``message`` says why, in one line."""

        head: Selection
        message: str

    @dataclass
    class Progress(Message):
        """How far the input of ``head`` has loaded, as a line to show."""

        head: Selection
        text: str

    def __init__(self) -> None:
        super().__init__()
        self._reports: OrderedDict[ReportKey, Report] = OrderedDict()
        #: The report being built in the background (the last one asked for), and whether
        #: ``Busy(True)`` was said for it.
        self._building: ReportKey | None = None
        self._busy = False

    @staticmethod
    def _key(head: Selection, base: Selection | None) -> ReportKey:
        return (head.bench.key, base.bench.key if base else None)

    def cached_for(self, bench: Benchmark) -> Report | None:
        """A report of ``bench`` at hand (alone or compared), e.g. to list its sections."""
        for (head_key, _base_key), report in reversed(self._reports.items()):
            if head_key == bench.key:
                return report
        return None

    def cached(self, head: Selection, base: Selection | None) -> Report | None:
        """The report of ``head`` (against ``base``) if it is at hand, else None (nothing is built)."""
        return self._reports.get(self._key(head, base))

    def keep(self, head: Selection, base: Selection | None, report: Report) -> None:
        """Keep a report built elsewhere (the palette's), so that showing it builds it no more."""
        self._keep(self._key(head, base), report)

    def forget(self, runs: set[str]) -> None:
        """Drop the reports that read files of these runs (``str(run.path)``): they changed on disk."""
        for key in [k for k in self._reports if k[0][0] in runs or (k[1] is not None and k[1][0] in runs)]:
            del self._reports[key]

    def load(self, head: Selection, base: Selection | None) -> Report | None:
        """The report now if it is at hand (or quick to build), else None and a message later.

        A build that fails at once raises ``PystatsError`` with its one line.
        """
        key = self._key(head, base)
        cached = self._reports.get(key)
        if cached is not None:
            self._reports.move_to_end(key)
            self._cancel()
            return cached
        if not self._reports and base is None and _small(head.bench):
            self._cancel()
            try:
                report = open_report(head)
            except Exception as e:  # noqa: BLE001 - never a traceback on screen
                raise PystatsError(failure_line(head, e)) from None
            self._keep(key, report)
            return report
        self._build(head, base)
        self._building = key
        self._set_busy(True)
        return None

    def _cancel(self) -> None:
        """Drop the build on its way, if any: its result will not come."""
        self.workers.cancel_group(self, "load")
        self._building = None
        self._set_busy(False)

    def _set_busy(self, busy: bool) -> None:
        if busy != self._busy:
            self._busy = busy
            self.post_message(self.Busy(busy))

    def _keep(self, key: ReportKey, report: Report) -> None:
        self._reports[key] = report
        while len(self._reports) > CACHED_REPORTS:
            self._reports.popitem(last=False)

    @work(thread=True, exclusive=True, group="load")
    def _build(self, head: Selection, base: Selection | None) -> None:
        worker = get_current_worker()
        last = 0.0

        def progress(what: str, done: int, total: int) -> None:
            nonlocal last
            now = time.monotonic()
            if (now - last >= PROGRESS_EVERY or done == total) and not worker.is_cancelled:
                last = now
                self.post_message(self.Progress(head, progress_line(head, what, done, total)))

        try:
            # Every section is built here, so that none is built on the screen's thread later.
            report = open_report(head, base, progress).complete()
        except Exception as e:  # noqa: BLE001 - never let a traceback reach the screen
            if not worker.is_cancelled:
                self.post_message(self.Failed(head, failure_line(head, e)))
            return
        if not worker.is_cancelled:
            self.post_message(self.Loaded(head, base, report))

    def on_report_loader_loaded(self, message: Loaded) -> None:
        """Keep the report (the screen hears of it as the message bubbles up)."""
        key = self._key(message.head, message.base)
        self._keep(key, message.report)
        self._built(key)
        freeze_heap_soon(self)

    def on_report_loader_failed(self, message: Failed) -> None:
        self._built(self._key(message.head, None), failed=True)

    def _built(self, key: ReportKey, failed: bool = False) -> None:
        """A build ended: nothing is on its way any more if it was the last one asked for."""
        building = self._building
        if building is not None and (building == key or failed and building[0] == key[0]):
            self._building = None
            self._set_busy(False)


def progress_line(head: Selection, what: str, done: int, total: int) -> str:
    """How far a large input has loaded (bytes read, or raw files summed), as one line."""
    if what == "read":
        text = f"Loading {head.label}: read {done / 1e6:,.0f} of {total / 1e6:,.0f} MB"
        return text + ("; decoding …" if done == total else "")
    return f"Loading {head.label}: {done:,} of {total:,} raw files"


def failure_line(head: Selection, error: Exception) -> str:
    """One line for a report that could not be built (the error's own line when it is ours)."""
    return str(error) if isinstance(error, PystatsError) else f"{head.label}: {failure_text(error)}"


def _small(bench: Benchmark) -> bool:
    path = bench.data_path or bench.md
    try:
        info = path.stat() if path is not None else None
    except OSError:
        return False
    return info is not None and stat.S_ISREG(info.st_mode) and info.st_size <= SMALL_INPUT
