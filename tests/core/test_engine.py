"""The session engine, driven by a fake clock: nothing sleeps, every instant is chosen."""

from __future__ import annotations

import pytest

from stretchcoach.core.builtin import builtin_routine
from stretchcoach.core.clock import FakeClock
from stretchcoach.core.engine import Command, IllegalCommand, SessionEngine, SessionState
from stretchcoach.core.events import (
    CueDue,
    Finished,
    Paused,
    PauseReason,
    PhaseStarted,
    Progress,
    Resumed,
    SessionEvent,
    Stopped,
    StopReason,
)
from stretchcoach.core.plan import PhaseKind, Plan
from stretchcoach.core.plan_settings import PlanSettings
from stretchcoach.core.planner import build_plan
from tests.core.factories import exercise, routine

SHORT = PlanSettings(prepare_seconds=5, transition_seconds=3, switch_seconds=3, rest_seconds=3)


class Recorder:
    def __init__(self, engine: SessionEngine) -> None:
        self.events: list[SessionEvent] = []
        engine.subscribe(self.events.append)

    def of(self, kind: type) -> list:
        return [event for event in self.events if isinstance(event, kind)]

    def clear(self) -> None:
        self.events.clear()


def two_exercise_plan() -> Plan:
    return build_plan(routine(exercise("first", hold=20), exercise("second", hold=10, sides="each")), SHORT)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


def run(engine: SessionEngine, clock: FakeClock, seconds: float, step: float = 0.1) -> None:
    """Let time pass in small steps, ticking like the GUI's timer would."""
    end = clock.now() + seconds
    while clock.now() < end - 1e-9:
        clock.advance(min(step, end - clock.now()))
        engine.tick()


def skip_to_the_second_exercise(engine: SessionEngine) -> None:
    """From the first exercise's lead-in: Next skips the wait, then Next skips the exercise."""
    engine.next_exercise()
    assert engine.phase.kind.is_work and engine.exercise_index == 0
    engine.next_exercise()
    assert engine.exercise_index == 1


def test_start_begins_the_first_phase_and_says_its_first_cue(clock: FakeClock) -> None:
    plan = two_exercise_plan()
    engine = SessionEngine(plan, clock)
    seen = Recorder(engine)

    engine.start()

    assert engine.state is SessionState.RUNNING
    assert seen.of(PhaseStarted)[0].index == 0
    assert seen.of(CueDue)[0].cue.text.startswith("Move slowly")
    assert engine.remaining() == pytest.approx(plan.phases[0].seconds)


def test_remaining_time_comes_from_the_deadline_so_irregular_ticks_add_no_drift(clock: FakeClock) -> None:
    plan = build_plan(builtin_routine("five-stretches"))
    engine = SessionEngine(plan, clock)
    seen = Recorder(engine)
    engine.start()

    run(engine, clock, plan.total_seconds + 1, step=0.37)

    finished = seen.of(Finished)
    assert engine.state is SessionState.FINISHED
    assert len(finished) == 1
    assert finished[0].summary.active_seconds == pytest.approx(plan.total_seconds, abs=1e-9)
    assert finished[0].summary.completed == (0, 1, 2, 3, 4)
    assert finished[0].summary.skipped == ()


def test_every_cue_is_announced_once_in_order_at_its_instant(clock: FakeClock) -> None:
    plan = two_exercise_plan()
    engine = SessionEngine(plan, clock)
    seen = Recorder(engine)
    start = clock.now()
    engine.start()

    run(engine, clock, plan.total_seconds + 1, step=0.05)

    cues = seen.of(CueDue)
    assert [event.scheduled for event in cues] == list(plan.schedule)
    for event in cues:
        assert event.due == pytest.approx(start + event.scheduled.offset)


def test_cues_are_announced_early_by_the_lead_but_carry_their_exact_due_time(clock: FakeClock) -> None:
    plan = two_exercise_plan()
    engine = SessionEngine(plan, clock, cue_lead=0.04)
    seen = Recorder(engine)
    begins = clock.now() + engine.cue_lead  # the timeline begins one lead after Start
    engine.start()
    how_to = next(s for s in plan.schedule if s.phase_index == 1)

    clock.set(begins + how_to.offset - 0.05)
    engine.tick()
    assert seen.of(CueDue)[-1].scheduled != how_to
    clock.set(begins + how_to.offset - 0.04)
    engine.tick()

    assert seen.of(CueDue)[-1].scheduled == how_to
    assert seen.of(CueDue)[-1].due == pytest.approx(begins + how_to.offset)
    assert engine.phase_index == 0, "announced while the phase before it still runs"
    assert engine.next_wakeup() == pytest.approx(begins + plan.starts[1])


def test_the_opening_line_is_announced_at_start_to_be_heard_as_the_session_begins(clock: FakeClock) -> None:
    """Announced at once but due one lead later, so a voice with output latency is on the beat."""
    plan = two_exercise_plan()
    engine = SessionEngine(plan, clock, cue_lead=0.3)
    seen = Recorder(engine)
    pressed = clock.now()

    engine.start()

    [opening] = seen.of(CueDue)
    assert opening.scheduled == plan.schedule[0]
    assert opening.due == pytest.approx(pressed + 0.3)
    assert engine.position() == 0.0
    assert engine.remaining() == pytest.approx(plan.phases[0].seconds)
    clock.set(pressed + 0.3 + 5)
    engine.tick()
    assert engine.position() == pytest.approx(5)
    engine.stop()
    assert seen.of(Stopped)[0].summary.active_seconds == pytest.approx(5)


def test_pause_freezes_the_remaining_time_to_the_millisecond(clock: FakeClock) -> None:
    engine = SessionEngine(two_exercise_plan(), clock)
    seen = Recorder(engine)
    engine.start()
    run(engine, clock, 12.345, step=0.1)
    before = engine.remaining()

    engine.pause()
    clock.advance(600)
    engine.tick()
    during = engine.remaining()
    engine.resume()

    assert engine.state is SessionState.RUNNING
    assert during == pytest.approx(before, abs=1e-3)
    assert engine.remaining() == pytest.approx(before, abs=1e-3)
    assert seen.of(Paused)[0].reason is PauseReason.USER
    assert seen.of(Resumed)[0].remaining == pytest.approx(before, abs=1e-3)


def test_a_paused_session_does_not_count_the_pause_as_exercise_time(clock: FakeClock) -> None:
    plan = two_exercise_plan()
    engine = SessionEngine(plan, clock)
    seen = Recorder(engine)
    engine.start()
    run(engine, clock, 10)
    engine.pause()
    clock.advance(300)
    engine.resume()

    run(engine, clock, plan.total_seconds)

    assert seen.of(Finished)[0].summary.active_seconds == pytest.approx(plan.total_seconds)


def test_cues_in_the_lead_window_at_pause_are_said_after_resume_not_lost(clock: FakeClock) -> None:
    plan = two_exercise_plan()
    engine = SessionEngine(plan, clock, cue_lead=0.5)
    seen = Recorder(engine)
    begins = clock.now() + engine.cue_lead  # the timeline begins one lead after Start
    engine.start()
    target = plan.schedule[1]
    clock.set(begins + target.offset - 0.2)
    engine.tick()
    assert seen.of(CueDue)[-1].scheduled == target

    engine.pause()
    seen.clear()
    engine.resume()

    assert [event.scheduled for event in seen.of(CueDue)] == [target]


def test_next_and_previous_move_between_exercises(clock: FakeClock) -> None:
    plan = two_exercise_plan()
    engine = SessionEngine(plan, clock)
    seen = Recorder(engine)
    engine.start()
    run(engine, clock, 15)
    assert engine.phase.kind is PhaseKind.HOLD

    engine.next_exercise()
    assert engine.exercise_index == 1
    assert engine.phase_index == plan.first_phase_of(1)
    assert engine.remaining() == pytest.approx(plan.phases[plan.first_phase_of(1)].seconds)

    engine.previous_exercise()
    assert engine.exercise_index == 0
    assert engine.phase.kind is PhaseKind.PREPARE
    assert [event.index for event in seen.of(PhaseStarted)][-2:] == [plan.first_phase_of(1), 1]


@pytest.mark.parametrize(("after", "lead_in"), [(1, PhaseKind.TRANSITION), (10, PhaseKind.PREPARE)])
def test_next_during_the_lead_in_skips_the_wait_not_the_exercise(
    clock: FakeClock, after: float, lead_in: PhaseKind
) -> None:
    plan = two_exercise_plan()
    engine = SessionEngine(plan, clock)
    engine.start()
    run(engine, clock, after)
    assert engine.phase.kind is lead_in and engine.exercise_index == 0

    engine.next_exercise()

    assert engine.exercise_index == 0
    assert engine.phase.kind is PhaseKind.HOLD
    assert engine.phase_index == plan.first_work_phase_of(0)
    assert engine.remaining() == pytest.approx(20)


def test_restart_on_the_first_exercise_does_not_replay_the_opening_words(clock: FakeClock) -> None:
    plan = two_exercise_plan()
    engine = SessionEngine(plan, clock)
    seen = Recorder(engine)
    engine.start()
    run(engine, clock, 15)
    seen.clear()

    engine.restart_exercise()
    run(engine, clock, 1)

    assert engine.phase.kind is PhaseKind.PREPARE
    said = [event.cue.text for event in seen.of(CueDue)]
    assert plan.phases[0].cues[0].text not in said
    assert said[0] == plan.phases[engine.phase_index].cues[0].text


def test_next_on_the_last_exercise_goes_to_the_closing_words_then_ends(clock: FakeClock) -> None:
    engine = SessionEngine(two_exercise_plan(), clock)
    seen = Recorder(engine)
    engine.start()
    skip_to_the_second_exercise(engine)
    engine.next_exercise()
    assert engine.phase.kind is PhaseKind.HOLD and engine.exercise_index == 1

    engine.next_exercise()

    assert engine.phase.kind is PhaseKind.FINISH
    assert not engine.allowed(Command.RESTART)
    assert not engine.allowed(Command.NEXT)
    run(engine, clock, 6)
    assert engine.state is SessionState.FINISHED
    assert seen.of(Finished)[0].summary.skipped == (0, 1)


def test_restart_goes_back_to_the_start_of_the_current_exercise(clock: FakeClock) -> None:
    plan = two_exercise_plan()
    engine = SessionEngine(plan, clock)
    engine.start()
    skip_to_the_second_exercise(engine)
    run(engine, clock, 7)
    assert engine.phase.kind is PhaseKind.HOLD

    engine.restart_exercise()

    assert engine.phase_index == plan.restart_phase_of(1)
    assert engine.phase.kind is PhaseKind.PREPARE and engine.exercise_index == 1
    assert engine.remaining() == pytest.approx(plan.phases[plan.restart_phase_of(1)].seconds)


def test_navigation_while_paused_stays_paused_with_the_new_phase_full(clock: FakeClock) -> None:
    plan = two_exercise_plan()
    engine = SessionEngine(plan, clock)
    seen = Recorder(engine)
    engine.start()
    engine.pause()

    skip_to_the_second_exercise(engine)
    clock.advance(30)
    engine.tick()

    assert engine.state is SessionState.PAUSED
    assert engine.phase_index == plan.first_phase_of(1)
    assert engine.remaining() == pytest.approx(plan.phases[plan.first_phase_of(1)].seconds)
    assert seen.of(Progress)[-1].fraction == 0.0


def test_a_clock_jump_past_a_deadline_pauses_instead_of_racing_through(clock: FakeClock) -> None:
    engine = SessionEngine(two_exercise_plan(), clock)
    seen = Recorder(engine)
    engine.start()
    run(engine, clock, 4)
    index, remaining = engine.phase_index, engine.remaining()

    clock.advance(3600)
    engine.tick()

    assert engine.state is SessionState.PAUSED
    assert seen.of(Paused)[-1].reason is PauseReason.SUSPEND
    assert (engine.phase_index, engine.remaining()) == (index, pytest.approx(remaining))


def test_a_sleep_inside_a_long_hold_pauses_too(clock: FakeClock) -> None:
    plan = build_plan(routine(exercise("long", hold=60)), SHORT)
    engine = SessionEngine(plan, clock)
    seen = Recorder(engine)
    engine.start()
    run(engine, clock, plan.starts[2] + 5)
    remaining = engine.remaining()
    seen.clear()

    clock.advance(50)
    engine.tick()

    assert engine.state is SessionState.PAUSED
    assert engine.remaining() == pytest.approx(remaining)
    assert seen.of(CueDue) == [], "nothing the sleeper missed is blurted out on waking"


def test_a_late_tick_within_the_limit_catches_up_phase_by_phase(clock: FakeClock) -> None:
    plan = two_exercise_plan()
    engine = SessionEngine(plan, clock, suspend_jump=20)
    seen = Recorder(engine)
    engine.start()

    clock.advance(plan.starts[2] + 1)
    engine.tick()

    assert engine.state is SessionState.RUNNING
    assert [event.index for event in seen.of(PhaseStarted)] == [0, 1, 2]


@pytest.mark.parametrize(
    ("state_setup", "command"),
    [
        ("idle", Command.PAUSE),
        ("idle", Command.RESUME),
        ("idle", Command.STOP),
        ("idle", Command.NEXT),
        ("running", Command.START),
        ("running", Command.RESUME),
        ("paused", Command.PAUSE),
        ("stopped", Command.RESUME),
        ("stopped", Command.NEXT),
        ("finished", Command.STOP),
    ],
)
def test_commands_illegal_in_a_state_raise(clock: FakeClock, state_setup: str, command: Command) -> None:
    plan = two_exercise_plan()
    engine = SessionEngine(plan, clock)
    if state_setup != "idle":
        engine.start()
    if state_setup == "paused":
        engine.pause()
    if state_setup == "stopped":
        engine.stop()
    if state_setup == "finished":
        run(engine, clock, plan.total_seconds + 1)
    calls = {
        Command.START: engine.start,
        Command.PAUSE: engine.pause,
        Command.RESUME: engine.resume,
        Command.STOP: engine.stop,
        Command.NEXT: engine.next_exercise,
    }

    assert not engine.allowed(command)
    with pytest.raises(IllegalCommand, match=command.value):
        calls[command]()


def test_stopping_for_pain_reports_where_and_why(clock: FakeClock) -> None:
    engine = SessionEngine(two_exercise_plan(), clock)
    seen = Recorder(engine)
    engine.start()
    skip_to_the_second_exercise(engine)
    run(engine, clock, 2)

    engine.stop(StopReason.PAIN)

    stopped = seen.of(Stopped)[0]
    assert engine.state is SessionState.STOPPED
    assert stopped.reason is StopReason.PAIN
    assert stopped.summary.stopped_at == 1
    assert stopped.summary.skipped == (0,)
    assert stopped.summary.active_seconds == pytest.approx(2)


def test_progress_reports_the_fraction_of_the_phase_and_of_the_session(clock: FakeClock) -> None:
    plan = two_exercise_plan()
    engine = SessionEngine(plan, clock)
    seen = Recorder(engine)
    engine.start()
    half = plan.phases[0].seconds / 2

    clock.advance(half)
    engine.tick()

    progress = seen.of(Progress)[-1]
    assert progress.fraction == pytest.approx(0.5)
    assert progress.remaining == pytest.approx(half)
    assert progress.elapsed == pytest.approx(half)
    assert progress.total == plan.total_seconds
