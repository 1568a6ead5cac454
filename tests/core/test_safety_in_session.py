"""Safety in the session: the advice that matters is shown during its exercise and said once."""

from __future__ import annotations

import re

import pytest

from stretchcoach.core import pain_advice, wording
from stretchcoach.core.builtin import builtin_routine, builtin_routines
from stretchcoach.core.plan import CueKind, Phase, PhaseKind, Plan
from stretchcoach.core.planner import build_plan

SKIP_IT = "If this bothers your back, press Next to skip it."


def phases_of(plan: Plan, exercise_id: str) -> list[Phase]:
    return [phase for phase in plan.phases if phase.exercise is not None and phase.exercise.id == exercise_id]


@pytest.mark.parametrize(
    ("routine_id", "exercise_id"), [("physio-ten", "lower-tummy"), ("core-strength", "leg-lifts")]
)
def test_the_exercises_that_can_hurt_say_once_to_press_next_to_skip_them(
    routine_id: str, exercise_id: str
) -> None:
    phases = phases_of(build_plan(builtin_routine(routine_id)), exercise_id)
    said = [cue for phase in phases for cue in phase.cues if cue.text.endswith(SKIP_IT)]

    assert len(said) == 1
    assert said[0].kind is CueKind.SAFETY
    prepare = next(phase for phase in phases if phase.kind is PhaseKind.PREPARE)
    assert said[0] is prepare.cues[0], "before how to do it, so it is heard before starting"
    assert all(phase.safety for phase in phases), "and the note stays on screen the whole exercise"


def test_the_article_advice_is_in_the_session_not_only_on_the_picker() -> None:
    physio, core = build_plan(builtin_routine("physio-ten")), build_plan(builtin_routine("core-strength"))
    said = {cue.text for plan in (physio, core) for phase in plan.phases for cue in phase.cues}

    assert any("less than a quarter of your strength" in text for text in said)
    assert any("rest your knees on the floor" in text for text in said)
    five = build_plan(builtin_routine("five-stretches"))
    door = phases_of(five, "doorway-hamstring")
    holds = [phase for phase in door if phase.kind is PhaseKind.HOLD]
    assert all("prop yourself up on your elbows" in phase.cues[0].text for phase in holds)


@pytest.mark.parametrize("routine_id", ["physio-ten", "quick-relief"])
def test_the_physio_guides_routines_open_with_its_warm_up_advice(routine_id: str) -> None:
    opening = build_plan(builtin_routine(routine_id)).phases[0]
    texts = [cue.text for cue in opening.cues]

    assert texts[0] == wording.OPENING
    assert texts[1].startswith("Warm your muscles up before you begin.")
    assert "never bounce" in texts[1]
    assert opening.cues[1].kind is CueKind.SAFETY
    assert opening.cues[2].at >= opening.cues[1].at


def test_a_routine_from_the_first_article_alone_has_no_warm_up_line() -> None:
    opening = build_plan(builtin_routine("five-stretches")).phases[0]

    assert [cue.kind for cue in opening.cues[:2]] == [CueKind.SAFETY, CueKind.NEXT]


def test_how_much_a_stretch_should_pull_is_worded_one_way_everywhere() -> None:
    notes = [note for routine in builtin_routines() for note in routine.safety]
    notes += [note for routine in builtin_routines() for item in routine.exercises for note in item.safety]
    notes += [item.instructions for routine in builtin_routines() for item in routine.exercises]
    about_pull = [note for note in notes if re.search(r"\b(pull|mild|strong)\b", note, re.IGNORECASE)]
    stretch_routines = [routine for routine in builtin_routines() if routine.id != "core-strength"]

    assert not [note for note in about_pull if re.search(r"\b(mild|strong|steady)\b", note)]
    assert all(any(wording.SLIGHT_STRETCH in note for note in routine.safety) for routine in stretch_routines)
    assert wording.SLIGHT_STRETCH in pain_advice.RIGHT_NOW[1]
