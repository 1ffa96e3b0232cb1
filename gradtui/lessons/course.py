"""The course: an ordered path through the shipped lessons for one 90-minute class.

A teacher meets the problem first (a deep sigmoid network loses its gradient), sees how it
grows with depth and who pays for it (the early layers), then the four fixes in the order
a class discusses them (the initialisation, ReLU with He, batch norm, shortcuts), then the
opposite failure (exploding) and its cure (clipping), the activations' own troubles (dead
ReLU, its leaky fix, tanh's saturation), and ends on time: an RNN against an LSTM. Each
stop has the minutes it takes a class (doing the steps, reading the numbers, talking about
the question) and what it is there for, in English and Chinese. Once a lesson's steps
are done, the app's ``n`` opens the next stop.
"""

from __future__ import annotations

from typing import NamedTuple

__all__ = ["COURSE", "COURSE_MINUTES", "CourseStop", "course_index", "next_stop"]


class CourseStop(NamedTuple):
    lesson: str
    """The shipped lesson's id."""
    minutes: int
    """About how long a class spends on it."""
    why: str
    """What it is there for, a few words."""
    why_zh: str

    def text(self, lang: str) -> str:
        return self.why_zh if lang == "zh" else self.why


COURSE: tuple[CourseStop, ...] = (
    CourseStop("vanishing-sigmoid", 10, "the problem: the gradient vanishes", "问题：梯度消失"),
    CourseStop("depth-scaling", 6, "what depth does to the gradient", "深度对梯度的影响"),
    CourseStop("slow-early-layers", 6, "which layers learn first", "哪些层先学"),
    CourseStop("init-matters", 8, "fix 1: the initialisation", "办法一：初始化"),
    CourseStop("relu-he", 5, "fix 2: ReLU with He init", "办法二：ReLU 配 He 初始化"),
    CourseStop("batchnorm-rescue", 7, "fix 3: batch norm", "办法三：批归一化"),
    CourseStop("residual-rescue", 7, "fix 4: shortcuts", "办法四：残差连接"),
    CourseStop("exploding-constant-5", 7, "the opposite: exploding", "反过来：梯度爆炸"),
    CourseStop("clipping", 8, "clipping tames it", "裁剪驯服爆炸"),
    CourseStop("dead-relu", 8, "activations: ReLU units die", "激活函数：ReLU 单元死亡"),
    CourseStop("leaky-relu-rescue", 5, "does Leaky ReLU save them?", "Leaky ReLU 能救活它们吗？"),
    CourseStop("tanh-saturates", 5, "tanh saturates too", "tanh 也会饱和"),
    CourseStop("rnn-vs-lstm", 8, "through time: RNN against LSTM", "沿时间：RNN 对比 LSTM"),
)
"""The stops in order."""

COURSE_MINUTES = sum(stop.minutes for stop in COURSE)


def course_index(lesson_id: str) -> int | None:
    """The position of a lesson in the course (0 for the first), or None."""
    for index, stop in enumerate(COURSE):
        if stop.lesson == lesson_id:
            return index
    return None


def next_stop(lesson_id: str) -> CourseStop | None:
    """The stop after this lesson's, or None (not in the course, or the last)."""
    index = course_index(lesson_id)
    if index is None or index + 1 >= len(COURSE):
        return None
    return COURSE[index + 1]
