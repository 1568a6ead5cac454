"""Small routines built in code, so each test shows exactly the pattern it is about."""

from __future__ import annotations

from typing import Any

from stretchcoach.core.model import Routine
from stretchcoach.core.plan import Plan
from stretchcoach.core.routine_file import routine_from_document

BEATS = [
    {"label": "breathe out — lift", "say": "Breathe out and lift"},
    {"label": "breathe in — lower", "say": "Breathe in and lower"},
]


def exercise(exercise_id: str = "stretch", **keys: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "id": exercise_id,
        "name": exercise_id.replace("-", " ").capitalize(),
        "position": "lying_on_back",
        "instructions": "Do the stretch.",
        "how_to": "Do the stretch gently.",
    }
    base.update(keys)
    return base


def routine(*exercises: dict[str, Any], routine_id: str = "test") -> Routine:
    document = {"id": routine_id, "name": "Test routine", "exercises": list(exercises)}
    return routine_from_document(document, "test.toml")


def shape(plan: Plan, exercise_index: int | None = None) -> list[tuple[str, float, str, str]]:
    """Each phase as (kind, seconds, side or position, counter), the way a person would read it."""
    rows = []
    for phase in plan.phases:
        if exercise_index is not None and phase.exercise_index != exercise_index:
            continue
        where = phase.side.value if phase.side else phase.position
        counter = ""
        if phase.rep_count:
            counter = f"rep {phase.rep_index + 1}/{phase.rep_count}"
        elif phase.set_count > 1:
            counter = f"set {phase.set_index + 1}/{phase.set_count}"
        rows.append((phase.kind.value, phase.seconds, where, counter))
    return rows


def work(plan: Plan, exercise_index: int = 0) -> list[tuple[str, float, str, str]]:
    """The phases of one exercise after it has been introduced."""
    return [row for row in shape(plan, exercise_index) if row[0] not in ("transition", "prepare")]
