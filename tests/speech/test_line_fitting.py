"""Which form of a cue is said, from the time it has."""

from __future__ import annotations

import pytest

from stretchcoach.core import wording
from stretchcoach.core.plan import Cue, CueKind
from stretchcoach.core.voice_options import CoachingMode
from stretchcoach.speech.line_fitting import GAP, choose_line, estimate_seconds, forms

HOW_TO = Cue(0, "Bridge. Lie on your back, knees bent, and lift your hips.", CueKind.HOW_TO, "Bridge.")
LENGTHS = {HOW_TO.text: 4.0, HOW_TO.brief: 0.8, wording.HALFWAY: 0.7, wording.OPENING: 4.5}


def seconds(text: str) -> float:
    return LENGTHS[text]


@pytest.mark.parametrize(
    ("room", "said"),
    [(10.0, HOW_TO.text), (4.0 + GAP, HOW_TO.text), (3.9, HOW_TO.brief), (0.8 + GAP, HOW_TO.brief)],
)
def test_the_full_line_when_it_fits_else_the_brief_one(room: float, said: str) -> None:
    assert choose_line(HOW_TO, room, CoachingMode.FULL, seconds) == said


def test_a_needed_line_with_no_room_at_all_is_said_in_its_shortest_form() -> None:
    assert choose_line(HOW_TO, 0.1, CoachingMode.FULL, seconds) == HOW_TO.brief


def test_an_optional_line_with_no_room_is_not_said() -> None:
    halfway = Cue(15, wording.HALFWAY, CueKind.HALFWAY, optional=True)

    assert choose_line(halfway, 0.5, CoachingMode.FULL, seconds) is None
    assert choose_line(halfway, 2.0, CoachingMode.FULL, seconds) == wording.HALFWAY


def test_brief_coaching_names_the_exercise_but_keeps_lines_that_are_short_already() -> None:
    rest = Cue(0, "Rest for 10 seconds.", CueKind.REST, "Rest.")

    assert forms(HOW_TO, CoachingMode.BRIEF) == (HOW_TO.brief,)
    assert forms(rest, CoachingMode.BRIEF) == (rest.text, rest.brief)
    assert choose_line(HOW_TO, 60.0, CoachingMode.BRIEF, seconds) == HOW_TO.brief


def test_the_safety_line_has_one_form_and_is_said_whatever_the_room() -> None:
    safety = Cue(0, wording.OPENING, CueKind.SAFETY, "Be gentle.")

    assert forms(safety, CoachingMode.BRIEF) == (wording.OPENING,)
    assert choose_line(safety, 1.0, CoachingMode.FULL, seconds) == wording.OPENING


def test_a_cue_without_a_brief_form_offers_only_its_text() -> None:
    assert forms(Cue(0, "Three.", CueKind.COUNT), CoachingMode.FULL) == ("Three.",)


def test_the_estimate_grows_with_the_text_and_shrinks_with_the_rate() -> None:
    short, long = "Tilt.", "Lie on your back, knees bent, and rock your pelvis slowly."

    assert estimate_seconds(short, 160) < estimate_seconds(long, 160)
    assert estimate_seconds(long, 80) == pytest.approx(2 * estimate_seconds(long, 160))
    assert 2.5 < estimate_seconds(long, 160) < 5.0
