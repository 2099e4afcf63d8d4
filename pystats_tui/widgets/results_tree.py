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

The tree's shape is ``SideTree``'s: as wide as its longest visible label, up
to 2/5 of the screen, hidden on a narrow one, each label shortened in the
middle (the version and commit, then the date), never losing the health mark,
the flags (abbreviated: ``PYTHON_UOPS`` reads ``UOPS``) or "no data".
"""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from pystats_tui.core.errors import PystatsError
from pystats_tui.core.report import Section
from pystats_tui.core.runs import Benchmark, Run
from pystats_tui.core.selection import Selection
from pystats_tui.core.sources import Source, SourceChanges
from pystats_tui.widgets.recent_nodes import RecentNodes
from pystats_tui.widgets.side_tree import SideTree
from pystats_tui.widgets.tree_labels import (
    LabelPart,
    bench_label_parts,
    run_label_parts,
)


@dataclass(frozen=True)
class NodeRef:
    """What a tree node stands for: a run, a benchmark, a section, or a benchmark's changes."""

    kind: str  # "run", "bench", "section" or "changes"
    run: Run
    bench: Benchmark | None = None
    path: tuple[str, ...] = ()


class ResultsTree(SideTree[NodeRef]):
    """Runs, their benchmarks and the sections of each benchmark's report."""

    BINDINGS = [
        Binding("enter", "select_cursor", "Open", show=False, id="tree.open"),
        Binding("space", "toggle_node", "Expand", show=False, id="tree.toggle"),
        Binding("left", "fold", "Fold", show=False, id="tree.fold"),
        Binding("right", "unfold", "Unfold", show=False, id="tree.unfold"),
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

    @dataclass
    class ChangesChosen(Message):
        """Enter on a benchmark's "What changed" node: rank what changed against its base."""

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
        self._run_nodes: dict[str, TreeNode[NodeRef]] = {}
        #: Runs with benchmark nodes and benchmarks with section nodes: only the last few keep
        #: them, so walking hundreds of runs stays bounded.
        self._opened_runs = RecentNodes[TreeNode[NodeRef]](self.KEEP_RUNS, self._fold_run)
        self._with_sections = RecentNodes[TreeNode[NodeRef]](self.KEEP_SECTIONS, self._fold_bench)
        #: The benchmark shown against a base: its node gets "What changed" first (``show_changes``).
        self._changes_bench: Benchmark | None = None

    def on_mount(self) -> None:
        for run in self.source.runs:
            node = self.add_node(self.root, run_label_parts(run), NodeRef("run", run))
            self._run_nodes[str(run.path)] = node
        if len(self.source.runs) == 1:
            self.open_run(self._run_nodes[str(self.source.runs[0].path)])
        self.cursor_line = 0

    # ------------------------------------------------------------------ what the user chose

    @on(Tree.NodeExpanded)
    def _expanded(self, event: Tree.NodeExpanded[NodeRef]) -> None:
        event.stop()
        self.relayout()
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
        if self.moved_quietly(event.node):
            return  # the tree following the screen: nothing was chosen
        if ref is not None and ref.kind == "section" and ref.bench is not None:
            self.post_message(self.SectionHighlighted(ref.bench, ref.path))

    def mark_run(self, run: Run, mark: str, note: str = "") -> None:
        """Put a health mark (✓ ⚠ ✗) before a run's label, and a short note after it."""
        node = self._run_nodes.get(str(run.path))
        if node is not None:
            self.relabel(node, run_label_parts(run, mark, note))

    def mark_bench(self, bench: Benchmark, mark: str) -> None:
        """Put a health mark before a benchmark's label."""
        node = self.bench_node(bench)
        if node is not None:
            self.relabel(node, bench_label_parts(bench, mark))

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
                ref_bench = NodeRef("bench", ref.run, bench)
                self._bench_nodes[bench.key] = self.add_node(node, bench_label_parts(bench), ref_bench)
        self.unfold(node)
        self.relayout()
        self._opened_runs.use(str(ref.run.path), node, self.cursor_path())

    # ------------------------------------------------------------------ following the disk

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
        self.relayout()

    def _add_run(self, run: Run) -> TreeNode[NodeRef]:
        """A node for a run new on disk, where it belongs among the runs (newest first)."""
        runs = self.source.runs
        later = runs[runs.index(run) + 1 :] if run in runs else []
        after = next((self._run_nodes[str(r.path)] for r in later if str(r.path) in self._run_nodes), None)
        node = self.add_node(self.root, run_label_parts(run), NodeRef("run", run), before=after)
        self._run_nodes[str(run.path)] = node
        return node

    def _drop_run(self, key: str) -> bool:
        """Take a run's node away (its directory is gone); whether it was open."""
        node = self._run_nodes.pop(key, None)
        if node is None:
            return False
        was_open = node.is_expanded and bool(node.children)
        self._fold_run(node)
        self._opened_runs.drop(key)
        self.forget(node)
        node.remove()
        return was_open

    def _fold_run(self, node: TreeNode[NodeRef]) -> None:
        """Take away a run's benchmark nodes and forget its file listing."""
        for child in node.children:
            self.forget(child)
            if child.data is not None and child.data.bench is not None:
                self._bench_nodes.pop(child.data.bench.key, None)
                self._with_sections.drop(child.data.bench.key)
        node.collapse()
        node.remove_children()
        if node.data is not None:
            node.data.run.forget()

    def _fold_bench(self, node: TreeNode[NodeRef]) -> None:
        """Take away a benchmark's section nodes."""
        for child in node.children:
            self.forget(child)
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
        self._with_sections.use(bench.key, node, self.cursor_path())

        def add(parent: TreeNode[NodeRef], section: Section) -> None:
            ref = NodeRef("section", bench.run, bench, section.path)
            parts = (LabelPart(section.title, squeeze=1),)
            child = self.add_node(parent, parts, ref, leaf=not section.sections)
            for sub in section.sections:
                add(child, sub)

        if bench == self._changes_bench:
            self._add_changes_node(node, bench)
        for section in report_sections:
            add(node, section)
        self.relayout()

    #: The label of a compared benchmark's first node.
    CHANGES_LABEL = "◆ What changed"

    def _add_changes_node(self, node: TreeNode[NodeRef], bench: Benchmark) -> None:
        ref = NodeRef("changes", bench.run, bench)
        parts = (LabelPart(self.CHANGES_LABEL, "bold", squeeze=1),)
        self.add_node(node, parts, ref, leaf=True, before=node.children[0] if node.children else None)

    def show_changes(self, bench: Benchmark | None) -> None:
        """Give ``bench`` (shown against a base) a first node "What changed"; None: no benchmark has one.

        One benchmark at a time has it: the node leaves the one that had it.
        A node without its sections yet gets it when they are added.
        """
        old, self._changes_bench = self._changes_bench, bench
        if old is not None and old != bench:
            stale = self.changes_node(old)
            if stale is not None:
                self.forget(stale)
                stale.remove()
        if bench is not None:
            node = self.bench_node(bench)
            if node is not None and node.children and self.changes_node(bench) is None:
                self._add_changes_node(node, bench)
        self.relayout()

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
        self.unfold(node)
        self.set_sections(bench, report_sections)
        section = self.section_node(bench, path)
        if section is not None:
            self.select_node_quietly(section)

    def go_to_bench(self, bench: Benchmark) -> None:
        """Open a benchmark's run and put the cursor on the benchmark (no message: nothing chosen)."""
        run_node = self.run_node(bench.run)
        if run_node is not None:
            self.open_run(run_node)
        node = self.bench_node(bench)
        if node is not None:
            self.select_node_quietly(node)

    def cursor_selection(self, quiet: bool = False) -> Selection | None:
        """What the cursor is on, as a benchmark to show or compare with (``b``); says why there is none.

        A run stands for its merged stats; a run that cannot be listed, or has
        no pystats files, is said so in a notification (``quiet``: not, as the
        palette asks while the user types).
        """
        try:
            bench = self.benchmark_at_cursor()
        except PystatsError as e:
            if not quiet:
                self.notify(str(e), severity="error")
            return None
        if bench is None and not quiet and self.cursor_node is not None and self.cursor_node.data is not None:
            self.notify("No pystats files in the run under the cursor.", severity="warning")
        return Selection(self.source, bench) if bench is not None else None

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
