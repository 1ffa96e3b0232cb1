"""The app on the default lesson, as the snapshot tests load it."""

from gradtui.lessons import load_lesson_file
from gradtui.tui.app import GradtuiApp

lesson = load_lesson_file("vanishing-sigmoid")
app = GradtuiApp(lesson.config, title=lesson.title, theme="gradtui-dark", lesson=lesson, lang="en")

if __name__ == "__main__":
    app.run()
