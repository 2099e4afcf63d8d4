"""The tree on the left: runs → benchmarks → sections of the report.

Runs are listed from their directory names (newest first) and benchmarks are
added when a run is opened; a benchmark's sections are added when its node is
expanded and its report is built. Only the runs and benchmarks used last keep
their nodes. Each node carries a ``NodeRef`` saying what it stands for, so the
screen never has to parse labels. The tree opens runs itself and tells its
screen what the user chose through its own messages (``RunOpened``,
``BenchChosen``, ``SectionChosen``, ``SectionHighlighted``, ``SectionsWanted``,
``ChangesChosen``). The benchmark shown against a base gets a first node,
"What changed", before its sections (``show_changes``).

The tree fits the screen: it is as wide as its longest visible label, up to
2/5 of the screen, and hides itself on a screen narrower than
``NARROW_SCREEN`` columns (there ``t``, which toggles ``-hidden``, shows it).
A label too long for it is shortened in the middle (the version and commit,
then the date), never losing the health mark, the flags (abbreviated:
``PYTHON_UOPS`` reads ``UOPS``) or "no data"; the scrollbar has a gutter of
its own, so it never covers a label.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual import on
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from pystats_tui.core.errors import PystatsError
from pystats_tui.core.report import Section
from pystats_tui.core.runs import Benchmark, Run
from pystats_tui.core.sources import Source, SourceChanges
from pystats_tui.widgets.tree_labels import (
    LabelPart,
    bench_label,
    bench_label_parts,
    fit_label,
    run_label,
    run_label_parts,
)


@dataclass(frozen=True)
class NodeRef:
    """What a tree node stands for: a run, a benchmark, a section, or a benchmark's changes."""

    kind: str  # "run", "bench", "section" or "changes"
    run: Run
    bench: Benchmark | None = None
    path: tuple[str, ...] = ()


class ResultsTree(Tree[NodeRef]):
    """Runs, their benchmarks and the sections of each benchmark's report."""

    DEFAULT_CSS = """
    ResultsTree {
        width: auto;
        max-width: 40%;
        min-width: 24;
        scrollbar-gutter: stable;
        scrollbar-size-vertical: 1;
        border-right: vkey $panel;
        background: $surface;
    }
    ResultsTree.-hidden { display: none; }
    """

    #: Below this screen width the tree hides itself (the tables need the room).
    NARROW_SCREEN = 60

    BINDINGS = [
        Binding("enter", "select_cursor", "Open", show=False, id="tree.open"),
        Binding("space", "toggle_node", "Expand", show=False, id="tree.toggle"),
        Binding("left", "fold", "Fold", show=False, id="tree.fold"),
        Binding("right", "unfold", "Unfold", show=False, id="tree.unfold"),
    ]

    @dataclass
    class ScreenNarrowed(Message):
        """The screen became narrower than ``NARROW_SCREEN`` (the tree should hide), or wide again."""

        narrow: bool

    @dataclass
    class RunOpened(Message):
        """A run was opened (its benchmarks are listed under it)."""

        run: Run

    @dataclass
    class BenchChosen(Message):
        """Enter on a benchmark: show it."""

        bench: Benchmark

    @dataclass
    class SectionChosen(Message):
        """Enter on a section: show that section of that benchmark."""

        bench: Benchmark
        path: tuple[str, ...]

    @dataclass
    class SectionHighlighted(Message):
        """The cursor moved onto a section of a benchmark."""

        bench: Benchmark
        path: tuple[str, ...]

    @dataclass
    class SectionsWanted(Message):
        """A benchmark's node was expanded and has no sections yet: its report is needed."""

        bench: Benchmark

    @dataclass
    class ChangesChosen(Message):
        """Enter on a benchmark's "What changed" node: rank what changed against its base."""

        bench: Benchmark

    #: How many benchmarks keep their section nodes.
    KEEP_SECTIONS = 8
    #: How many opened runs keep their benchmark nodes (and their file listing).
    KEEP_RUNS = 8

    def __init__(self, source: Source, *, id: str | None = None) -> None:
        #: Whether the screen has been told once how wide it is (``ScreenNarrowed``).
        self._told_narrow = False
        #: Each node's label in pieces (by node id), so a narrow tree shortens the right piece.
        #: Set first: Tree's constructor already draws the root's label.
        self._parts: dict[int, tuple[LabelPart, ...]] = {}
        super().__init__("runs", id=id)
        self.source = source
        self.show_root = False
        self.guide_depth = 2
        self._bench_nodes: dict[tuple[str, str], TreeNode[NodeRef]] = {}
        #: Benchmarks with section nodes and runs with benchmark nodes, used longest ago
        #: first: only the last few keep them, so walking hundreds of runs stays bounded.
        self._with_sections: OrderedDict[tuple[str, str], TreeNode[NodeRef]] = OrderedDict()
        self._opened_runs: OrderedDict[str, TreeNode[NodeRef]] = OrderedDict()
        self._run_nodes: dict[str, TreeNode[NodeRef]] = {}
        #: The benchmark shown against a base: its node gets "What changed" first (``show_changes``).
        self._changes_bench: Benchmark | None = None

    def on_mount(self) -> None:
        for run in self.source.runs:
            node = self.root.add(self.run_label(run), NodeRef("run", run), expand=False)
            self._parts[node.id] = self.run_label_parts(run)
            self._run_nodes[str(run.path)] = node
        if len(self.source.runs) == 1:
            self.open_run(self._run_nodes[str(self.source.runs[0].path)])
        self.cursor_line = 0
        self.screen.screen_layout_refresh_signal.subscribe(self, self._screen_laid_out)
        self._screen_laid_out(self.screen)

    # ------------------------------------------------------------------ fitting the screen

    def _screen_laid_out(self, screen: Screen) -> None:
        narrow = 0 < screen.size.width < self.NARROW_SCREEN
        if narrow != self.has_class("-narrow") or not self._told_narrow:
            self._told_narrow = True
            self.set_class(narrow, "-narrow")
            self.post_message(self.ScreenNarrowed(narrow))

    def on_show(self) -> None:
        # Shown with t on a narrow screen: the user wants to move in the tree.
        if self.has_class("-narrow"):
            self.focus()

    @property
    def narrow(self) -> bool:
        """Whether the screen is too narrow for the tree to show itself (``t`` shows it anyway)."""
        return self.has_class("-narrow")

    def _depth(self, node: TreeNode[NodeRef]) -> int:
        depth = -1
        parent = node.parent
        while parent is not None:
            depth += 1
            parent = parent.parent
        return max(0, depth)

    def _indent(self, node: TreeNode[NodeRef]) -> int:
        """Cells before the label's text: guides, and the expand icon of a node that has one."""
        icon = cell_len(self.ICON_NODE) if node.allow_expand else 0
        return self._depth(node) * self.guide_depth + icon

    def natural_width(self) -> int:
        """The width of the longest visible line with whole labels (what the tree asks for)."""
        widest = 0
        stack = list(reversed(self.root.children))
        while stack:
            node = stack.pop()
            parts = self._parts.get(node.id)
            label = sum(cell_len(p.text) for p in parts) if parts else node.label.cell_len
            widest = max(widest, self._indent(node) + label)
            if node.is_expanded:
                stack.extend(reversed(node.children))
        return widest

    def get_content_width(self, container: Size, viewport: Size) -> int:
        return self.natural_width()

    def render_label(self, node: TreeNode[NodeRef], base_style: Style, style: Style) -> Text:
        """The node's label, shortened in the middle to fit the tree's width (Tree calls this)."""
        parts = self._parts.get(node.id)
        width = self.scrollable_content_region.width - self._indent(node)
        if parts is None or width <= 0:
            return super().render_label(node, base_style, style)
        label = fit_label(parts, width)
        label.stylize(style)
        if node.allow_expand:
            icon = self.ICON_NODE_EXPANDED if node.is_expanded else self.ICON_NODE
            return Text.assemble((icon, base_style + Style(bold=True)), label)
        return label

    def _relayout(self) -> None:
        """Labels were added, changed or shown: the tree's width may follow."""
        self.refresh(layout=True)

    @on(Tree.NodeCollapsed)
    def _collapsed(self, event: Tree.NodeCollapsed[NodeRef]) -> None:
        event.stop()
        self._relayout()

    def _set_label(self, node: TreeNode[NodeRef], parts: tuple[LabelPart, ...]) -> None:
        self._parts[node.id] = parts
        node.set_label(Text.assemble(*((p.text, p.style) for p in parts)))
        self._relayout()

    @on(Tree.NodeExpanded)
    def _expanded(self, event: Tree.NodeExpanded[NodeRef]) -> None:
        event.stop()
        self._relayout()
        ref = event.node.data
        if ref is not None and ref.kind == "run":
            if not event.node.children:
                self.open_run(event.node)
            self.post_message(self.RunOpened(ref.run))
        elif ref is not None and ref.kind == "bench" and ref.bench is not None and not event.node.children:
            self.post_message(self.SectionsWanted(ref.bench))

    @on(Tree.NodeSelected)
    def _selected(self, event: Tree.NodeSelected[NodeRef]) -> None:
        event.stop()
        ref = event.node.data
        if ref is not None and ref.kind == "run":
            # After Tree's own handler, which toggles the node: enter always leaves a run open.
            self.call_later(self.open_run, event.node)
        elif ref is not None and ref.kind == "bench" and ref.bench is not None:
            self.post_message(self.BenchChosen(ref.bench))
        elif ref is not None and ref.kind == "section" and ref.bench is not None:
            self.post_message(self.SectionChosen(ref.bench, ref.path))
        elif ref is not None and ref.kind == "changes" and ref.bench is not None:
            self.post_message(self.ChangesChosen(ref.bench))

    @on(Tree.NodeHighlighted)
    def _highlighted(self, event: Tree.NodeHighlighted[NodeRef]) -> None:
        event.stop()
        ref = event.node.data
        if ref is not None and ref.kind == "section" and ref.bench is not None:
            self.post_message(self.SectionHighlighted(ref.bench, ref.path))

    run_label_parts = staticmethod(run_label_parts)
    run_label = staticmethod(run_label)
    bench_label_parts = staticmethod(bench_label_parts)
    bench_label = staticmethod(bench_label)

    def mark_run(self, run: Run, mark: str, note: str = "") -> None:
        """Put a health mark (✓ ⚠ ✗) before a run's label, and a short note after it."""
        node = self._run_nodes.get(str(run.path))
        if node is not None:
            self._set_label(node, self.run_label_parts(run, mark, note))

    def mark_bench(self, bench: Benchmark, mark: str) -> None:
        """Put a health mark before a benchmark's label."""
        node = self.bench_node(bench)
        if node is not None:
            self._set_label(node, self.bench_label_parts(bench, mark))

    def run_node(self, run: Run) -> TreeNode[NodeRef] | None:
        return self._run_nodes.get(str(run.path))

    def open_run(self, node: TreeNode[NodeRef]) -> None:
        """Add the run's benchmarks (names only) under its node and expand it."""
        ref = node.data
        if ref is None or ref.kind != "run":
            return
        if not node.children:
            try:
                benches = ref.run.benchmarks()
            except PystatsError:
                return  # a run that cannot be listed: its health check marks it, ``w`` lists why
            for bench in benches:
                child = node.add(self.bench_label(bench), NodeRef("bench", ref.run, bench), allow_expand=True)
                self._parts[child.id] = self.bench_label_parts(bench)
                self._bench_nodes[bench.key] = child
        node.expand()
        self._relayout()
        self._use(self._opened_runs, str(ref.run.path), node, self.KEEP_RUNS, self._fold_run)

    def _use(
        self,
        recent: OrderedDict[Any, TreeNode[NodeRef]],
        key: Any,
        node: TreeNode[NodeRef],
        limit: int,
        fold: Callable[[TreeNode[NodeRef]], None],
    ) -> None:
        """Note ``node`` as used last; fold the ones used longest ago beyond ``limit``.

        A node on the cursor's path is never folded (it stays, and is tried again later).
        """
        recent[key] = node
        recent.move_to_end(key)
        on_cursor_path = {self.cursor_node, *_ancestors(self.cursor_node)}
        for old_key, old in list(recent.items()):
            if len(recent) <= limit:
                break
            if old not in on_cursor_path:
                del recent[old_key]
                fold(old)

    # ------------------------------------------------------------------ following the disk

    def action_fold(self) -> None:
        """Left: fold the node under the cursor; on a folded node or a leaf, go to its parent."""
        node = self.cursor_node
        if node is None:
            return
        if node.is_expanded and node.children:
            node.collapse()
        elif node.parent is not None and node.parent is not self.root:
            self.move_cursor(node.parent)

    def action_unfold(self) -> None:
        """Right: unfold the node under the cursor (a run lists its benchmarks); if open, go into it."""
        node = self.cursor_node
        if node is None or not node.allow_expand:
            return
        if not node.is_expanded:
            node.expand()  # NodeExpanded: a run lists its benchmarks, a benchmark asks for its sections
        elif node.children:
            self.move_cursor(node.children[0])

    def follow_disk(self, changes: SourceChanges) -> None:
        """Show what ``Source.rescan`` found: new, removed and renamed runs, runs relisted.

        A run whose files changed keeps its node; its benchmarks are listed
        again (at once when it is open, else when it is opened).
        """
        for run in changes.removed:
            self._drop_run(str(run.path))
        for old, new in changes.renamed:
            was_open = self._drop_run(str(old.path))
            node = self._add_run(new)
            if was_open:
                self.open_run(node)
        for run in changes.added:
            self._add_run(run)
        for run in changes.changed_runs:
            node = self._run_nodes.get(str(run.path))
            if node is not None and node.children:
                was_open = node.is_expanded
                self._fold_run(node)
                if was_open:
                    self.open_run(node)
        self._relayout()

    def _add_run(self, run: Run) -> TreeNode[NodeRef]:
        """A node for a run new on disk, where it belongs among the runs (newest first)."""
        runs = self.source.runs
        later = runs[runs.index(run) + 1 :] if run in runs else []
        after = next((self._run_nodes[str(r.path)] for r in later if str(r.path) in self._run_nodes), None)
        label = self.run_label(run)
        node = (
            self.root.add(label, NodeRef("run", run), before=after)
            if after is not None
            else self.root.add(label, NodeRef("run", run))
        )
        self._parts[node.id] = self.run_label_parts(run)
        self._run_nodes[str(run.path)] = node
        return node

    def _drop_run(self, key: str) -> bool:
        """Take a run's node away (its directory is gone); whether it was open."""
        node = self._run_nodes.pop(key, None)
        if node is None:
            return False
        was_open = node.is_expanded and bool(node.children)
        self._fold_run(node)
        self._opened_runs.pop(key, None)
        self._forget_parts(node)
        node.remove()
        return was_open

    def _fold_run(self, node: TreeNode[NodeRef]) -> None:
        """Take away a run's benchmark nodes and forget its file listing."""
        for child in node.children:
            self._forget_parts(child)
            if child.data is not None and child.data.bench is not None:
                self._bench_nodes.pop(child.data.bench.key, None)
                self._with_sections.pop(child.data.bench.key, None)
        node.collapse()
        node.remove_children()
        if node.data is not None:
            node.data.run.forget()

    def _fold_bench(self, node: TreeNode[NodeRef]) -> None:
        """Take away a benchmark's section nodes."""
        for child in node.children:
            self._forget_parts(child)
        node.remove_children()
        node.collapse()

    def _forget_parts(self, node: TreeNode[NodeRef]) -> None:
        """Drop the label pieces of a node about to be removed, and of its children."""
        stack = [node]
        while stack:
            one = stack.pop()
            self._parts.pop(one.id, None)
            stack.extend(one.children)

    def bench_node(self, bench: Benchmark) -> TreeNode[NodeRef] | None:
        return self._bench_nodes.get(bench.key)

    def set_sections(self, bench: Benchmark, report_sections: list[Section]) -> None:
        """Fill a benchmark's node with the sections of its report, once, if the node is expanded.

        A collapsed node stays empty: its sections (hundreds of nodes, and the
        sections they stand for) are added when it is expanded.
        """
        node = self.bench_node(bench)
        if node is None or node.children or not node.is_expanded:
            return
        self._use(self._with_sections, bench.key, node, self.KEEP_SECTIONS, self._fold_bench)

        def add(parent: TreeNode[NodeRef], section: Section) -> None:
            ref = NodeRef("section", bench.run, bench, section.path)
            if section.sections:
                child = parent.add(section.title, ref, expand=False)
                for sub in section.sections:
                    add(child, sub)
            else:
                child = parent.add_leaf(section.title, ref)
            self._parts[child.id] = (LabelPart(section.title, squeeze=1),)

        if bench == self._changes_bench:
            self._add_changes_node(node, bench)
        for section in report_sections:
            add(node, section)
        self._relayout()

    #: The label of a compared benchmark's first node.
    CHANGES_LABEL = "◆ What changed"

    def _add_changes_node(self, node: TreeNode[NodeRef], bench: Benchmark) -> None:
        ref = NodeRef("changes", bench.run, bench)
        child = node.add_leaf(self.CHANGES_LABEL, ref, before=node.children[0] if node.children else None)
        self._parts[child.id] = (LabelPart(self.CHANGES_LABEL, "bold", squeeze=1),)

    def show_changes(self, bench: Benchmark | None) -> None:
        """Give ``bench`` (shown against a base) a first node "What changed"; None: no benchmark has one.

        One benchmark at a time has it: the node leaves the one that had it.
        A node without its sections yet gets it when they are added.
        """
        old, self._changes_bench = self._changes_bench, bench
        if old is not None and old != bench:
            node = self.bench_node(old)
            for child in list(node.children) if node is not None else []:
                if child.data is not None and child.data.kind == "changes":
                    self._forget_parts(child)
                    child.remove()
        if bench is not None:
            node = self.bench_node(bench)
            if node is not None and node.children and self.changes_node(bench) is None:
                self._add_changes_node(node, bench)
        self._relayout()

    def changes_node(self, bench: Benchmark) -> TreeNode[NodeRef] | None:
        """A benchmark's "What changed" node, if it has one."""
        node = self.bench_node(bench)
        for child in node.children if node is not None else []:
            if child.data is not None and child.data.kind == "changes":
                return child
        return None

    def section_node(self, bench: Benchmark, path: tuple[str, ...]) -> TreeNode[NodeRef] | None:
        node = self.bench_node(bench)
        if node is None:
            return None
        for part_len in range(1, len(path) + 1):
            want = path[:part_len]
            for child in node.children:
                if child.data is not None and child.data.path == want:
                    node = child
                    break
            else:
                return None
        return node

    def reveal_section(self, bench: Benchmark, report_sections: list[Section], path: tuple[str, ...]) -> None:
        """Expand a benchmark down to one of its sections and put the cursor on it.

        The tree follows what the screen shows; nothing is selected, so no
        message goes back to the screen but a highlight of what it shows.
        """
        node = self.bench_node(bench)
        if node is None:
            return
        node.expand()
        self.set_sections(bench, report_sections)
        section = self.section_node(bench, path)
        if section is not None and self.cursor_node is not section:
            parent = section.parent
            while parent is not None:
                parent.expand()
                parent = parent.parent
            # New nodes get their lines when the tree is next laid out: move the cursor then.
            self.call_after_refresh(self.move_cursor, section)

    def benchmark_at_cursor(self) -> Benchmark | None:
        """The benchmark under the cursor: a run stands for its merged stats (or first benchmark).

        None on no node or a run without pystats files; a run that cannot be
        listed raises ``PystatsError``, for the caller to say or to pass over.
        """
        node = self.cursor_node
        ref = node.data if node is not None else None
        if ref is None:
            return None
        return ref.bench if ref.bench is not None else ref.run.main_benchmark()

    def select_node_quietly(self, node: TreeNode[NodeRef]) -> None:
        """Move the cursor to a node, expanding its parents."""
        parent = node.parent
        while parent is not None:
            parent.expand()
            parent = parent.parent
        self.move_cursor(node)


def _ancestors(node: TreeNode[NodeRef] | None) -> list[TreeNode[NodeRef]]:
    out = []
    while node is not None:
        node = node.parent
        if node is not None:
            out.append(node)
    return out
