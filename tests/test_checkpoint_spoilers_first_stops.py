"""The course's first seven stops, walked for spoilers as ``test_checkpoint_spoilers``
walks stops 8 to 13: no text read before a question (title, summary, look-at, the steps
up to the one it comes before) writes the figure the app will compute as its answer."""

from __future__ import annotations

import pytest

from gradtui.lessons.course import COURSE
from tests import test_checkpoint_spoilers as spoilers

FIRST_STOPS = tuple(stop.lesson for stop in COURSE[:7])


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("lesson_id", FIRST_STOPS)
def test_the_first_stops_give_no_answer_away(lesson_id, lang):
    spoilers.test_no_text_read_before_a_question_gives_its_answer(lesson_id, lang)
