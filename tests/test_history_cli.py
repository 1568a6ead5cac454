"""`stretchcoach history`: table, CSV and JSON, `--since` by local date, and no Qt loaded."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from stretchcoach.cli import main
from stretchcoach.core.events import Outcome
from stretchcoach.core.session_record import SessionRecord
from stretchcoach.storage.history import History

TOKYO = timezone(timedelta(hours=9))


def fill() -> None:
    history = History()
    history.record_all(
        [
            SessionRecord(
                datetime(2026, 11, 1, 8, tzinfo=TOKYO), "quick-relief", "Quick relief", 353, 353, 4, 4, 0,
                Outcome.FINISHED, pain_before=4, pain_after=2, note="good",
            ),
            # 00:30 on the 3rd in Tokyo is still the 2nd in UTC.
            SessionRecord(
                datetime(2026, 11, 3, 0, 30, tzinfo=TOKYO), "core-strength", "Core strength", 414, 200,
                3, 1, 0, Outcome.PAIN, "Plank",
            ),
        ]
    )  # fmt: skip
    history.flush()


def test_the_table(capsys: pytest.CaptureFixture[str]) -> None:
    fill()
    assert main(["history"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("2026-11-01 08:00    5:53  finished") and "pain 4 → 2" in out[0]
    assert "“good”" in out[0]
    assert out[1].startswith("2026-11-03 00:30    3:20  it hurt") and "not asked → not asked" in out[1]
    assert out[-1].startswith("2 sessions · streak 0 weeks")


def test_csv_since_a_local_date(capsys: pytest.CaptureFixture[str]) -> None:
    fill()
    assert main(["history", "--csv", "--since", "2026-11-03"]) == 0
    [row] = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert (row["date"], row["outcome"], row["stopped_during"], row["pain_before"]) == (
        "2026-11-03", "pain", "Plank", "not asked",
    )  # fmt: skip


def test_json(capsys: pytest.CaptureFixture[str]) -> None:
    fill()
    assert main(["history", "--json"]) == 0
    sessions = json.loads(capsys.readouterr().out)["sessions"]
    assert [(s["routine_id"], s["pain_before"], s["note"]) for s in sessions] == [
        ("quick-relief", 4, "good"),
        ("core-strength", None, ""),
    ]


def test_an_empty_history_and_a_bad_date(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["history"]) == 0
    assert capsys.readouterr().out == "No sessions yet.\n"
    with pytest.raises(SystemExit):
        main(["history", "--since", "yesterday"])
    assert "is not a date like" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["history", "--csv", "--json"])


def test_it_loads_no_qt(app_home: Path) -> None:
    code = (
        "import sys; from stretchcoach.cli import main; main(['history', '--json']); "
        "print(sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken'))), file=sys.stderr)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={**os.environ, "STRETCHCOACH_HOME": str(app_home)},
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stderr.strip() == "[]"


def test_a_history_it_cannot_read_is_one_line_on_stderr(capsys: pytest.CaptureFixture[str]) -> None:
    import sqlite3

    from stretchcoach.storage.history import SCHEMA_VERSION
    from stretchcoach.storage.paths import history_file

    history_file().parent.mkdir(parents=True)
    with sqlite3.connect(history_file()) as newer:
        newer.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    newer.close()
    assert main(["history"]) == 1
    assert "newer StretchCoach" in capsys.readouterr().err
