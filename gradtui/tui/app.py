"""The gradtui app: what is app-wide. Themes, the learner's language, their settings, the
command palette, help, a picture of any screen, and which screen shows.

The main screen (the panes and every key that acts on them) is ``MainScreen``, in
``gradtui/tui/screens/main/``; the views and dialogs are in ``gradtui/tui/screens/``, each
imported when first opened, so that start-up pays only for the main screen.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.command import CommandPalette
from textual.screen import Screen
from textual.theme import ThemeProvider

from gradtui.config import Config, ConfigError, write_atomically
from gradtui.explain import ui
from gradtui.lessons import Lesson
from gradtui.sim import Stepper
from gradtui.tui.keys import APP_BINDINGS, in_language, show_keys_in
from gradtui.tui.screens.main import MainScreen
from gradtui.tui.screens.main.files import PROBLEMS
from gradtui.tui.screens.main.screen import NARROW, SHORT, WIDE
from gradtui.tui.served import deliver, served
from gradtui.tui.settings import Settings, load_settings, save_settings
from gradtui.tui.themes import GRADIENT_VARIABLE_DEFAULTS, load_themes

if TYPE_CHECKING:  # the exercises load when one is opened, not at start-up
    from textual.notifications import SeverityLevel

    from gradtui.exercises import Exercise
    from gradtui.sim.history import History  # and the history at the first update

__all__ = ["GradtuiApp"]


class GradtuiApp(App[None]):
    """Step a network's forward and backward passes and watch its gradients."""

    CSS_PATH = "app.tcss"
    TITLE = "gradtui"
    ENABLE_COMMAND_PALETTE = True

    BINDINGS = APP_BINDINGS

    def __init__(
        self,
        config: Config,
        *,
        title: str = "gradtui",
        config_path: str | None = None,
        theme: str | None = None,
        lang: str | None = None,
        lesson: Lesson | None = None,
        compare_with: tuple[Config, tuple[str, str]] | None = None,
        exercise: Exercise | None = None,
        origin: Config | None = None,
    ) -> None:
        """``origin``: the network ``config`` was edited from (a share code's lesson), for
        the header's "edited from"; ``config`` itself when not given."""
        super().__init__()
        # Read here, not on mount: the main screen's panes are written in this language.
        # Served, the server user's settings are not the web user's to see.
        self._settings = Settings() if served() else load_settings()
        self.lang = lang or self._settings.lang or "en"
        self._compare_with = compare_with
        self._requested_theme = theme
        self._theme_names: list[str] = []
        self._theme_problems: list[str] = []
        self.main = MainScreen(
            config, title=title, config_path=config_path, lesson=lesson, exercise=exercise
        )
        """The main screen, under every view and dialog."""
        if origin is not None and self.main.config is config:
            self.main.origin = origin

    def get_default_screen(self) -> MainScreen:
        return self.main

    def get_theme_variable_defaults(self) -> dict[str, str]:
        return dict(GRADIENT_VARIABLE_DEFAULTS)

    def on_load(self) -> None:
        # The theme is set before the first stylesheet is parsed: set in on_mount, it made
        # Textual parse every stylesheet twice more before the first frame.
        themes, self._theme_problems = load_themes()
        for theme in themes:
            self.register_theme(theme)
        self._theme_names = [theme.name for theme in themes]
        wanted = self._wanted_theme()
        if wanted in self.available_themes:
            self.theme = wanted
        elif "gradtui-dark" in self.available_themes:
            self.theme = "gradtui-dark"  # and on_mount says why

    def _wanted_theme(self) -> str:
        return self._requested_theme or self._settings.theme or "gradtui-dark"

    def on_mount(self) -> None:
        theme_problems = self._theme_problems
        settings = self._settings
        wanted = self._wanted_theme()
        if wanted not in self.available_themes:
            self.notify(
                f"No theme named {wanted!r}; using gradtui-dark. Themes: "
                + ", ".join(self._theme_names),
                severity="warning",
                markup=False,
            )
        for problem in theme_problems + ([settings.problem] if settings.problem else []):
            self.notify(problem, severity="warning", timeout=10, markup=False)
        self.title = "gradtui"
        show_keys_in(self, self.lang)
        if self._compare_with is not None:
            from gradtui.tui.screens.compare import CompareScreen

            other, names = self._compare_with
            self.push_screen(CompareScreen((self.config, other), names))

    # ------------------------------------------------------------------ the session
    # What the main screen shows, read from the app: the views, the palette and the
    # settings see one network whichever screen is on top. Only the main screen changes it.
    @property
    def config(self) -> Config:
        return self.main.config

    @property
    def stepper(self) -> Stepper:
        return self.main.stepper

    @property
    def history(self) -> History:
        return self.main.history

    @property
    def lesson(self) -> Lesson | None:
        return self.main.lesson

    @property
    def selected_layer(self) -> int:
        return self.main.selected_layer

    @property
    def metric(self) -> str:
        return self.main.metric

    # ------------------------------------------------------------------ words, files
    def _ui(self, text: str) -> str:
        return ui(text, self.lang)

    def problem_text(self, error: Exception, then: str = "") -> str:
        """A problem to show, then what happens next, in the learner's language: a config's,
        a lesson's or a data file's problem says itself (``message_in``); others (an OS
        error) are shown as they come."""
        message_in = getattr(error, "message_in", None)
        text = message_in(self.lang) if callable(message_in) else str(error)
        if not then:
            return text
        return text + ("。" if self.lang == "zh" else ". ") + then

    def save_to(self, prompt: str, default: str, write, saved, *, content: str) -> None:
        """Ask for a path, then ``write(path)``; a problem is shown and nothing else
        changes; on success ``saved(path)`` says what was written. Served, ``content``
        goes to the browser as ``default`` instead: a web user writes no file of the server."""
        if served():
            deliver(
                self, default, content, self._ui("Sent {name} to your browser (see its downloads).")
            )
            return

        def chosen(path: str | None) -> None:
            if not path:
                return
            try:
                write(path)
            except PROBLEMS as error:
                self.notify(self.problem_text(error), severity="error", timeout=10, markup=False)
                return
            saved(path)

        from gradtui.tui.screens.path_prompt import PathPrompt

        self.push_screen(PathPrompt(prompt, default), chosen)

    # ------------------------------------------------------------------ app-wide keys
    def action_help(self) -> None:
        from gradtui.tui.screens.help import HelpScreen

        keys = [in_language(binding, self.lang) for binding in self.main.BINDINGS]
        self.push_screen(HelpScreen(keys))

    def action_cycle_theme(self) -> None:
        names = self._theme_names or [self.theme]
        index = names.index(self.theme) if self.theme in names else -1
        self.theme = names[(index + 1) % len(names)]
        self.notify(self._ui("Theme: {theme}").format(theme=self.theme), timeout=2, markup=False)
        self.remember_settings()

    def action_screenshot(self) -> None:
        """Save what is on screen now (the main screen or a view) as SVG."""
        lesson = self.lesson
        svg = self.export_screenshot(title=f"gradtui · {self.main._title()}")

        def write(path: str) -> None:
            if not path.endswith(".svg"):
                raise ConfigError("", path, "an SVG file name ends in .svg", source=path)
            write_atomically(Path(path), svg.encode("utf-8"))

        self.save_to(
            self._ui("Save the screen as SVG:"),
            f"gradtui-{lesson.id if lesson else 'screen'}.svg",
            write,
            lambda path: self.notify(
                self._ui("Saved the screen as {path}.").format(path=path),
                timeout=4,
                markup=False,
            ),
            content=svg,
        )

    # ------------------------------------------------------------------ settings
    def use_language(self, lang: str) -> None:
        """Speak ``lang`` from now on: the app's keys, and the settings remember it (the
        main screen rewrites its panes)."""
        self.lang = lang
        show_keys_in(self, lang)
        self.remember_settings()

    def remember_settings(self) -> None:
        if served():
            return  # a web user's choices stay in their session
        # Only a config that has run is remembered (the main screen says which); until
        # one has, the file keeps the config it had.
        ran = self.main.ran or self._settings.last_config
        problem = save_settings(self.theme, ran, self.lang)
        if problem:
            self.notify(problem, severity="warning", timeout=6, markup=False)

    # ------------------------------------------------------------------ palette
    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """Textual's commands (in the learner's language), then every key of the screen the
        palette opened over (the main screen's, or the app's own over a view)."""
        for command in super().get_system_commands(screen):
            yield SystemCommand(self._ui(command.title), self._ui(command.help), command.callback)
        namespace = self.main if screen is self.main else self
        declared = namespace.BINDINGS
        for binding in (in_language(key, self.lang) for key in declared):
            action = binding.action.removeprefix("app.")
            if isinstance(binding, Binding) and action not in ("quit", "leave_field"):
                yield SystemCommand(
                    binding.description,
                    f"{binding.tooltip} ({binding.key.split(',')[0]})",
                    lambda action=binding.action: self.run_action(action, namespace),
                )

    def action_command_palette(self) -> None:
        """Textual's palette, its search field's prompt in the learner's language."""
        if self.use_command_palette and not CommandPalette.is_open(self):
            placeholder = self._ui("Search for commands…")
            self.push_screen(CommandPalette(id="--command-palette", placeholder=placeholder))

    def search_themes(self) -> None:
        """Textual's theme search (the palette's Theme command), its prompt translated."""
        self.push_screen(
            CommandPalette(providers=[ThemeProvider], placeholder=self._ui("Search for themes…"))
        )

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Textual's notification, then the whole screen painted again once it has gone.

        When a toast goes, Textual repaints only the cells it covered, and the edge of that
        region can fall inside a wide character of what lies beneath (the log's last column,
        in Chinese): the half inside is repainted as a space and the glyph is lost ("你没有
        预测" read "你没有 / 测"). A full repaint draws every line whole."""
        # Never markup, whatever a caller passes: no text from a user or a file is read as it.
        del markup
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=False)
        shown = self.NOTIFICATION_TIMEOUT if timeout is None else timeout
        self.set_timer(shown + 0.25, self._repaint_whole_screen)

    def _repaint_whole_screen(self) -> None:
        if self.is_running:
            self.screen.refresh()

    def on_resize(self) -> None:
        # The terminal's size classes are app-wide: app.tcss lays the panes out by them.
        self.set_class(self.size.width < NARROW, "narrow")
        self.set_class(self.size.width >= WIDE, "wide")
        self.set_class(self.size.height < SHORT, "short")
        self.main.auto_metric()
