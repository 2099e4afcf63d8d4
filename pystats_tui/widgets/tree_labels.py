"""The tree's labels, in pieces that a narrow tree shortens without losing what matters.

A run's label is its health mark, date, version and commit, flags (shortened:
``PYTHON_UOPS`` → ``UOPS``) and a note such as "no data"; when the tree is
narrow the version and commit give up characters first, then the date, while
the mark, the flags and the note stay whole. A benchmark's label is its mark
and title (shortened in the middle).
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.cells import cell_len
from rich.text import Text

from pystats_tui.core.runs import Benchmark, Run


@dataclass(frozen=True)
class LabelPart:
    """A piece of a node's label: its text, its style, and whether (and how) it may be shortened.

    ``squeeze`` 0 keeps the piece whole; pieces with 1 are shortened first,
    then those with 2. ``cut`` says where the ``…`` goes: ``end``, ``start``
    or ``middle``.
    """

    text: str
    style: str = ""
    squeeze: int = 0
    cut: str = "end"


def _cut(text: str, keep: int, where: str) -> str:
    """``text`` shortened to ``keep`` characters plus ``…`` (``keep`` may be 0)."""
    if where == "start":
        return "…" + (text[len(text) - keep :] if keep else "")
    if where == "middle":
        head = (keep + 1) // 2
        return text[:head] + "…" + (text[len(text) - (keep - head) :] if keep - head else "")
    return text[:keep] + "…"


def _fitted_texts(parts: tuple[LabelPart, ...], width: int) -> list[str]:
    """Each piece's text in a label of ``width`` cells if it can be (squeezable pieces first)."""
    texts = [p.text for p in parts]
    excess = sum(cell_len(t) for t in texts) - width
    for level in (1, 2):
        for i, part in enumerate(parts):
            if excess <= 0:
                break
            if part.squeeze != level or len(part.text) < 2 or not part.text.isascii():
                continue
            keep = max(0, len(part.text) - 1 - excess)
            texts[i] = _cut(part.text, keep, part.cut)
            excess -= len(part.text) - len(texts[i])
    return texts


def label_text(parts: tuple[LabelPart, ...]) -> Text:
    """The label whole, each piece in its style."""
    return Text.assemble(*((p.text, p.style) for p in parts))


def fit_label(parts: tuple[LabelPart, ...], width: int) -> Text:
    """The label in ``width`` cells if it can be: squeezable pieces give up their characters first."""
    label = Text()
    for part, text in zip(parts, _fitted_texts(parts, width)):
        label.append(text, style=part.style)
    return label


def fitted_width(parts: tuple[LabelPart, ...], width: int) -> int:
    """The cells ``fit_label(parts, width)`` takes, without building it."""
    return sum(cell_len(text) for text in _fitted_texts(parts, width))


def short_flag(flag: str) -> str:
    """A run flag as the tree shows it: ``PYTHON_UOPS`` → ``UOPS``, ``PYTHON_JIT`` → ``JIT``."""
    return flag.removeprefix("PYTHON_")


def run_label_parts(run: Run, mark: str = "", note: str = "") -> tuple[LabelPart, ...]:
    """A run's label in pieces: mark, date, version and commit, flags, note.

    The health mark goes first and the flags and note last, and these stay
    whole; a narrow tree shortens the version and commit, then the date.
    """
    parts = [LabelPart(f"{mark} ", "bold")] if mark else []
    if run.date is None:
        parts.append(LabelPart(run.name, squeeze=1, cut="middle"))
    else:
        parts.append(LabelPart(run.date.isoformat(), squeeze=2, cut="start"))
        parts.append(LabelPart(" " + " ".join(p for p in (run.version, run.commit) if p), squeeze=1))
        if run.flags:
            parts.append(LabelPart(" " + ",".join(short_flag(f) for f in run.flags)))
    if note:
        parts.append(LabelPart(f" ({note})", "dim"))
    return tuple(parts)


def bench_label_parts(bench: Benchmark, mark: str = "") -> tuple[LabelPart, ...]:
    """A benchmark's label in pieces: mark, title (shortened in the middle), ``(md)``."""
    parts = [LabelPart(f"{mark} ", "bold")] if mark else []
    parts.append(LabelPart(bench.title, squeeze=1, cut="middle"))
    if bench.markdown_only:
        parts.append(LabelPart("  (md)", "dim"))
    return tuple(parts)
