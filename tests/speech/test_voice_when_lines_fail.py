"""The voice through whole sessions whose engine fails on some lines: a fake engine, clock and
timers, with the real worker thread and the real scheduler between them."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from stretchcoach.core.builtin import builtin_routine
from stretchcoach.core.clock import FakeClock
from stretchcoach.core.engine import SessionEngine, SessionState
from stretchcoach.core.events import CueDue, SessionEvent
from stretchcoach.core.plan import CueKind, Plan
from stretchcoach.core.planner import build_plan
from stretchcoach.core.voice_options import VoiceOptions
from stretchcoach.speech.coach_voice import CoachVoice
from stretchcoach.speech.line_fitting import forms
from stretchcoach.speech.synthesis_worker import GIVE_UP_AFTER
from tests.speech.fakes import FakeRenderer, FakeTimers, RecordingOutput, run_session

WAIT_MS = 10_000


@pytest.fixture(scope="module")
def plan() -> Plan:
    routine = builtin_routine("quick-relief")
    return build_plan(dataclasses.replace(routine, exercises=routine.exercises[:2]))


class Session:
    """A voice on a fake clock, said through a recording output, for one session of `plan`."""

    def __init__(self, cache: Path, renderer: FakeRenderer, plan: Plan) -> None:
        self.plan = plan
        self.clock = FakeClock()
        self.timers = FakeTimers(self.clock)
        self.output = RecordingOutput(self.clock)
        self.notices: list[str] = []
        self.voice = CoachVoice(
            self.clock,
            VoiceOptions(),
            cache,
            lambda _engine: renderer,
            lambda _: self.output,
            timers=self.timers,
        )
        self.voice.set_notice_listener(self.notices.append)
        self.voice.prepare(plan)

    def lines(self) -> set[str]:
        mode = VoiceOptions().mode
        return {
            line for scheduled in self.plan.schedule for line in forms(scheduled.cue, mode)
        } | self.plan.texts()

    def ready(self, texts: set[str]) -> bool:
        return all(self.voice.clip(text) is not None for text in texts)

    def run(self) -> SessionEngine:
        engine = SessionEngine(self.plan, self.clock, cue_lead=self.voice.lead_seconds)

        def forward(event: SessionEvent) -> None:
            if isinstance(event, CueDue):
                self.voice.on_cue_due(event)

        engine.subscribe(forward)
        run_session(engine, self.clock, self.timers)
        return engine


@pytest.fixture
def sessions() -> Iterator[list[Session]]:
    made: list[Session] = []
    yield made
    for session in made:
        session.voice.shutdown()


def test_a_line_that_fails_to_render_is_left_out_and_every_other_line_is_still_said(
    qtbot: QtBot, tmp_path: Path, plan: Plan, sessions: list[Session]
) -> None:
    how_to = next(s.cue for s in plan.schedule if s.cue.kind is CueKind.HOW_TO)
    failing = set(forms(how_to, VoiceOptions().mode))
    healthy = Session(tmp_path / "healthy", FakeRenderer(), plan)
    choking = Session(tmp_path / "choking", FakeRenderer(failing=failing), plan)
    sessions += [healthy, choking]
    qtbot.waitUntil(lambda: healthy.ready(healthy.lines()), timeout=WAIT_MS)
    qtbot.waitUntil(lambda: choking.ready(choking.lines() - failing), timeout=WAIT_MS)

    heard, engine = healthy.run(), choking.run()

    assert heard.state is engine.state is SessionState.FINISHED
    assert failing & set(healthy.output.texts), "the failing line is one the session says"
    assert choking.output.texts == [text for text in healthy.output.texts if text not in failing]
    assert choking.voice.off_reason is None
    assert choking.notices == []


def test_lines_failing_in_a_row_turn_the_voice_off_with_one_notice_and_the_session_runs_on(
    qtbot: QtBot, tmp_path: Path, plan: Plan, sessions: list[Session]
) -> None:
    session = Session(tmp_path / "cache", FakeRenderer(failing=None), plan)
    sessions.append(session)
    qtbot.waitUntil(lambda: session.notices != [], timeout=WAIT_MS)

    engine = session.run()
    qtbot.wait(50)

    assert engine.state is SessionState.FINISHED
    assert session.output.played == []
    (notice,) = session.notices
    assert notice.startswith(
        f"Voice is off: {GIVE_UP_AFTER} lines in a row could not be rendered (the last: "
    )
    assert notice.endswith("The captions carry on.")
