"""The built-in routines keep the articles' facts: order, holds, reps, sides and safety advice."""

from __future__ import annotations

import re

import pytest

from stretchcoach.core.builtin import builtin_routine, builtin_routines
from stretchcoach.core.model import BodyPosition, Dose, Prop, Routine, Side, Sides
from stretchcoach.core.plan import PhaseKind
from stretchcoach.core.plan_settings import PlanSettings
from stretchcoach.core.planner import build_plan
from stretchcoach.core.voice_options import RATE_BOUNDS
from stretchcoach.core.wording import NUMBER_WORDS


def holds_by_exercise(routine_id: str) -> dict[str, float]:
    plan = build_plan(builtin_routine(routine_id))
    totals: dict[str, float] = {}
    for phase in plan.phases:
        if phase.kind is PhaseKind.HOLD and phase.exercise is not None:
            totals[phase.exercise.id] = totals.get(phase.exercise.id, 0) + phase.seconds
    return totals


def test_the_four_routines_ship_in_order() -> None:
    assert [r.id for r in builtin_routines()] == [
        "five-stretches",
        "physio-ten",
        "core-strength",
        "quick-relief",
    ]


def test_five_stretches_hold_nine_minutes_in_the_articles_order() -> None:
    routine = builtin_routine("five-stretches")

    assert [e.id for e in routine.exercises] == [
        "knees-to-chest",
        "forward-fold",
        "childs-pose",
        "crossovers",
        "doorway-hamstring",
    ]
    assert holds_by_exercise("five-stretches") == {
        "knees-to-chest": 60,
        "forward-fold": 60,
        "childs-pose": 180,
        "crossovers": 120,
        "doorway-hamstring": 120,
    }
    assert all(e.hold == Dose(60, 60, 180) for e in routine.exercises)


def test_childs_pose_walks_the_hands_right_then_left() -> None:
    pose = builtin_routine("five-stretches").exercise("childs-pose")

    assert [p.label for p in pose.positions] == ["Centre", "Hands to the right", "Hands to the left"]
    assert pose.position is BodyPosition.KNEELING
    assert Prop.BOOKS in pose.props


def test_crossovers_start_right_and_the_doorway_stretch_starts_with_the_leg_on_the_wall() -> None:
    routine = builtin_routine("five-stretches")

    assert routine.exercise("crossovers").first_side is Side.RIGHT
    assert routine.exercise("doorway-hamstring").first_side is Side.LEFT
    assert {Prop.DOORWAY, Prop.WALL} <= set(routine.exercise("doorway-hamstring").props)


def test_physio_ten_keeps_the_articles_order_and_doses() -> None:
    routine = builtin_routine("physio-ten")
    doses = {e.id: (e.hold, e.reps, e.sets, e.sides) for e in routine.exercises}

    assert list(doses) == [
        "lower-back-stretch",
        "lower-tummy",
        "deep-abdominal",
        "pelvic-tilts",
        "bridge",
        "bird-dog",
        "hip-flexor",
        "piriformis",
        "towel-hamstring",
        "spine-stretch",
    ]
    thirty = Dose(30, 20, 30)
    assert doses == {
        "lower-back-stretch": (thirty, Dose(6, 6, 8), 1, Sides.NONE),
        "lower-tummy": (None, Dose(6, 6, 8), 1, Sides.EACH),
        "deep-abdominal": (Dose(10, 5, 10), None, 5, Sides.NONE),
        "pelvic-tilts": (None, Dose(8, 8, 12), 1, Sides.NONE),
        "bridge": (None, Dose(8, 8, 12), 1, Sides.NONE),
        "bird-dog": (Dose(10, 5, 10), Dose(8, 8, 12), 1, Sides.ALTERNATE),
        "hip-flexor": (thirty, None, 2, Sides.EACH),
        "piriformis": (thirty, None, 2, Sides.EACH),
        "towel-hamstring": (thirty, None, 2, Sides.EACH),
        "spine-stretch": (None, Dose(6, 6, 8), 1, Sides.ALTERNATE),
    }


def test_core_strength_is_bridges_leg_lifts_and_a_plank_of_one_minute_on_fifteen_off_three_times() -> None:
    routine = builtin_routine("core-strength")
    plank = routine.exercise("plank")

    assert [e.id for e in routine.exercises] == ["bridge", "leg-lifts", "plank"]
    assert (plank.hold, plank.sets, plank.rest) == (Dose.fixed(60), 3, 15)


def test_quick_relief_is_short_at_every_rate_with_the_articles_doses() -> None:
    routine = builtin_routine("quick-relief")

    assert build_plan(routine, PlanSettings(rate=min(RATE_BOUNDS))).total_seconds < 7 * 60
    for exercise in routine.exercises:
        original = next(
            other.exercise(exercise.id)
            for other in builtin_routines()
            if other.id != "quick-relief" and exercise.id in {e.id for e in other.exercises}
        )
        assert exercise == original, f"{exercise.id} differs from its source routine"


@pytest.mark.parametrize("routine", builtin_routines(), ids=lambda r: r.id)
@pytest.mark.parametrize("rate", [min(RATE_BOUNDS), 130, 160, max(RATE_BOUNDS)])
def test_no_routine_claims_a_length_its_session_exceeds_at_a_rate_the_app_allows(
    routine: Routine, rate: int
) -> None:
    """ "Under six minutes" was false at 130 words a minute (6:07): a slow voice lengthens a session."""
    words = {word: number for number, word in enumerate(NUMBER_WORDS)}
    claims = re.findall(r"(?:under|within|in) (\w+) minutes", f"{routine.name} {routine.description}".lower())
    seconds = build_plan(routine, PlanSettings(rate=rate)).total_seconds

    for claim in claims:
        assert seconds < 60 * int(words.get(claim, claim)), (
            f"{routine.name!r} lasts {seconds:.0f} s at {rate} wpm"
        )


@pytest.mark.parametrize("routine", builtin_routines(), ids=lambda r: r.id)
def test_every_routine_names_its_article_and_warns_about_sharp_pain(routine: object) -> None:
    from stretchcoach.core.model import Routine

    assert isinstance(routine, Routine)
    assert "Lower Back Stretches That Work" in routine.source or "physical therapy guide" in routine.source
    assert not re.search(r"seed|article \d|\d{3}", routine.source), "the source is told in a reader's words"
    assert any("sharp" in line for line in routine.safety)
    assert all(e.how_to and e.instructions for e in routine.exercises)


def test_the_leg_lift_that_can_hurt_says_to_skip_it_when_the_back_is_sore() -> None:
    for routine_id, exercise_id in (("physio-ten", "lower-tummy"), ("core-strength", "leg-lifts")):
        exercise = builtin_routine(routine_id).exercise(exercise_id)
        assert any("skip" in line for line in exercise.safety)
