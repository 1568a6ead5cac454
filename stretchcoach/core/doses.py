"""The doses a user may change, in the units they count, and how a flare-up day is worded.

Qt-free, so the picker's editors are a thin view: the bounds they allow, the article's range
beside them and the figure they save all come from here and are tested without a window.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from stretchcoach.core.model import Dose, Exercise, Sides, each_side
from stretchcoach.core.plan_settings import PlanSettings
from stretchcoach.core.planner import dosage, sets_dose

WIDE_HOLD_RANGE = 30
WIDE_HOLD_STEP = 5
"""A hold of 60–180 s moves 5 s an arrow press: a minute more is 12 presses, not 60."""


class DoseKind(StrEnum):
    HOLD = "hold"
    REPS = "reps"
    SETS = "sets"


@dataclass(frozen=True, slots=True)
class DoseChoice:
    """One figure of one exercise that the user may change, as an editor shows it.

    `value` and `allowed` are in the units the user counts: for reps that alternate sides, reps on
    each side, which is `per` (2) times fewer than the figure saved and planned.
    """

    exercise_id: str
    kind: DoseKind
    label: str
    """What the figure is: "Hold", "Reps each leg", "Sets"."""
    value: int
    allowed: Dose
    suffix: str
    """Shown after the figure in the editor: " s" for seconds, else nothing."""
    article: str
    """The range the article gives, beside the editor: "60–180 s", "3–4 (6–8 in all)", "up to 3"."""
    per: int = 1
    step: int = 1
    """How far one arrow press moves: 5 s across a wide range of seconds, else one."""

    def saved(self, value: int) -> int:
        """The figure to store for `value` as the editor shows it."""
        return value * self.per


def dose_choices(exercise: Exercise, settings: PlanSettings) -> tuple[DoseChoice, ...]:
    """Every figure of `exercise` that has a range to choose from, at the user's current choice.

    A figure the article fixes (a range of one value) is not offered: there is nothing to choose.
    The values are the user's choices before the flare-up scale, which only the session applies.
    """
    found: list[DoseChoice] = []
    chosen = dosage(exercise, PlanSettings(holds=settings.holds, reps=settings.reps, sets=settings.sets))
    if exercise.reps is not None and chosen.reps is not None:
        reps = exercise.reps
        if exercise.sides is Sides.ALTERNATE:
            each = reps.per_side()
            if each.low < each.high:
                found.append(
                    DoseChoice(
                        exercise.id,
                        DoseKind.REPS,
                        f"Reps each {exercise.side_noun}",
                        each.clamp(each_side(chosen.reps)),
                        each,
                        "",
                        f"{each.describe()} ({reps.describe()} in all)",
                        per=2,
                    )
                )
        elif reps.low < reps.high:
            label = f"Reps each {exercise.side_noun}" if exercise.sides is Sides.EACH else "Reps"
            found.append(
                DoseChoice(exercise.id, DoseKind.REPS, label, chosen.reps, reps, "", reps.describe())
            )
    if exercise.hold is not None and chosen.hold is not None and exercise.hold.low < exercise.hold.high:
        hold = exercise.hold
        step = WIDE_HOLD_STEP if hold.high - hold.low >= WIDE_HOLD_RANGE else 1
        found.append(
            DoseChoice(
                exercise.id, DoseKind.HOLD, "Hold", chosen.hold, hold, " s", f"{hold.describe()} s", step=step
            )
        )
    sets = sets_dose(exercise)
    if sets.low < sets.high:
        label = f"Times each {exercise.side_noun}" if exercise.sides is Sides.EACH else "Sets"
        found.append(
            DoseChoice(exercise.id, DoseKind.SETS, label, chosen.sets, sets, "", f"up to {sets.high}")
        )
    return tuple(found)


def flare_up_text(scale: float) -> str:
    """ "Flare-up: 70 % of the article's dose", or nothing on an ordinary day."""
    if scale >= 1.0:
        return ""
    return f"Flare-up: {round(scale * 100)} % of the article's dose"


def below_article(exercise: Exercise, settings: PlanSettings) -> str:
    """What a flare-up took below the article's minimum: "flare-up: below the article's 60 s".

    Empty when every planned figure is within the article's range, so a short hold on a bad day
    is never mistaken for what the article advises.
    """
    planned = dosage(exercise, settings)
    marks = []
    if exercise.reps is not None and planned.reps is not None:
        if exercise.sides is Sides.ALTERNATE:
            low = exercise.reps.per_side().low
            if each_side(planned.reps) < low:
                marks.append(f"{low} reps each {exercise.side_noun}")
        elif planned.reps < exercise.reps.low:
            marks.append(f"{exercise.reps.low} reps")
    if exercise.hold is not None and planned.hold is not None and planned.hold < exercise.hold.low:
        marks.append(f"{exercise.hold.low} s")
    if not marks:
        return ""
    return "flare-up: below the article's " + " and ".join(marks)
