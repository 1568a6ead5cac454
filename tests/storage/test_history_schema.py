"""The history's second schema: sessions rewritten as they go, exercises, pain, and the migration."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone

import pytest

from stretchcoach.core.events import Outcome
from stretchcoach.core.session_record import ExerciseRecord, ExerciseStatus, SessionRecord
from stretchcoach.storage.history import SCHEMA_VERSION, History, HistoryTooNew
from stretchcoach.storage.paths import history_file

BERLIN_SUMMER = timezone(timedelta(hours=2))

VERSION_1 = """
CREATE TABLE sessions (
    id INTEGER PRIMARY KEY,
    started_at TEXT NOT NULL,
    routine_id TEXT NOT NULL,
    routine_name TEXT NOT NULL,
    planned_seconds REAL NOT NULL,
    active_seconds REAL NOT NULL,
    exercise_count INTEGER NOT NULL,
    completed INTEGER NOT NULL,
    skipped INTEGER NOT NULL,
    outcome TEXT NOT NULL,
    stopped_exercise TEXT
)
"""


def started(**changes: object) -> SessionRecord:
    entry = SessionRecord(
        started_at=datetime(2026, 7, 1, 7, 30, tzinfo=BERLIN_SUMMER),
        routine_id="quick-relief",
        routine_name="Quick relief",
        planned_seconds=353,
        active_seconds=0,
        exercise_count=4,
        completed=0,
        skipped=0,
        outcome=None,
        pain_before=4,
    )
    return replace(entry, **changes)  # type: ignore[arg-type]


def test_a_session_is_rewritten_as_it_goes_not_added_again() -> None:
    history = History()
    entry = started()
    history.record(entry)
    tilts = ExerciseRecord(0, "pelvic-tilts", "Pelvic tilts", ExerciseStatus.DONE, 60, 60)
    knees = ExerciseRecord(1, "knees", "Knees to chest", ExerciseStatus.PARTIAL, 20, 60)
    history.record(replace(entry, active_seconds=110, completed=1, exercises=(tilts, knees)))
    ended = datetime(2026, 7, 1, 5, 40, tzinfo=UTC)
    final = replace(
        entry,
        active_seconds=150,
        completed=1,
        skipped=1,
        outcome=Outcome.STOPPED,
        ended_at=ended,
        pain_after=3,
        note="  felt  better ",
        exercises=(tilts, replace(knees, status=ExerciseStatus.SKIPPED, seconds=0)),
    )
    history.record(final)

    [stored] = History().recent()

    assert stored == final
    assert stored.key == entry.key
    assert stored.note == "felt better"
    assert stored.utc_offset_minutes == 120
    assert stored.local_start == datetime(2026, 7, 1, 7, 30, tzinfo=BERLIN_SUMMER)
    assert [e.status for e in stored.exercises] == [ExerciseStatus.DONE, ExerciseStatus.SKIPPED]


def test_pain_is_zero_to_ten_or_not_asked() -> None:
    assert started(pain_before=None).pain_before is None
    assert started(pain_before=0).pain_before == 0
    with pytest.raises(ValueError, match="0–10"):
        started(pain_before=11)
    with pytest.raises(ValueError, match="0–10"):
        started(pain_after=-1)


def test_sessions_since_come_oldest_first_and_can_be_deleted() -> None:
    history = History()
    first, second, third = (started(started_at=datetime(2026, 7, day, 8, tzinfo=UTC)) for day in (1, 2, 3))
    for entry in (third, first, second):
        history.record(entry)

    assert history.sessions() == [first, second, third]
    assert history.sessions(datetime(2026, 7, 2, tzinfo=UTC)) == [second, third]

    history.delete(second.key)
    assert history.sessions() == [first, third]
    history.delete_all()
    assert history.sessions() == []


def test_the_first_schema_is_migrated_after_a_backup_beside_it(monkeypatch: pytest.MonkeyPatch) -> None:
    path = history_file()
    path.parent.mkdir(parents=True)
    with sqlite3.connect(path) as old:
        old.execute(VERSION_1)
        old.execute(
            "INSERT INTO sessions (started_at, routine_id, routine_name, planned_seconds, active_seconds, "
            "exercise_count, completed, skipped, outcome, stopped_exercise) VALUES "
            "('2026-11-22T08:01:00+00:00', 'five-stretches', 'Five stretches', 710, 700.5, 5, 2, 0, 'pain', "
            "'Crossovers')"
        )
    old.close()
    before = path.read_bytes()

    [migrated] = History().recent()

    backup = path.with_name("history.sqlite3.v1.bak")
    with sqlite3.connect(backup) as copy:
        rows = copy.execute("SELECT routine_id, outcome FROM sessions").fetchall()
        (version,) = copy.execute("PRAGMA user_version").fetchone()
    copy.close()
    assert rows == [("five-stretches", "pain")] and version == 0
    assert len(backup.read_bytes()) == len(before)
    assert migrated.started_at == datetime(2026, 11, 22, 8, 1, tzinfo=UTC)
    assert migrated.outcome is Outcome.PAIN and migrated.stopped_exercise == "Crossovers"
    assert (migrated.active_seconds, migrated.completed, migrated.exercise_count) == (700.5, 2, 5)
    assert migrated.pain_before is None and migrated.pain_after is None and migrated.exercises == ()
    with sqlite3.connect(path) as now:
        assert now.execute("PRAGMA user_version").fetchone() == (SCHEMA_VERSION,)
    now.close()

    History().record(started())
    assert len(History().sessions()) == 2


def test_a_database_from_a_newer_version_is_left_as_it_is() -> None:
    path = history_file()
    path.parent.mkdir(parents=True)
    with sqlite3.connect(path) as newer:
        newer.execute("CREATE TABLE future (x)")
        newer.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    newer.close()
    before = path.read_bytes()
    heard: list[str] = []
    history = History()
    history.set_notice_listener(heard.append)

    with pytest.raises(HistoryTooNew, match="newer StretchCoach"):
        history.recent()
    history.record(started())
    history.flush()

    assert path.read_bytes() == before
    assert len(heard) == 1 and "newer StretchCoach" in heard[0]
