"""The app on the default lesson, as the snapshot tests load it."""

import itertools

from gradtui.lessons import load_lesson_file
from gradtui.sim import cost, stepper
from gradtui.tui.app import GradtuiApp

# A pass's time is wall time; a clock that reads 1 ms later at every look keeps the
# pictures the same from run to run (each stage of a pass takes 1 ms).
_ticks = itertools.count()
stepper.perf_counter = lambda: next(_ticks) * 1e-3
cost.perf_counter = stepper.perf_counter  # the theory view's table of activation costs

lesson = load_lesson_file("vanishing-sigmoid")
app = GradtuiApp(lesson.config, title=lesson.title, theme="gradtui-dark", lesson=lesson, lang="en")

if __name__ == "__main__":
    app.run()
