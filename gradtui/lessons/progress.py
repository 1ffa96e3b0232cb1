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

from gradtui.config import Config, ConfigError, apply_overrides
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

    def __init__(
        self,
        until: tuple[str, ...],
        keys: tuple[tuple[str, ...], ...] = (),
        sets: tuple[tuple[tuple[str, str], ...], ...] = (),
    ) -> None:
        self.until = until
        self.keys = keys
        """Each step's keys (a lesson of the older form has none)."""
        self.sets = sets
        """Each step's ``set``: the fields the network must have for its milestone."""
        self.done = 0
        """How many steps are done."""
        self._pressed = 0
        """How many of the current ``read`` step's keys have been pressed."""

    @classmethod
    def of(cls, lesson) -> LessonProgress:
        """The progress of ``lesson`` (a ``Lesson`` or None) from its start."""
        if lesson is None:
            return cls(())
        steps = lesson.step_tables
        return cls(lesson.until, tuple(step.keys for step in steps), tuple(s.set for s in steps))

    @property
    def current(self) -> int | None:
        """The index of the step to do now; None when all are done."""
        return self.done if self.done < len(self.until) else None

    @property
    def finished(self) -> bool:
        return self.current is None

    def saw(self, snapshot: Snapshot, config: Config | None = None) -> None:
        """A new snapshot of the network ``config``: it may reach a forward, pass or update
        milestone."""
        if snapshot.phase == Phase.FORWARD and snapshot.layer == snapshot.depth:
            self.event("forward", config)
        elif snapshot.phase == Phase.BACKWARD and snapshot.layer == 1:
            self.event("pass", config)
        elif snapshot.phase == Phase.UPDATE:
            self.event("update", config)

    def event(self, milestone: str, config: Config | None = None) -> None:
        """``milestone`` happened (to the network ``config``, when given): the current step
        is done if it was waiting for it, and if the network has what the step sets."""
        index = self.done
        while index < len(self.until) and self.until[index] == "read":
            index += 1  # looking is not waited for when something comes after it
        waited = index < len(self.until) and self.until[index] == milestone
        if waited and self._has_set(index, config):
            self._finish(index)

    def _has_set(self, index: int, config: Config | None) -> bool:
        """Whether ``config`` has the values step ``index`` sets ("Set network.residual =
        off, press e": a pass of the network before the edit was applied does not do it)."""
        changes = self.sets[index] if index < len(self.sets) else ()
        if config is None or not changes:
            return True
        try:
            return apply_overrides(config, [f"{name}={value}" for name, value in changes]) == config
        except ConfigError:
            return True

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
