"""The daily reminder: what the user chose, and when it is next due (no Qt, no clock of its own).

Times are wall-clock times in the user's time zone, so "18:00 on weekdays" stays 18:00 across a
change to or from summer time. On the day the clocks change:

- a time that does not exist (skipped when the clocks go forward, 02:30 in most of Europe) is
  due that much later by the clock: 02:30 becomes 03:30, the same elapsed time after midnight;
- a time that happens twice (when the clocks go back) is due at its first occurrence only.

`ReminderWaker` is the waiting side's memory: it is asked again at every wake-up, whatever the
wall clock did meanwhile (changed by hand, corrected by NTP, a laptop asleep), and answers
whether to remind now and how long to sleep; it never shows the same reminder twice.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
"""By `date.weekday()`: 0 is Monday."""
EVERY_DAY = frozenset(range(7))
LONGEST_SLEEP = timedelta(minutes=5)
"""The longest single wait. A timer counts elapsed time, not the wall clock: after the clock is
set forward or the laptop wakes from sleep, a reminder is at most this late."""
LATE_LIMIT = timedelta(hours=1)
"""A reminder missed while the computer slept is still shown this long after its time; later,
it is skipped (nobody wants yesterday evening's reminder at breakfast)."""


@dataclass(frozen=True)
class ReminderOptions:
    """The user's reminder, as the settings file keeps it."""

    enabled: bool = False
    days: frozenset[int] = EVERY_DAY
    at: time = time(18, 0)
    routine: str = ""
    """A routine id; "" (or one that no longer exists) means the routine used last."""
    at_login: bool = True
    """Start the quiet background reminder at login, so reminders come with the window closed."""


def next_reminder(days: Iterable[int], at: time, after: datetime, zone: tzinfo) -> datetime | None:
    """The first reminder instant strictly after `after` (aware), in UTC; None with no days chosen."""
    chosen = frozenset(days)
    if not chosen:
        return None
    start = after.astimezone(zone).date()
    for offset in range(-1, 8):
        day = start + timedelta(days=offset)
        if day.weekday() not in chosen:
            continue
        instant = local_instant(day, at, zone)
        if instant > after:
            return instant
    return None


def local_instant(day: date, at: time, zone: tzinfo) -> datetime:
    """`at` on `day` in `zone`, as a UTC instant, by the rules in the module's docstring.

    fold=0 picks the first of a repeated time, and reads a skipped one with the offset from before
    the change, which lands it the gap's length later (PEP 495).
    """
    return datetime.combine(day, at.replace(fold=0), tzinfo=zone).astimezone(UTC)


@dataclass(frozen=True)
class Wake:
    remind: datetime | None
    """The reminder to show now (its due instant), or None."""
    sleep: timedelta | None
    """How long to wait before asking again; None when no reminder is ever due (no days)."""


@dataclass
class ReminderWaker:
    """Decides at each wake-up; reminders due before `since` (start-up, or the last change of the
    reminder) are not shown, so turning reminders on at 18:10 does not remind about 18:00."""

    days: frozenset[int]
    at: time
    zone: tzinfo
    since: datetime
    _done_until: datetime = field(init=False)

    def __post_init__(self) -> None:
        self._done_until = self.since

    def wake(self, now: datetime) -> Wake:
        remind = None
        due = next_reminder(self.days, self.at, self._done_until, self.zone)
        while due is not None and due <= now:
            if now - due <= LATE_LIMIT:
                remind = due
            self._done_until = due
            due = next_reminder(self.days, self.at, due, self.zone)
        if due is None:
            return Wake(remind, None)
        # After the clock went back, `due` may be a long way off: sleep no longer than LONGEST_SLEEP.
        return Wake(remind, min(due - now, LONGEST_SLEEP))

    def next_due(self) -> datetime | None:
        return next_reminder(self.days, self.at, self._done_until, self.zone)


def local_zone(environ: dict[str, str] | None = None, localtime: Path = Path("/etc/localtime")) -> tzinfo:
    """The user's time zone with its rules (not just today's offset, which would be wrong after a
    change to or from summer time): $TZ if it names a zone, else /etc/localtime, else today's offset."""
    env = os.environ if environ is None else environ
    name = env.get("TZ", "").removeprefix(":")
    if name:
        try:
            return ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError, OSError):
            pass
    try:
        with localtime.open("rb") as file:
            return ZoneInfo.from_file(file, key="localtime")
    except (OSError, ValueError):
        offset = datetime.now().astimezone().tzinfo
        return offset if offset is not None else UTC


def days_text(days: Iterable[int]) -> str:
    """ "every day", "weekdays", "weekends", or the days' short names in week order."""
    chosen = frozenset(days)
    if chosen == EVERY_DAY:
        return "every day"
    if chosen == frozenset(range(5)):
        return "weekdays"
    if chosen == frozenset({5, 6}):
        return "weekends"
    if not chosen:
        return "no day"
    return ", ".join(DAY_NAMES[day][:3] for day in sorted(chosen))
