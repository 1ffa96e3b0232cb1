"""The compare view, as `gradtui compare batchnorm-rescue batchnorm-rescue:plain` opens it."""

from gradtui.lessons import load_lesson_file
from gradtui.tui.app import GradtuiApp

lesson = load_lesson_file("batchnorm-rescue")
app = GradtuiApp(
    lesson.config,
    title=lesson.title,
    theme="gradtui-dark",
    lang="en",
    compare_with=(lesson.variant_config("plain"), ("A: with batch norm", "B: without")),
)

if __name__ == "__main__":
    app.run()
