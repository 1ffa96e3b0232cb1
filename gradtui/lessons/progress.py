"""Where a learner is in a lesson: which of its steps they have done.

Each step of a lesson ends at a milestone, named in the lesson's ``until`` list or, when a
lesson has none, read from the step's words: ``forward`` (the forward pass reached the
output), ``pass`` (the backward pass reached layer 1), ``update`` (the weights were
updated), ``train`` (a training run finished), ``apply`` (a new configuration was applied
or opened), or ``read`` (nothing to do but look: it ends once its keys have been pressed in order on
the main screen, or once a view its keys open has opened, or when the step after it
ends). A step's milestone counts only once the steps before it are done.
"""

from __future__ import annotations

from gradtui.sim.snapshot import Phase, Snapshot

__all__ = ["MILESTONES", "LessonProgress", "milestone_for"]

MILESTONES = ("forward", "pass", "update", "train", "apply", "read")


def milestone_for(step: str) -> str:
    """The milestone a step's English words describe."""
    words = step.lower()
    if "train" in words:
        return "train"
    if any(verb in words for verb in ("set ", "switch", "apply", "clear ", "lower ")):
        return "apply"
    if "forward" in words and "backward" not in words and "whole" not in words:
        return "forward"
    if any(word in words for word in ("pass", "backward", "press space", "step")):
        return "pass"
    return "read"


class LessonProgress:
    """Feed it what happens (``saw`` a snapshot, an ``event``); ask for ``current``."""

    def __init__(self, until: tuple[str, ...], keys: tuple[tuple[str, ...], ...] = ()) -> None:
        self.until = until
        self.keys = keys
        """Each step's keys (a lesson of the older form has none)."""
        self.done = 0
        """How many steps are done."""
        self._pressed = 0
        """How many of the current ``read`` step's keys have been pressed."""

    @classmethod
    def of(cls, lesson) -> LessonProgress:
        """The progress of ``lesson`` (a ``Lesson`` or None) from its start."""
        if lesson is None:
            return cls(())
        return cls(lesson.until, tuple(step.keys for step in lesson.step_tables))

    @property
    def current(self) -> int | None:
        """The index of the step to do now; None when all are done."""
        return self.done if self.done < len(self.until) else None

    @property
    def finished(self) -> bool:
        return self.current is None

    def saw(self, snapshot: Snapshot) -> None:
        """A new snapshot: it may reach a forward, pass or update milestone."""
        if snapshot.phase == Phase.FORWARD and snapshot.layer == snapshot.depth:
            self.event("forward")
        elif snapshot.phase == Phase.BACKWARD and snapshot.layer == 1:
            self.event("pass")
        elif snapshot.phase == Phase.UPDATE:
            self.event("update")

    def event(self, milestone: str) -> None:
        """``milestone`` happened: the current step is done if it was waiting for it."""
        index = self.done
        while index < len(self.until) and self.until[index] == "read":
            index += 1  # looking is not waited for when something comes after it
        if index < len(self.until) and self.until[index] == milestone:
            self._finish(index)

    def pressed(self, key: str) -> bool:
        """A key pressed on the main screen: True when it finished a ``read`` step (its
        keys pressed in order; other keys between them do not count)."""
        keys = self._read_keys()
        if keys and key == keys[self._pressed]:
            self._pressed += 1
            if self._pressed == len(keys):
                self._finish(self.done)
                return True
        return False

    def left(self) -> bool:
        """A view opened over the main screen: True when it finished a ``read`` step whose
        keys had begun (the rest of its keys are pressed in the view)."""
        if self._read_keys() and self._pressed:
            self._finish(self.done)
            return True
        return False

    def _read_keys(self) -> tuple[str, ...]:
        """The current step's keys when it is a ``read`` step, else ()."""
        index = self.current
        if index is None or self.until[index] != "read" or index >= len(self.keys):
            return ()
        return self.keys[index]

    def _finish(self, index: int) -> None:
        self.done = index + 1
        self._pressed = 0
