"""The daily reminder's schedule: across days and weeks, over both changes of summer time, and when
the wall clock jumps (a fake 'now' throughout; nothing waits)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from stretchcoach.core.reminder import (
    EVERY_DAY,
    LONGEST_SLEEP,
    ReminderWaker,
    days_text,
    local_zone,
    next_reminder,
)

BERLIN = ZoneInfo("Europe/Berlin")
WEEKDAYS = frozenset(range(5))


def local(text: str, zone: ZoneInfo = BERLIN) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=zone)


def test_the_reminder_is_later_today_if_its_time_has_not_come() -> None:
    due = next_reminder(EVERY_DAY, time(18, 0), local("2026-05-12T09:00"), BERLIN)
    assert due == local("2026-05-12T18:00")


def test_at_or_after_the_time_it_is_tomorrow() -> None:
    assert next_reminder(EVERY_DAY, time(18, 0), local("2026-05-12T18:00"), BERLIN) == local(
        "2026-05-13T18:00"
    )
    assert next_reminder(EVERY_DAY, time(18, 0), local("2026-05-12T23:59"), BERLIN) == local(
        "2026-05-13T18:00"
    )


def test_weekdays_skip_the_weekend() -> None:
    friday_evening = local("2026-05-15T19:00")  # a Friday
    assert next_reminder(WEEKDAYS, time(18, 0), friday_evening, BERLIN) == local("2026-05-18T18:00")


def test_one_day_a_week_is_a_week_later_once_passed() -> None:
    sunday = frozenset({6})
    assert next_reminder(sunday, time(8, 30), local("2026-05-17T08:31"), BERLIN) == local("2026-05-24T08:30")


def test_no_day_ticked_means_no_reminder() -> None:
    assert next_reminder(frozenset(), time(18, 0), local("2026-05-12T09:00"), BERLIN) is None


def test_summer_time_keeps_the_wall_clock_time() -> None:
    """18:00 stays 18:00 on the clock either side of the change, so it is 23 hours after the last."""
    before = next_reminder(EVERY_DAY, time(18, 0), local("2026-03-28T12:00"), BERLIN)
    after = next_reminder(EVERY_DAY, time(18, 0), local("2026-03-29T12:00"), BERLIN)
    assert before is not None and after is not None
    assert after - before == timedelta(hours=23)
    assert after.astimezone(BERLIN).time() == time(18, 0)


def test_a_time_skipped_by_the_clocks_going_forward_comes_an_hour_later() -> None:
    """02:30 does not exist on 29 March 2026 in Berlin: the reminder comes at 03:30, once."""
    due = next_reminder(EVERY_DAY, time(2, 30), local("2026-03-29T00:00"), BERLIN)
    assert due == datetime(2026, 3, 29, 1, 30, tzinfo=UTC)
    assert due.astimezone(BERLIN).strftime("%H:%M %Z") == "03:30 CEST"
    assert next_reminder(EVERY_DAY, time(2, 30), due, BERLIN) == local("2026-03-30T02:30")


def test_a_time_that_happens_twice_reminds_at_the_first_only() -> None:
    """02:30 happens twice on 25 October 2026 in Berlin (CEST, then CET)."""
    first = next_reminder(EVERY_DAY, time(2, 30), local("2026-10-25T00:00"), BERLIN)
    assert first == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)
    following = next_reminder(EVERY_DAY, time(2, 30), first, BERLIN)
    assert following == local("2026-10-26T02:30"), "not again an hour later at the second 02:30"


@given(
    start=st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2037, 12, 31)),
    at=st.times(),
    days=st.frozensets(st.integers(0, 6), min_size=1),
    zone=st.sampled_from(["Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "Asia/Kolkata", "UTC"]),
)
def test_the_next_reminder_is_soon_after_on_a_chosen_day_at_the_chosen_time(
    start: datetime, at: time, days: frozenset[int], zone: str
) -> None:
    tz = ZoneInfo(zone)
    after = start.replace(tzinfo=UTC)
    due = next_reminder(days, at, after, tz)
    assert due is not None
    assert after < due <= after + timedelta(days=8)
    on_the_clock = due.astimezone(tz)
    assert on_the_clock.weekday() in days
    skipped = on_the_clock.replace(tzinfo=None) - datetime.combine(
        on_the_clock.date(), at.replace(tzinfo=None)
    )
    assert timedelta(0) <= skipped <= timedelta(hours=1), "the chosen time, or later by a skipped hour"


def waker(since: str, days: frozenset[int] = EVERY_DAY) -> ReminderWaker:
    return ReminderWaker(days, time(18, 0), BERLIN, local(since))


def test_the_waker_sleeps_in_short_stretches_and_reminds_once_at_the_time() -> None:
    w = waker("2026-05-12T17:00")
    first = w.wake(local("2026-05-12T17:00"))
    assert first.remind is None and first.sleep == LONGEST_SLEEP
    close = w.wake(local("2026-05-12T17:58"))
    assert close.remind is None and close.sleep == timedelta(minutes=2)
    on_time = w.wake(local("2026-05-12T18:00:01"))
    assert on_time.remind == local("2026-05-12T18:00")
    assert w.wake(local("2026-05-12T18:00:02")).remind is None
    assert w.next_due() == local("2026-05-13T18:00")


def test_a_clock_set_back_after_the_reminder_does_not_repeat_it() -> None:
    w = waker("2026-05-12T17:00")
    assert w.wake(local("2026-05-12T18:00")).remind is not None
    back = w.wake(local("2026-05-12T17:30"))
    assert back.remind is None and back.sleep == LONGEST_SLEEP
    assert w.wake(local("2026-05-12T18:00:30")).remind is None


def test_a_clock_set_back_before_the_reminder_still_reminds_at_the_time() -> None:
    """The timer fires early by the wall clock: the waker sleeps again rather than reminding."""
    w = waker("2026-05-12T17:00")
    w.wake(local("2026-05-12T17:55"))
    early = w.wake(local("2026-05-12T16:00"))
    assert early.remind is None and early.sleep == LONGEST_SLEEP
    assert w.wake(local("2026-05-12T18:00")).remind == local("2026-05-12T18:00")


def test_a_clock_set_forward_past_the_time_reminds_at_once() -> None:
    w = waker("2026-05-12T17:00")
    w.wake(local("2026-05-12T17:00"))
    assert w.wake(local("2026-05-12T18:20")).remind == local("2026-05-12T18:00")


def test_a_reminder_missed_asleep_for_hours_is_skipped_for_the_next_one() -> None:
    w = waker("2026-05-12T17:00")
    w.wake(local("2026-05-12T17:00"))
    woke = w.wake(local("2026-05-13T08:00"))
    assert woke.remind is None
    assert w.next_due() == local("2026-05-13T18:00")


def test_a_reminder_due_before_it_was_turned_on_is_not_shown() -> None:
    w = waker("2026-05-12T18:10")
    assert w.wake(local("2026-05-12T18:10")).remind is None
    assert w.next_due() == local("2026-05-13T18:00")


def test_with_no_day_ticked_the_waker_sleeps_until_told_otherwise() -> None:
    assert waker("2026-05-12T17:00", frozenset()).wake(local("2026-05-12T17:00")).sleep is None


def test_the_local_zone_has_rules_not_just_an_offset(tmp_path: Path) -> None:
    assert local_zone({"TZ": "Europe/Berlin"}) == BERLIN
    assert local_zone({"TZ": ":Europe/Berlin"}) == BERLIN
    zone = local_zone({"TZ": "Not/AZone"}, localtime=tmp_path / "missing")
    assert zone.utcoffset(datetime(2026, 1, 1)) is not None


def test_days_read_as_words() -> None:
    assert days_text(EVERY_DAY) == "every day"
    assert days_text(WEEKDAYS) == "weekdays"
    assert days_text({5, 6}) == "weekends"
    assert days_text({0, 2, 4}) == "Mon, Wed, Fri"
    assert date(2026, 5, 12).weekday() == 1  # the dates above: 12 May 2026 is a Tuesday
