"""The tree on the left: runs → benchmarks → sections of the report.

Runs are listed from their directory names (newest first) and benchmarks are
added when a run is opened; a benchmark's sections are added when its node is
expanded and its report is built. Each node carries a ``NodeRef`` saying what it stands for, so the
screen never has to parse labels.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.binding import Binding
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from pystats_tui.report import Section
from pystats_tui.sources import Benchmark, Run, Source


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
        #: Benchmarks whose section nodes are in the tree, oldest first: only the last few
        #: keep them, so walking hundreds of runs does not grow the tree without bound.
        self._with_sections: list[tuple[str, str]] = []
        self._opened_runs: list[str] = []
        self._run_nodes: dict[str, TreeNode[NodeRef]] = {}

    def on_mount(self) -> None:
        for run in self.source.runs:
            node = self.root.add(self.run_label(run), NodeRef("run", run), expand=False)
            self._run_nodes[str(run.path)] = node
        if len(self.source.runs) == 1:
            self.open_run(self._run_nodes[str(self.source.runs[0].path)])
        self.cursor_line = 0

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
            for bench in ref.run.benchmarks():
                child = node.add(self.bench_label(bench), NodeRef("bench", ref.run, bench), allow_expand=True)
                self._bench_nodes[bench.key] = child
        node.expand()
        self._keep_recent_run(str(ref.run.path))

    def _keep_recent_run(self, key: str) -> None:
        """Fold away the runs opened longest ago, so walking hundreds of runs stays bounded."""
        if key in self._opened_runs:
            self._opened_runs.remove(key)
        self._opened_runs.append(key)
        keep = {n for n in _ancestors(self.cursor_node)} | {self.cursor_node}
        for old_key in list(self._opened_runs[: -self.KEEP_RUNS]):
            node = self._run_nodes.get(old_key)
            if node is None or node in keep or node.data is None:
                continue
            self._opened_runs.remove(old_key)
            for child in node.children:
                if child.data is not None and child.data.bench is not None:
                    bench_key = child.data.bench.key
                    self._bench_nodes.pop(bench_key, None)
                    if bench_key in self._with_sections:
                        self._with_sections.remove(bench_key)
            node.collapse()
            node.remove_children()
            node.data.run.forget()

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
        self._with_sections.append(bench.key)
        while len(self._with_sections) > self.KEEP_SECTIONS:
            old = self._bench_nodes.get(self._with_sections.pop(0))
            if old is not None and old is not self.cursor_node and old not in _ancestors(self.cursor_node):
                old.remove_children()
                old.collapse()

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
