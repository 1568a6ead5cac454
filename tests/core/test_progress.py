"""Streaks, minutes and pain over time, on fixed dates, across DST and in zones other than UTC."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from stretchcoach.core.events import Outcome
from stretchcoach.core.progress import (
    last_session_line,
    local_day,
    minutes_by_day,
    minutes_by_week,
    pain_got_worse,
    pain_trend,
    sessions_by_week,
    weekly_streak,
)
from stretchcoach.core.session_record import SessionRecord

CET, CEST = timezone(timedelta(hours=1)), timezone(timedelta(hours=2))


def session(
    when: datetime,
    minutes: float = 10,
    *,
    before: int | None = None,
    after: int | None = None,
    outcome: Outcome | None = Outcome.FINISHED,
    offset: int | None = None,
) -> SessionRecord:
    return SessionRecord(
        when, "quick-relief", "Quick relief", 353, minutes * 60, 4, 4, 0, outcome,
        pain_before=before, pain_after=after, utc_offset_minutes=offset,
    )  # fmt: skip


def days(*dates: date, hour: int = 8, zone: timezone = UTC) -> list[SessionRecord]:
    return [session(datetime(d.year, d.month, d.day, hour, tzinfo=zone)) for d in dates]


@pytest.fixture
def zone() -> Iterator[None]:
    """Run in New York's zone, as a user there would; restored after."""
    saved = os.environ.get("TZ")
    os.environ["TZ"] = "America/New_York"
    time.tzset()
    yield
    if saved is None:
        del os.environ["TZ"]
    else:
        os.environ["TZ"] = saved
    time.tzset()


def test_a_week_that_meets_the_goal_counts_and_rest_days_do_not_break_it() -> None:
    # Mondays: 2026-11-02, 11-09, 11-16, 11-23. Three weeks of three days, with rest days between.
    records = days(
        date(2026, 11, 2), date(2026, 11, 4), date(2026, 11, 6),
        date(2026, 11, 9), date(2026, 11, 12), date(2026, 11, 15),
        date(2026, 11, 17), date(2026, 11, 19), date(2026, 11, 21),
    )  # fmt: skip

    monday = weekly_streak(records, today=date(2026, 11, 23))
    assert (monday.weeks, monday.days_this_week, monday.met_this_week) == (3, 0, False)
    assert weekly_streak(records, today=date(2026, 11, 21)).weeks == 3
    assert weekly_streak(records, today=date(2026, 11, 19)).weeks == 2, "this week not met yet: not counted"
    assert weekly_streak(records, today=date(2026, 11, 30)).weeks == 0, "a whole week missed breaks it"
    assert weekly_streak(records, today=date(2026, 11, 23), goal=4).weeks == 0


def test_two_sessions_on_one_day_are_one_day_and_a_short_one_is_none() -> None:
    records = [
        *days(date(2026, 11, 2), date(2026, 11, 2), date(2026, 11, 3)),
        session(datetime(2026, 11, 4, 8, tzinfo=UTC), minutes=0.5),
    ]
    streak = weekly_streak(records, today=date(2026, 11, 5))
    assert (streak.days_this_week, streak.weeks) == (2, 0)


def test_minutes_per_day_and_week_on_fixed_dates() -> None:
    records = [
        session(datetime(2026, 11, 1, 9, tzinfo=UTC), 12),  # a Sunday
        session(datetime(2026, 11, 2, 9, tzinfo=UTC), 6),
        session(datetime(2026, 11, 2, 18, tzinfo=UTC), 4.5),
        session(datetime(2026, 11, 8, 9, tzinfo=UTC), 10),
    ]
    assert minutes_by_day(records) == {date(2026, 11, 1): 12, date(2026, 11, 2): 10.5, date(2026, 11, 8): 10}
    assert minutes_by_week(records) == {date(2026, 10, 26): 12, date(2026, 11, 2): 20.5}
    assert sessions_by_week(records) == {date(2026, 10, 26): 1, date(2026, 11, 2): 3}


def test_days_are_local_where_the_session_was_across_the_dst_change() -> None:
    # Europe switched to summer time on Sunday 2026-03-29 at 02:00 local.
    late_saturday = session(datetime(2026, 3, 28, 23, 30, tzinfo=CET))  # 22:30 UTC, still Saturday
    just_after = session(datetime(2026, 3, 29, 0, 30, tzinfo=CET))  # 23:30 UTC on the 28th
    sunday_evening = session(datetime(2026, 3, 29, 23, 30, tzinfo=CEST))  # 21:30 UTC
    monday_early = session(datetime(2026, 3, 30, 0, 15, tzinfo=CEST))  # 22:15 UTC on Sunday

    assert [local_day(r) for r in (late_saturday, just_after, sunday_evening, monday_early)] == [
        date(2026, 3, 28), date(2026, 3, 29), date(2026, 3, 29), date(2026, 3, 30),
    ]  # fmt: skip
    assert monday_early.started_at.date() == date(2026, 3, 29), "in UTC it was still Sunday"
    weeks = minutes_by_week([late_saturday, just_after, sunday_evening, monday_early])
    assert weeks == {date(2026, 3, 23): 30, date(2026, 3, 30): 10}
    streak = weekly_streak(
        [late_saturday, just_after, sunday_evening, monday_early], date(2026, 3, 30), goal=2
    )
    assert (streak.weeks, streak.days_this_week) == (1, 1)


def test_the_computer_zone_does_not_move_a_stored_session(zone: None) -> None:
    """In New York, a session done in Berlin at 00:30 stays on the Berlin date (the day after the UTC one)."""
    berlin = session(datetime(2026, 7, 2, 0, 30, tzinfo=CEST))
    assert datetime.now().astimezone().utcoffset() in (timedelta(hours=-4), timedelta(hours=-5))
    assert local_day(berlin) == date(2026, 7, 2)


def test_a_session_recorded_in_a_non_utc_zone_keeps_that_zone(zone: None) -> None:
    """The controller stamps sessions with the local clock: 21:30 on a November evening in New York is
    02:30 UTC the next day, and is counted on the evening's date; across the November DST change too."""
    evening = session(datetime(2026, 11, 2, 21, 30).astimezone())  # EST, after 1 November's change
    summer_evening = session(datetime(2026, 10, 31, 21, 30).astimezone())  # EDT, the day before it
    assert (evening.utc_offset_minutes, summer_evening.utc_offset_minutes) == (-300, -240)
    assert evening.started_at == datetime(2026, 11, 3, 2, 30, tzinfo=UTC)
    assert [local_day(evening), local_day(summer_evening)] == [date(2026, 11, 2), date(2026, 10, 31)]
    assert minutes_by_week([evening, summer_evening]) == {date(2026, 11, 2): 10, date(2026, 10, 26): 10}


def test_pain_trend_and_worse_after() -> None:
    records = [
        session(datetime(2026, 11, day, 8, tzinfo=UTC), before=b, after=a)
        for day, b, a in ((1, 6, 5), (2, 6, 4), (3, None, None), (4, 4, 3), (5, 3, 3))
    ]
    trend = pain_trend(records, window=2)
    assert (trend.first, trend.last, trend.answered) == (6, 3.5, 4)
    assert trend.change_in_session == pytest.approx(-1.0)
    assert "6.0 at first, 3.5 lately" in trend.summary
    assert pain_trend([]).summary == "No pain scores yet."
    assert pain_got_worse(3, 5) and not pain_got_worse(3, 4)
    assert not pain_got_worse(None, 9) and not pain_got_worse(3, None)


def test_the_picker_line() -> None:
    records = days(date(2026, 11, 17), date(2026, 11, 19), date(2026, 11, 21), date(2026, 11, 23))[::-1]
    line = last_session_line(records, today=date(2026, 11, 24))
    assert line == (
        "Last: Quick relief, yesterday, 10 min, finished · "
        "1 week in a row at 3 days a week (1 of 3 this week)"
    )
    assert "No sessions yet" in last_session_line([], today=date(2026, 11, 24))
