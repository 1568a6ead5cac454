""" "Say that again" (the A key): the controller repeats the last instruction, voice or no voice."""

from __future__ import annotations

import pytest

from stretchcoach.core import wording
from stretchcoach.core.builtin import builtin_routine
from stretchcoach.core.clock import FakeClock
from stretchcoach.core.plan import CueKind, PhaseKind, Plan
from stretchcoach.core.planner import build_plan
from stretchcoach.speech.captions_only_voice import CaptionsOnlyVoice
from stretchcoach.ui.session_controller import FRAME_SECONDS, SessionController, caption_seconds
from stretchcoach.ui.timer import ManualTimer
from tests.ui.fakes import MemoryHistory, RecordingVoice


@pytest.fixture
def plan() -> Plan:
    return build_plan(builtin_routine("five-stretches"))


def run_into(controller: SessionController, clock: FakeClock, kind: PhaseKind) -> None:
    """Let time pass a frame at a time until a phase of `kind` has begun."""
    for _ in range(100_000):
        phase = controller.phase
        if phase is not None and phase.kind is kind:
            return
        clock.advance(FRAME_SECONDS)
        controller.on_timeout()
    raise AssertionError(f"no {kind} phase")


def how_to_of(plan: Plan, exercise_index: int) -> str:
    return next(
        cue.text
        for phase in plan.phases
        if phase.exercise_index == exercise_index
        for cue in phase.cues
        if cue.kind is CueKind.HOW_TO
    )


def test_with_the_voice_off_the_last_instruction_comes_back_as_a_caption(
    clock: FakeClock, timer: ManualTimer, plan: Plan
) -> None:
    controller = SessionController(clock, CaptionsOnlyVoice("no sound"), MemoryHistory(), timer=timer)
    captions: list[str] = []
    controller.caption.connect(captions.append)
    controller.start(plan)
    run_into(controller, clock, PhaseKind.HOLD)
    captions.clear()

    assert controller.repeat_last()

    assert captions == [how_to_of(plan, 0)]


def test_with_the_voice_on_it_is_said_and_captioned_and_a_hold_repeats_how_to_do_it(
    clock: FakeClock, timer: ManualTimer, plan: Plan
) -> None:
    voice = RecordingVoice()
    controller = SessionController(clock, voice, MemoryHistory(), timer=timer)
    captions: list[str] = []
    controller.caption.connect(captions.append)
    controller.start(plan)
    run_into(controller, clock, PhaseKind.HOLD)
    captions.clear()
    hold_line = controller.phase.cues[0].text if controller.phase else ""

    controller.repeat_last()

    assert voice.said()[-1] == (how_to_of(plan, 0),)
    assert captions == [how_to_of(plan, 0)]
    assert hold_line not in captions


def test_the_caption_goes_once_it_has_been_up_long_enough_to_read(
    clock: FakeClock, timer: ManualTimer, plan: Plan
) -> None:
    controller = SessionController(clock, CaptionsOnlyVoice(), MemoryHistory(), timer=timer)
    expired: list[bool] = []
    controller.caption_expired.connect(lambda: expired.append(True))
    controller.start(plan)
    run_into(controller, clock, PhaseKind.HOLD)
    expired.clear()
    controller.repeat_last()

    clock.advance(caption_seconds(how_to_of(plan, 0)) + FRAME_SECONDS)
    controller.on_timeout()

    assert expired == [True]


def test_at_the_very_start_the_opening_line_is_the_one_repeated(
    clock: FakeClock, timer: ManualTimer, plan: Plan
) -> None:
    voice = RecordingVoice()
    controller = SessionController(clock, voice, MemoryHistory(), timer=timer)
    controller.start(plan)
    clock.advance(FRAME_SECONDS)
    controller.on_timeout()

    controller.repeat_last()

    assert voice.said()[-1] == (wording.OPENING,)


def test_nothing_to_repeat_before_a_session_or_after_it(
    clock: FakeClock, timer: ManualTimer, plan: Plan
) -> None:
    voice = RecordingVoice()
    controller = SessionController(clock, voice, MemoryHistory(), timer=timer)
    captions: list[str] = []
    controller.caption.connect(captions.append)

    assert not controller.repeat_last()
    controller.start(plan)
    controller.stop()
    assert not controller.repeat_last()
    assert "say" not in voice.names()
