"""A session as the person on the mat lives it: each test is one thing they would notice go wrong."""

from __future__ import annotations

from typing import TypeVar

import pytest

from stretchcoach.core.clock import FakeClock
from stretchcoach.core.engine import Command, IllegalCommand, SessionEngine, SessionState
from stretchcoach.core.events import (
    CueDue,
    Finished,
    Paused,
    PauseReason,
    PhaseStarted,
    Progress,
    SessionEvent,
    Stopped,
)
from stretchcoach.core.plan import Plan
from stretchcoach.core.plan_settings import PlanSettings
from stretchcoach.core.planner import build_plan
from tests.core.factories import exercise, routine

E = TypeVar("E")
SHORT = PlanSettings(prepare_seconds=5, transition_seconds=3, switch_seconds=3, rest_seconds=3)


class Recorder:
    def __init__(self, engine: SessionEngine) -> None:
        self.events: list[SessionEvent] = []
        engine.subscribe(self.events.append)

    def of(self, kind: type[E]) -> list[E]:
        return [event for event in self.events if isinstance(event, kind)]


def run(engine: SessionEngine, clock: FakeClock, seconds: float, step: float = 0.25) -> None:
    end = clock.now() + seconds
    while clock.now() < end - 1e-9:
        clock.advance(min(step, end - clock.now()))
        engine.tick()


def three_exercise_plan() -> Plan:
    return build_plan(
        routine(
            exercise("first", hold=20), exercise("second", hold=10, sides="each"), exercise("third", hold=5)
        ),
        SHORT,
    )


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


def test_stopping_while_paused_does_not_count_the_pause_as_exercise(clock: FakeClock) -> None:
    engine = SessionEngine(three_exercise_plan(), clock)
    seen = Recorder(engine)
    engine.start()
    run(engine, clock, 10)
    engine.pause()
    clock.advance(300)

    engine.stop()

    assert seen.of(Stopped)[0].summary.active_seconds == pytest.approx(10)


def test_stopping_at_once_counts_no_exercise_time(clock: FakeClock) -> None:
    engine = SessionEngine(three_exercise_plan(), clock)
    seen = Recorder(engine)
    engine.start()

    engine.stop()

    assert seen.of(Stopped)[0].summary.active_seconds == 0


def test_a_stopped_session_stays_where_it_was_stopped(clock: FakeClock) -> None:
    engine = SessionEngine(three_exercise_plan(), clock)
    engine.start()
    run(engine, clock, 7.5)

    engine.stop()
    clock.advance(100)

    assert engine.position() == pytest.approx(7.5)
    assert engine.remaining() == pytest.approx(engine.phase.seconds - 7.5)


def test_a_session_not_yet_started_shows_its_first_phase_whole(clock: FakeClock) -> None:
    plan = three_exercise_plan()
    engine = SessionEngine(plan, clock)

    assert engine.position() == 0
    assert engine.remaining() == plan.phases[0].seconds
    assert engine.next_wakeup() is None


def test_a_finished_session_has_nothing_left(clock: FakeClock) -> None:
    plan = three_exercise_plan()
    engine = SessionEngine(plan, clock)
    engine.start()

    run(engine, clock, plan.total_seconds + 2)

    assert engine.state is SessionState.FINISHED
    assert engine.position() == plan.total_seconds
    assert engine.remaining() == 0


def test_every_phase_is_started_in_turn_with_its_own_phase(clock: FakeClock) -> None:
    plan = three_exercise_plan()
    engine = SessionEngine(plan, clock)
    seen = Recorder(engine)
    engine.start()

    run(engine, clock, plan.total_seconds + 1)

    started = seen.of(PhaseStarted)
    assert [event.index for event in started] == list(range(len(plan.phases)))
    assert all(event.phase is plan.phases[event.index] for event in started)
    assert len(seen.of(Finished)) == 1


def test_a_cue_is_never_said_before_its_phase_has_begun(clock: FakeClock) -> None:
    plan = three_exercise_plan()
    engine = SessionEngine(plan, clock)
    current = -1
    misplaced: list[CueDue] = []

    def listen(event: SessionEvent) -> None:
        nonlocal current
        if isinstance(event, PhaseStarted):
            current = event.index
        elif isinstance(event, CueDue) and event.phase_index != current:
            misplaced.append(event)

    engine.subscribe(listen)
    engine.start()
    run(engine, clock, plan.total_seconds + 1, step=1.0)

    assert misplaced == []


def test_a_tick_exactly_on_a_phase_boundary_starts_the_next_phase(clock: FakeClock) -> None:
    plan = three_exercise_plan()
    engine = SessionEngine(plan, clock)
    start = clock.now()
    engine.start()

    clock.set(start + plan.starts[1])
    engine.tick()

    assert engine.phase_index == 1


def test_by_default_no_cue_is_announced_before_its_instant(clock: FakeClock) -> None:
    plan = three_exercise_plan()
    engine = SessionEngine(plan, clock)
    seen = Recorder(engine)
    start = clock.now()
    engine.start()
    second = plan.schedule[1]

    clock.set(start + second.offset - 0.01)
    engine.tick()
    assert second not in [event.scheduled for event in seen.of(CueDue)]

    clock.set(start + second.offset)
    engine.tick()
    assert seen.of(CueDue)[-1].scheduled == second


def test_the_timer_wakes_exactly_when_the_next_cue_is_due_to_be_announced(clock: FakeClock) -> None:
    plan = three_exercise_plan()
    engine = SessionEngine(plan, clock, cue_lead=0.5)
    seen = Recorder(engine)
    engine.start()
    announced = len(seen.of(CueDue))
    wakeup = engine.next_wakeup()
    assert wakeup is not None

    clock.set(wakeup - 0.01)
    engine.tick()
    assert len(seen.of(CueDue)) == announced
    clock.set(wakeup)
    engine.tick()
    assert len(seen.of(CueDue)) == announced + 1


def test_after_the_last_cue_the_timer_wakes_at_the_end_of_the_session(clock: FakeClock) -> None:
    plan = three_exercise_plan()
    engine = SessionEngine(plan, clock)
    start = clock.now()
    engine.start()

    run(engine, clock, plan.starts[-1] + 0.5)

    assert engine.phase_index == len(plan.phases) - 1
    assert engine.next_wakeup() == pytest.approx(start + plan.total_seconds)


def test_a_tick_exactly_at_the_suspend_limit_is_late_but_not_a_sleep(clock: FakeClock) -> None:
    engine = SessionEngine(three_exercise_plan(), clock, suspend_jump=10)
    engine.start()

    clock.advance(10)
    engine.tick()

    assert engine.state is SessionState.RUNNING


def test_a_sleep_straight_after_start_pauses_at_the_beginning(clock: FakeClock) -> None:
    engine = SessionEngine(three_exercise_plan(), clock)
    seen = Recorder(engine)
    engine.start()

    clock.advance(10.5)
    engine.tick()

    assert engine.state is SessionState.PAUSED
    assert seen.of(Paused)[-1].reason is PauseReason.SUSPEND
    assert engine.position() == 0


def test_pausing_tells_how_long_is_left_in_the_phase(clock: FakeClock) -> None:
    engine = SessionEngine(three_exercise_plan(), clock)
    seen = Recorder(engine)
    engine.start()
    run(engine, clock, 4)

    engine.pause()

    assert seen.of(Paused)[-1].remaining == pytest.approx(engine.remaining())
    assert engine.remaining() == pytest.approx(engine.phase.seconds - 4)


def test_progress_names_the_phase_it_is_about(clock: FakeClock) -> None:
    plan = three_exercise_plan()
    engine = SessionEngine(plan, clock)
    seen = Recorder(engine)
    engine.start()

    run(engine, clock, plan.starts[2] + 1)

    assert seen.of(Progress)[-1].index == engine.phase_index == 2


def test_a_one_second_hold_fills_its_ring_halfway_after_half_a_second(clock: FakeClock) -> None:
    plan = build_plan(routine(exercise("blink", hold=1)), SHORT)
    engine = SessionEngine(plan, clock, suspend_jump=600)
    seen = Recorder(engine)
    start = clock.now()
    engine.start()
    hold = next(i for i, phase in enumerate(plan.phases) if phase.seconds == 1)

    clock.set(start + plan.starts[hold] + 0.5)
    engine.tick()

    assert engine.phase_index == hold
    assert seen.of(Progress)[-1].fraction == pytest.approx(0.5)


def test_moving_while_paused_shows_the_new_phase_in_full(clock: FakeClock) -> None:
    plan = three_exercise_plan()
    engine = SessionEngine(plan, clock)
    seen = Recorder(engine)
    engine.start()
    engine.pause()

    engine.next_exercise()

    progress = seen.of(Progress)[-1]
    index = engine.phase_index
    assert (progress.index, progress.remaining, progress.fraction) == (index, plan.phases[index].seconds, 0.0)
    assert (progress.elapsed, progress.total) == (plan.starts[index], plan.total_seconds)


def test_moving_while_running_reports_progress_once(clock: FakeClock) -> None:
    engine = SessionEngine(three_exercise_plan(), clock)
    seen = Recorder(engine)
    engine.start()
    run(engine, clock, 2)
    before = len(seen.of(Progress))

    engine.next_exercise()

    assert len(seen.of(Progress)) == before + 1


def test_previous_from_the_third_exercise_goes_to_the_second(clock: FakeClock) -> None:
    plan = three_exercise_plan()
    engine = SessionEngine(plan, clock)
    engine.start()
    engine.next_exercise()
    engine.next_exercise()
    engine.next_exercise()
    engine.next_exercise()
    assert engine.exercise_index == 2

    engine.previous_exercise()

    assert engine.exercise_index == 1


def test_a_listener_that_unsubscribes_hears_nothing_more(clock: FakeClock) -> None:
    engine = SessionEngine(three_exercise_plan(), clock)
    heard: list[SessionEvent] = []
    unsubscribe = engine.subscribe(heard.append)
    engine.start()
    count = len(heard)

    unsubscribe()
    run(engine, clock, 5)

    assert len(heard) == count


def test_a_refused_command_says_which_command_and_state(clock: FakeClock) -> None:
    engine = SessionEngine(three_exercise_plan(), clock)

    with pytest.raises(IllegalCommand) as caught:
        engine.resume()

    assert (caught.value.command, caught.value.state) == (Command.RESUME, SessionState.IDLE)
    assert str(caught.value) == "cannot resume a session that is idle"


def test_moving_to_another_exercise_announces_the_phase_it_lands_on(clock: FakeClock) -> None:
    engine = SessionEngine(three_exercise_plan(), clock)
    seen = Recorder(engine)
    engine.start()

    engine.next_exercise()

    assert seen.of(PhaseStarted)[-1].phase is engine.phase


def test_the_fake_clock_moves_only_forward_and_only_when_told() -> None:
    clock = FakeClock()
    assert clock.now() == 1000.0

    clock.advance(0)
    clock.set(1002.5)

    assert clock.now() == 1002.5
    with pytest.raises(ValueError, match="a monotonic clock cannot go back"):
        clock.set(1001)
