"""The history as CSV (a row per session, or per exercise) and JSON, for a spreadsheet or a script.

Pure text from `SessionRecord`s: the command line prints it and the window saves it. Times are
given local (with their offset, ISO 8601) and in UTC; a pain question skipped reads "not asked",
never 0, and a session that never ended has an empty outcome.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from typing import Any

from stretchcoach.core.progress import local_day
from stretchcoach.core.session_record import NOT_ASKED, SessionRecord

SESSION_COLUMNS = (
    "date",
    "start_local",
    "start_utc",
    "end_utc",
    "routine_id",
    "routine",
    "planned_seconds",
    "done_seconds",
    "exercises",
    "completed",
    "skipped",
    "outcome",
    "stopped_during",
    "pain_before",
    "pain_after",
    "note",
)
EXERCISE_COLUMNS = (
    "date",
    "start_local",
    "routine_id",
    "position",
    "exercise_id",
    "exercise",
    "status",
    "seconds",
    "planned_seconds",
)


def _pain(score: int | None) -> str:
    return NOT_ASKED if score is None else str(score)


def session_row(record: SessionRecord) -> dict[str, Any]:
    return {
        "date": local_day(record).isoformat(),
        "start_local": record.local_start.isoformat(timespec="seconds"),
        "start_utc": record.started_at.isoformat(timespec="seconds"),
        "end_utc": record.ended_at.isoformat(timespec="seconds") if record.ended_at else "",
        "routine_id": record.routine_id,
        "routine": record.routine_name,
        "planned_seconds": round(record.planned_seconds, 1),
        "done_seconds": round(record.active_seconds, 1),
        "exercises": record.exercise_count,
        "completed": record.completed,
        "skipped": record.skipped,
        "outcome": record.outcome.value if record.outcome is not None else "",
        "stopped_during": record.stopped_exercise or "",
        "pain_before": _pain(record.pain_before),
        "pain_after": _pain(record.pain_after),
        "note": record.note,
    }


def sessions_csv(records: Iterable[SessionRecord]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, SESSION_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(session_row(record) for record in records)
    return out.getvalue()


def exercises_csv(records: Iterable[SessionRecord]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, EXERCISE_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for record in records:
        for exercise in record.exercises:
            writer.writerow(
                {
                    "date": local_day(record).isoformat(),
                    "start_local": record.local_start.isoformat(timespec="seconds"),
                    "routine_id": record.routine_id,
                    "position": exercise.index + 1,
                    "exercise_id": exercise.exercise_id,
                    "exercise": exercise.name,
                    "status": exercise.status.value,
                    "seconds": round(exercise.seconds, 1),
                    "planned_seconds": round(exercise.planned_seconds, 1),
                }
            )
    return out.getvalue()


def history_json(records: Iterable[SessionRecord]) -> str:
    """Sessions with their exercises; pain is a number or null (not asked)."""
    sessions = []
    for record in records:
        row = session_row(record)
        row["exercise_count"] = row.pop("exercises")
        row.update(
            pain_before=record.pain_before,
            pain_after=record.pain_after,
            outcome=record.outcome.value if record.outcome is not None else None,
            end_utc=row["end_utc"] or None,
            stopped_during=record.stopped_exercise,
            exercises=[
                {
                    "position": e.index + 1,
                    "id": e.exercise_id,
                    "name": e.name,
                    "status": e.status.value,
                    "seconds": round(e.seconds, 1),
                    "planned_seconds": round(e.planned_seconds, 1),
                }
                for e in record.exercises
            ],
        )
        sessions.append(row)
    return json.dumps({"sessions": sessions}, indent=2, ensure_ascii=False) + "\n"
