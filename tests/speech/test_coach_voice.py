"""The app's voice, end to end but for the loudspeaker: real espeak, real worker, real Qt timers."""

from __future__ import annotations

import dataclasses
import os
import sys
import threading
import wave
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from stretchcoach.core.builtin import builtin_routine
from stretchcoach.core.clock import SystemClock
from stretchcoach.core.events import CueDue
from stretchcoach.core.plan import CueKind, Plan
from stretchcoach.core.planner import build_plan
from stretchcoach.core.voice_options import VoiceEngine, VoiceOptions
from stretchcoach.speech import choose_voice
from stretchcoach.speech.captions_only_voice import CaptionsOnlyVoice
from stretchcoach.speech.choose_voice import create_voice
from stretchcoach.speech.clip_players import ErrorListener
from stretchcoach.speech.coach_voice import NUMBER_LINES, SAMPLE_LINE, SCHEDULING_MARGIN, CoachVoice
from stretchcoach.speech.cue_scheduler import Spoken
from stretchcoach.speech.espeak.bootstrap import EspeakInstall, Source, bundled_install, locate_espeak
from stretchcoach.speech.line_fitting import forms
from tests.speech.fakes import RecordingOutput, copying_player, espeak_only

WAIT_MS = 10_000


@pytest.fixture(scope="module")
def plan() -> Plan:
    routine = builtin_routine("quick-relief")
    return build_plan(dataclasses.replace(routine, exercises=routine.exercises[:2]))


class Rig:
    def __init__(self, cache: Path, install: EspeakInstall | None = None, *, listen: bool = True) -> None:
        self.clock = SystemClock()
        self.output = RecordingOutput(self.clock)
        self.report_error: ErrorListener | None = None
        self.notices: list[str] = []
        self.spoken: list[tuple[Spoken, bool]] = []

        def open_output(on_error: ErrorListener) -> RecordingOutput:
            self.report_error = on_error
            return self.output

        self.voice = CoachVoice(
            self.clock,
            VoiceOptions(engine=VoiceEngine.ESPEAK),
            cache,
            espeak_only([install or locate_espeak()]),
            open_output,
        )
        if listen:
            self.voice.set_notice_listener(self.notices.append)
        self.voice.set_spoken_listener(
            lambda line: self.spoken.append((line, threading.current_thread() is threading.main_thread()))
        )

    def ready(self, texts: object) -> bool:
        return all(self.voice.clip(text) is not None for text in texts)  # type: ignore[attr-defined]


@pytest.fixture
def rig(tmp_path: Path) -> Iterator[Rig]:
    made = Rig(tmp_path / "cache")
    yield made
    made.voice.shutdown()


def test_choosing_a_routine_renders_all_its_lines_and_the_numbers_in_the_background(
    qtbot: QtBot, rig: Rig, plan: Plan, tmp_path: Path
) -> None:
    rig.voice.prepare(plan)
    lines = {line for scheduled in plan.schedule for line in forms(scheduled.cue, VoiceOptions().mode)}

    qtbot.waitUntil(lambda: rig.ready(lines | set(NUMBER_LINES) | plan.texts()), timeout=WAIT_MS)

    files = list((tmp_path / "cache").glob("*.wav"))
    assert len(files) >= len(plan.texts() | set(NUMBER_LINES))
    assert not list((tmp_path / "cache").glob(".*")), "no temporary file is left behind"
    assert {voice.id for voice in rig.voice.voices()} >= {"gmw/en"}


def test_a_due_cue_is_started_one_lead_before_its_instant_on_the_gui_thread(
    qtbot: QtBot, rig: Rig, plan: Plan
) -> None:
    rig.voice.prepare(plan)
    hold = next(s for s in plan.schedule if s.cue.kind is CueKind.HOLD)
    qtbot.waitUntil(lambda: rig.ready([hold.cue.text]), timeout=WAIT_MS)
    due = rig.clock.now() + rig.voice.lead_seconds

    rig.voice.on_cue_due(CueDue(hold, due))

    qtbot.waitUntil(lambda: rig.output.played != [], timeout=WAIT_MS)
    (line, on_gui_thread), *_ = rig.spoken
    assert rig.output.texts == [hold.cue.text]
    assert line.started == pytest.approx(due - (rig.voice.lead_seconds - SCHEDULING_MARGIN), abs=0.05)
    assert on_gui_thread


def test_a_cue_due_before_its_clip_exists_is_rendered_at_once_and_still_said(
    qtbot: QtBot, rig: Rig, plan: Plan
) -> None:
    how_to = next(s for s in plan.schedule if s.cue.kind is CueKind.HOW_TO)
    assert rig.voice.clip(how_to.cue.text) is None

    rig.voice.on_cue_due(CueDue(how_to, rig.clock.now() + 0.2))

    qtbot.waitUntil(lambda: rig.output.played != [], timeout=WAIT_MS)
    assert rig.output.texts[0] in (how_to.cue.text, how_to.cue.brief)


def test_a_new_rate_renders_the_lines_again_in_it(qtbot: QtBot, rig: Rig, plan: Plan) -> None:
    rig.voice.prepare(plan)
    qtbot.waitUntil(lambda: rig.ready(plan.texts()), timeout=WAIT_MS)
    before = rig.voice.clip("Three.")
    assert before is not None

    rig.voice.set_options(VoiceOptions(engine=VoiceEngine.ESPEAK, rate=120))
    assert rig.voice.clip("Three.") is None
    qtbot.waitUntil(lambda: rig.ready(plan.texts()), timeout=WAIT_MS)

    after = rig.voice.clip("Three.")
    assert after is not None and after.style.rate == 120
    assert after.path != before.path
    assert after.seconds > before.seconds


def test_test_voice_says_the_sample_line_now(qtbot: QtBot, rig: Rig) -> None:
    rig.voice.test_voice()

    qtbot.waitUntil(lambda: rig.output.played != [], timeout=WAIT_MS)
    assert rig.output.texts == [SAMPLE_LINE]


def test_when_ready_calls_back_once_the_line_is_rendered_and_at_once_when_it_is(
    qtbot: QtBot, rig: Rig, plan: Plan
) -> None:
    opening = plan.schedule[0].cue.text
    ready: list[str] = []

    rig.voice.when_ready(opening, lambda: ready.append("first"))
    assert ready == [], "nothing is rendered this early"
    qtbot.waitUntil(lambda: ready == ["first"], timeout=WAIT_MS)
    assert rig.voice.clip(opening) is not None

    rig.voice.when_ready(opening, lambda: ready.append("again"))
    assert ready == ["first", "again"]


def test_a_voice_that_turns_off_lets_whoever_waits_go_on(qtbot: QtBot, rig: Rig) -> None:
    ready: list[bool] = []
    rig.voice.when_ready("A line that will never be rendered.", lambda: ready.append(True))
    assert rig.report_error is not None

    rig.report_error("no audio output found")

    assert ready == [True], "let go at once, not only when a clip happens to arrive"


def test_lines_said_in_turn_play_one_after_another(qtbot: QtBot, rig: Rig, plan: Plan) -> None:
    rig.voice.prepare(plan)
    qtbot.waitUntil(lambda: rig.ready(plan.texts()), timeout=WAIT_MS)

    rig.voice.say(("Paused.", "Carrying on."))

    qtbot.waitUntil(lambda: len(rig.output.played) == 2, timeout=WAIT_MS)
    assert rig.output.texts == ["Paused.", "Carrying on."]
    assert not any(item.cut for item in rig.output.played)


def test_a_sound_device_error_turns_the_voice_off_with_one_notice(qtbot: QtBot, rig: Rig, plan: Plan) -> None:
    rig.voice.prepare(plan)
    qtbot.waitUntil(lambda: rig.ready(plan.texts()), timeout=WAIT_MS)
    assert rig.report_error is not None

    rig.report_error("no audio output found")
    rig.report_error("the sound device could not play x.wav")
    rig.voice.on_cue_due(CueDue(plan.schedule[1], rig.clock.now() + 0.2))
    qtbot.wait(400)

    assert rig.notices == ["Voice is off: no audio output found. The captions carry on."]
    assert rig.voice.off_reason == "no audio output found"
    assert rig.output.played == []


def test_an_engine_that_fails_turns_the_voice_off_with_one_notice(
    qtbot: QtBot, tmp_path: Path, plan: Plan
) -> None:
    bundled = bundled_install()
    assert bundled is not None
    data = tmp_path / "damaged"
    data.mkdir()
    for entry in bundled.data.iterdir():
        if entry.name != "phontab":
            (data / entry.name).symlink_to(entry)
    (data / "phontab").write_bytes(b"not a phoneme table")
    rig = Rig(tmp_path / "cache", EspeakInstall(bundled.library, data, Source.BUNDLED))
    try:
        qtbot.waitUntil(lambda: rig.notices != [], timeout=WAIT_MS)
        rig.voice.prepare(plan)
        rig.voice.on_cue_due(CueDue(plan.schedule[0], rig.clock.now()))
        qtbot.wait(300)

        assert len(rig.notices) == 1
        assert rig.notices[0].startswith("Voice is off: espeak-ng ")
        assert rig.output.played == []
    finally:
        rig.voice.shutdown()


def test_a_notice_that_came_before_anyone_listened_is_told_to_the_first_listener_only(tmp_path: Path) -> None:
    rig = Rig(tmp_path / "cache", listen=False)
    try:
        assert rig.report_error is not None
        rig.report_error("no audio output found")
        first: list[str] = []
        second: list[str] = []

        rig.voice.set_notice_listener(first.append)
        rig.voice.set_notice_listener(second.append)

        assert first == ["Voice is off: no audio output found. The captions carry on."]
        assert second == []
    finally:
        rig.voice.shutdown()


def test_after_shutdown_the_voice_is_quiet_and_its_worker_is_gone(qtbot: QtBot, rig: Rig, plan: Plan) -> None:
    rig.voice.shutdown()

    rig.voice.on_cue_due(CueDue(plan.schedule[0], rig.clock.now()))
    qtbot.wait(200)

    assert rig.output.closed
    assert rig.output.played == []
    assert not any(thread.name == "stretchcoach-voice" for thread in threading.enumerate())


def test_making_the_voice_and_starting_espeak_on_its_worker_leave_the_environment_alone(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("ESPEAK_DATA_PATH", raising=False)
    before = dict(os.environ)
    clock = SystemClock()
    options = VoiceOptions(engine=VoiceEngine.ESPEAK)
    voice = create_voice(clock, options, tmp_path / "cache", output=lambda _: RecordingOutput(clock))
    try:
        assert isinstance(voice, CoachVoice)
        qtbot.waitUntil(lambda: voice.voices() != (), timeout=WAIT_MS)

        assert dict(os.environ) == before
    finally:
        voice.shutdown()


def test_no_engine_at_all_means_captions_and_one_notice(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(choose_voice, "natural_installed", lambda: False)
    voice = create_voice(SystemClock(), VoiceOptions(), tmp_path, installs=[])
    heard: list[str] = []

    voice.set_notice_listener(heard.append)
    voice.set_notice_listener(heard.append)

    assert isinstance(voice, CaptionsOnlyVoice)
    assert voice.lead_seconds == 0.0
    assert heard == ["Voice is off: the espeak-ng speech engine is not installed. The captions carry on."]


def test_no_qt_multimedia_and_no_player_means_captions_and_one_notice(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setitem(sys.modules, "PySide6.QtMultimedia", None)
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    voice = create_voice(SystemClock(), VoiceOptions(), tmp_path / "cache")
    heard: list[str] = []

    voice.set_notice_listener(heard.append)

    assert isinstance(voice, CaptionsOnlyVoice)
    assert heard == ["Voice is off: no audio output found. The captions carry on."]


def test_no_qt_multimedia_speaks_through_a_player_process_instead(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, plan: Plan
) -> None:
    bin_folder = tmp_path / "bin"
    log = tmp_path / "played"
    copying_player(bin_folder, "aplay", log)
    monkeypatch.setitem(sys.modules, "PySide6.QtMultimedia", None)
    monkeypatch.setenv("PATH", str(bin_folder))
    voice = create_voice(SystemClock(), VoiceOptions(engine=VoiceEngine.ESPEAK), tmp_path / "cache")
    try:
        assert isinstance(voice, CoachVoice)
        assert voice.output_name == "aplay"
        hold = next(s for s in plan.schedule if s.cue.kind is CueKind.HOLD)
        voice.on_cue_due(CueDue(hold, SystemClock().now() + voice.lead_seconds))

        qtbot.waitUntil(lambda: log.exists() and log.stat().st_size > 1000, timeout=WAIT_MS)
        with wave.open(str(log)) as played:
            assert played.getnframes() / played.getframerate() > 0.5
        assert voice.off_reason is None
    finally:
        voice.shutdown()
