"""What the history keeps of one session: plain values, shared by storage, the charts and the reports.

They live in core so the pure progress functions (streaks, minutes, pain trend) and the exports
can read them without knowing SQLite exists.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from enum import StrEnum
from uuid import uuid4

from stretchcoach.core.events import Outcome

PAIN_MIN, PAIN_MAX = 0, 10
NOT_ASKED = "not asked"
"""How a skipped pain question reads in exports: it was not answered, which is not the same as 0."""
NOTE_MAX_CHARS = 200


class ExerciseStatus(StrEnum):
    DONE = "done"
    PARTIAL = "partial"
    """Some of its holds or reps were done, then the person moved on or stopped."""
    SKIPPED = "skipped"


@dataclass(frozen=True, slots=True)
class ExerciseRecord:
    index: int
    exercise_id: str
    name: str
    status: ExerciseStatus
    seconds: float
    """Seconds of holds and reps done."""
    planned_seconds: float


def check_pain(score: int | None) -> int | None:
    """A pain score is 0–10 or None ("not asked"); anything else is a bug upstream, caught here."""
    if score is not None and not PAIN_MIN <= score <= PAIN_MAX:
        raise ValueError(f"a pain score is {PAIN_MIN}–{PAIN_MAX}, not {score}")
    return score


def _new_key() -> str:
    return uuid4().hex


@dataclass(frozen=True, slots=True)
class SessionRecord:
    """One session as it stands: written when it starts and again as it goes, so a crash keeps
    what was done.

    `started_at` is kept in UTC and `utc_offset_minutes` is the local offset when it started
    (taken from an aware `started_at` if not given), so a session's day is the day it was where
    the person was, whatever zone the computer is in later. `outcome` is None for a session that
    never ended: one still running, or one the app was killed in. `key` names the row for the
    updates and is not part of what happened, so two records compare by content.
    """

    started_at: datetime
    routine_id: str
    routine_name: str
    planned_seconds: float
    active_seconds: float
    exercise_count: int
    completed: int
    skipped: int
    outcome: Outcome | None
    stopped_exercise: str | None = None
    pain_before: int | None = None
    pain_after: int | None = None
    note: str = ""
    ended_at: datetime | None = None
    utc_offset_minutes: int | None = None
    exercises: tuple[ExerciseRecord, ...] = ()
    key: str = field(default_factory=_new_key, compare=False)

    def __post_init__(self) -> None:
        if self.started_at.tzinfo is None:
            raise ValueError("a session's start needs its time zone")
        offset = self.utc_offset_minutes
        if offset is None:
            local = self.started_at.utcoffset() or timedelta(0)
            object.__setattr__(self, "utc_offset_minutes", round(local.total_seconds() / 60))
        object.__setattr__(self, "started_at", self.started_at.astimezone(UTC))
        if self.ended_at is not None:
            object.__setattr__(self, "ended_at", self.ended_at.astimezone(UTC))
        check_pain(self.pain_before)
        check_pain(self.pain_after)
        object.__setattr__(self, "note", " ".join(self.note.split())[:NOTE_MAX_CHARS])

    @property
    def local_start(self) -> datetime:
        """The start on the clock where the person was when it began."""
        minutes = self.utc_offset_minutes or 0
        return self.started_at.astimezone(timezone(timedelta(minutes=minutes)))
