"""The record of past sessions, in SQLite so that each session is saved whole or not at all."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from stretchcoach.core.events import Outcome
from stretchcoach.storage.atomic import set_aside
from stretchcoach.storage.paths import history_file

_SCHEMA = """
CREATE TABLE IF NOT EXISTS sessions (
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


_DAMAGED = frozenset({"SQLITE_CORRUPT", "SQLITE_NOTADB"})


@dataclass(frozen=True, slots=True)
class SessionRecord:
    started_at: datetime
    routine_id: str
    routine_name: str
    planned_seconds: float
    active_seconds: float
    exercise_count: int
    completed: int
    skipped: int
    outcome: Outcome
    stopped_exercise: str | None = None


class History:
    """Past sessions; a damaged database is set aside and a new one started, never lost.

    Only a file SQLite calls corrupt, or not a database at all, is set aside; a database that is
    busy (another copy of the app, a backup tool) raises sqlite3.OperationalError after
    `timeout` seconds and is left alone.
    """

    def __init__(self, path: Path | None = None, *, timeout: float = 2.0) -> None:
        self.path = path or history_file()
        self.timeout = timeout
        self.notices: list[str] = []

    def record(self, entry: SessionRecord) -> None:
        with self._connection() as connection:
            connection.execute(
                "INSERT INTO sessions (started_at, routine_id, routine_name, planned_seconds, "
                "active_seconds, exercise_count, completed, skipped, outcome, stopped_exercise) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    entry.started_at.astimezone(UTC).isoformat(),
                    entry.routine_id,
                    entry.routine_name,
                    entry.planned_seconds,
                    entry.active_seconds,
                    entry.exercise_count,
                    entry.completed,
                    entry.skipped,
                    entry.outcome.value,
                    entry.stopped_exercise,
                ),
            )

    def recent(self, limit: int = 50) -> list[SessionRecord]:
        with self._connection() as connection:
            rows = connection.execute(
                "SELECT started_at, routine_id, routine_name, planned_seconds, active_seconds, "
                "exercise_count, completed, skipped, outcome, stopped_exercise "
                "FROM sessions ORDER BY started_at DESC, id DESC LIMIT ?",
                (limit,),
            ).fetchall()
        return [
            SessionRecord(
                started_at=datetime.fromisoformat(row[0]),
                routine_id=row[1],
                routine_name=row[2],
                planned_seconds=row[3],
                active_seconds=row[4],
                exercise_count=row[5],
                completed=row[6],
                skipped=row[7],
                outcome=Outcome(row[8]),
                stopped_exercise=row[9],
            )
            for row in rows
        ]

    @contextmanager
    def _connection(self) -> Iterator[sqlite3.Connection]:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            connection = self._open()
        except sqlite3.DatabaseError as error:
            if getattr(error, "sqlite_errorname", "") not in _DAMAGED:
                raise
            kept = set_aside(self.path, "damaged")
            self.notices.append(
                f"Your session history was damaged; it was kept as {kept.name} and a new one started."
            )
            connection = self._open()
        with closing(connection), connection:
            yield connection

    def _open(self) -> sqlite3.Connection:
        connection = sqlite3.connect(self.path, timeout=self.timeout)
        try:
            connection.execute(_SCHEMA)
            connection.execute("SELECT count(*) FROM sessions").fetchone()
        except sqlite3.DatabaseError:
            connection.close()
            raise
        return connection
