"""The browser on a live benchmark host: the tree and the tables follow the disk.

Each test changes a real copy of a results tree while the app runs, then looks
at what the screen and ``e`` show. ``r`` rescans at once; the screen also
rescans by itself every ``BrowserScreen.RESCAN_EVERY`` seconds.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import DEFAULT_RUN, PREFIX, RESULTS, replace_atomically, settle

from pystats_tui.app import PystatsApp
from pystats_tui.core.sources import open_source
from pystats_tui.palette import JumpProvider
from pystats_tui.screens import BrowserScreen

SIZE = (120, 40)
NBODY = f"{PREFIX}-nbody_small.json"


def copy_tree(tmp_path: Path) -> Path:
    tree = tmp_path / "results"
    shutil.copytree(RESULTS, tree)
    return tree


def load_fast(screen: BrowserScreen) -> str:
    rows = [r for r in screen.current_table.view.rows if r[0].text() == "LOAD_FAST"]
    return rows[0][1].text()


async def test_a_new_run_appears_and_the_palette_finds_it(tmp_path: Path) -> None:
    tree = copy_tree(tmp_path)
    app = PystatsApp(open_source(tree))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = app.screen
        new = tree / "bm-20261201-3.13.15-abcdef1"
        shutil.copytree(DEFAULT_RUN, new)
        await pilot.press("r")
        await settle(app, pilot)
        runs = screen.source.runs
        assert runs[0].path == new  # newest first
        node = screen.tree.run_node(runs[0])
        assert node is not None and screen.tree.root.children[0] is node
        assert "2026-12-01" in str(node.label)
        provider = JumpProvider(screen)
        assert any("2026-12-01" in text for text, _ in provider._targets())
        shutil.rmtree(new)
        await pilot.press("r")
        await settle(app, pilot)
        assert screen.tree.run_node(runs[0]) is None
        assert all(r.path != new for r in screen.source.runs)


async def test_a_file_replaced_on_disk_is_shown_and_exported_as_it_is_now(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tree = copy_tree(tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    monkeypatch.chdir(out)
    app = PystatsApp(open_source(tree))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = app.screen
        await pilot.press("right_square_bracket")  # the default run's nbody_small
        await settle(app, pilot)
        assert screen.current.bench.name == "nbody_small"
        await pilot.press("right", "s", "slash", *"load", "enter")  # sort and filter, kept below
        await settle(app, pilot)
        before = load_fast(screen)
        path = tree / DEFAULT_RUN.name / NBODY
        data = json.loads(path.read_text())
        data["opcode[LOAD_FAST].execution_count"] = 2_644_748
        replace_atomically(path, data)
        await pilot.press("r")
        await settle(app, pilot)
        assert before != "2,644,748" and load_fast(screen) == "2,644,748"
        view = screen.current_table.view
        assert screen.section_path == ("Execution counts",)
        assert view.sort_column == 1 and view.filter_text == "load"
        await pilot.press("e")
        await pilot.pause()
        (written,) = out.glob("*.md")
        assert ">2,644,748<" in written.read_text()


async def test_the_screen_rescans_by_itself(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(BrowserScreen, "RESCAN_EVERY", 0.05)
    tree = copy_tree(tmp_path)
    app = PystatsApp(open_source(tree))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = app.screen
        shutil.copytree(DEFAULT_RUN, tree / "bm-20261202-3.13.15-abcdef2")
        for _ in range(100):  # the timer's next tick, without a fixed sleep; at most 5 s
            await pilot.pause(0.05)
            if screen.source.runs[0].name == "bm-20261202-3.13.15-abcdef2":
                break
        assert screen.source.runs[0].name == "bm-20261202-3.13.15-abcdef2"
        assert screen.tree.run_node(screen.source.runs[0]) is not None


async def test_the_run_shown_is_deleted(tmp_path: Path) -> None:
    tree = copy_tree(tmp_path)
    app = PystatsApp(open_source(tree))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = app.screen
        shown = screen.current.bench.run
        shutil.rmtree(shown.path)
        await pilot.press("r")
        await settle(app, pilot)
        assert screen.current is None and screen.tables == []
        assert screen.tree.run_node(shown) is None
        messages = " ".join(str(w.render()) for w in screen.query(".message"))
        assert "is no longer on disk" in messages
        await pilot.press("e")  # nothing stale is exported
        await pilot.pause()
        assert any("No table to export" in n.message for n in app._notifications)


async def test_a_health_mark_follows_the_file(tmp_path: Path) -> None:
    """A run marked ✗ (its data holds 0 files) becomes ✓ or ⚠ once its file is fixed."""
    tree = copy_tree(tmp_path)
    path = tree / DEFAULT_RUN.name / f"{PREFIX}.json"
    good = json.loads(path.read_text())
    replace_atomically(path, {"_specialized_instructions": [], "_stats_defines": {}, "_defines": {}})
    app = PystatsApp(open_source(tree))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = app.screen
        run = next(r for r in screen.source.runs if r.name == DEFAULT_RUN.name)
        await settle(app, pilot)
        assert str(screen.tree.run_node(run).label).startswith("✗")
        replace_atomically(path, good)
        await pilot.press("r")
        await settle(app, pilot)
        await settle(app, pilot)
        assert str(screen.tree.run_node(run).label)[0] in "✓⚠"


async def test_the_run_shown_renamed_on_disk_is_followed(tmp_path: Path) -> None:
    tree = copy_tree(tmp_path)
    app = PystatsApp(open_source(tree))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = app.screen
        await pilot.press("right_square_bracket")  # nbody_small of the default run
        await settle(app, pilot)
        old = screen.current.bench.run.path
        new = old.with_name("bm-20261127-3.13.15-d7482a7-renamed")
        old.rename(new)
        await pilot.press("r")
        await settle(app, pilot)
        assert screen.current is not None and screen.current.bench.run.path == new
        assert screen.current.bench.name == "nbody_small" and screen.report is not None
        assert screen.tables and load_fast(screen) != ""


async def test_a_removed_base_run_ends_the_comparison_without_a_crash(tmp_path: Path) -> None:
    tree = copy_tree(tmp_path)
    app = PystatsApp(open_source(tree))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = app.screen
        await pilot.press("b")  # the default run's merged stats
        uops = screen.source.runs[0]
        from pystats_tui.core.selection import Selection

        screen.jump(Selection(screen.source, uops.benchmark("all")))
        await settle(app, pilot)
        assert screen.base is not None
        shutil.rmtree(screen.base.bench.run.path)
        await pilot.press("r")
        await settle(app, pilot)
        assert screen.marked_base is None and screen.base is None
        assert not screen.report.comparing and screen.current.bench.run == uops
        assert any("no longer on disk: comparison left" in n.message for n in app._notifications)
