"""Fuzzing the running app through Pilot: what a learner types into the form, and the
config, lesson, theme and settings files the app opens.

A case is one session: maybe a theme file and a settings file in the learner's config
folder, then a few actions, each one of: random text into random fields of the form, then
enter or a to apply; o and a config file; L and a lesson file. After each action the app
is still running, the network shown (the new one, or the last good one) still steps and
runs a whole pass (space, e), a refused action said why in a notice, and no notice was
read as markup or is more than one printable line. Pilot raises what the app raised, so
a crash fails the case.

CI runs a fixed, small number of sessions; ``GRADTUI_FUZZ_EXAMPLES=2000`` runs more.
"""

from __future__ import annotations

import asyncio
import os
import tempfile
from pathlib import Path

import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_fuzz import (
    HUGE_NUMBERS,
    NASTY_TEXT,
    TEXT,
    config_dicts,
    lesson_tables,
    lesson_text,
    settings_texts,
    theme_texts,
    toml_texts,
)
from test_markup import Notices
from textual.widgets import Input

from gradtui.lessons import load_lesson_file
from gradtui.tui.app import GradtuiApp
from gradtui.tui.widgets.config_pane import ConfigPane, FieldInput
from gradtui.tui.widgets.gradient_chart import GradientChart

SESSIONS = int(os.environ.get("GRADTUI_FUZZ_EXAMPLES", "8"))
FUZZ_APP = settings(
    max_examples=SESSIONS,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# --------------------------------------------------------------------------------------
# What a learner types

TYPED = st.one_of(
    NASTY_TEXT,
    HUGE_NUMBERS.map(str),
    st.sampled_from(
        [
            "1e308",
            "-1e308",
            str(10**400),
            "nan",
            "NaN",
            "inf",
            "-inf",
            "-1",
            "0",
            "",
            "9" * 5000,
            "深度",
            "３",  # a full-width digit
            "3",
            "1,2,3",
            "0.1",
            "relu",
            "[1, 2]",
            "\x1b[31mred",
            "\x00",
        ]
    ),
    st.text(max_size=30),
)
EDITS = st.lists(st.tuples(st.integers(0, 10_000), TYPED), min_size=1, max_size=3)


def toml_or_none(data: dict) -> str | None:
    try:
        return tomli_w.dumps(data)
    except (TypeError, ValueError):
        return None


MARKUP_KEYS = st.sampled_from(["[/]", "[bold]", "[@click=app.quit]x[/]", "\x1b[2J", "a\nb"])
CONFIG_TEXTS = st.one_of(
    toml_texts(),
    config_dicts().map(toml_or_none),
    st.dictionaries(MARKUP_KEYS, st.one_of(TEXT, st.integers()), min_size=1, max_size=2).map(
        toml_or_none
    ),
    st.fixed_dictionaries({"network": st.dictionaries(MARKUP_KEYS, TEXT, max_size=2)}).map(
        toml_or_none
    ),
)
LESSON_TEXTS = st.one_of(lesson_tables().map(lesson_text), toml_texts())

ACTIONS = st.one_of(
    st.tuples(st.just("form"), EDITS, st.sampled_from(["enter", "a"])),
    st.tuples(st.just("config"), CONFIG_TEXTS),
    st.tuples(st.just("lesson"), LESSON_TEXTS),
)


@st.composite
def sessions(draw) -> dict:
    return {
        "theme": draw(st.none() | theme_texts()),
        "settings": draw(st.none() | settings_texts()),
        "actions": draw(st.lists(ACTIONS, min_size=1, max_size=3)),
    }


# --------------------------------------------------------------------------------------
# Driving the app


async def to_main_screen(app, pilot) -> None:
    """Close whatever dialog an action left open (a path prompt, the lesson picker)."""
    for _ in range(3):
        if app.screen is app.main:
            break
        await pilot.press("escape")
        await pilot.pause()
    assert app.screen is app.main


async def open_through_prompt(app, pilot, key: str, path: Path) -> None:
    await pilot.press(key)
    await pilot.pause()
    app.screen.query_one(Input).value = str(path)
    await pilot.press("enter")
    await pilot.pause()


async def edit_form(app, pilot, edits, apply_key: str) -> list[str]:
    pane = app.query_one(ConfigPane)
    names = [name for name in pane.field_names() if isinstance(pane.control(name), FieldInput)]
    field = pane.control(names[0])
    for index, typed in edits:
        field = pane.control(names[index % len(names)])
        field.focus()
        field.value = typed
        await pilot.pause()
    changes = app.query_one(ConfigPane).overrides()
    if apply_key == "enter":
        field.focus()
        await pilot.press("enter")
    else:
        await pilot.press("escape")
        await pilot.press("a")
    await pilot.pause()
    return changes


async def still_steps(app, pilot) -> None:
    """The network shown steps: space moves its snapshot on, e runs to the end of a pass."""
    app.query_one(GradientChart).focus()
    before = app.stepper.snapshot
    await pilot.press("space")
    assert app.stepper.snapshot is not before, "space did not step"
    await pilot.press("e")
    await pilot.pause()


def check_notices(notices: Notices) -> None:
    notices.check_plain()
    for message in notices.messages():
        assert message.isprintable(), f"not one printable line: {message[:200]!r}"


async def run_session(case: dict, home: Path, folder: Path) -> None:
    if case["theme"] is not None:
        (home / "gradtui" / "themes").mkdir(parents=True, exist_ok=True)
        (home / "gradtui" / "themes" / "fuzz.toml").write_text(case["theme"], encoding="utf-8")
    if case["settings"] is not None:
        (home / "gradtui").mkdir(parents=True, exist_ok=True)
        (home / "gradtui" / "settings.toml").write_text(case["settings"], encoding="utf-8")
    lesson = load_lesson_file("vanishing-sigmoid")
    app, notices = GradtuiApp(lesson.config, title=lesson.title, lesson=lesson), Notices()
    async with app.run_test(size=(120, 40), message_hook=notices) as pilot:
        await pilot.pause()
        await still_steps(app, pilot)
        for number, action in enumerate(case["actions"]):
            kind = action[0]
            config_before, said_before = app.config, len(notices.posted)
            if kind == "form":
                changes = await edit_form(app, pilot, action[1], action[2])
                refused = bool(changes) and app.config is config_before
            else:
                if action[1] is None:
                    continue
                path = folder / f"{kind}-{number}.toml"
                path.write_text(action[1], encoding="utf-8")
                await open_through_prompt(app, pilot, "o" if kind == "config" else "L", path)
                refused = app.config is config_before
            await to_main_screen(app, pilot)
            if refused:
                assert len(notices.posted) > said_before, f"{kind} refused without a word"
            await still_steps(app, pilot)
        assert app.is_running
    check_notices(notices)


@FUZZ_APP
@given(sessions())
def test_the_app_survives_what_a_learner_types_and_opens(case):
    previous = os.environ.get("XDG_CONFIG_HOME")
    with tempfile.TemporaryDirectory() as scratch:
        home, folder = Path(scratch) / "config-home", Path(scratch) / "files"
        folder.mkdir()
        os.environ["XDG_CONFIG_HOME"] = str(home)
        try:
            asyncio.run(run_session(case, home, folder))
        finally:
            if previous is None:
                os.environ.pop("XDG_CONFIG_HOME", None)
            else:
                os.environ["XDG_CONFIG_HOME"] = previous
