"""Session history: every session kept, a damaged database set aside rather than lost."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta

from stretchcoach.core.events import Outcome
from stretchcoach.storage.history import History, SessionRecord
from stretchcoach.storage.paths import history_file


def record(minute: int, outcome: Outcome = Outcome.FINISHED, where: str | None = None) -> SessionRecord:
    return SessionRecord(
        started_at=datetime(2026, 11, 22, 8, minute, tzinfo=UTC),
        routine_id="five-stretches",
        routine_name="Five stretches",
        planned_seconds=710,
        active_seconds=700.5,
        exercise_count=5,
        completed=5 if outcome is Outcome.FINISHED else 2,
        skipped=0,
        outcome=outcome,
        stopped_exercise=where,
    )


def test_sessions_come_back_newest_first() -> None:
    history = History()
    history.record(record(1))
    history.record(record(2, Outcome.PAIN, "Crossovers"))

    recent = History().recent()

    assert [entry.outcome for entry in recent] == [Outcome.PAIN, Outcome.FINISHED]
    assert recent[0] == record(2, Outcome.PAIN, "Crossovers")


def test_local_times_are_stored_in_utc() -> None:
    local = datetime(2026, 11, 22, 9, 0, tzinfo=UTC).astimezone(tz=None).replace(tzinfo=None)
    aware = local.astimezone()
    History().record(SessionRecord(aware, "r", "R", 1, 1, 1, 1, 0, Outcome.STOPPED))

    stored = History().recent()[0].started_at

    assert stored.utcoffset() == timedelta(0)
    assert stored == aware


def test_a_damaged_database_is_set_aside_and_a_new_one_started() -> None:
    path = history_file()
    path.parent.mkdir(parents=True)
    path.write_bytes(b"this is not a database" * 100)

    history = History()
    history.record(record(3))

    assert [entry.started_at.minute for entry in history.recent()] == [3]
    assert path.with_name("history.sqlite3.damaged").read_bytes().startswith(b"this is not")
    assert history.notices and "damaged" in history.notices[0]


def test_a_busy_database_is_reported_and_left_alone() -> None:
    History().record(record(1))
    History().flush()
    other = sqlite3.connect(history_file())
    other.execute("BEGIN EXCLUSIVE")
    heard: list[str] = []
    busy = History(timeout=0.05)
    busy.set_notice_listener(heard.append)
    try:
        busy.record(record(2))
        assert busy.flush()
    finally:
        other.rollback()
        other.close()

    assert len(heard) == 1 and "locked" in heard[0]
    assert busy.notices == heard

    assert not history_file().with_name("history.sqlite3.damaged").exists()
    assert [entry.started_at.minute for entry in History().recent()] == [1]
