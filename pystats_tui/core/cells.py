"""Typed table cells: a count stays an int, a ratio keeps its numerator and denominator.

Formatting happens once, at the edge (``markdown()`` for the report, ``text()``
for the screen); sorting uses ``sort_key()`` so numbers sort as numbers; and a
comparison computes its change column from the numbers, never from strings.
The formats are those of CPython's ``Tools/scripts/summarize_stats.py``.
"""

from __future__ import annotations


class Cell:
    """Base of every cell: how it reads on screen, in Markdown, and how it sorts."""

    __slots__ = ()
    #: True when the cell holds a number (it is right-aligned and sorts numerically).
    numeric = False

    def text(self) -> str:
        """The cell as shown on screen and in a view export."""
        return self.markdown()

    def markdown(self) -> str:
        """The cell as summarize_stats writes it into its Markdown report."""
        raise NotImplementedError

    def sort_key(self) -> float | str:
        """What the cell sorts by: a float for numbers, a string for labels."""
        return self.text()

    def value(self) -> float | None:
        """The number the cell stands for (None for labels and blanks)."""
        return None

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.text()!r})"


class Empty(Cell):
    """A blank cell (a missing row on one side of a comparison, an undefined ratio)."""

    __slots__ = ()

    def markdown(self) -> str:
        return ""

    def sort_key(self) -> float:
        return float("-inf")

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Empty)

    def __hash__(self) -> int:
        return 0


EMPTY = Empty()


class Text(Cell):
    """A plain label: an opcode name, a pair, a stat's name."""

    __slots__ = ("label",)

    def __init__(self, label: str):
        self.label = label

    def markdown(self) -> str:
        return self.label

    def sort_key(self) -> str:
        return self.label

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Text) and other.label == self.label

    def __hash__(self) -> int:
        return hash(self.label)


class Doc(Text):
    """A label with an explanation (the report's ⓘ tooltip)."""

    __slots__ = ("doc",)

    def __init__(self, label: str, doc: str):
        super().__init__(label)
        self.doc = doc

    def text(self) -> str:
        return self.label

    def markdown(self) -> str:
        return f"\n{self.label}\n<details>\n<summary>ⓘ</summary>\n\n{self.doc}\n</details>\n"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Doc) and (other.label, other.doc) == (self.label, self.doc)

    def __hash__(self) -> int:
        return hash((self.label, self.doc))


class Count(Cell):
    """An integer counter, written with thousands separators."""

    __slots__ = ("count",)
    numeric = True

    def __init__(self, count: int):
        self.count = count

    def markdown(self) -> str:
        return f"{self.count:,d}"

    def sort_key(self) -> float:
        return float(self.count)

    def value(self) -> float:
        return self.count

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Count) and other.count == self.count

    def __hash__(self) -> int:
        return hash(self.count)


class Ratio(Cell):
    """``num / den``, as a percentage (or a plain number); blank when undefined."""

    __slots__ = ("num", "den", "percentage")
    numeric = True

    def __init__(self, num: int, den: int | None, percentage: bool = True):
        self.num = num
        self.den = den
        self.percentage = percentage

    def __float__(self) -> float:
        if self.den == 0:
            return 0.0
        if self.den is None:
            return float(self.num)
        return self.num / self.den

    def markdown(self) -> str:
        den = self.den
        if den is None:
            return ""
        if den == 0:
            return f"{self.num:,} / 0 !!" if self.num else ""
        if self.percentage:
            return f"{self.num / den:,.1%}"
        return f"{self.num / den:,.2f}"

    def sort_key(self) -> float:
        if self.den is None or (self.den == 0 and self.num == 0):
            return float("-inf")
        return float(self)

    def value(self) -> float | None:
        if self.den is None or self.den == 0:
            return None
        return self.num / self.den

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Ratio) and (other.num, other.den, other.percentage) == (
            self.num,
            self.den,
            self.percentage,
        )

    def __hash__(self) -> int:
        return hash((self.num, self.den))


class Change(Ratio):
    """The relative change from base to head, ``(head - base) / base``.

    When one side has no such row, the change is blank, as in summarize_stats.
    """

    __slots__ = ()

    def __init__(self, base: Cell, head: Cell):
        # Counts stay exact ints; ratios and numbers read back from Markdown compare by value.
        b = base.count if isinstance(base, Count) else base.value()
        h = head.count if isinstance(head, Count) else head.value()
        if b is None or h is None:
            super().__init__(0, 0)
        else:
            super().__init__(h - b, b)  # type: ignore[arg-type]

    def sort_key(self) -> float:
        return float(self)


Row = tuple[Cell, ...]


class Number(Cell):
    """A number read back from a Markdown report: its text as printed and its value."""

    __slots__ = ("shown", "number")
    numeric = True

    def __init__(self, shown: str, number: float | None):
        self.shown = shown
        self.number = number

    def markdown(self) -> str:
        return self.shown

    def sort_key(self) -> float:
        return float("-inf") if self.number is None else self.number

    def value(self) -> float | None:
        return self.number

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Number) and other.shown == self.shown

    def __hash__(self) -> int:
        return hash(self.shown)


def cell_from_text(text: str) -> Cell:
    """The typed cell for a cell's text in a summarize_stats report."""
    t = text.strip()
    if not t:
        return EMPTY
    plain = t.replace(",", "")
    if plain.isdigit():
        return Count(int(plain))
    if t.endswith("%"):
        try:
            return Number(t, float(plain[:-1]) / 100)
        except ValueError:
            return Text(t)
    try:
        return Number(t, float(plain))
    except ValueError:
        return Text(t)
