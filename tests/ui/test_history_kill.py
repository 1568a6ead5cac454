"""A session killed with SIGKILL mid-session leaves its row, with the seconds done by then."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from stretchcoach.core.session_record import ExerciseStatus
from stretchcoach.storage.history import History

SESSION_THEN_WAIT = """
import sys, time
from PySide6.QtWidgets import QApplication
from stretchcoach.core.builtin import builtin_routine
from stretchcoach.core.clock import FakeClock
from stretchcoach.core.planner import build_plan
from stretchcoach.storage.history import History
from stretchcoach.ui.session_controller import SessionController
from stretchcoach.ui.timer import ManualTimer
from tests.ui.fakes import RecordingVoice

app = QApplication([])
clock, history = FakeClock(), History()
controller = SessionController(clock, RecordingVoice(), history, timer=ManualTimer())
plan = build_plan(builtin_routine("quick-relief"))
controller.start(plan, pain_before=5)
began = clock.now()
while controller.engine.exercise_index < 2:
    clock.advance(0.25)
    controller.on_timeout()
clock.advance(4)
controller.on_timeout()
history.flush()
print(round(clock.now() - began, 2), flush=True)
time.sleep(600)
"""


def test_a_session_killed_mid_way_keeps_what_was_done(app_home: Path) -> None:
    environ = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "STRETCHCOACH_HOME": str(app_home)}
    child = subprocess.Popen(
        [sys.executable, "-c", SESSION_THEN_WAIT],
        env=environ,
        cwd=Path(__file__).parents[2],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout is not None
        elapsed = float(child.stdout.readline())
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL

    [record] = History().recent()

    assert record.outcome is None and record.ended_at is None, "it never ended"
    assert record.pain_before == 5
    # The row was last written when exercise 3 began, a few seconds before the kill.
    assert 0 < elapsed - 4 - 0.25 <= record.active_seconds <= elapsed
    done = [exercise.status for exercise in record.exercises]
    assert done[:2] == [ExerciseStatus.DONE, ExerciseStatus.DONE]
    assert record.completed == 2
    assert sum(exercise.seconds for exercise in record.exercises) > 60
