"""The natural voice gives way to espeak-ng, with one notice, when it cannot start or cannot say a line."""

from __future__ import annotations

import queue
import time
from pathlib import Path

from pytestqt.qtbot import QtBot

from stretchcoach.core.clock import SystemClock
from stretchcoach.core.voice_options import VoiceEngine, VoiceOptions
from stretchcoach.speech.clip_cache import Clip, ClipCache
from stretchcoach.speech.coach_voice import SAMPLE_LINE, CoachVoice
from stretchcoach.speech.renderer_protocol import Renderer, SpeechUnavailable, Style
from stretchcoach.speech.synthesis_worker import Priority, SynthesisWorker
from tests.speech.fakes import FakeRenderer, RecordingOutput

WAIT = 10.0
NATURAL = Style(engine=VoiceEngine.NATURAL)


class Rig:
    def __init__(self, folder: Path, natural: FakeRenderer | None, espeak: FakeRenderer | None) -> None:
        self.clips: queue.Queue[Clip] = queue.Queue()
        self.notices: list[str] = []
        self.failures: list[str] = []
        self.started: list[VoiceEngine] = []

        def start(engine: VoiceEngine) -> Renderer:
            self.started.append(engine)
            renderer = natural if engine is VoiceEngine.NATURAL else espeak
            if renderer is None:
                raise SpeechUnavailable(f"no {engine.value} here")
            return renderer

        self.worker = SynthesisWorker(
            start,
            folder,
            on_clip=self.clips.put,
            on_voices=lambda _voices: None,
            on_failure=self.failures.append,
            on_notice=self.notices.append,
        )

    def say(self, *texts: str) -> list[Clip]:
        self.worker.request(texts, NATURAL, Priority.PLAN)
        self.worker.start()
        clips = [self.clips.get(timeout=WAIT) for _ in texts]
        self.worker.shutdown()
        return clips


def test_a_natural_voice_that_cannot_load_gives_way_to_espeak_with_one_notice(tmp_path: Path) -> None:
    espeak = FakeRenderer(engine_id="espeak-ng fake")
    rig = Rig(tmp_path, None, espeak)

    clips = rig.say("One.", "Two.")

    assert [clip.text for clip in clips] == ["One.", "Two."]
    assert all(clip.style == NATURAL for clip in clips), "the voice asked for them in the natural style"
    assert espeak.rendered == ["One.", "Two."]
    assert rig.notices == [
        "The natural voice is not available: no natural here. The coach speaks with espeak-ng instead."
    ]
    assert rig.started == [VoiceEngine.NATURAL, VoiceEngine.ESPEAK]
    assert rig.failures == []


def test_a_line_the_natural_voice_cannot_say_is_said_by_espeak_and_cached_as_espeak(tmp_path: Path) -> None:
    natural = FakeRenderer(failing={"Bird dog."}, engine_id="hibari fake")
    espeak = FakeRenderer(engine_id="espeak-ng fake")
    rig = Rig(tmp_path, natural, espeak)

    clips = rig.say("One.", "Bird dog.", "Two.", "Bird dog, again.")

    assert [clip.text for clip in clips] == ["One.", "Bird dog.", "Two.", "Bird dog, again."]
    assert natural.rendered == ["One.", "Bird dog.", "Two.", "Bird dog, again."]
    assert espeak.rendered == ["Bird dog."]
    assert len(rig.notices) == 1 and "could not say 'Bird dog.'" in rig.notices[0]
    by_text = {clip.text: clip.path for clip in clips}
    assert by_text["Bird dog."] == ClipCache(tmp_path, "espeak-ng fake").path_for("Bird dog.", NATURAL)
    assert by_text["One."] == ClipCache(tmp_path, "hibari fake").path_for("One.", NATURAL)
    assert natural.closed and espeak.closed, "the worker lets go of both engines as it ends"


def test_without_either_engine_the_voice_stops_with_both_reasons(tmp_path: Path) -> None:
    rig = Rig(tmp_path, None, None)
    rig.worker.request(["One."], NATURAL, Priority.NOW)
    rig.worker.start()
    rig.worker.shutdown()

    assert rig.failures == ["no natural here, and no espeak here"]
    assert rig.notices == []


def test_the_app_voice_tells_its_listener_once_and_speaks_on(qtbot: QtBot, tmp_path: Path) -> None:
    """Through the one-notice path the window's banner listens to, told before or after it listens."""
    espeak = FakeRenderer(engine_id="espeak-ng fake")

    def start(engine: VoiceEngine) -> Renderer:
        if engine is VoiceEngine.NATURAL:
            raise SpeechUnavailable("the natural voice (hibari-tts) is not installed")
        return espeak

    clock = SystemClock()
    voice = CoachVoice(clock, VoiceOptions(), tmp_path, start, lambda _: RecordingOutput(clock))
    heard: list[str] = []
    try:
        qtbot.waitUntil(lambda: voice.clip("Three.") is not None, timeout=int(WAIT * 1000))
        voice.set_notice_listener(heard.append)
        voice.want("Rest.")
        qtbot.waitUntil(lambda: voice.clip("Rest.") is not None, timeout=int(WAIT * 1000))

        assert heard == [
            "The natural voice is not available: the natural voice (hibari-tts) is not installed."
            " The coach speaks with espeak-ng instead."
        ]
        assert voice.off_reason is None
    finally:
        voice.shutdown()


def test_test_waits_for_an_engine_still_starting_rather_than_dropping_the_sample(
    qtbot: QtBot, tmp_path: Path
) -> None:
    """A cue whose clip is not ready half a second after its instant is dropped; the sample is not."""
    natural = FakeRenderer(engine_id="natural fake")

    def slow_start(engine: VoiceEngine) -> Renderer:
        time.sleep(1.0)  # the natural voice's render process takes about 1.5 s to start
        return natural

    clock = SystemClock()
    output = RecordingOutput(clock)
    voice = CoachVoice(clock, VoiceOptions(enabled=False), tmp_path, slow_start, lambda _: output)
    try:
        voice.test_voice()

        qtbot.waitUntil(lambda: output.texts == [SAMPLE_LINE], timeout=int(WAIT * 1000))
    finally:
        voice.shutdown()
