"""A tree for the side of a screen: as wide as its labels, each label shortened to fit, hidden when narrow.

``SideTree`` is the shape of the results tree without what it holds. It asks
for the width of its longest visible label, up to 2/5 of the screen (the CSS
caps it); a label too long for that is shortened in the middle by its pieces
(``tree_labels.fit_label``: the pieces marked as squeezable give way first,
the rest stays whole); its scrollbar has a gutter of its own, so it never
covers a label. On a screen narrower than ``NARROW_SCREEN`` columns it tells
its screen (``ScreenNarrowed``), which hides it; ``-hidden`` hides it, and
shown again on a narrow screen it takes the focus. Left and right fold and
unfold, moving to the parent or into the children as file browsers do.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual import on
from textual.geometry import Size
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from pystats_tui.widgets.tree_labels import LabelPart, fit_label, fitted_width, label_text

NodeData = TypeVar("NodeData")


class SideTree(Tree[NodeData], Generic[NodeData]):
    """A tree sized by its labels, which it shortens to fit; it hides itself on a narrow screen."""

    DEFAULT_CSS = """
    SideTree {
        width: auto;
        max-width: 40%;
        min-width: 24;
        scrollbar-gutter: stable;
        scrollbar-size-vertical: 1;
        border-right: vkey $panel;
        background: $surface;
    }
    SideTree.-hidden { display: none; }
    """

    #: Below this screen width the tree hides itself (the tables need the room).
    NARROW_SCREEN = 60

    @dataclass
    class ScreenNarrowed(Message):
        """The screen became narrower than ``NARROW_SCREEN`` (the tree should hide), or wide again."""

        narrow: bool

    def __init__(self, label: str, *, id: str | None = None) -> None:
        #: Whether the screen has been told once how wide it is (``ScreenNarrowed``).
        self._told_narrow = False
        #: Where ``select_node_quietly`` moved the cursor, until their highlights come: no user's choice.
        self._quiet_nodes: set[TreeNode[NodeData]] = set()
        #: Each node's label in pieces (by node id), so a narrow tree shortens the right piece.
        #: Set first: Tree's constructor already draws the root's label.
        self._parts: dict[int, tuple[LabelPart, ...]] = {}
        super().__init__(label, id=id)

    def on_mount(self) -> None:
        self.screen.screen_layout_refresh_signal.subscribe(self, self._screen_laid_out)
        self._screen_laid_out(self.screen)

    # ------------------------------------------------------------------ labels in pieces

    def add_node(
        self,
        parent: TreeNode[NodeData],
        parts: tuple[LabelPart, ...],
        data: NodeData,
        *,
        leaf: bool = False,
        before: TreeNode[NodeData] | None = None,
        expand: bool = False,
        allow_expand: bool = True,
    ) -> TreeNode[NodeData]:
        """Add a node labelled by ``parts`` (which pieces a narrow tree shortens)."""
        label = label_text(parts)
        if leaf:
            node = parent.add_leaf(label, data, before=before)
        else:
            node = parent.add(label, data, before=before, expand=expand, allow_expand=allow_expand)
        self._parts[node.id] = parts
        return node

    def relabel(self, node: TreeNode[NodeData], parts: tuple[LabelPart, ...]) -> None:
        """Change a node's label; the tree's width follows."""
        self._parts[node.id] = parts
        node.set_label(label_text(parts))
        self.relayout()

    def forget(self, node: TreeNode[NodeData]) -> None:
        """Drop the label pieces of a node about to be removed, and of its children."""
        stack = [node]
        while stack:
            one = stack.pop()
            self._parts.pop(one.id, None)
            self._quiet_nodes.discard(one)
            stack.extend(one.children)

    def relayout(self) -> None:
        """Labels were added, changed or shown: the tree's width may follow."""
        self.refresh(layout=True)

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

    def _indent(self, node: TreeNode[NodeData]) -> int:
        """Cells before the label's text: guides, and the expand icon of a node that has one."""
        depth = -1
        parent = node.parent
        while parent is not None:
            depth += 1
            parent = parent.parent
        icon = cell_len(self.ICON_NODE) if node.allow_expand else 0
        return max(0, depth) * self.guide_depth + icon

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

    def render_label(self, node: TreeNode[NodeData], base_style: Style, style: Style) -> Text:
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

    def get_label_width(self, node: TreeNode[NodeData]) -> int:
        """The width ``render_label`` draws, without drawing it (Tree asks it of every line it lays out)."""
        parts = self._parts.get(node.id)
        width = self.scrollable_content_region.width - self._indent(node)
        if parts is None or width <= 0:
            return super().get_label_width(node)
        if node.allow_expand:
            icon = self.ICON_NODE_EXPANDED if node.is_expanded else self.ICON_NODE
            return cell_len(icon) + fitted_width(parts, width)
        return fitted_width(parts, width)

    @on(Tree.NodeCollapsed)
    def _collapsed(self, event: Tree.NodeCollapsed[NodeData]) -> None:
        event.stop()
        self.relayout()

    # ------------------------------------------------------------------ left and right

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
        """Right: unfold the node under the cursor; if it is open, go to its first child."""
        node = self.cursor_node
        if node is None or not node.allow_expand:
            return
        if not node.is_expanded:
            node.expand()  # NodeExpanded: the subclass fills the node, if it must
        elif node.children:
            self.move_cursor(node.children[0])

    def cursor_path(self) -> set[TreeNode[NodeData]]:
        """The node under the cursor and its ancestors (what must not be folded away)."""
        path: set[TreeNode[NodeData]] = set()
        node = self.cursor_node
        while node is not None:
            path.add(node)
            node = node.parent
        return path

    def unfold(self, node: TreeNode[NodeData]) -> None:
        """Expand a folded node; an open one is left alone.

        Textual's ``expand`` posts ``NodeExpanded`` and lays every line of the
        tree out again even for a node already open: on a 1,000-run tree, on
        every key that makes the tree follow the screen.
        """
        if not node.is_expanded:
            node.expand()

    def select_node_quietly(self, node: TreeNode[NodeData]) -> None:
        """Move the cursor to a node, unfolding its parents (once its new lines are laid out)."""
        parent = node.parent
        while parent is not None:
            self.unfold(parent)
            parent = parent.parent
        if self.cursor_node is not node:
            self.call_after_refresh(self._move_quietly, node)

    def _move_quietly(self, node: TreeNode[NodeData]) -> None:
        if self.cursor_node is not node:
            self._quiet_nodes.add(node)
            self.move_cursor(node)

    def moved_quietly(self, node: TreeNode[NodeData]) -> bool:
        """Whether the cursor came to ``node`` by ``select_node_quietly``, not by the user (asked once)."""
        if node in self._quiet_nodes:
            self._quiet_nodes.discard(node)
            return True
        return False
