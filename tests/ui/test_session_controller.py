"""The controller on its own: timer arming, captions on time, the voice's calls, the history."""

from __future__ import annotations

import itertools
import math
import sqlite3

import pytest
from pytestqt.qtbot import QtBot

from stretchcoach.core import pain_advice, wording
from stretchcoach.core.builtin import builtin_routine
from stretchcoach.core.clock import FakeClock
from stretchcoach.core.engine import SUSPEND_JUMP_SECONDS, SessionState
from stretchcoach.core.events import Outcome, Progress
from stretchcoach.core.plan import PhaseKind, Plan
from stretchcoach.core.planner import build_plan
from stretchcoach.ui.session_controller import FRAME_SECONDS, VOICE_WAIT_MS, SessionController
from stretchcoach.ui.timer import ManualTimer
from tests.ui.fakes import MemoryHistory, RecordingVoice


@pytest.fixture
def plan() -> Plan:
    return build_plan(builtin_routine("five-stretches"))


def make(
    clock: FakeClock,
    timer: ManualTimer,
    voice: RecordingVoice | None = None,
    history: MemoryHistory | None = None,
) -> SessionController:
    return SessionController(clock, voice or RecordingVoice(), history or MemoryHistory(), timer=timer)


def run(controller: SessionController, clock: FakeClock, seconds: float) -> None:
    """Let time pass a frame at a time, as the event loop would."""
    end = clock.now() + seconds
    while clock.now() < end:
        clock.set(min(end, clock.now() + FRAME_SECONDS))
        controller.on_timeout()


def test_the_timer_wakes_for_the_next_step_or_sooner_for_a_cue(
    clock: FakeClock, timer: ManualTimer, plan: Plan
) -> None:
    controller = make(clock, timer)
    assert plan.phases[0].seconds == 16
    controller.set_visible_step(0.25 / 16)  # the ring's quarter-second steps
    controller.start(plan)
    assert timer.interval == 250
    clock.advance(5.97)  # the opening phase's second cue is due at 6 s
    controller.on_timeout()
    assert timer.interval == 30


def hold_wakes(controller: SessionController, clock: FakeClock, timer: ManualTimer) -> list[Progress]:
    """Run to the first 60 s hold, then through it at the moments asked for: the progress seen."""
    while not (controller.phase is not None and controller.phase.kind is PhaseKind.HOLD):
        assert timer.interval is not None
        clock.advance(timer.interval / 1000)
        timer.fire()
    seen: list[Progress] = []
    controller.progress.connect(seen.append)
    index = controller.engine.phase_index if controller.engine is not None else -1
    while controller.engine is not None and controller.engine.phase_index == index:
        assert timer.interval is not None
        clock.advance(timer.interval / 1000)
        timer.fire()
    controller.progress.disconnect(seen.append)
    return seen


def test_a_hold_wakes_only_for_each_step_of_the_sweep_and_its_cues(
    clock: FakeClock, timer: ManualTimer, plan: Plan
) -> None:
    controller = make(clock, timer)
    controller.set_visible_step(0.25 / 60)  # a quarter second of a 60 s hold
    controller.start(plan)
    seen = hold_wakes(controller, clock, timer)
    index = seen[0].index
    assert plan.phases[index].seconds == 60
    cues = sum(1 for scheduled in plan.schedule if scheduled.phase_index == index)
    # Pixel-exact smooth sweeping woke ~900 times for this hold; steps of 0.25 s wake 240 times,
    # and a new figure always falls on a step, so it costs no wake of its own.
    assert len(seen) <= 4 * 60 + cues + 1
    off_step = [event for event in seen if abs(event.remaining * 4 - round(event.remaining * 4)) > 0.008]
    assert len(off_step) <= cues + 1
    figures = [math.ceil(round(event.remaining, 3)) for event in seen]
    for event, before, figure in zip(seen[1:], figures, figures[1:], strict=False):
        if figure != before:  # each new figure is shown the millisecond it is due, not a frame late
            assert event.remaining == pytest.approx(figure, abs=0.002)


def test_a_step_finer_than_a_frame_wakes_once_a_frame_and_still_on_each_second(
    clock: FakeClock, timer: ManualTimer, plan: Plan
) -> None:
    controller = make(clock, timer)
    controller.set_visible_step(1 / 10_000)
    controller.start(plan)
    seen = hold_wakes(controller, clock, timer)
    gaps = [after.elapsed - before.elapsed for before, after in itertools.pairwise(seen)]
    # Every gap is a whole frame but the few a cue cuts in two; frames fall on every second.
    assert sorted(gaps)[len(gaps) // 20] >= FRAME_SECONDS - 0.002
    assert len(seen) <= 60 / FRAME_SECONDS + 10
    shown = [event.remaining for event in seen]
    assert all(any(left == pytest.approx(whole, abs=0.002) for left in shown) for whole in range(1, 60))


def test_off_screen_a_hold_wakes_only_for_its_cues(clock: FakeClock, timer: ManualTimer, plan: Plan) -> None:
    controller = make(clock, timer)
    controller.start(plan)  # no view has said it shows anything
    seen = hold_wakes(controller, clock, timer)
    index = seen[0].index
    cues = sum(1 for scheduled in plan.schedule if scheduled.phase_index == index)
    heartbeats = 60 / (SUSPEND_JUMP_SECONDS / 2)  # ticks close enough not to look like a suspend
    assert len(seen) <= cues + heartbeats + 2
    assert timer.armed  # the next phase and its cues are still on time
    controller.set_visible_step(1 / 1000)
    assert timer.interval == 0  # back on screen: the view is brought up to date at once
    controller.pause()
    controller.set_visible_step(None)
    controller.set_visible_step(1 / 1000)
    assert not timer.armed


def test_nothing_is_scheduled_while_paused_or_after_the_end(
    clock: FakeClock, timer: ManualTimer, plan: Plan
) -> None:
    controller = make(clock, timer)
    controller.start(plan)
    assert controller.pause()
    assert not timer.armed
    assert controller.resume()
    assert timer.armed
    assert controller.stop()
    assert not timer.armed
    assert not controller.pause()
    assert not controller.next_exercise()


def test_a_cue_goes_to_the_voice_early_and_to_the_captions_on_time(
    clock: FakeClock, timer: ManualTimer, plan: Plan
) -> None:
    voice = RecordingVoice(lead_seconds=0.25)
    controller = make(clock, timer, voice)
    captions: list[tuple[float, str]] = []
    controller.caption.connect(lambda text: captions.append((clock.now(), text)))
    start = clock.now() + 0.25  # the timeline begins one lead after Start
    controller.start(plan)
    while clock.now() - start < 6.5:
        assert timer.interval is not None
        clock.advance(timer.interval / 1000)
        timer.fire()
    said = [event for name, event in voice.calls if name == "on_cue_due"]
    assert [event.cue.text for event in said] == [text for _, text in captions]
    first_up = said[1]
    assert first_up.due == pytest.approx(start + 6)
    assert captions[1][0] == pytest.approx(start + 6, abs=0.002)
    assert captions[1][1] == "First: Knees to chest. Lie down on your back."


def test_the_voice_is_silenced_before_a_skip_and_on_pause_and_stop(
    clock: FakeClock, timer: ManualTimer, plan: Plan
) -> None:
    voice = RecordingVoice()
    controller = make(clock, timer, voice)
    controller.prepare(plan)
    controller.start(plan)
    assert voice.names() == ["prepare", "when_ready", "on_cue_due"]
    controller.next_exercise()
    assert voice.names()[3:] == ["silence", "on_cue_due"]
    controller.pause()
    controller.restart_exercise()
    controller.repeat_last()
    controller.stop()
    assert voice.names()[5:] == ["silence", "say", "silence", "say", "silence"]


def test_a_failing_voice_leaves_the_session_on_captions(
    clock: FakeClock, timer: ManualTimer, plan: Plan, qtbot: QtBot
) -> None:
    voice = RecordingVoice()
    voice.fail_on = "on_cue_due"
    controller = make(clock, timer, voice)
    notices: list[str] = []
    captions: list[str] = []
    controller.notice.connect(notices.append)
    controller.caption.connect(captions.append)
    controller.start(plan)
    clock.advance(6)
    controller.on_timeout()
    assert controller.state is SessionState.RUNNING
    assert len(notices) == 1 and "carries on with captions" in notices[0]
    assert captions == [plan.phases[0].cues[0].text, plan.phases[0].cues[1].text]


def test_the_history_gets_each_ending(clock: FakeClock, timer: ManualTimer, plan: Plan) -> None:
    history = MemoryHistory()
    controller = make(clock, timer, history=history)
    controller.start(plan)
    controller.next_exercise()
    controller.next_exercise()
    clock.advance(3)
    controller.on_timeout()
    controller.report_pain()
    controller.start(plan)
    controller.stop()
    pain, stopped = history.records
    assert (pain.outcome, pain.stopped_exercise, pain.routine_id) == (
        Outcome.PAIN,
        "Forward fold",
        "five-stretches",
    )
    assert pain.active_seconds == pytest.approx(3)
    assert pain.skipped == 1
    assert (stopped.outcome, stopped.stopped_exercise) == (Outcome.STOPPED, "Knees to chest")


def test_a_history_that_cannot_be_written_is_reported_not_fatal(
    clock: FakeClock, timer: ManualTimer, plan: Plan
) -> None:
    history = MemoryHistory(error=sqlite3.OperationalError("disk I/O error"))
    history.notices.append("Your session history was damaged; a new one was started.")
    controller = make(clock, timer, history=history)
    notices: list[str] = []
    controller.notice.connect(notices.append)
    controller.start(plan)
    assert controller.stop()
    assert controller.state is SessionState.STOPPED
    assert notices == ["This session could not be saved to your history (disk I/O error)."]


def test_new_history_notices_are_passed_on(
    clock: FakeClock, timer: ManualTimer, plan: Plan, qtbot: QtBot
) -> None:
    history = MemoryHistory()
    controller = make(clock, timer, history=history)
    notices: list[str] = []
    controller.notice.connect(notices.append)
    controller.start(plan)
    history.tell("Your session history was damaged; it was kept as history.sqlite3.damaged.")
    controller.stop()
    qtbot.waitUntil(lambda: notices == history.notices)


def test_a_failing_slot_does_not_stop_the_session(
    clock: FakeClock, timer: ManualTimer, plan: Plan, qtbot: QtBot
) -> None:
    controller = make(clock, timer)

    def broken(event: Progress) -> None:
        raise ValueError("a widget bug")

    controller.progress.connect(broken)
    with qtbot.capture_exceptions() as exceptions:
        controller.start(plan)
        clock.advance(1)
        timer.fire()
    assert exceptions and isinstance(exceptions[0][1], ValueError)
    assert controller.state is SessionState.RUNNING
    assert timer.armed


def test_running_changed_follows_the_engine(clock: FakeClock, timer: ManualTimer, plan: Plan) -> None:
    controller = make(clock, timer)
    states: list[bool] = []
    controller.running_changed.connect(states.append)
    controller.start(plan)
    controller.toggle_pause()
    controller.toggle_pause()
    controller.next_exercise()
    clock.advance(3600)
    timer.fire()
    assert controller.state is SessionState.PAUSED
    controller.stop()
    assert states == [True, False, True, False]


def test_a_second_start_is_refused_while_a_session_runs(
    clock: FakeClock, timer: ManualTimer, plan: Plan
) -> None:
    controller = make(clock, timer)
    assert controller.start(plan)
    assert not controller.start(build_plan(builtin_routine("quick-relief")))
    assert controller.plan is plan


def test_pausing_and_carrying_on_are_said_so_the_mat_knows(
    clock: FakeClock, timer: ManualTimer, plan: Plan
) -> None:
    voice = RecordingVoice()
    controller = make(clock, timer, voice)
    controller.start(plan)
    run(controller, clock, 20)

    controller.pause()
    controller.resume()

    assert voice.said() == [(wording.PAUSED,), (wording.RESUMED,)]
    assert {wording.PAUSED, wording.RESUMED} <= plan.texts(), "rendered ahead, so said at once"


def test_carrying_on_is_not_said_over_a_countdown(clock: FakeClock, timer: ManualTimer, plan: Plan) -> None:
    voice = RecordingVoice()
    controller = make(clock, timer, voice)
    controller.start(plan)
    prepare_ends = plan.starts[1] + plan.phases[1].seconds
    run(controller, clock, prepare_ends - 3.5)  # "Three." is due in half a second

    controller.pause()
    controller.resume()

    assert voice.said() == [(wording.PAUSED,)]


def test_it_hurts_says_to_stop_and_reads_the_signs_that_need_a_doctor(
    clock: FakeClock, timer: ManualTimer, plan: Plan
) -> None:
    voice = RecordingVoice()
    controller = make(clock, timer, voice)
    controller.start(plan)
    run(controller, clock, 40)

    controller.report_pain()

    assert voice.names()[-2:] == ["silence", "say"]
    [lines] = voice.said()
    assert lines == pain_advice.SPOKEN
    spoken = " ".join(lines)
    for words in ("Stopping now", "numb", "weak", "bladder", "fall", "fever", "doctor"):
        assert words in spoken
    assert set(lines) <= plan.texts()


def test_a_plain_stop_says_nothing_more(clock: FakeClock, timer: ManualTimer, plan: Plan) -> None:
    voice = RecordingVoice()
    controller = make(clock, timer, voice)
    controller.start(plan)

    controller.stop()

    assert voice.said() == []


def test_a_session_starts_when_its_opening_line_is_ready_to_be_heard(
    clock: FakeClock, timer: ManualTimer, plan: Plan
) -> None:
    """Pressed the moment the app opens, Start waits for the voice rather than lose the beat."""
    voice = RecordingVoice()
    voice.hold_back = True
    controller = make(clock, timer, voice)
    started: list[Plan] = []
    controller.started.connect(started.append)

    assert controller.start(plan)
    assert controller.is_starting and controller.state is SessionState.IDLE
    assert not controller.start(plan), "a second press does not start a second session"
    assert ("when_ready", plan.schedule[0].cue.text) in voice.calls

    clock.advance(0.4)
    voice.waiting.pop()()

    assert started == [plan]
    assert controller.state is SessionState.RUNNING and not controller.is_starting
    assert voice.cues()[0] == plan.schedule[0].cue.text


def test_stopping_while_the_voice_gets_ready_starts_nothing(
    clock: FakeClock, timer: ManualTimer, plan: Plan
) -> None:
    voice = RecordingVoice()
    voice.hold_back = True
    history = MemoryHistory()
    controller = make(clock, timer, voice, history)
    controller.start(plan)

    controller.stop()
    voice.waiting.pop()()

    assert controller.state is SessionState.IDLE and not controller.is_starting
    assert history.records == []


def test_a_voice_that_never_gets_ready_delays_the_start_by_a_few_seconds_at_most(
    clock: FakeClock, timer: ManualTimer, plan: Plan, qtbot: QtBot
) -> None:
    voice = RecordingVoice()
    voice.hold_back = True
    controller = make(clock, timer, voice)

    with qtbot.waitSignal(controller.started, timeout=VOICE_WAIT_MS + 2000):
        controller.start(plan)

    assert controller.state is SessionState.RUNNING


def test_a_rep_wakes_once_a_frame_of_its_beat_and_not_for_the_seconds(
    clock: FakeClock, timer: ManualTimer
) -> None:
    plan = build_plan(builtin_routine("quick-relief"))
    controller = make(clock, timer)
    controller.set_visible_step(1 / 20, counting=False)  # the ring shows the rep, the figure moves
    controller.start(plan)
    while not (controller.phase is not None and controller.phase.kind is PhaseKind.REP):
        assert timer.interval is not None
        clock.advance(timer.interval / 1000)
        timer.fire()
    seen: list[Progress] = []
    controller.progress.connect(seen.append)
    index = controller.engine.phase_index if controller.engine is not None else -1
    while controller.engine is not None and controller.engine.phase_index == index:
        assert timer.interval is not None
        clock.advance(timer.interval / 1000)
        timer.fire()
    cues = sum(1 for scheduled in plan.schedule if scheduled.phase_index == index)
    assert plan.phases[index].seconds == 3
    # 20 frames a beat; counting the seconds as well would wake 3 more times for nothing on screen.
    assert len(seen) <= 20 + cues
