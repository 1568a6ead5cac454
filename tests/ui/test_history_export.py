"""CSV and the physio's PDF report: what they contain, read back from the files."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

from PySide6.QtCore import QSize
from PySide6.QtGui import QColor, QImage
from PySide6.QtPdf import QPdfDocument

from stretchcoach.core.events import Outcome
from stretchcoach.core.history_export import exercises_csv, history_json, sessions_csv
from stretchcoach.core.session_record import ExerciseRecord, ExerciseStatus, SessionRecord
from stretchcoach.ui.report_pdf import write_report

CET = timezone(timedelta(hours=1))


def records() -> list[SessionRecord]:
    tilts = ExerciseRecord(0, "pelvic-tilts", "Pelvic tilts", ExerciseStatus.DONE, 60, 60)
    knees = ExerciseRecord(1, "knees", "Knees to chest", ExerciseStatus.SKIPPED, 0, 60)
    cross = ExerciseRecord(2, "crossovers", "Crossovers", ExerciseStatus.PARTIAL, 12.34, 60)
    return [
        SessionRecord(
            datetime(2026, 11, 2, 23, 30, tzinfo=CET), "quick-relief", "Quick relief", 353, 300, 4, 1, 1,
            Outcome.PAIN, "Crossovers", pain_before=5, pain_after=7, note="sharp, left side",
            ended_at=datetime(2026, 11, 2, 22, 36, tzinfo=UTC), exercises=(tilts, knees, cross),
        ),
        SessionRecord(
            datetime(2026, 11, 4, 8, 0, tzinfo=CET), "quick-relief", "Quick relief", 353, 353, 4, 4, 0,
            Outcome.FINISHED, pain_before=4, exercises=(tilts,),
        ),
        SessionRecord(
            datetime(2026, 11, 5, 8, 0, tzinfo=CET), "five-stretches", "Five stretches", 710, 100, 5, 0, 0,
            None,
        ),
    ]  # fmt: skip


def test_sessions_csv_has_a_row_per_session_with_local_dates_and_not_asked() -> None:
    rows = list(csv.DictReader(io.StringIO(sessions_csv(records()))))
    assert len(rows) == 3
    first, second, third = rows
    assert first["date"] == "2026-11-02", "23:30 in Berlin, 22:30 UTC: the local day"
    assert first["start_local"] == "2026-11-02T23:30:00+01:00"
    assert first["start_utc"] == "2026-11-02T22:30:00+00:00"
    assert (first["outcome"], first["stopped_during"], first["pain_before"], first["pain_after"]) == (
        "pain", "Crossovers", "5", "7",
    )  # fmt: skip
    assert first["note"] == "sharp, left side"
    assert (second["pain_after"], third["outcome"], third["end_utc"]) == ("not asked", "", "")


def test_exercises_csv_has_a_row_per_exercise() -> None:
    rows = list(csv.DictReader(io.StringIO(exercises_csv(records()))))
    assert [(r["date"], r["position"], r["exercise"], r["status"], r["seconds"]) for r in rows] == [
        ("2026-11-02", "1", "Pelvic tilts", "done", "60"),
        ("2026-11-02", "2", "Knees to chest", "skipped", "0"),
        ("2026-11-02", "3", "Crossovers", "partial", "12.3"),
        ("2026-11-04", "1", "Pelvic tilts", "done", "60"),
    ]


def test_json_keeps_pain_as_numbers_or_null() -> None:
    import json

    sessions = json.loads(history_json(records()))["sessions"]
    assert [s["pain_after"] for s in sessions] == [7, None, None]
    assert sessions[0]["exercise_count"] == 4 and len(sessions[0]["exercises"]) == 3
    assert sessions[2]["outcome"] is None


def pdf_text(path: Path) -> tuple[int, str, QImage]:
    document = QPdfDocument()
    assert document.load(str(path)) == QPdfDocument.Error.None_
    text = document.getAllText(0).text()
    page = document.render(0, QSize(620, 877))
    count = document.pageCount()
    document.close()
    return count, text, page


def test_the_report_is_one_page_with_the_period_skips_and_it_hurts(tmp_path: Path, qapp: object) -> None:
    path = tmp_path / "report.pdf"
    write_report(path, records(), date(2026, 11, 6))

    pages, text, image = pdf_text(path)

    assert pages == 1
    flat = " ".join(text.split())
    assert "Period: 02 Nov 2026 to 05 Nov 2026 (1 week)" in flat
    assert "3 sessions (3.0 a week), 1 finished" in flat
    assert "Sessions per week" in flat
    assert "Pain before and after each session" in flat
    assert "Knees to chest (1×)" in flat
    assert "Stopped because it hurt: 1 time" in flat
    assert "Mon 02 Nov 2026 23:30 — Quick relief during Crossovers, pain before 5" in flat
    inked = sum(
        1
        for y in range(0, image.height(), 4)
        for x in range(0, image.width(), 4)
        if QColor(image.pixel(x, y)).lightness() < 200
    )
    assert inked > 500, "the page has text and charts on it, not a blank page"


def test_an_empty_history_still_makes_a_page_that_says_so(tmp_path: Path, qapp: object) -> None:
    path = tmp_path / "empty.pdf"
    write_report(path, [], date(2026, 11, 6))
    pages, text, _ = pdf_text(path)
    assert pages == 1 and "No sessions have been recorded yet" in " ".join(text.split())
