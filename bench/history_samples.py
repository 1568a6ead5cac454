"""Plausible sample sessions for the history benchmark, the screenshots and the history tests.

Deterministic (a seeded generator): most days a session, some rest days, now and then a stop or
an "it hurts", pain that eases over the weeks, and each session's exercises.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta, timezone

from stretchcoach.core.events import Outcome
from stretchcoach.core.session_record import ExerciseRecord, ExerciseStatus, SessionRecord

ROUTINES = (
    ("quick-relief", "Quick relief", 353, ("Pelvic tilts", "Knees to chest", "Crossovers", "Spine stretch")),
    (
        "five-stretches",
        "Five stretches",
        710,
        ("Knees to chest", "Forward fold", "Child's pose", "Crossovers"),
    ),
    ("core-strength", "Core strength", 414, ("Bridges", "Leg lifts", "Plank")),
)
ZONE = timezone(timedelta(hours=1))


def sample_sessions(
    days: int, last_day: date, *, every_day: bool = False, seed: int = 12
) -> list[SessionRecord]:
    """Sessions over `days` days up to `last_day`, oldest first; `every_day` leaves no rest days."""
    rng = random.Random(seed)
    records = []
    for back in range(days - 1, -1, -1):
        day = last_day - timedelta(days=back)
        if not every_day and rng.random() < 0.35:
            continue
        routine_id, name, planned, exercises = ROUTINES[rng.randrange(len(ROUTINES))]
        roll = rng.random()
        outcome = Outcome.PAIN if roll < 0.04 else Outcome.STOPPED if roll < 0.12 else Outcome.FINISHED
        stop_at = len(exercises) if outcome is Outcome.FINISHED else rng.randrange(1, len(exercises))
        done = []
        for index, exercise in enumerate(exercises[: stop_at + (0 if outcome is Outcome.FINISHED else 1)]):
            skipped = outcome is Outcome.FINISHED and rng.random() < 0.06
            status = ExerciseStatus.SKIPPED if skipped else ExerciseStatus.DONE
            if index == stop_at and outcome is not Outcome.FINISHED:
                status = ExerciseStatus.PARTIAL
            seconds = 0.0 if skipped else 60.0 if status is ExerciseStatus.DONE else 25.0
            done.append(
                ExerciseRecord(index, exercise.lower().replace(" ", "-"), exercise, status, seconds, 60.0)
            )
        active = planned if outcome is Outcome.FINISHED else planned * stop_at / len(exercises)
        ease = 1.0 - 0.5 * (days - back) / max(1, days)
        before = None if rng.random() < 0.15 else max(0, min(10, round(6 * ease + rng.gauss(0, 1))))
        after = (
            None
            if before is None or rng.random() < 0.1
            else max(0, min(10, before - rng.choice((0, 1, 1, 2))))
        )
        if outcome is Outcome.PAIN and before is not None:
            after = min(10, before + 2)
        start = datetime.combine(day, time(7, 30), ZONE) + timedelta(minutes=rng.randrange(0, 720))
        records.append(
            SessionRecord(
                started_at=start,
                routine_id=routine_id,
                routine_name=name,
                planned_seconds=planned,
                active_seconds=round(active, 1),
                exercise_count=len(exercises),
                completed=sum(1 for e in done if e.status is ExerciseStatus.DONE),
                skipped=sum(1 for e in done if e.status is ExerciseStatus.SKIPPED),
                outcome=outcome,
                stopped_exercise=None if outcome is Outcome.FINISHED else exercises[stop_at],
                pain_before=before,
                pain_after=after,
                ended_at=start + timedelta(seconds=active + 30),
                exercises=tuple(done),
            )
        )
    return records
