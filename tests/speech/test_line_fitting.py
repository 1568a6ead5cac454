"""What the coach says for a cue: the plan's line in full coaching, its brief form in brief."""

from __future__ import annotations

import pytest

from stretchcoach.core import wording
from stretchcoach.core.plan import Cue, CueKind
from stretchcoach.core.speech_time import GAP, estimate_seconds
from stretchcoach.core.voice_options import CoachingMode
from stretchcoach.speech.line_fitting import choose_line, forms

HOW_TO = Cue(0, "Bridge. Lie on your back, knees bent, and lift your hips.", CueKind.HOW_TO, "Bridge.")
LENGTHS = {HOW_TO.text: 4.0, HOW_TO.brief: 0.8, wording.HALFWAY: 0.7, wording.OPENING: 4.5}


def seconds(text: str) -> float:
    return LENGTHS[text]


@pytest.mark.parametrize("room", [10.0, 4.0 + GAP, 3.9, 0.1])
def test_full_coaching_says_the_whole_line_never_a_shorter_stand_in(room: float) -> None:
    """The plan made room for every line; a clip longer than planned is still said whole."""
    assert choose_line(HOW_TO, room, CoachingMode.FULL, seconds) == HOW_TO.text


def test_an_optional_line_with_no_room_is_not_said() -> None:
    halfway = Cue(15, wording.HALFWAY, CueKind.HALFWAY, optional=True)

    assert choose_line(halfway, 0.5, CoachingMode.FULL, seconds) is None
    assert choose_line(halfway, 2.0, CoachingMode.FULL, seconds) == wording.HALFWAY


def test_brief_coaching_names_the_exercise_but_keeps_lines_that_are_short_already() -> None:
    rest = Cue(0, "Rest for 10 seconds.", CueKind.REST, "Rest.")

    assert forms(HOW_TO, CoachingMode.BRIEF) == (HOW_TO.brief,)
    assert forms(HOW_TO, CoachingMode.FULL) == (HOW_TO.text,)
    assert forms(rest, CoachingMode.BRIEF) == (rest.text,)
    assert choose_line(HOW_TO, 60.0, CoachingMode.BRIEF, seconds) == HOW_TO.brief


def test_the_safety_line_is_said_in_full_whatever_the_mode() -> None:
    safety = Cue(0, wording.OPENING, CueKind.SAFETY, "Be gentle.")

    assert forms(safety, CoachingMode.BRIEF) == (wording.OPENING,)
    assert choose_line(safety, 1.0, CoachingMode.FULL, seconds) == wording.OPENING


def test_the_estimate_grows_with_the_text_and_shrinks_with_the_rate() -> None:
    short, long = "Tilt.", "Lie on your back, knees bent, and rock your pelvis slowly."

    assert estimate_seconds(short, 160) < estimate_seconds(long, 160)
    assert estimate_seconds(long, 80) == pytest.approx(2 * estimate_seconds(long, 160))
    assert 2.5 < estimate_seconds(long, 160) < 5.0


def test_figures_are_timed_as_the_words_the_voice_says() -> None:
    assert estimate_seconds("Hold for 60 seconds.", 160) == pytest.approx(
        estimate_seconds("Hold for sixty seconds.", 160)
    )
    assert estimate_seconds("Rest for 115 seconds.", 160) == pytest.approx(
        estimate_seconds("Rest for one hundred fifteen seconds.", 160)
    )
    assert estimate_seconds("", 160) == 0.0
