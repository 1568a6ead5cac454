"""What the views say, composed without Qt: phase lines, up-next previews, the picker's rows."""

from __future__ import annotations

from pathlib import Path

import pytest

from stretchcoach.core.builtin import builtin_routine
from stretchcoach.core.plan import PhaseKind, Plan
from stretchcoach.core.planner import build_plan
from stretchcoach.core.routine_file import Problem, RoutineError
from stretchcoach.storage.catalog import Catalog, load_catalog
from stretchcoach.storage.settings import Settings
from stretchcoach.ui import phase_text
from stretchcoach.ui.routine_rows import dose_text, positions_text, routine_rows
from stretchcoach.ui.widgets.exercise_figure import props_text


def first(plan: Plan, kind: PhaseKind, exercise: str = "") -> int:
    return next(
        index
        for index, phase in enumerate(plan.phases)
        if phase.kind is kind and (not exercise or phase.exercise_name == exercise)
    )


@pytest.mark.parametrize(
    ("remaining", "shown"), [(60.0, "60"), (59.2, "60"), (0.001, "1"), (0.0, "0"), (59.0000001, "59")]
)
def test_the_countdown_rounds_up(remaining: float, shown: str) -> None:
    assert phase_text.countdown(remaining) == shown


def test_reps_and_sets_are_counted() -> None:
    plan = build_plan(builtin_routine("core-strength"))
    fourth = next(phase for phase in plan.phases if phase.rep_index == 3 and phase.exercise_name == "Bridge")
    assert phase_text.counter(fourth) == "Rep 4 of 8"
    plank = [phase for phase in plan.phases if phase.exercise_name == "Plank"]
    holds = [phase_text.counter(phase) for phase in plank if phase.kind is PhaseKind.HOLD]
    assert holds == ["Set 1 of 3", "Set 2 of 3", "Set 3 of 3"]
    rests = [phase_text.counter(phase) for phase in plank if phase.kind is PhaseKind.REST]
    assert rests == ["Set 2 of 3 next", "Set 3 of 3 next"]


def test_side_and_position_are_named() -> None:
    plan = build_plan(builtin_routine("five-stretches"))
    switch = plan.phases[first(plan, PhaseKind.SWITCH_SIDE, "Crossovers")]
    assert phase_text.where(switch) == "Left leg"
    move = plan.phases[first(plan, PhaseKind.REPOSITION)]
    assert phase_text.where(move) == "Hands to the right"
    assert phase_text.title(plan.phases[-1]) == "Well done"
    assert phase_text.exercise_counter(plan, plan.phases[-1]) == "All 5 exercises done"


def test_up_next_warns_of_changes_worth_a_glance() -> None:
    plan = build_plan(builtin_routine("five-stretches"))
    assert phase_text.up_next(plan, first(plan, PhaseKind.HOLD)) == "Up next: Forward fold"
    assert phase_text.up_next(plan, first(plan, PhaseKind.HOLD, "Crossovers")) == "Up next: Left leg"
    assert (
        phase_text.up_next(plan, first(plan, PhaseKind.HOLD, "Child's pose")) == "Up next: Hands to the right"
    )
    assert phase_text.up_next(plan, first(plan, PhaseKind.PREPARE)) == ""
    assert phase_text.up_next(plan, len(plan.phases) - 2) == "Up next: the finish"
    assert phase_text.up_next(plan, len(plan.phases) - 1) == ""
    reps = build_plan(builtin_routine("core-strength"))
    assert phase_text.up_next(reps, first(reps, PhaseKind.REP)) == ""
    assert phase_text.up_next(reps, first(reps, PhaseKind.HOLD, "Plank")) == "Up next: a rest"


def test_doses_are_worded_at_the_planned_figures() -> None:
    routine = builtin_routine("physio-ten")
    settings = Settings().with_dose("physio-ten", "piriformis", hold=20).plan_settings(routine)
    doses = {exercise.id: dose_text(exercise, settings) for exercise in routine.exercises}
    assert doses["piriformis"] == "hold 20 s, twice each side"
    assert doses["bird-dog"] == "4 reps each leg, alternating, hold 10 s each"
    assert doses["deep-abdominal"] == "hold 10 s, 5 times"


def test_rows_show_length_count_and_positions_at_the_current_settings() -> None:
    rows = routine_rows(load_catalog(), Settings())
    assert [row.summary() for row in rows][:2] == [
        "12:25 · 5 exercises · Lying on your back, standing, kneeling",
        "22:13 · 10 exercises · On all fours, lying on your back, kneeling",
    ]
    longer = Settings().with_dose("five-stretches", "knees-to-chest", hold=120)
    assert routine_rows(load_catalog(), longer)[0].summary().startswith("13:25 ·")


def test_a_broken_file_becomes_a_row_that_explains_itself() -> None:
    error = RoutineError(
        "/home/me/routines/oops.toml", [Problem("exercises[0].hold", "must be a number"), Problem("", "x")]
    )
    rows = routine_rows(Catalog(load_catalog().entries, (error,)), Settings())
    broken = rows[-1]
    assert not broken.runnable
    assert broken.title == "oops.toml"
    assert broken.problems == ("exercises[0].hold: must be a number", "x")
    assert broken.summary() == "Cannot be used: exercises[0].hold: must be a number"
    assert Path(broken.key).name == "oops.toml"


def test_positions_read_as_a_phrase_and_props_as_a_list() -> None:
    assert positions_text(builtin_routine("core-strength")) == "Lying on your back, on all fours"
    exercise = builtin_routine("five-stretches").exercise("doorway-hamstring")
    assert props_text(exercise.props) == "You need an open doorway and a wall"
    assert (
        props_text(builtin_routine("five-stretches").exercise("childs-pose").props) == "You need a few books"
    )
    assert props_text(()) == ""
