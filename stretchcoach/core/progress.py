"""Looking back over the history: practice days, minutes, a forgiving weekly streak, pain over time.

Pure functions of `SessionRecord`s. A session's day is its local date where it was done (from
the offset stored with it), not the computer's zone now and not UTC: a 23:30 session in Berlin
is on that evening's day, across DST changes and travel alike. Weeks run Monday to Sunday.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from math import fsum

from stretchcoach.core.events import Outcome
from stretchcoach.core.session_record import ExerciseStatus, SessionRecord

DEFAULT_WEEKLY_GOAL = 3
"""Days a week: what programmes for low back pain ask, and forgiving of rest days."""
PRACTICE_SECONDS = 60
"""A session shorter than this (opened and stopped) does not make a day of practice."""
WORSE_BY = 2
"""Points on the 0–10 scale that count as a real change (Ostelo 2008: 2 points or 30 %)."""


def local_day(record: SessionRecord) -> date:
    return record.local_start.date()


def week_of(day: date) -> date:
    """The Monday the week of `day` starts on."""
    return day - timedelta(days=day.weekday())


def minutes_by_day(records: Iterable[SessionRecord]) -> dict[date, float]:
    """Minutes of practice (the time a session ran, pauses left out) on each local day."""
    minutes: dict[date, float] = {}
    for record in records:
        day = local_day(record)
        minutes[day] = minutes.get(day, 0.0) + record.active_seconds / 60
    return minutes


def minutes_by_week(records: Iterable[SessionRecord]) -> dict[date, float]:
    """Minutes in each week, keyed by its Monday."""
    weeks: dict[date, float] = {}
    for day, minutes in minutes_by_day(records).items():
        monday = week_of(day)
        weeks[monday] = weeks.get(monday, 0.0) + minutes
    return weeks


def practice_days(records: Iterable[SessionRecord]) -> set[date]:
    return {local_day(record) for record in records if record.active_seconds >= PRACTICE_SECONDS}


def sessions_by_week(records: Iterable[SessionRecord]) -> dict[date, int]:
    weeks: dict[date, int] = {}
    for record in records:
        monday = week_of(local_day(record))
        weeks[monday] = weeks.get(monday, 0) + 1
    return weeks


@dataclass(frozen=True, slots=True)
class Streak:
    """Weeks in a row that met the goal, ending with last week, or this week once it meets it.

    The week under way never breaks a streak: on a Monday, last week's streak still stands.
    """

    weeks: int
    goal: int
    days_this_week: int

    @property
    def met_this_week(self) -> bool:
        return self.days_this_week >= self.goal


def weekly_streak(records: Iterable[SessionRecord], today: date, goal: int = DEFAULT_WEEKLY_GOAL) -> Streak:
    if goal < 1:
        raise ValueError("a weekly goal is at least one day")
    days_per_week: dict[date, int] = {}
    for day in practice_days(records):
        if day <= today:
            monday = week_of(day)
            days_per_week[monday] = days_per_week.get(monday, 0) + 1
    this_week = week_of(today)
    days_this_week = days_per_week.get(this_week, 0)
    weeks = 1 if days_this_week >= goal else 0
    monday = this_week - timedelta(weeks=1)
    while days_per_week.get(monday, 0) >= goal:
        weeks += 1
        monday -= timedelta(weeks=1)
    return Streak(weeks, goal, days_this_week)


@dataclass(frozen=True, slots=True)
class PainPoint:
    day: date
    before: int | None
    after: int | None


def pain_points(records: Iterable[SessionRecord]) -> list[PainPoint]:
    """Every session with a pain answer, in time order."""
    ordered = sorted(records, key=lambda record: record.started_at)
    return [
        PainPoint(local_day(r), r.pain_before, r.pain_after)
        for r in ordered
        if r.pain_before is not None or r.pain_after is not None
    ]


@dataclass(frozen=True, slots=True)
class PainTrend:
    """Pain before sessions at the start of a period against its end, and what a session does."""

    first: float | None
    """The mean pain before the first sessions with an answer (up to `window` of them)."""
    last: float | None
    """The same for the last sessions."""
    change_in_session: float | None
    """The mean of after minus before, over sessions with both answers: negative means relief."""
    answered: int

    @property
    def summary(self) -> str:
        if self.answered == 0:
            return "No pain scores yet."
        parts = []
        if self.first is not None and self.last is not None:
            parts.append(f"pain before a session {self.first:.1f} at first, {self.last:.1f} lately")
        if self.change_in_session is not None:
            parts.append(f"{self.change_in_session:+.1f} points from before to after, on average")
        return ("; ".join(parts) or f"{self.answered} answers") + " (0–10)."


def _mean(values: Sequence[int]) -> float:
    """As `statistics.fmean`, without loading `statistics` (and `random`) before the first frame."""
    return fsum(values) / len(values)


def pain_trend(records: Iterable[SessionRecord], window: int = 5) -> PainTrend:
    points = pain_points(records)
    befores = [p.before for p in points if p.before is not None]
    changes = [p.after - p.before for p in points if p.before is not None and p.after is not None]
    half = min(window, len(befores) // 2) if len(befores) >= 2 else 0
    return PainTrend(
        first=_mean(befores[:half]) if half else None,
        last=_mean(befores[-half:]) if half else None,
        change_in_session=_mean(changes) if changes else None,
        answered=len(points),
    )


def pain_got_worse(before: int | None, after: int | None) -> bool:
    """After is clearly worse than before: worth easing off (advice, not a diagnosis)."""
    return before is not None and after is not None and after - before >= WORSE_BY


def ended(records: Iterable[SessionRecord], outcome: Outcome) -> list[SessionRecord]:
    return [record for record in records if record.outcome is outcome]


def skipped_exercises(records: Iterable[SessionRecord]) -> list[tuple[str, int]]:
    """Exercise names with how often they were skipped, most often first (ties by name)."""
    counts: dict[str, int] = {}
    for record in records:
        for exercise in record.exercises:
            if exercise.status is ExerciseStatus.SKIPPED:
                counts[exercise.name] = counts.get(exercise.name, 0) + 1
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def last_session_line(records: Sequence[SessionRecord], today: date, goal: int = DEFAULT_WEEKLY_GOAL) -> str:
    """One line for the picker: the last session and the streak. `records` newest first."""
    if not records:
        return "No sessions yet: your history starts with the first one."
    last = records[0]
    day = local_day(last)
    when = {0: "today", 1: "yesterday"}.get((today - day).days, f"{day:%a %d %b}")
    how = {
        Outcome.FINISHED: "finished",
        Outcome.STOPPED: "stopped early",
        Outcome.PAIN: "stopped because it hurt",
        None: "not finished",
    }[last.outcome]
    streak = weekly_streak(records, today, goal)
    weeks = f"{streak.weeks} week{'s' if streak.weeks != 1 else ''} in a row at {goal} days a week"
    minutes = round(last.active_seconds / 60)
    return (
        f"Last: {last.routine_name}, {when}, {minutes} min, {how} · {weeks} "
        f"({streak.days_this_week} of {goal} this week)"
    )
