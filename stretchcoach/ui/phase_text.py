"""What the session view says about a phase, composed without Qt so it can be tested on its own.

Every string here ends up in a label set to plain text; none of it is markup.
"""

from __future__ import annotations

import math

from stretchcoach.core.plan import Phase, PhaseKind, Plan

UP_NEXT_SECONDS = 10.0
"""How long before a change the view starts showing what comes next."""


def countdown(remaining: float) -> str:
    """Whole seconds left, rounded up, so "1" shows through the last second and "0" only at the end."""
    return str(max(0, math.ceil(round(remaining, 3))))


def title(phase: Phase) -> str:
    return phase.exercise_name or phase.label


def where(phase: Phase) -> str:
    """Side and position: "Left leg", "Hands to the right", or both."""
    return " · ".join(part for part in (phase.side_label, phase.position) if part)


def counter(phase: Phase) -> str:
    """ "Rep 4 of 8", "Set 2 of 3" or both; a rest names the set it leads to."""
    parts = []
    if phase.rep_count:
        parts.append(f"Rep {phase.rep_index + 1} of {phase.rep_count}")
    if phase.set_count > 1:
        upcoming = " next" if phase.kind is PhaseKind.REST else ""
        parts.append(f"Set {phase.set_index + 1} of {phase.set_count}{upcoming}")
    return " · ".join(parts)


def instructions(phase: Phase) -> str:
    """What to do, for the side being worked, with the exercise's safety notes under it: a note
    such as "skip this if it bothers your back" is needed during the exercise, not only before."""
    notes = "\n".join(f"Careful: {note}" for note in phase.safety)
    return "\n\n".join(part for part in (phase.instructions, notes) if part)


def exercise_counter(plan: Plan, phase: Phase) -> str:
    if phase.exercise is None:
        return f"All {plan.exercise_count} exercises done"
    return f"Exercise {phase.exercise_index + 1} of {plan.exercise_count}"


def up_next(plan: Plan, index: int) -> str:
    """A preview of the change at the end of this phase, or "" when it needs no warning.

    Another exercise, another side, another position or a rest is worth a glance ahead; the next
    beat of a rep, or the hold after "get ready", is not.
    """
    if index + 1 >= len(plan.phases):
        return ""
    current, following = plan.phases[index], plan.phases[index + 1]
    if following.exercise_index != current.exercise_index:
        return f"Up next: {following.exercise_name}" if following.exercise else "Up next: the finish"
    if following.kind is PhaseKind.SWITCH_SIDE:
        return f"Up next: {following.side_label}"
    if following.kind is PhaseKind.REPOSITION:
        return f"Up next: {following.position}"
    if following.kind is PhaseKind.REST:
        return "Up next: a rest"
    return ""
