"""Where a learner is in a lesson: which of its steps they have done.

Each step of a lesson ends at a milestone, named in the lesson's ``until`` list or, when a
lesson has none, read from the step's words: ``forward`` (the forward pass reached the
output), ``pass`` (the backward pass reached layer 1), ``update`` (the weights were
updated), ``train`` (a training run finished), ``apply`` (a new configuration was applied
or opened), or ``read`` (nothing to do but look).

A step of the ``[[step]]`` form also names its keys, and it is done once they have been
pressed in order on the main screen *and* its milestone has come, whichever is last: "press
e, then d" waits for the d after the pass. Other keys between them do not count. Once a key
of the step has opened a view over the main screen, the rest of its keys are taken as
pressed there; a step whose next key is escape counts it when a view closes (the step
before left the view open). A step that sets fields waits for them to be applied first:
its keys and its milestone count only after the apply (but an escape that leads its keys,
closing the step before's view). The milestone counts only once the keys before the one
that brings it are pressed (the ``e`` or space of a pass, the ``t`` of a training run): in
"5 0 t e", a pass before the training is not the step's.

A step that is left only to look (a ``read`` step, or one whose milestone has come and
which waits for its last keys) is not waited for when the step after it starts: that
step's apply or milestone passes over it, and the key that brought it counts for that
step (e in step 1 of "space*10", then "e": the pass ends both). A ``read`` step with no
keys (the older ``steps = [...]`` form) ends only so. A step's milestone counts only once
the steps before it are done.
"""

from __future__ import annotations

from gradtui.config import Config, ConfigError, apply_overrides
from gradtui.sim.snapshot import Phase, Snapshot

__all__ = ["MILESTONES", "LessonProgress", "milestone_for"]

MILESTONES = ("forward", "pass", "update", "train", "apply", "read")
BRINGS = {"forward": ("e", "space"), "pass": ("e", "space"), "update": ("e", "space")}
"""The keys that bring a milestone about, when a step's keys name one (``train``: t)."""
BRINGS["train"] = ("t",)


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
    """Feed it what happens (``saw`` a snapshot, an ``event``, a key ``pressed``, a view
    ``left`` for or ``came_back`` from); ask for ``current``."""

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
        """Each step's ``set``: the fields it waits for the applied network to have first."""
        self.done = 0
        """How many steps are done."""
        self._pressed = 0
        """How many of the current step's keys have been pressed, in order."""
        self._applied = False
        """Whether the current step's fields have been applied (since it became current)."""
        self._reached = False
        """Whether the current step's milestone has come (where it counts)."""
        self._config: Config | None = None
        """The network of the event being taken (None: not known)."""
        self._matched = False
        """Whether the last key pressed on the main screen was the current step's next."""
        self._last = ""
        """The last key pressed on the main screen (the one whose action runs now)."""

    @classmethod
    def of(cls, lesson) -> LessonProgress:
        """The progress of ``lesson`` (a ``Lesson`` or None) from its start."""
        if lesson is None:
            return cls(())
        tables = lesson.step_tables
        return cls(
            lesson.until,
            tuple(step.keys for step in tables),
            tuple(step.set for step in tables),
        )

    @property
    def current(self) -> int | None:
        """The index of the step to do now; None when all are done."""
        return self.done if self.done < len(self.until) else None

    @property
    def finished(self) -> bool:
        return self.current is None

    @property
    def next_key(self) -> str | None:
        """The key the current step waits for next; "" when it waits for something else
        (its fields applied, its milestone); None when no step is current or the step
        names no keys (a lesson of the older form: what it waits for is not known)."""
        index = self.current
        if index is None:
            return None
        keys = self._keys(index)
        if self._sets(index) and not self._applied and keys[:1] != ("escape",):
            return ""  # the form first
        if not keys:
            return None
        if self._pressed >= len(keys) or not self._may_press(index, self._pressed):
            return ""
        return keys[self._pressed]

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
        takes it if it counts there; else, when the current step is left only to look, the
        step after it may take it."""
        index = self.current
        if index is None:
            return
        self._config = config
        if self._counts(index, milestone, self._pressed, self._applied):
            self._take(index, milestone)
            return
        while self._looking(index) and index + 1 < len(self.until):
            index += 1
            if self._counts(index, milestone, 0, False):
                self._finish(index - 1)
                if self._keys(index)[:1] == (self._last,) and self._may_press(index, 0):
                    self._pressed = 1  # the key that brought the milestone is this step's
                self._take(index, milestone)
                return

    def pressed(self, key: str) -> bool:
        """A key pressed on the main screen (before its binding acts): True when it
        finished a step."""
        index = self.current
        self._matched, self._last = False, key
        if index is None:
            return False
        keys = self._keys(index)
        position = self._pressed
        if position < len(keys) and key == keys[position] and self._may_press(index, position):
            self._pressed += 1
            self._matched = True
            return self._finish_if_done(index)
        return False

    def left(self) -> bool:
        """A view opened over the main screen: when the key just pressed was the current
        step's (so the view is its), the rest of its keys are pressed in the view. True
        when that finished the step."""
        index = self.current
        if index is None or not self._matched:
            return False
        self._matched = False
        keys = self._keys(index)
        if 0 < self._pressed < len(keys):
            self._pressed = len(keys)
            return self._finish_if_done(index)
        return False

    def came_back(self) -> bool:
        """The main screen shows again (a view closed): a step whose next key is escape
        has it. True when that finished the step."""
        index = self.current
        if index is None:
            return False
        keys = self._keys(index)
        position = self._pressed
        if position < len(keys) and keys[position] == "escape" and self._may_press(index, position):
            self._pressed += 1
            return self._finish_if_done(index)
        return False

    # ------------------------------------------------------------------ the rules
    def _keys(self, index: int) -> tuple[str, ...]:
        return self.keys[index] if index < len(self.keys) else ()

    def _sets(self, index: int) -> bool:
        return index < len(self.sets) and bool(self.sets[index])

    def _has_set(self, index: int) -> bool:
        """Whether the network of the event has the values step ``index`` sets ("Set
        network.residual = off, press e": an apply of another value, or a pass of the
        network before the edit was applied, does not do it); True when not known."""
        changes = self.sets[index] if index < len(self.sets) else ()
        config = self._config
        if config is None or not changes:
            return True
        try:
            return apply_overrides(config, [f"{name}={value}" for name, value in changes]) == config
        except ConfigError:
            return True

    def _may_press(self, index: int, position: int) -> bool:
        """Whether key ``position`` of step ``index`` counts now: after the step's apply,
        or before it when it is one of the escapes that lead the keys."""
        if not self._sets(index) or self._applied:
            return True
        return all(key == "escape" for key in self._keys(index)[: position + 1])

    def _before_milestone(self, index: int) -> int:
        """How many of step ``index``'s keys must be pressed before its milestone counts:
        those before the last key that brings it about, or before the run of presses it
        ends ("space*10": any of them may); 0 when none of its keys brings it."""
        keys = self._keys(index)
        brings = BRINGS.get(self.until[index], ())
        last = max((place for place, key in enumerate(keys) if key in brings), default=0)
        while last > 0 and keys[last - 1] == keys[last]:
            last -= 1
        return last

    def _counts(self, index: int, milestone: str, pressed: int, applied: bool) -> bool:
        """Whether ``milestone`` counts for step ``index`` with ``pressed`` keys done and
        its fields ``applied`` or not."""
        if milestone == "apply" and self._sets(index) and not applied:
            return self._has_set(index)  # the step's first requirement
        if self.until[index] != milestone or (self._sets(index) and not applied):
            return False
        if not self._has_set(index):
            return False
        return pressed >= self._before_milestone(index)

    def _take(self, index: int, milestone: str) -> None:
        if milestone == "apply" and self._sets(index) and not self._applied:
            self._applied = True
            self._reached = self.until[index] == "apply"
        else:
            self._reached = True
        self._finish_if_done(index)

    def _looking(self, index: int) -> bool:
        """Whether step ``index`` (the current one) is left only to look: a read step, or
        one whose milestone has come."""
        return self.until[index] == "read" or (index == self.done and self._reached)

    def _finish_if_done(self, index: int) -> bool:
        keys = self._keys(index)
        if self.until[index] == "read":
            # A read step ends at its keys; one with none only when passed over.
            complete = bool(keys) and self._pressed >= len(keys)
            complete = complete and (self._applied or not self._sets(index))
        else:
            complete = self._reached and self._pressed >= len(keys)
        if complete:
            self._finish(index)
        return complete

    def _finish(self, index: int) -> None:
        self.done = index + 1
        self._pressed = 0
        self._applied = False
        self._reached = False
        self._matched = False
