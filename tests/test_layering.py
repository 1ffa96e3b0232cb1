"""Imports go one way: Config → Network → Stepper → Snapshot → explain and draw → widgets →
screens → app (README, "Map for contributors"). A test per rule, so a wrong-way import
names the module that made it."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest

import gradtui

ROOT = Path(gradtui.__file__).parent

CORE = {
    "gradtui.config",
    "gradtui.sim",
    "gradtui.explain",
    "gradtui.lessons",
    "gradtui.exercises",
    "gradtui.report",
    "gradtui.share",
}
PLUMBING = {"gradtui.tui.keys", "gradtui.tui.themes", "gradtui.tui.settings", "gradtui.tui.served"}

ALLOWED: dict[str, set[str]] = {
    # package (or module): the gradtui packages it may import, besides its own
    "gradtui.config": set(),
    "gradtui.sim": {"gradtui.config"},
    "gradtui.lessons": {"gradtui.config", "gradtui.sim"},
    "gradtui.explain": {"gradtui.config", "gradtui.sim", "gradtui.lessons"},
    "gradtui.exercises": {"gradtui.config", "gradtui.sim", "gradtui.lessons", "gradtui.explain"},
    "gradtui.report": {"gradtui.config", "gradtui.sim"},
    "gradtui.share": {"gradtui.config"},
    "gradtui.tui.draw": {"gradtui.config", "gradtui.sim", "gradtui.explain"},
    "gradtui.tui.settings": {"gradtui.config"},
    "gradtui.tui.themes": {"gradtui.config", "gradtui.explain", "gradtui.tui.settings"},
    "gradtui.tui.keys": {"gradtui.explain"},
    "gradtui.tui.served": {"gradtui.config"},
    "gradtui.serve": {"gradtui.tui.served"},  # the server names the variable served() reads
    "gradtui.tui.widgets": CORE | PLUMBING | {"gradtui.tui.draw"},
    "gradtui.tui.screens": CORE | PLUMBING | {"gradtui.tui.draw", "gradtui.tui.widgets"},
    "gradtui.tui.app": CORE
    | PLUMBING
    | {"gradtui.tui.draw", "gradtui.tui.widgets", "gradtui.tui.screens"},
    "gradtui.tui.walk": CORE | PLUMBING | {"gradtui.tui.app", "gradtui.tui.widgets"},
    "gradtui.tui": {"gradtui.config", "gradtui.tui.app"},  # run_app, imported when run
    # gradtui watch: the recorder, its file and its words; its screen (app) is a screen
    "gradtui.watch": {"gradtui.config", "gradtui.sim", "gradtui.explain"},
    "gradtui.watch.app": CORE
    | PLUMBING
    | {"gradtui.tui.draw", "gradtui.tui.widgets", "gradtui.watch"},
}
"""What each part may import from gradtui. ``gradtui.cli`` (the commands) and
``gradtui.__main__`` may import anything."""

BASE = "gradtui.text"
"""Printable one-line messages: imported by every part, it imports nothing of gradtui."""
ALLOWED = {part: allowed | {BASE} for part, allowed in ALLOWED.items()}
ALLOWED[BASE] = set()

FORBIDDEN: dict[str, set[str]] = {
    # package: third-party packages it must not import (the core runs without a screen)
    "gradtui.config": {"textual", "rich"},
    "gradtui.sim": {"textual", "rich"},
    "gradtui.lessons": {"textual", "rich"},
    "gradtui.explain": {"textual", "rich"},
    "gradtui.exercises": {"textual", "rich"},
    "gradtui.report": {"textual", "rich"},
    "gradtui.share": {"textual", "rich"},
    "gradtui.tui.draw": {"textual"},  # pure: snapshot in, Rich text out
    "gradtui.watch": {"textual", "rich"},
    "gradtui.watch.app": set(),
    BASE: {"textual", "rich", "numpy"},
}

FREE = {"gradtui", "gradtui.cli", "gradtui.__main__"}


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path) -> set[str]:
    """Every module the source file at ``path`` imports, at the top or in a function."""
    module = module_name(path)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    return imports_of(path.read_text(encoding="utf-8"), package)


def imports_of(source: str, package: str) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: resolve against the module's own package
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join([*base, *([node.module] if node.module else [])])
            else:
                module = node.module or ""
            names.add(module)
            # `from gradtui.tui import app` imports gradtui.tui.app
            names.update(f"{module}.{alias.name}" for alias in node.names)
    return names


def part_of(module: str, rules: dict[str, set[str]]) -> str | None:
    """The longest key of ``rules`` that ``module`` is, or is inside."""
    owners = [key for key in rules if module == key or module.startswith(key + ".")]
    return max(owners, key=len) if owners else None


def is_inside(module: str, package: str) -> bool:
    return module == package or module.startswith(package + ".")


MODULES = sorted(ROOT.rglob("*.py"))


def test_every_module_has_a_rule():
    unruled = [
        module_name(path)
        for path in MODULES
        if module_name(path) not in FREE and part_of(module_name(path), ALLOWED) is None
    ]
    assert unruled == [], "add these to ALLOWED"


@pytest.mark.parametrize("path", MODULES, ids=lambda path: module_name(path))
def test_imports_go_one_way(path):
    module = module_name(path)
    if module in FREE:
        return
    part = part_of(module, ALLOWED)
    allowed = ALLOWED[part] | {part}
    wrong = set()
    for name in imports(path):
        if not is_inside(name, "gradtui") or name == "gradtui":
            continue
        # An import of a package names it and its parents: `gradtui.tui.draw.chart` is
        # allowed where `gradtui.tui.draw` is.
        if not any(is_inside(name, ok) or is_inside(ok, name) for ok in allowed):
            wrong.add(name)
    assert wrong == set(), f"{module} ({part}) may not import these"


@pytest.mark.parametrize("path", MODULES, ids=lambda path: module_name(path))
def test_the_core_and_the_renderers_import_no_screen(path):
    part = part_of(module_name(path), FORBIDDEN)
    if part is None:
        return
    third_party = {name.split(".")[0] for name in imports(path)}
    assert third_party & FORBIDDEN[part] == set(), module_name(path)


def test_the_rules_catch_a_wrong_way_import():
    """The check itself: a simulator module that imports a widget is caught."""
    source = (ROOT / "sim" / "network.py").read_text(encoding="utf-8")
    names = imports_of(source + "\nfrom ..tui.widgets import lines\n", "gradtui.sim")
    assert "gradtui.tui.widgets.lines" in names
    assert not any(is_inside("gradtui.tui.widgets", ok) for ok in ALLOWED["gradtui.sim"])


def test_the_core_runs_without_textual():
    """As harlequin tests its core: import the simulator, the explanations, the lessons and
    the config in a fresh interpreter, and no screen library comes with them."""
    code = (
        "import sys\n"
        "import gradtui.sim, gradtui.explain, gradtui.lessons, gradtui.config, gradtui.report\n"
        "import gradtui.exercises\n"
        "import gradtui.explain.transcript, gradtui.lessons.expect, gradtui.sim.recurrent\n"
        "print(sorted(m for m in ('textual', 'rich') if m in sys.modules))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert result.stdout.strip() == "[]"


TUI_LINES = 420
"""About 400 lines at most for a module in gradtui/tui/: one that grows past it is split by
what it holds (as draw/chart.py and draw/detail.py, walk/reading.py and walk/walker.py)."""


def test_no_tui_module_is_too_long_or_shares_a_new_name():
    modules = sorted((ROOT / "tui").rglob("*.py"))
    long = {
        str(path.relative_to(ROOT)): lines
        for path in modules
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > TUI_LINES
    }
    assert long == {}
    names = [path.name for path in modules if path.name != "__init__.py"]
    shared = {name for name in names if names.count(name) > 1}
    assert shared == set()  # a renderer in draw/ and its screen in screens/ too


LATER = (
    "plotext",
    "tomli_w",
    "gradtui.exercises",
    "gradtui.share",
    "gradtui.watch",
    "gradtui.report",
    "gradtui.tui.draw.theory",
    "gradtui.tui.draw.history",
    "gradtui.tui.draw.plots",
    "gradtui.tui.screens.theory_view",
    "gradtui.tui.screens.history_view",
    "gradtui.tui.walk",
)
"""What the first screen does not need: each loads when first used, not at start-up."""


def test_start_up_does_not_import_what_the_first_screen_does_not_need():
    code = (
        "import sys\n"
        "import gradtui.cli, gradtui.tui.app\n"
        f"print(sorted(m for m in {LATER!r} if m in sys.modules))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert result.stdout.strip() == "[]"


STARTED_LATER = (
    *LATER,
    "gradtui.sim.history",  # the training history: made at the first update recorded
    "gradtui.tui.screens.help",
    "csv",  # a data file's reader and the history's export
    "zipfile",  # importlib.resources' readers, once used to list the shipped lessons
)
"""What a whole start of the app (``gradtui``: the command, the default lesson, the main
screen's first frames) does not import either."""


def test_a_whole_start_up_imports_only_what_the_first_screen_needs(tmp_path):
    """``gradtui`` itself, as far as its first frames (headless at 120×40): the modules
    above stay unloaded, and the panels that wait for an exercise or a checkpoint are not
    mounted."""
    code = (
        "import asyncio, sys\n"
        "import gradtui.tui\n"
        "from gradtui.tui.app import GradtuiApp\n"
        "def headless(config, **options):\n"
        "    app = GradtuiApp(config, **options)\n"
        "    async def first_frames():\n"
        "        async with app.run_test(size=(120, 40)) as pilot:\n"
        "            await pilot.pause()\n"
        "            await pilot.pause(0.3)\n"
        "            print(sorted({type(w).__name__ for w in app.screen.walk_children()}))\n"
        "    asyncio.run(first_frames())\n"
        f"    print(sorted(m for m in {STARTED_LATER!r} if m in sys.modules))\n"
        "    return 0\n"
        "gradtui.tui.run_app = headless\n"
        "from gradtui.cli import main\n"
        "raise SystemExit(main([]))\n"
    )
    env = {**os.environ, "XDG_CONFIG_HOME": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, env=env
    )
    assert result.returncode == 0, result.stderr
    widgets, loaded = result.stdout.strip().splitlines()[-2:]
    assert loaded == "[]"
    assert "ConfigPane" in widgets and "FormLines" in widgets  # the form, in the first frame
    assert "ExerciseGoal" not in widgets
