"""The controller writes the session as it goes: a row at the start, each exercise as it is left."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from stretchcoach.core.builtin import builtin_routine
from stretchcoach.core.clock import FakeClock
from stretchcoach.core.events import Outcome
from stretchcoach.core.plan import PhaseKind, Plan
from stretchcoach.core.planner import build_plan
from stretchcoach.core.session_record import ExerciseStatus, SessionRecord
from stretchcoach.ui.session_controller import FRAME_SECONDS, PROGRESS_SAVE_SECONDS, SessionController
from stretchcoach.ui.timer import ManualTimer
from tests.ui.fakes import MemoryHistory, RecordingVoice

START = datetime(2026, 11, 22, 8, 0, tzinfo=UTC)


@pytest.fixture
def plan() -> Plan:
    return build_plan(builtin_routine("quick-relief"))


def run_until(controller: SessionController, clock: FakeClock, done: object) -> None:
    assert callable(done)
    for _ in range(100_000):
        if done():
            return
        clock.advance(FRAME_SECONDS)
        controller.on_timeout()
    raise AssertionError("never got there")


def latest(history: MemoryHistory) -> SessionRecord:
    [entry] = history.records
    return entry


def test_the_session_is_written_at_the_start_and_as_each_exercise_ends(plan: Plan) -> None:
    clock, timer, history = FakeClock(), ManualTimer(), MemoryHistory()
    controller = SessionController(clock, RecordingVoice(), history, timer=timer, wall_clock=lambda: START)
    began = clock.now()
    controller.start(plan, pain_before=6)

    opening = latest(history)
    assert (opening.outcome, opening.pain_before, opening.active_seconds, opening.exercises) == (
        None,
        6,
        0,
        (),
    )

    run_until(
        controller, clock, lambda: controller.engine is not None and controller.engine.exercise_index == 1
    )
    first = latest(history)
    [tilts] = first.exercises
    assert tilts.status is ExerciseStatus.DONE and tilts.seconds == pytest.approx(tilts.planned_seconds)
    assert first.active_seconds == pytest.approx(clock.now() - began, abs=0.2)
    assert first.outcome is None and first.completed == 1

    work = plan.first_work_phase_of(1)
    assert work is not None
    run_until(
        controller, clock, lambda: controller.engine is not None and controller.engine.phase_index == work
    )
    clock.advance(7)
    controller.on_timeout()
    controller.next_exercise()
    partial = latest(history).exercises[1]
    assert partial.status is ExerciseStatus.PARTIAL and partial.seconds == pytest.approx(7, abs=0.1)

    controller.stop()
    stopped = latest(history)
    assert stopped.outcome is Outcome.STOPPED and stopped.ended_at == START
    assert [e.status for e in stopped.exercises] == [
        ExerciseStatus.DONE,
        ExerciseStatus.PARTIAL,
        ExerciseStatus.SKIPPED,
    ]

    controller.set_pain_after(8)
    controller.set_note("  stiff  this morning ")
    controller.set_note("stiff this morning")
    final = latest(history)
    assert (final.pain_before, final.pain_after, final.note) == (6, 8, "stiff this morning")
    assert final.key == opening.key
    writes = history.writes
    controller.set_note("stiff this morning")
    assert history.writes == writes, "an unchanged note is not written again"


def test_a_finished_session_has_every_exercise_done(plan: Plan) -> None:
    clock, timer, history = FakeClock(), ManualTimer(), MemoryHistory()
    controller = SessionController(clock, RecordingVoice(), history, timer=timer)
    controller.start(plan)
    run_until(controller, clock, lambda: latest(history).outcome is not None)

    done = latest(history)
    assert done.outcome is Outcome.FINISHED and done.pain_before is None
    assert [e.status for e in done.exercises] == [ExerciseStatus.DONE] * plan.exercise_count
    assert done.utc_offset_minutes == round(datetime.now().astimezone().utcoffset().total_seconds() / 60)  # type: ignore[union-attr]
    assert done.active_seconds == pytest.approx(plan.total_seconds, abs=0.2)


def test_a_set_of_reps_is_not_written_at_every_beat(plan: Plan) -> None:
    clock, timer, history = FakeClock(), ManualTimer(), MemoryHistory()
    controller = SessionController(clock, RecordingVoice(), history, timer=timer, wall_clock=lambda: START)
    controller.start(plan)
    run_until(
        controller, clock, lambda: controller.phase is not None and controller.phase.kind is PhaseKind.REP
    )
    writes, began = history.writes, clock.now()
    run_until(
        controller, clock, lambda: controller.engine is not None and controller.engine.exercise_index == 1
    )
    beats = sum(1 for phase in plan.phases if phase.kind is PhaseKind.REP and phase.exercise_index == 0)
    assert beats >= 16
    # Each beat is a phase; the set is written every 30 s of it and as the next exercise begins.
    assert history.writes - writes <= (clock.now() - began) / PROGRESS_SAVE_SECONDS + 1
    assert latest(history).exercises[0].status is ExerciseStatus.DONE
