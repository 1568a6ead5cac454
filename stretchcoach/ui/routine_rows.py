"""The picker's rows: each routine planned at the user's settings, or why it cannot be run.

Qt-free, so what the list says (durations, doses, problems) is tested without a window.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from stretchcoach.core.doses import below_article
from stretchcoach.core.model import Dose, Exercise, Routine
from stretchcoach.core.plan import Plan
from stretchcoach.core.plan_format import clock_time, plural
from stretchcoach.core.plan_settings import PlanSettings
from stretchcoach.core.planner import PlanError, build_plan, dosage
from stretchcoach.storage.catalog import Catalog
from stretchcoach.storage.settings import Settings


@dataclass(frozen=True)
class RoutineRow:
    """One line of the picker: a runnable plan, or a file with the problems that stop it."""

    key: str
    """The routine id, or the file's path for a file that could not be read."""
    title: str
    routine: Routine | None = None
    plan: Plan | None = None
    settings: PlanSettings | None = None
    builtin: bool = True
    problems: tuple[str, ...] = ()

    @property
    def runnable(self) -> bool:
        return self.plan is not None

    def summary(self) -> str:
        """ "11:50 · 5 exercises · Lying on your back, standing, kneeling"."""
        if self.plan is None or self.routine is None:
            return "Cannot be used: " + (self.problems[0] if self.problems else "unknown problem")
        exercises = plural(len(self.routine.exercises), "exercise")
        mine = "" if self.builtin else " · your routine"
        return f"{clock_time(self.plan.total_seconds)} · {exercises} · {positions_text(self.routine)}{mine}"


def positions_text(routine: Routine) -> str:
    labels = [position.label for position in routine.body_positions]
    return ", ".join(labels[:1] + [label[:1].lower() + label[1:] for label in labels[1:]])


def dose_text(exercise: Exercise, settings: PlanSettings) -> str:
    """The dose this plan gives, in a coach's words: "hold 30 s, twice each side".

    `Exercise.describe_dose` words the article's range; fixing the dose at the planned figures
    first makes the same wording describe the session the user will actually get. A flare-up
    that takes a figure below the article's minimum says so, so a short hold is never mistaken
    for the article's advice.
    """
    planned = dosage(exercise, settings)
    fixed = replace(
        exercise,
        hold=Dose.fixed(planned.hold) if planned.hold is not None else None,
        reps=Dose.fixed(planned.reps) if planned.reps is not None else None,
        sets=planned.sets,
    )
    below = below_article(exercise, settings)
    return f"{fixed.describe_dose()} ({below})" if below else fixed.describe_dose()


def routine_rows(catalog: Catalog, settings: Settings) -> list[RoutineRow]:
    rows = []
    for entry in catalog.entries:
        routine = entry.routine
        plan_settings = settings.plan_settings(routine)
        try:
            plan = build_plan(routine, plan_settings)
        except PlanError as error:
            rows.append(
                RoutineRow(routine.id, routine.name, routine, builtin=entry.builtin, problems=error.problems)
            )
            continue
        rows.append(RoutineRow(routine.id, routine.name, routine, plan, plan_settings, entry.builtin))
    for broken in catalog.broken:
        problems = tuple(map(str, broken.problems))
        rows.append(RoutineRow(broken.source, Path(broken.source).name, builtin=False, problems=problems))
    return rows
