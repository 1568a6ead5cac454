"""The instructions the session page shows: for the side being worked, with the safety notes."""

from __future__ import annotations

from stretchcoach.core.builtin import builtin_routine
from stretchcoach.core.model import Side
from stretchcoach.core.plan import PhaseKind
from stretchcoach.core.planner import build_plan
from stretchcoach.ui import phase_text


def test_the_page_text_is_the_sides_instructions_then_the_exercises_safety_notes() -> None:
    plan = build_plan(builtin_routine("physio-ten"))
    left = next(
        phase
        for phase in plan.phases
        if phase.exercise is not None and phase.exercise.id == "lower-tummy" and phase.side is Side.LEFT
    )

    text = phase_text.instructions(left)

    instructions, notes = text.split("\n\n")
    assert instructions == left.instructions
    assert "your left knee" in instructions
    assert notes == f"Careful: {left.exercise.safety[0]}" if left.exercise else False
    assert "skip this one" in notes


def test_an_exercise_without_notes_shows_its_instructions_alone_and_the_finish_nothing() -> None:
    plan = build_plan(builtin_routine("quick-relief"))
    hold = next(phase for phase in plan.phases if phase.kind is PhaseKind.HOLD)

    assert phase_text.instructions(hold) == hold.instructions
    assert phase_text.instructions(plan.phases[-1]) == ""
