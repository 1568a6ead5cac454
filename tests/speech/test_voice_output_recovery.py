"""The sound server going away mid-session and coming back: the voice goes quiet at once, the
session carries on, and the next cue after the server's return is heard on its beat through a
fresh output. A fake server, clock and timers; the real worker, scheduler and voice."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from stretchcoach.core.builtin import builtin_routine
from stretchcoach.core.clock import FakeClock
from stretchcoach.core.engine import SessionEngine, SessionState
from stretchcoach.core.events import CueDue, SessionEvent
from stretchcoach.core.plan import Plan
from stretchcoach.core.planner import build_plan
from stretchcoach.core.voice_options import VoiceOptions
from stretchcoach.speech.clip_players import ErrorListener, OutputUnavailable
from stretchcoach.speech.coach_voice import LOST_REASON, PROBE_SECONDS, CoachVoice
from stretchcoach.speech.cue_scheduler import Cancel, Spoken
from stretchcoach.speech.line_fitting import forms
from stretchcoach.speech.voice_protocol import VoiceOutput
from tests.speech.fakes import FakeRenderer, FakeTimers, RecordingOutput, run_session

WAIT_MS = 10_000


class FakeServer:
    """A sound server the test takes down and brings back; counts every look for it."""

    def __init__(self) -> None:
        self.up = True
        self.probes = 0
        self.watchers: list[Callable[[], None]] = []

    def reachable(self) -> bool:
        self.probes += 1
        return self.up

    def watch(self, on_gone: Callable[[], None]) -> Cancel:
        self.watchers.append(on_gone)
        return lambda: self.watchers.remove(on_gone) if on_gone in self.watchers else None

    def go_down(self) -> None:
        """As the kernel closing the watched connection: every watcher hears it at once."""
        self.up = False
        for on_gone in tuple(self.watchers):
            on_gone()


@pytest.fixture(scope="module")
def plan() -> Plan:
    routine = builtin_routine("quick-relief")
    return build_plan(dataclasses.replace(routine, exercises=routine.exercises[:2]))


class Rig:
    def __init__(self, cache: Path, plan: Plan, *, options: VoiceOptions | None = None) -> None:
        self.plan = plan
        self.clock = FakeClock(0.0)
        self.timers = FakeTimers(self.clock)
        self.server = FakeServer()
        self.outputs: list[RecordingOutput] = []
        self.errors: list[ErrorListener] = []
        self.reopen_fails = False
        self.notices: list[str] = []
        self.states: list[VoiceOutput] = []
        self.spoken: list[Spoken] = []
        self.voice = CoachVoice(
            self.clock,
            options or VoiceOptions(),
            cache,
            lambda _engine: FakeRenderer(),
            self._open,
            timers=self.timers,
            server=self.server,
            reopen_output=self._reopen,
        )
        self.voice.set_notice_listener(self.notices.append)
        self.voice.set_output_listener(self.states.append)
        self.voice.set_spoken_listener(self.spoken.append)
        self.voice.prepare(plan)
        self.engine = SessionEngine(plan, self.clock, cue_lead=self.voice.lead_seconds)
        self.engine.subscribe(self._forward)

    def _open(self, on_error: ErrorListener) -> RecordingOutput:
        self.errors.append(on_error)
        self.outputs.append(RecordingOutput(self.clock, latency=0.04, name="QtMultimedia"))
        return self.outputs[-1]

    def _reopen(self, on_error: ErrorListener) -> RecordingOutput:
        if self.reopen_fails:
            raise OutputUnavailable("no audio player (paplay, pw-play or aplay) was found to reach it")
        self.errors.append(on_error)
        self.outputs.append(RecordingOutput(self.clock, latency=0.01, name="paplay"))
        return self.outputs[-1]

    def _forward(self, event: SessionEvent) -> None:
        if isinstance(event, CueDue):
            self.voice.on_cue_due(event)

    def lines(self) -> set[str]:
        mode = VoiceOptions().mode
        return {line for s in self.plan.schedule for line in forms(s.cue, mode)} | self.plan.texts()

    def run_until(self, instant: float) -> None:
        run_session(self.engine, self.clock, self.timers, until=instant)

    def heard_between(self, start: float, end: float) -> list[Spoken]:
        return [line for line in self.spoken if start <= line.due < end]


@pytest.fixture
def rigs() -> Iterator[list[Rig]]:
    made: list[Rig] = []
    yield made
    for rig in made:
        rig.voice.shutdown()


@pytest.fixture
def rig(qtbot: QtBot, tmp_path: Path, plan: Plan, rigs: list[Rig]) -> Rig:
    made = Rig(tmp_path / "cache", plan)
    rigs.append(made)
    qtbot.waitUntil(lambda: all(made.voice.clip(text) for text in made.lines()), timeout=WAIT_MS)
    return made


def test_the_voice_goes_quiet_when_the_server_goes_and_speaks_on_the_beat_once_it_is_back(rig: Rig) -> None:
    rig.run_until(30.0)
    assert rig.heard_between(0.0, 30.0), "the session's first lines are said"
    assert rig.server.probes == 0, "no looking for the server while the voice speaks"

    rig.server.go_down()
    rig.run_until(60.0)
    assert rig.states == [VoiceOutput.LOST]
    assert rig.voice.off_reason == LOST_REASON
    assert rig.heard_between(30.0, 60.0) == []
    assert rig.outputs[0].stops, "what was being said is cut off"
    assert rig.engine.state is SessionState.RUNNING, "the session never waits for the voice"
    assert rig.server.probes == pytest.approx(30.0 / PROBE_SECONDS, abs=1)

    rig.server.up = True
    rig.run_until(60.0 + PROBE_SECONDS)
    assert rig.states == [VoiceOutput.LOST, VoiceOutput.BACK]
    assert rig.voice.off_reason is None
    assert rig.outputs[0].closed and rig.voice.output_name == "paplay"
    probes_when_back = rig.server.probes
    rig.run_until(120.0)

    after = rig.heard_between(60.0 + PROBE_SECONDS, 120.0)
    assert after, "cues after the return are said"
    assert [played.text for played in rig.outputs[1].played] == [line.text for line in after]
    lead = rig.outputs[1].latency + 0.002
    assert all(line.started == pytest.approx(line.due - lead) for line in after), "each on its beat"
    assert rig.server.probes == probes_when_back, "no more looking once it is back"
    assert len(rig.server.watchers) == 1, "and the server is watched again"
    assert rig.notices == [], "the window's banner hears it as output states, not as notices"


def test_the_session_runs_to_its_end_with_the_server_gone_throughout(rig: Rig) -> None:
    rig.server.go_down()
    end = rig.plan.total_seconds + 1
    rig.run_until(end)

    assert rig.engine.state is SessionState.FINISHED
    assert rig.spoken == [] and rig.states == [VoiceOutput.LOST]


def test_a_failed_clip_with_the_server_gone_is_a_loss_not_the_end_of_the_voice(rig: Rig) -> None:
    rig.run_until(10.0)
    rig.server.up = False
    rig.errors[0]("the audio player paplay failed: Connection refused")

    assert rig.states == [VoiceOutput.LOST]
    rig.server.up = True
    rig.run_until(10.0 + PROBE_SECONDS)
    assert rig.states == [VoiceOutput.LOST, VoiceOutput.BACK]
    assert rig.notices == []


def test_a_device_error_with_the_server_there_turns_the_voice_off_for_good_and_nothing_is_looked_for(
    rig: Rig,
) -> None:
    rig.errors[0]("the sound device could not play x.wav")
    rig.run_until(30.0)

    assert rig.notices == ["Voice is off: the sound device could not play x.wav. The captions carry on."]
    assert rig.states == []
    assert rig.server.probes == 1, "one look, to tell a device error from a server gone"
    assert rig.server.watchers == []


def test_an_old_outputs_late_error_is_not_heard_once_the_voice_is_back(rig: Rig) -> None:
    rig.server.go_down()
    rig.server.up = True
    rig.run_until(PROBE_SECONDS)
    assert rig.states == [VoiceOutput.LOST, VoiceOutput.BACK]

    rig.errors[0]("the sound device could not play x.wav")

    assert rig.voice.off_reason is None and rig.notices == []


def test_a_server_back_with_no_player_to_reach_it_turns_the_voice_off_and_says_why(rig: Rig) -> None:
    rig.reopen_fails = True
    rig.server.go_down()
    rig.server.up = True
    rig.run_until(PROBE_SECONDS)

    assert rig.notices == [
        "Voice is off: the sound server came back, but no audio player (paplay, pw-play or aplay) "
        "was found to reach it. The captions carry on."
    ]
    assert rig.states == [VoiceOutput.LOST, VoiceOutput.ENDED], (
        "the promise of the voice's return is taken back"
    )
    probes = rig.server.probes
    rig.run_until(30.0)
    assert rig.server.probes == probes, "nothing more is looked for"


def test_with_the_voice_switched_off_nothing_is_looked_for_until_it_is_switched_on(
    qtbot: QtBot, tmp_path: Path, plan: Plan, rigs: list[Rig]
) -> None:
    rig = Rig(tmp_path / "cache", plan, options=VoiceOptions(enabled=False))
    rigs.append(rig)
    rig.server.go_down()
    rig.run_until(30.0)
    assert rig.states == [] and rig.server.probes == 0

    rig.voice.set_options(VoiceOptions())
    assert rig.states == [VoiceOutput.LOST]
    rig.run_until(30.0 + 3 * PROBE_SECONDS)
    assert rig.server.probes == 4, "one look when switched on, then one every few seconds"

    rig.voice.set_options(VoiceOptions(enabled=False))
    assert rig.states == [VoiceOutput.LOST, VoiceOutput.ENDED], "switched off: the loss is no news"
    rig.run_until(60.0)
    assert rig.server.probes == 4, "switched off again: no more looking"

    rig.voice.set_options(VoiceOptions())
    assert rig.states == [VoiceOutput.LOST, VoiceOutput.ENDED, VoiceOutput.LOST], "on again: told again"

    rig.server.up = True
    rig.run_until(60.0 + PROBE_SECONDS)
    assert rig.states[-1] is VoiceOutput.BACK
    assert rig.voice.off_reason is None


def test_a_listener_set_while_the_server_is_gone_hears_so_at_once(rig: Rig) -> None:
    rig.server.go_down()
    late: list[VoiceOutput] = []

    rig.voice.set_output_listener(late.append)

    assert late == [VoiceOutput.LOST]
