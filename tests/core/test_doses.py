"""Doses a user may choose: even sides for alternating reps, the editors' bounds, flare-up wording."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stretchcoach.core.builtin import builtin_routine, builtin_routines
from stretchcoach.core.doses import DoseKind, below_article, dose_choices, flare_up_text
from stretchcoach.core.model import Dose, Exercise, Side, Sides
from stretchcoach.core.plan import PhaseKind, Plan
from stretchcoach.core.plan_settings import PlanSettings
from stretchcoach.core.planner import PlanError, build_plan, dosage
from tests.core.factories import exercise, routine

ALTERNATING = [
    (each_routine.id, each.id)
    for each_routine in builtin_routines()
    for each in each_routine.exercises
    if each.sides is Sides.ALTERNATE
]


def reps_by_side(plan: Plan, exercise_id: str) -> Counter[Side | None]:
    """Reps done on each side: one per (set, rep), however many beats and holds a rep has."""
    reps = {
        (phase.set_index, phase.rep_index): phase.side
        for phase in plan.phases
        if phase.kind is PhaseKind.REP and phase.exercise is not None and phase.exercise.id == exercise_id
    }
    return Counter(reps.values())


def test_every_alternating_built_in_exercise_is_covered() -> None:
    assert ("physio-ten", "bird-dog") in ALTERNATING
    assert ("physio-ten", "spine-stretch") in ALTERNATING
    assert ("quick-relief", "spine-stretch") in ALTERNATING


@pytest.mark.parametrize(("routine_id", "exercise_id"), ALTERNATING)
@settings(max_examples=60, deadline=None)
@given(data=st.data(), scale=st.floats(min_value=0.5, max_value=1.0))
def test_alternating_sides_stay_even_for_every_allowed_count_and_scale(
    routine_id: str, exercise_id: str, data: st.DataObject, scale: float
) -> None:
    the_routine = builtin_routine(routine_id)
    the_exercise = the_routine.exercise(exercise_id)
    assert the_exercise.reps is not None
    count = data.draw(st.integers(the_exercise.reps.low, the_exercise.reps.high), label="count")

    chosen = PlanSettings(reps={exercise_id: count}, scale=scale)
    by_side = reps_by_side(build_plan(the_routine, chosen), exercise_id)

    first = the_exercise.first_side
    assert set(by_side) == {first, first.other}
    assert by_side[first] == by_side[first.other] >= 1
    assert by_side[first] * 2 <= max(2, round(count * scale + 0.5))  # never more than chosen and scaled
    word = "rep" if by_side[first] == 1 else "reps"
    assert f"{by_side[first]} {word} each {the_exercise.side_noun}" in _dose_line(the_exercise, chosen)


def _dose_line(the_exercise: Exercise, chosen: PlanSettings) -> str:
    """The dose line as the picker words it: the article's wording at the planned figure."""
    planned = dosage(the_exercise, chosen)
    assert planned.reps is not None
    return replace(the_exercise, reps=Dose.fixed(planned.reps)).describe_dose()


def test_an_odd_count_loses_its_last_rep_rather_than_one_side_getting_more() -> None:
    beats = [{"label": "roll {side}", "say": "Roll to the {side}"}, {"label": "back", "say": "Back"}]
    alternating = routine(exercise(reps={"default": 8, "min": 6, "max": 9}, beats=beats, sides="alternate"))

    by_side = reps_by_side(build_plan(alternating, PlanSettings(reps={"stretch": 9})), "stretch")

    assert by_side == Counter({Side.RIGHT: 4, Side.LEFT: 4})


def test_an_alternating_count_is_offered_for_each_side_within_the_article() -> None:
    bird_dog = builtin_routine("physio-ten").exercise("bird-dog")

    reps, hold = dose_choices(bird_dog, PlanSettings())

    assert (reps.kind, reps.label, reps.value, reps.allowed) == (
        DoseKind.REPS,
        "Reps each leg",
        4,
        Dose(4, 4, 6),
    )
    assert reps.article == "4–6 (8–12 in all)"
    assert reps.saved(5) == 10
    assert (hold.kind, hold.value, hold.suffix, hold.article) == (DoseKind.HOLD, 10, " s", "5–10 s")
    assert bird_dog.describe_dose() == "4–6 reps each leg, alternating, hold 5–10 s each"


def test_editors_show_the_choice_before_the_flare_up_scale_and_skip_fixed_figures() -> None:
    five = builtin_routine("five-stretches")
    knees = five.exercise("knees-to-chest")

    (hold,) = dose_choices(knees, PlanSettings(holds={"knees-to-chest": 90}, scale=0.5))

    assert (hold.value, hold.allowed.low, hold.allowed.high, hold.article) == (90, 60, 180, "60–180 s")
    fixed = routine(exercise(hold=30))
    assert dose_choices(fixed.exercises[0], PlanSettings()) == ()


def test_sets_can_be_fewer_than_the_article_never_more() -> None:
    plank_routine = builtin_routine("core-strength")
    plank = next(each for each in plank_routine.exercises if each.sets > 1)

    sets = next(choice for choice in dose_choices(plank, PlanSettings()) if choice.kind is DoseKind.SETS)
    assert (sets.value, sets.allowed.low, sets.allowed.high) == (plank.sets, 1, plank.sets)
    assert sets.article == f"up to {plank.sets}"

    once = build_plan(plank_routine, PlanSettings(sets={plank.id: 1}))
    holds = [
        p
        for p in once.phases
        if p.kind is PhaseKind.HOLD and p.exercise is not None and p.exercise.id == plank.id
    ]
    assert len(holds) == 1 and holds[0].set_count == 1
    with pytest.raises(PlanError, match="sets for"):
        build_plan(plank_routine, PlanSettings(sets={plank.id: plank.sets + 1}))


def test_a_flare_up_is_named_and_a_dose_below_the_article_is_marked() -> None:
    knees = builtin_routine("five-stretches").exercise("knees-to-chest")

    assert flare_up_text(1.0) == ""
    assert flare_up_text(0.7) == "Flare-up: 70 % of the article's dose"
    assert below_article(knees, PlanSettings()) == ""
    assert below_article(knees, PlanSettings(scale=0.7)) == "flare-up: below the article's 60 s"
    assert below_article(knees, PlanSettings(holds={"knees-to-chest": 90}, scale=0.7)) == ""
    spine = builtin_routine("quick-relief").exercise("spine-stretch")
    assert below_article(spine, PlanSettings(scale=0.5)) == "flare-up: below the article's 3 reps each side"
    lower_back = builtin_routine("physio-ten").exercise("lower-back-stretch")
    assert below_article(lower_back, PlanSettings(scale=0.5)) == (
        "flare-up: below the article's 6 reps and 20 s"
    )
