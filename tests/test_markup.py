"""No text from a learner, a file or a path is ever read as markup.

Textual reads a ``str`` as content markup in ``notify``, ``Static``, ``Label`` and
``OptionList`` unless told ``markup=False``: ``[/]`` typed into a field then crashes the app,
and ``[@click=app.quit]x[/]`` in a config key becomes a live link. gradtui writes no markup
of its own (styles are ``rich.text.Text``), so every such call in ``gradtui/tui`` says
``markup=False``; the walker below fails the suite on a new one that does not.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from textual.notifications import Notification, Notify
from textual.widgets import Input

from gradtui.lessons import load_lesson_file
from gradtui.tui.app import GradtuiApp
from gradtui.tui.widgets.config_pane import ConfigPane

TUI = Path(__file__).resolve().parent.parent / "gradtui" / "tui"

# Calls that read a str as markup unless given markup=False.
MARKUP_READERS = {"notify", "Static", "Label", "OptionList"}
# Calls that read markup whatever they are told: never on a value from outside.
MARKUP_PARSERS = {"from_markup", "render_markup"}


def _name(call: ast.Call) -> str | None:
    if isinstance(call.func, ast.Attribute):
        return call.func.attr
    if isinstance(call.func, ast.Name):
        return call.func.id
    return None


def _built_text(node: ast.AST) -> bool:
    """A str built at run time: an f-string, ``.format(...)``, ``+`` or ``%`` of strings."""
    if isinstance(node, ast.JoinedStr):
        return True
    if isinstance(node, ast.Call) and _name(node) == "format":
        return True
    return isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Mod))


def markup_leaks(source: str, where: str) -> list[str]:
    """Every place in ``source`` where text could be read as markup."""
    leaks = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        name = _name(node)
        line = f"{where}:{node.lineno}"
        if name in MARKUP_READERS:
            told = [k for k in node.keywords if k.arg == "markup"]
            if not told or not (
                isinstance(told[0].value, ast.Constant) and told[0].value.value is False
            ):
                leaks.append(f"{line}: {name}(...) without markup=False")
        elif name in MARKUP_PARSERS:
            leaks.append(f"{line}: {name}(...) parses markup")
        elif name == "update" and node.args and _built_text(node.args[0]):
            leaks.append(f"{line}: .update() of a built str; give it a rich.text.Text")
    return leaks


def test_no_call_in_the_app_reads_text_as_markup():
    leaks = []
    for path in sorted(TUI.rglob("*.py")):
        leaks += markup_leaks(path.read_text(encoding="utf-8"), str(path.relative_to(TUI)))
    assert leaks == []


@pytest.mark.parametrize(
    "source",
    [
        "self.notify(message)",
        "self.notify(message, markup=True)",
        "Label(name)",
        "Static(id='title')",
        "OptionList(*options)",
        "widget.update(f'{path} opened')",
        "widget.update('{path}'.format(path=path))",
        "Text.from_markup(title)",
    ],
)
def test_the_walker_finds_each_kind_of_leak(source):
    assert markup_leaks(source, "example.py")


def test_the_walker_passes_text_and_markup_false():
    source = "self.notify(m, markup=False)\nLabel(n, markup=False)\nw.update(Text(p))\n"
    assert markup_leaks(source, "example.py") == []


# ---------------------------------------------------------------- in the running app
MARKUP = ["[/]", "[bold]", "[@click=app.quit]x[/]", "[red]x", "[/bold]"]


@pytest.fixture(autouse=True)
def _own_config_home(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config-home"))


def make_app():
    lesson = load_lesson_file("vanishing-sigmoid")
    return GradtuiApp(lesson.config, title=lesson.title, lesson=lesson)


class Notices:
    """Every notice the app posts, as Textual delivers it: ``run_test(message_hook=...)``."""

    def __init__(self) -> None:
        self.posted: list[Notification] = []

    def __call__(self, message) -> None:
        if isinstance(message, Notify):
            self.posted.append(message.notification)

    def messages(self) -> list[str]:
        return [notice.message for notice in self.posted]

    def check_plain(self) -> None:
        """No notice was read as markup."""
        marked = [notice.message for notice in self.posted if notice.markup]
        assert marked == []


@pytest.mark.parametrize("typed", MARKUP)
async def test_markup_typed_into_the_depth_field_shows_as_typed(typed):
    app, notices = make_app(), Notices()
    async with app.run_test(size=(120, 40), message_hook=notices) as pilot:
        await pilot.pause()
        field = app.query_one(ConfigPane).control("network.depth")
        assert isinstance(field, Input)
        field.focus()
        field.value = typed
        await pilot.pause()
        assert typed in app.query_one(ConfigPane).problem_text("network.depth")
        await pilot.press("enter")
        await pilot.pause(0.2)  # the notice's toast is drawn
        assert any(typed in message for message in notices.messages()), "it says why"
        notices.check_plain()
        assert app.is_running
        await pilot.press("escape")
        await pilot.pause(0.3)
        before = app.stepper.snapshot
        await pilot.press("space")
        assert app.stepper.snapshot != before


@pytest.mark.parametrize("key", MARKUP)
async def test_a_config_key_of_markup_is_quoted_not_read(tmp_path, key):
    path = tmp_path / "bad.toml"
    path.write_text(f'"{key}" = 1\n', encoding="utf-8")
    app, notices = make_app(), Notices()
    async with app.run_test(size=(120, 40), message_hook=notices) as pilot:
        await pilot.pause()
        app.main.focus()
        await pilot.press("o")
        await pilot.pause()
        app.screen.query_one(Input).value = str(path)
        await pilot.press("enter")
        await pilot.pause(0.3)
        assert app.is_running
        assert any(key in message for message in notices.messages()), notices.messages()
        notices.check_plain()
