"""The record of past sessions, in SQLite, written as each session goes.

A session's row is written when it starts and rewritten as it goes (with a row per exercise), so
a crash or `kill -9` keeps what was done. Writes go to one worker thread per database through a
queue, so a busy database (another copy of the app, a backup tool) never freezes the window;
a write that fails is reported to the listener. Reads wait for this process's pending writes, so
they always see them. The schema carries a version (`PRAGMA user_version`); an older database
is copied beside itself before it is migrated, and one from a newer StretchCoach is left alone.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import closing, contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from uuid import uuid4

from stretchcoach.core.events import Outcome
from stretchcoach.core.session_record import ExerciseRecord, ExerciseStatus, SessionRecord
from stretchcoach.storage.atomic import set_aside
from stretchcoach.storage.paths import history_file

__all__ = ["SCHEMA_VERSION", "History", "HistoryTooNew", "SessionRecord"]

log = logging.getLogger(__name__)

SCHEMA_VERSION = 2
"""1 was the first schema (one row per finished session, no version stamped); 2 adds the local
offset, the end, pain before and after, a note and a row per exercise, and allows a session with
no outcome yet."""

_TABLES = """
CREATE TABLE IF NOT EXISTS sessions (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,
    started_at TEXT NOT NULL,
    utc_offset_minutes INTEGER NOT NULL,
    ended_at TEXT,
    routine_id TEXT NOT NULL,
    routine_name TEXT NOT NULL,
    planned_seconds REAL NOT NULL,
    active_seconds REAL NOT NULL,
    exercise_count INTEGER NOT NULL,
    completed INTEGER NOT NULL,
    skipped INTEGER NOT NULL,
    outcome TEXT,
    stopped_exercise TEXT,
    pain_before INTEGER CHECK (pain_before BETWEEN 0 AND 10),
    pain_after INTEGER CHECK (pain_after BETWEEN 0 AND 10),
    note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS sessions_by_start ON sessions (started_at);
CREATE TABLE IF NOT EXISTS exercises (
    session_id INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    exercise_id TEXT NOT NULL,
    name TEXT NOT NULL,
    status TEXT NOT NULL,
    seconds REAL NOT NULL,
    planned_seconds REAL NOT NULL,
    PRIMARY KEY (session_id, position)
);
"""

_VERSION_1_COLUMNS = (
    "started_at, routine_id, routine_name, planned_seconds, active_seconds, "
    "exercise_count, completed, skipped, outcome, stopped_exercise"
)
_SESSION_COLUMNS = (
    "id, key, started_at, utc_offset_minutes, ended_at, routine_id, routine_name, planned_seconds, "
    "active_seconds, exercise_count, completed, skipped, outcome, stopped_exercise, pain_before, "
    "pain_after, note"
)

_DAMAGED = frozenset({"SQLITE_CORRUPT", "SQLITE_NOTADB"})
WAIT_SECONDS = 5.0
"""How long a read waits for this process's pending writes before reading without them."""

NoticeListener = Callable[[str], None]


class HistoryTooNew(sqlite3.DatabaseError):
    """The database was written by a newer StretchCoach: reading or changing it could lose data."""


class History:
    """Past sessions; a damaged database is set aside and a new one started, never lost.

    Only a file SQLite calls corrupt, or not a database at all, is set aside; a database that is
    busy raises sqlite3.OperationalError after `timeout` seconds (in a read, to the caller; in a
    write, to the notice listener) and is left alone.
    """

    def __init__(self, path: Path | None = None, *, timeout: float = 2.0) -> None:
        self.path = path or history_file()
        self.timeout = timeout
        self.notices: list[str] = []
        self._listener: NoticeListener | None = None
        self._writer = _Writer.for_path(self.path)

    def set_notice_listener(self, listener: NoticeListener | None) -> None:
        """Told, from the writer's thread, when a write fails or the database had to be set aside."""
        self._listener = listener

    # Writing: queued, never blocking the caller.

    def record(self, entry: SessionRecord) -> None:
        """Write a session as it stands now, replacing what was written of it before."""
        self._writer.submit(lambda: self._write(entry), self._failed)

    def record_all(self, entries: Iterable[SessionRecord]) -> None:
        """Write many sessions in one transaction: bringing back an exported history, or filling
        one with sample sessions for the benchmark and the screenshots."""
        batch = tuple(entries)

        def write() -> None:
            with self._connection() as connection:
                for entry in batch:
                    _write_into(connection, entry)

        self._writer.submit(write, self._failed)

    def delete(self, key: str) -> None:
        self._writer.submit(lambda: self._delete(key), self._failed)

    def delete_all(self) -> None:
        self._writer.submit(self._delete_all, self._failed)

    def flush(self, timeout: float = WAIT_SECONDS) -> bool:
        """Wait for the queued writes; False if they are still going after `timeout` seconds."""
        return self._writer.wait_idle(timeout)

    # Reading: on the caller's thread, after the pending writes.

    def recent(
        self, limit: int = 50, *, with_exercises: bool = True, wait: float = WAIT_SECONDS
    ) -> list[SessionRecord]:
        """The latest sessions first. `wait` bounds the wait for pending writes: a glance (the
        picker's line) need not hold the window up behind a busy database."""
        return self._read(
            f"SELECT {_SESSION_COLUMNS} FROM sessions ORDER BY started_at DESC, id DESC LIMIT ?",
            (limit,),
            with_exercises=with_exercises,
            wait=wait,
        )

    def sessions(self, since: datetime | None = None, *, with_exercises: bool = False) -> list[SessionRecord]:
        """Every session (since an instant), oldest first; exercises only when asked, as a page of
        years of sessions wants the totals quickly."""
        start = (since or datetime(1970, 1, 1, tzinfo=UTC)).astimezone(UTC).isoformat()
        return self._read(
            f"SELECT {_SESSION_COLUMNS} FROM sessions WHERE started_at >= ? ORDER BY started_at, id",
            (start,),
            with_exercises=with_exercises,
        )

    def _read(
        self, query: str, parameters: tuple[object, ...], *, with_exercises: bool, wait: float = WAIT_SECONDS
    ) -> list[SessionRecord]:
        self.flush(wait)
        with self._connection() as connection:
            rows = connection.execute(query, parameters).fetchall()
            exercises: dict[int, list[ExerciseRecord]] = {}
            if with_exercises and rows:
                ids = [row[0] for row in rows]
                for chunk in range(0, len(ids), 500):
                    part = ids[chunk : chunk + 500]
                    marks = ",".join("?" * len(part))
                    for session_id, *fields in connection.execute(
                        "SELECT session_id, position, exercise_id, name, status, seconds, planned_seconds "
                        f"FROM exercises WHERE session_id IN ({marks}) ORDER BY session_id, position",
                        part,
                    ):
                        exercises.setdefault(session_id, []).append(
                            ExerciseRecord(
                                fields[0],
                                fields[1],
                                fields[2],
                                ExerciseStatus(fields[3]),
                                fields[4],
                                fields[5],
                            )
                        )
        return [_session(row, tuple(exercises.get(row[0], ()))) for row in rows]

    def _write(self, entry: SessionRecord) -> None:
        with self._connection() as connection:
            _write_into(connection, entry)

    def _delete(self, key: str) -> None:
        with self._connection() as connection:
            connection.execute("DELETE FROM sessions WHERE key = ?", (key,))

    def _delete_all(self) -> None:
        with self._connection() as connection:
            connection.execute("DELETE FROM sessions")

    def _failed(self, error: Exception) -> None:
        log.error("could not write to the history: %s", error, exc_info=error)
        self._tell(f"Your history could not be saved ({error}).")

    def _tell(self, notice: str) -> None:
        self.notices.append(notice)
        if self._listener is not None:
            self._listener(notice)

    @contextmanager
    def _connection(self) -> Iterator[sqlite3.Connection]:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            connection = self._open()
        except sqlite3.DatabaseError as error:
            if getattr(error, "sqlite_errorname", "") not in _DAMAGED:
                raise
            kept = set_aside(self.path, "damaged")
            self._tell(f"Your session history was damaged; it was kept as {kept.name} and a new one started.")
            connection = self._open()
        with closing(connection), connection:
            yield connection

    def _open(self) -> sqlite3.Connection:
        connection = sqlite3.connect(self.path, timeout=self.timeout)
        try:
            connection.execute("PRAGMA foreign_keys = ON")
            (version,) = connection.execute("PRAGMA user_version").fetchone()
            if version != SCHEMA_VERSION:
                self._migrate(connection, version)
        except sqlite3.DatabaseError:
            connection.close()
            raise
        return connection

    def _migrate(self, connection: sqlite3.Connection, version: int) -> None:
        """Bring an older database up to this schema, after copying it beside itself."""
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if version == 0 and "sessions" in tables:
            version = 1
        if version > SCHEMA_VERSION:
            raise HistoryTooNew(
                f"the history was written by a newer StretchCoach (schema {version}; this one knows "
                f"{SCHEMA_VERSION}) and is left as it is"
            )
        if version > 0:
            backup = self.path.with_name(f"{self.path.name}.v{version}.bak")
            with closing(sqlite3.connect(backup)) as copy:
                connection.backup(copy)
            log.info("history schema %s backed up to %s before migrating", version, backup)
        # All of it or none: DDL in Python's default mode would commit statement by statement.
        previous, connection.isolation_level = connection.isolation_level, None
        connection.execute("BEGIN IMMEDIATE")
        try:
            if version == 1:
                _migrate_1_to_2(connection)
            else:
                _create_tables(connection)
            connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            connection.execute("COMMIT")
        except BaseException:
            connection.execute("ROLLBACK")
            raise
        finally:
            connection.isolation_level = previous
        connection.execute("PRAGMA journal_mode = WAL")


def _create_tables(connection: sqlite3.Connection) -> None:
    for statement in _TABLES.split(";"):
        if statement.strip():
            connection.execute(statement)


def _write_into(connection: sqlite3.Connection, entry: SessionRecord) -> None:
    """Insert a session, or update what can change as it goes; its exercises are replaced."""
    values = (
        entry.key,
        entry.started_at.isoformat(),
        entry.utc_offset_minutes,
        entry.ended_at.isoformat() if entry.ended_at is not None else None,
        entry.routine_id,
        entry.routine_name,
        entry.planned_seconds,
        entry.active_seconds,
        entry.exercise_count,
        entry.completed,
        entry.skipped,
        entry.outcome.value if entry.outcome is not None else None,
        entry.stopped_exercise,
        entry.pain_before,
        entry.pain_after,
        entry.note,
    )
    connection.execute(
        "INSERT INTO sessions (key, started_at, utc_offset_minutes, ended_at, routine_id, "
        "routine_name, planned_seconds, active_seconds, exercise_count, completed, skipped, "
        "outcome, stopped_exercise, pain_before, pain_after, note) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
        "ON CONFLICT (key) DO UPDATE SET ended_at = excluded.ended_at, "
        "active_seconds = excluded.active_seconds, completed = excluded.completed, "
        "skipped = excluded.skipped, outcome = excluded.outcome, "
        "stopped_exercise = excluded.stopped_exercise, pain_before = excluded.pain_before, "
        "pain_after = excluded.pain_after, note = excluded.note",
        values,
    )
    (session_id,) = connection.execute("SELECT id FROM sessions WHERE key = ?", (entry.key,)).fetchone()
    connection.execute("DELETE FROM exercises WHERE session_id = ?", (session_id,))
    connection.executemany(
        "INSERT INTO exercises (session_id, position, exercise_id, name, status, seconds, "
        "planned_seconds) VALUES (?, ?, ?, ?, ?, ?, ?)",
        [
            (session_id, e.index, e.exercise_id, e.name, e.status.value, e.seconds, e.planned_seconds)
            for e in entry.exercises
        ],
    )


def _migrate_1_to_2(connection: sqlite3.Connection) -> None:
    """The first schema kept UTC only: the local offset is taken as this computer's for that
    instant (right for everyone who has not moved), and a rebuilt table allows a missing outcome."""
    old = connection.execute(f"SELECT {_VERSION_1_COLUMNS} FROM sessions ORDER BY id").fetchall()
    connection.execute("ALTER TABLE sessions RENAME TO sessions_v1")
    _create_tables(connection)
    for row in old:
        started = datetime.fromisoformat(row[0])
        offset = started.astimezone().utcoffset()
        minutes = round(offset.total_seconds() / 60) if offset is not None else 0
        connection.execute(
            "INSERT INTO sessions (key, started_at, utc_offset_minutes, routine_id, routine_name, "
            "planned_seconds, active_seconds, exercise_count, completed, skipped, outcome, "
            "stopped_exercise) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                uuid4().hex,
                started.astimezone(UTC).isoformat(),
                minutes,
                *row[1:],
            ),
        )
    connection.execute("DROP TABLE sessions_v1")


def _session(row: tuple[Any, ...], exercises: tuple[ExerciseRecord, ...]) -> SessionRecord:
    (_, key, started, offset, ended, routine_id, name, planned, active, count, completed, skipped, outcome,
     stopped, before, after, note) = row  # fmt: skip
    return SessionRecord(
        started_at=datetime.fromisoformat(started),
        routine_id=routine_id,
        routine_name=name,
        planned_seconds=planned,
        active_seconds=active,
        exercise_count=count,
        completed=completed,
        skipped=skipped,
        outcome=Outcome(outcome) if outcome is not None else None,
        stopped_exercise=stopped,
        pain_before=before,
        pain_after=after,
        note=note,
        ended_at=datetime.fromisoformat(ended) if ended is not None else None,
        utc_offset_minutes=offset,
        exercises=exercises,
        key=key,
    )


class _Writer:
    """One thread per database file, started when there is work and gone when there is none.

    One per file (not per History) keeps the writes to a database in order whoever made them,
    and lets any reader in the process wait for them.
    """

    def __init__(self) -> None:
        self._jobs: deque[tuple[Callable[[], None], Callable[[Exception], None]]] = deque()
        self._busy = False
        self._condition = threading.Condition()

    @classmethod
    def for_path(cls, path: Path) -> _Writer:
        key = path.resolve()
        with _WRITERS_LOCK:
            writer = _WRITERS.get(key)
            if writer is None:
                writer = _WRITERS[key] = cls()
            return writer

    def submit(self, job: Callable[[], None], on_error: Callable[[Exception], None]) -> None:
        with self._condition:
            self._jobs.append((job, on_error))
            if not self._busy:
                self._busy = True
                threading.Thread(target=self._run, name="history-writer", daemon=True).start()

    def wait_idle(self, timeout: float) -> bool:
        with self._condition:
            return self._condition.wait_for(lambda: not self._busy, timeout)

    def _run(self) -> None:
        while True:
            with self._condition:
                if not self._jobs:
                    self._busy = False
                    self._condition.notify_all()
                    return
                job, on_error = self._jobs.popleft()
            try:
                job()
            except Exception as error:
                on_error(error)


_WRITERS: dict[Path, _Writer] = {}
_WRITERS_LOCK = threading.Lock()
