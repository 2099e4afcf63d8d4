"""The tree on the left: runs → benchmarks → sections of the report.

Runs are listed from their directory names (newest first) and benchmarks are
added when a run is opened; a benchmark's sections are added when its node is
expanded and its report is built. Only the runs and benchmarks used last keep
their nodes. Each node carries a ``NodeRef`` saying what it stands for, so the
screen never has to parse labels. The tree opens runs itself and tells its
screen what the user chose through its own messages (``RunOpened``,
``BenchChosen``, ``SectionChosen``, ``SectionHighlighted``, ``SectionsWanted``).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from rich.text import Text
from textual import on
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from pystats_tui.core.errors import PystatsError
from pystats_tui.core.report import Section
from pystats_tui.core.sources import Benchmark, Run, Source


@dataclass(frozen=True)
class NodeRef:
    """What a tree node stands for: a run, a benchmark, or a section of a benchmark."""

    kind: str  # "run", "bench" or "section"
    run: Run
    bench: Benchmark | None = None
    path: tuple[str, ...] = ()


class ResultsTree(Tree[NodeRef]):
    """Runs, their benchmarks and the sections of each benchmark's report."""

    DEFAULT_CSS = """
    ResultsTree {
        width: 40%;
        max-width: 44;
        min-width: 26;
        border-right: vkey $panel;
        background: $surface;
    }
    ResultsTree.-hidden { display: none; }
    """

    BINDINGS = [
        Binding("enter", "select_cursor", "Open", show=False, id="tree.open"),
        Binding("space", "toggle_node", "Expand", show=False, id="tree.toggle"),
    ]

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

    #: How many benchmarks keep their section nodes.
    KEEP_SECTIONS = 8
    #: How many opened runs keep their benchmark nodes (and their file listing).
    KEEP_RUNS = 8

    def __init__(self, source: Source, *, id: str | None = None) -> None:
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

    def on_mount(self) -> None:
        for run in self.source.runs:
            node = self.root.add(self.run_label(run), NodeRef("run", run), expand=False)
            self._run_nodes[str(run.path)] = node
        if len(self.source.runs) == 1:
            self.open_run(self._run_nodes[str(self.source.runs[0].path)])
        self.cursor_line = 0

    @on(Tree.NodeExpanded)
    def _expanded(self, event: Tree.NodeExpanded[NodeRef]) -> None:
        event.stop()
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

    @on(Tree.NodeHighlighted)
    def _highlighted(self, event: Tree.NodeHighlighted[NodeRef]) -> None:
        event.stop()
        ref = event.node.data
        if ref is not None and ref.kind == "section" and ref.bench is not None:
            self.post_message(self.SectionHighlighted(ref.bench, ref.path))

    @staticmethod
    def run_label(run: Run, mark: str = "", note: str = "") -> Text:
        """A run's label; a health mark goes first, where a narrow tree cannot cut it off."""
        label = Text(f"{mark} ", style="bold") if mark else Text()
        label.append(run.label)
        if note:
            label.append(f" ({note})", style="dim")
        return label

    @staticmethod
    def bench_label(bench: Benchmark, mark: str = "") -> Text:
        label = Text(f"{mark} ", style="bold") if mark else Text()
        label.append(bench.title)
        if bench.markdown_only:
            label.append("  (md)", style="dim")
        return label

    def mark_run(self, run: Run, mark: str, note: str = "") -> None:
        """Put a health mark (✓ ⚠ ✗) before a run's label, and a short note after it."""
        node = self._run_nodes.get(str(run.path))
        if node is not None:
            node.set_label(self.run_label(run, mark, note))

    def mark_bench(self, bench: Benchmark, mark: str) -> None:
        """Put a health mark before a benchmark's label."""
        node = self.bench_node(bench)
        if node is not None:
            node.set_label(self.bench_label(bench, mark))

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
                self._bench_nodes[bench.key] = child
        node.expand()
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

    def _fold_run(self, node: TreeNode[NodeRef]) -> None:
        """Take away a run's benchmark nodes and forget its file listing."""
        for child in node.children:
            if child.data is not None and child.data.bench is not None:
                self._bench_nodes.pop(child.data.bench.key, None)
                self._with_sections.pop(child.data.bench.key, None)
        node.collapse()
        node.remove_children()
        if node.data is not None:
            node.data.run.forget()

    @staticmethod
    def _fold_bench(node: TreeNode[NodeRef]) -> None:
        """Take away a benchmark's section nodes."""
        node.remove_children()
        node.collapse()

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
                parent.add_leaf(section.title, ref)

        for section in report_sections:
            add(node, section)

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
