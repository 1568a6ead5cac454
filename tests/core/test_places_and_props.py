"""Places and props in the plan: time, and a line, to fetch what an exercise needs or go where it is done."""

from __future__ import annotations

import pytest

from stretchcoach.core.builtin import builtin_routine
from stretchcoach.core.model import Place, Prop
from stretchcoach.core.plan import CueKind, Phase, PhaseKind, Plan
from stretchcoach.core.plan_settings import PlanSettings
from stretchcoach.core.planner import (
    FETCH_SECONDS,
    MOVE_SECONDS,
    OPENING_FETCH_SECONDS,
    PLACE_SWITCH_SECONDS,
    build_plan,
)
from stretchcoach.core.routine_file import RoutineError, routine_from_document
from tests.core.factories import exercise, routine


def lead_ins(plan: Plan) -> list[Phase]:
    return [phase for phase in plan.phases if phase.kind is PhaseKind.TRANSITION]


def test_a_prop_the_next_exercise_needs_gets_a_move_phase_with_a_line_even_in_the_same_position() -> None:
    plan = build_plan(routine(exercise("first", hold=30), exercise("second", hold=30, props=["towel"])))
    move = lead_ins(plan)[1]

    assert move.exercise_name == "Second"
    assert move.seconds >= FETCH_SECONDS
    assert move.cues[0].kind is CueKind.NEXT
    assert move.cues[0].text == "Release. Next: Second. Fetch a towel, then lie down on your back."
    assert move.cues[0].brief == "Release. Next: Second. Fetch a towel."
    assert move.label == "Fetch a towel"


def test_a_prop_is_fetched_once_a_session_and_the_first_exercise_fetches_in_the_opening() -> None:
    plan = build_plan(
        routine(
            exercise("a", hold=30, props=["pillow"]),
            exercise("b", hold=30),
            exercise("c", hold=30, props=["pillow"]),
        )
    )
    opening, *others = lead_ins(plan)

    assert opening.cues[1].text == "First: A. Fetch a small pillow, then lie down on your back."
    assert others == []
    settled = build_plan(routine(exercise("a", hold=30), exercise("b", hold=30), exercise("c", hold=30)))
    assert opening.seconds >= lead_ins(settled)[0].seconds + OPENING_FETCH_SECONDS


def test_a_change_of_place_inserts_a_move_there_and_one_back() -> None:
    plan = build_plan(
        routine(
            exercise("floor", hold=30),
            exercise("door", hold=30, place="doorway"),
            exercise("after", hold=30),
        )
    )
    to_door, back = lead_ins(plan)[1:]

    assert (
        to_door.cues[0].text
        == "Release. Next: Door. Get up and go to an open doorway, then lie down on your back."
    )
    assert to_door.seconds >= MOVE_SECONDS
    assert to_door.label == "Go to an open doorway"
    assert back.exercise_name == "After"
    assert "Come away from the doorway, back to your mat, then lie down" in back.cues[0].text


def test_moving_position_and_fetching_add_their_times_up() -> None:
    plain = build_plan(routine(exercise("a", hold=30), exercise("b", hold=30, position="kneeling")))
    fetching = build_plan(
        routine(exercise("a", hold=30), exercise("b", hold=30, position="kneeling", props=["books"]))
    )

    assert lead_ins(fetching)[1].seconds == lead_ins(plain)[1].seconds + FETCH_SECONDS
    assert lead_ins(fetching)[1].cues[0].text.endswith("Fetch a few books, then come down to kneeling.")


def test_a_wall_or_doorway_among_the_props_is_not_something_to_fetch() -> None:
    plan = build_plan(routine(exercise("a", hold=30), exercise("b", hold=30, props=["wall", "doorway"])))

    assert len(lead_ins(plan)) == 1
    assert Prop.WALL.fetch == Prop.DOORWAY.fetch == ""


def test_switching_sides_at_a_doorway_means_moving_round_the_frame_with_time_for_it() -> None:
    plan = build_plan(
        routine(exercise("door", hold=30, sides="each", side_noun="leg", place="doorway")),
        PlanSettings(switch_seconds=5),
    )
    switch = next(phase for phase in plan.phases if phase.kind is PhaseKind.SWITCH_SIDE)

    assert switch.seconds >= PLACE_SWITCH_SECONDS
    assert switch.cues[0].text == (
        "Release. Switch sides. Sit up and move to the other side of the door frame. Now your left leg."
    )


def test_the_doorway_hamstring_stretch_is_reached_and_switched_as_the_article_has_it() -> None:
    plan = build_plan(builtin_routine("five-stretches"))
    door = plan.routine.exercise("doorway-hamstring")
    phases = [phase for phase in plan.phases if phase.exercise is door]

    assert door.place is Place.DOORWAY
    assert phases[0].kind is PhaseKind.TRANSITION
    assert "go to an open doorway" in phases[0].cues[0].text
    switch = next(phase for phase in phases if phase.kind is PhaseKind.SWITCH_SIDE)
    assert "other side of the door frame" in switch.cues[0].text
    assert switch.seconds >= 20


@pytest.mark.parametrize(
    ("routine_id", "exercise_id", "said"),
    [
        ("physio-ten", "deep-abdominal", "fetch a small pillow"),
        ("physio-ten", "towel-hamstring", "fetch a towel"),
        ("five-stretches", "childs-pose", "fetch a few books"),
    ],
)
def test_the_built_in_routines_send_you_for_each_prop_before_its_exercise(
    routine_id: str, exercise_id: str, said: str
) -> None:
    plan = build_plan(builtin_routine(routine_id))
    first = plan.phases[plan.first_phase_of(plan.routine.exercises.index(plan.routine.exercise(exercise_id)))]

    assert first.kind is PhaseKind.TRANSITION
    assert said in first.cues[-1].text.lower() or said in first.cues[0].text.lower()


def test_place_is_one_of_the_places() -> None:
    document = {"id": "x", "name": "X", "exercises": [exercise("a", hold=30, place="kitchen")]}

    with pytest.raises(
        RoutineError, match=r"exercises\[0\]\.place: 'kitchen' is not one of 'doorway', 'wall'"
    ):
        routine_from_document(document, "x.toml")
