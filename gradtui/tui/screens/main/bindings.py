"""The main screen's keys, declared once: its footer, the help screen and the command
palette are made from this list, in this order. The footer shows the first that fit (at 80
columns, up to R Reset, p Run giving up its place in English), so the keys a learner needs
first come first; footer labels are a word or two, and the tooltip (the help and the
palette) says the rest.

Each action lives in the file named for its job, beside this one: ``stepping.py`` (step,
back, finish_pass, reset, run_pause, faster, slower, train, cancel_count), ``files.py``
(apply, open, save, write_transcript, copy_log), ``exercise.py`` (exercises), ``views.py``
(lessons, default_lesson, lesson_text, history, compare, through_time, theory, glossary,
go_to_field, next_lesson, share), ``panes.py`` (the panes: next_layer, previous_layer,
toggle_metric, toggle_config, toggle_detail, the whole detail's detail_scroll, the log's
scroll_log_down, scroll_log_up, leave_field) and ``screen.py`` (toggle_language). The
app-wide keys (help, quit, screenshot, cycle_theme) are the app's, in
``gradtui/tui/app.py``; they are listed here where the footer and the help screen show
them.
"""

from __future__ import annotations

from textual.binding import Binding

from gradtui.tui.keys import CYCLE_THEME, HELP, QUIT, SCREENSHOT, on_app
from gradtui.tui.screens.main.stepping import TRAIN_STEPS

__all__ = ["BINDINGS"]

DETAIL_LINE = "Whole detail (d): scroll a line down or up (j/k still choose the layer)"
DETAIL_PAGE = "Whole detail (d): scroll a page down or up"
DETAIL_ENDS = "Whole detail (d): scroll to its end or its top"

BINDINGS = [
    # First, so that the footer shows it first while a count waits (and only then).
    Binding(
        "escape",
        "cancel_count",
        "Cancel count",
        id="cancel_count",
        tooltip="Forget the count typed before t",
    ),
    Binding("space,right,l", "step", "Step", id="step", tooltip="Step forward one stage"),
    on_app(HELP),
    on_app(QUIT),
    Binding(
        "e",
        "finish_pass",
        "End",
        id="finish_pass",
        tooltip="Run to the end of this pass (backward to layer 1)",
    ),
    Binding(
        "t",
        "train",
        "Train",
        id="train",
        tooltip=f"Train {TRAIN_STEPS} steps, or type a count first to train that many "
        "(200t trains 200); p stops",
    ),
    Binding(
        "L",
        "lessons",
        "Lessons",
        id="lessons",
        tooltip="Choose a lesson (search by name or claim)",
    ),
    Binding(
        "X",
        "exercises",
        "Exercises",
        id="exercises",
        show=False,
        tooltip="Choose an exercise: a goal to reach by changing a few fields",
    ),
    Binding("backspace,left,h", "back", "Back", id="back", tooltip="Step back one stage"),
    Binding(
        "c",
        "toggle_config",
        "Config",
        id="toggle_config",
        tooltip="Show or hide the configuration pane",
    ),
    Binding(
        "f",
        "go_to_field",
        "Field",
        id="go_to_field",
        tooltip="Go to a config field: type part of its name (grad), enter edits it",
    ),
    Binding("p", "run_pause", "Run", id="run_pause", tooltip="Step continuously, or pause"),
    Binding(
        "R",
        "reset",
        "Reset",
        id="reset",
        tooltip="Reset: a fresh network from the config (same seed)",
    ),
    Binding(
        "H",
        "history",
        "History",
        id="history",
        tooltip="History: gradients, loss, update size, dead units over training",
    ),
    Binding(
        "C",
        "compare",
        "Compare",
        id="compare",
        tooltip="Compare the applied network with the edited form (or the lesson's variant)",
    ),
    Binding(
        "B",
        "through_time",
        "Time",
        id="through_time",
        tooltip="Through time (C17): an RNN's gradient against an LSTM's, step by step",
    ),
    Binding(
        "T",
        "theory",
        "Theory",
        id="theory",
        tooltip="Theory: activation and derivative, χ against measured, C5 window, C21",
    ),
    Binding(
        "S",
        "share",
        "Share",
        id="share",
        tooltip="Share code: this network as a short code (gradtui --code), or open one",
    ),
    Binding(
        "n",
        "next_lesson",
        "Next lesson",
        id="next_lesson",
        show=False,
        tooltip="Once a lesson's steps are done: open the course's next lesson",
    ),
    Binding(
        "G",
        "glossary",
        "Glossary",
        id="glossary",
        tooltip="Glossary: ∂L/∂a and ∂L/∂W, local factor, running product, regimes, C1–C24",
    ),
    Binding("plus,equals_sign", "faster", "Faster", id="faster", show=False, tooltip="Run faster"),
    Binding("minus", "slower", "Slower", id="slower", show=False, tooltip="Run slower"),
    Binding(
        "g",
        "toggle_metric",
        "∂a/∂W",
        id="toggle_metric",
        show=False,
        tooltip="Chart ‖∂L/∂W‖, then both, then ‖∂L/∂a‖",
    ),
    # Before the layer keys: in the whole detail (d) ↑/↓ scroll it and j/k choose the layer;
    # elsewhere check_action (screen.py) turns these off, and ↑/↓ reach the layer keys.
    *(
        Binding(
            key,
            f"detail_scroll('{key}')",
            "Scroll",
            id=f"detail_{key}",
            show=False,
            tooltip=tooltip,
        )
        for key, tooltip in (  # the action in panes.py: detail_scroll
            ("down", DETAIL_LINE),
            ("up", DETAIL_LINE),
            ("pagedown", DETAIL_PAGE),
            ("pageup", DETAIL_PAGE),
            ("end", DETAIL_ENDS),
            ("home", DETAIL_ENDS),
        )
    ),
    Binding(
        "down,j",
        "next_layer",
        "Next layer",
        id="next_layer",
        show=False,
        tooltip="Select the next layer (towards the output)",
    ),
    Binding(
        "up,k",
        "previous_layer",
        "Prev layer",
        id="previous_layer",
        show=False,
        tooltip="Select the previous layer (towards the input)",
    ),
    Binding(
        "a",
        "apply",
        "Apply",
        id="apply",
        show=False,
        tooltip="Apply the configuration (enter in a field does too)",
    ),
    Binding(
        "D",
        "default_lesson",
        "Default",
        id="default_lesson",
        show=False,
        tooltip="Back to the default lesson (what a fresh start opens)",
    ),
    Binding(
        "i",
        "lesson_text",
        "Lesson",
        id="lesson_text",
        show=False,
        tooltip="Read the whole lesson: every step, what to look at, its question",
    ),
    Binding(
        "z",
        "toggle_language",
        "中文/English",
        id="toggle_language",
        show=False,
        tooltip="Explanations in Chinese or English",
    ),
    on_app(SCREENSHOT),
    Binding(
        "w",
        "write_transcript",
        "Transcript",
        id="write_transcript",
        show=False,
        tooltip="Save the explanation log as a Markdown transcript",
    ),
    Binding("o", "open", "Open", id="open", show=False, tooltip="Open a config file (TOML)"),
    Binding("s", "save", "Save", id="save", show=False, tooltip="Save the config (TOML)"),
    Binding(
        "y",
        "copy_log",
        "Copy log",
        id="copy_log",
        show=False,
        tooltip="Copy the explanation log to the clipboard",
    ),
    on_app(CYCLE_THEME),
    Binding(
        "d",
        "toggle_detail",
        "Detail",
        id="toggle_detail",
        show=False,
        tooltip="Show the whole layer detail across the screen, or the chart and the log again",
    ),
    Binding(
        "shift+down",
        "scroll_log_down",
        "Log ↓",
        id="scroll_log_down",
        show=False,
        tooltip="Page the explanation log down, wherever the focus is",
    ),
    Binding(
        "shift+up",
        "scroll_log_up",
        "Log ↑",
        id="scroll_log_up",
        show=False,
        tooltip="Page the explanation log up, to earlier entries",
    ),
    Binding(
        "escape",
        "leave_field",
        "Leave form",
        id="leave_field",
        tooltip="Leave the config form (then keys step again)",
    ),
]
