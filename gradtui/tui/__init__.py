"""The Textual app. ``run_app`` is what ``gradtui`` (with no subcommand) calls."""

from __future__ import annotations

from gradtui.config import Config

__all__ = ["run_app"]


def run_app(
    config: Config,
    *,
    title: str = "gradtui",
    config_path: str | None = None,
    theme: str | None = None,
    lang: str | None = None,
    lesson=None,
    compare_with=None,
    exercise=None,
    origin: Config | None = None,
) -> int:
    """Run the app on ``config`` until the learner quits; return the exit code: 0, or 1
    when the app ended on an unhandled exception (whose traceback Textual prints once the
    terminal is restored)."""
    from gradtui.tui.app import GradtuiApp

    app = GradtuiApp(
        config,
        title=title,
        config_path=config_path,
        theme=theme,
        lang=lang,
        lesson=lesson,
        compare_with=compare_with,
        exercise=exercise,
        origin=origin,
    )
    app.run()
    return app.return_code or 0
