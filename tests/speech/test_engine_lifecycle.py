"""The natural voice's render process (about 200 MiB) runs only while it is the voice in use:
started when it has a line to say, closed when the user picks espeak-ng or turns the voice off."""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from stretchcoach.core.builtin import builtin_routine
from stretchcoach.core.clock import SystemClock
from stretchcoach.core.plan import Plan
from stretchcoach.core.planner import build_plan
from stretchcoach.core.voice_options import VoiceEngine, VoiceOptions
from stretchcoach.speech.choose_voice import renderer_starter
from stretchcoach.speech.coach_voice import SAMPLE_LINE, CoachVoice
from stretchcoach.speech.hibari.renderer import natural_installed, render_command
from stretchcoach.speech.renderer_protocol import Renderer
from tests.speech.fakes import FakeRenderer, RecordingOutput

WAIT_MS = 10_000
NATURAL_ON = VoiceOptions(engine=VoiceEngine.NATURAL)
ESPEAK_ON = VoiceOptions(engine=VoiceEngine.ESPEAK)


@pytest.fixture(scope="module")
def plan() -> Plan:
    routine = builtin_routine("quick-relief")
    return build_plan(dataclasses.replace(routine, exercises=routine.exercises[:1]))


class Rig:
    """The app's voice over fake engines; each start of the natural voice is a new renderer,
    as each is a new render process."""

    def __init__(self, cache: Path, options: VoiceOptions) -> None:
        self.clock = SystemClock()
        self.output = RecordingOutput(self.clock)
        self.naturals: list[FakeRenderer] = []
        self.espeak = FakeRenderer(engine_id="espeak-ng fake")
        self.voice = CoachVoice(self.clock, options, cache, self.start, lambda _: self.output)

    def start(self, engine: VoiceEngine) -> Renderer:
        if engine is VoiceEngine.ESPEAK:
            return self.espeak
        self.naturals.append(FakeRenderer(engine_id="hibari fake"))
        return self.naturals[-1]

    @property
    def running(self) -> list[FakeRenderer]:
        """The natural voices started and not yet closed."""
        return [natural for natural in self.naturals if not natural.closed]

    def ready(self, plan: Plan) -> bool:
        return all(self.voice.clip(text) is not None for text in plan.texts())


@pytest.fixture
def make_rig(tmp_path: Path) -> Iterator[Callable[[VoiceOptions], Rig]]:
    made: list[Rig] = []

    def make(options: VoiceOptions) -> Rig:
        made.append(Rig(tmp_path / "cache", options))
        return made[-1]

    yield make
    for rig in made:
        rig.voice.shutdown()


def test_with_the_voice_off_the_natural_voice_starts_only_for_a_test_and_closes_after(
    qtbot: QtBot, make_rig: Callable[[VoiceOptions], Rig], plan: Plan
) -> None:
    rig = make_rig(dataclasses.replace(NATURAL_ON, enabled=False))
    rig.voice.prepare(plan)

    rig.voice.test_voice()

    qtbot.waitUntil(lambda: rig.output.texts == [SAMPLE_LINE], timeout=WAIT_MS)
    qtbot.waitUntil(lambda: rig.running == [], timeout=WAIT_MS)
    assert [natural.rendered for natural in rig.naturals] == [[SAMPLE_LINE]], "nothing else was rendered"
    assert rig.espeak.rendered == []


def test_the_natural_voice_starts_with_the_lines_and_closes_when_espeak_is_chosen(
    qtbot: QtBot, make_rig: Callable[[VoiceOptions], Rig], plan: Plan
) -> None:
    rig = make_rig(NATURAL_ON)
    rig.voice.prepare(plan)
    qtbot.waitUntil(lambda: rig.ready(plan), timeout=WAIT_MS)
    assert len(rig.running) == 1

    rig.voice.set_options(ESPEAK_ON)

    qtbot.waitUntil(lambda: rig.ready(plan), timeout=WAIT_MS)
    assert rig.running == [] and len(rig.naturals) == 1
    assert set(plan.texts()) <= set(rig.espeak.rendered)


def test_choosing_the_natural_voice_again_starts_a_new_one(
    qtbot: QtBot, make_rig: Callable[[VoiceOptions], Rig], plan: Plan
) -> None:
    rig = make_rig(ESPEAK_ON)
    rig.voice.prepare(plan)
    qtbot.waitUntil(lambda: rig.ready(plan), timeout=WAIT_MS)
    assert rig.naturals == [], "espeak-ng alone starts no render process"

    rig.voice.set_options(NATURAL_ON)
    qtbot.waitUntil(lambda: rig.ready(plan), timeout=WAIT_MS)
    rig.voice.set_options(ESPEAK_ON)
    qtbot.waitUntil(lambda: rig.ready(plan) and rig.running == [], timeout=WAIT_MS)
    rig.voice.set_options(NATURAL_ON)
    qtbot.waitUntil(lambda: rig.ready(plan), timeout=WAIT_MS)

    assert len(rig.naturals) == 2 and rig.running == [rig.naturals[1]]


def test_turning_the_voice_off_closes_the_natural_voice_and_on_starts_it_again(
    qtbot: QtBot, make_rig: Callable[[VoiceOptions], Rig], plan: Plan
) -> None:
    rig = make_rig(NATURAL_ON)
    rig.voice.prepare(plan)
    qtbot.waitUntil(lambda: rig.ready(plan), timeout=WAIT_MS)

    rig.voice.set_options(dataclasses.replace(NATURAL_ON, enabled=False))
    qtbot.waitUntil(lambda: rig.running == [], timeout=WAIT_MS)
    rig.voice.set_options(NATURAL_ON)
    rig.voice.want("Rest.")

    qtbot.waitUntil(lambda: rig.voice.clip("Rest.") is not None, timeout=WAIT_MS)
    assert len(rig.naturals) == 2 and rig.running == [rig.naturals[1]]


def test_with_espeak_chosen_and_the_voice_off_its_voices_are_still_listed(
    qtbot: QtBot, make_rig: Callable[[VoiceOptions], Rig]
) -> None:
    rig = make_rig(dataclasses.replace(ESPEAK_ON, enabled=False))

    qtbot.waitUntil(lambda: rig.voice.voices() != (), timeout=WAIT_MS)

    assert rig.voice.voices() == rig.espeak.voices()
    assert rig.naturals == [] and rig.espeak.rendered == []


def render_processes() -> list[int]:
    """The render processes this test process started, zombies included."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            command = (entry / "cmdline").read_bytes().decode(errors="replace")
        except OSError:
            continue
        parent = int(stat.rpartition(")")[2].split()[1])
        if parent == os.getpid() and render_command()[-1] in command:
            found.append(int(entry.name))
    return found


@pytest.mark.skipif(not natural_installed(), reason="hibari-tts is not installed (CI installs it)")
@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="finds processes through /proc")
def test_the_real_render_process_ends_without_a_zombie_when_espeak_is_chosen(
    qtbot: QtBot, tmp_path: Path
) -> None:
    clock = SystemClock()
    voice = CoachVoice(clock, NATURAL_ON, tmp_path, renderer_starter(), lambda _: RecordingOutput(clock))
    try:
        qtbot.waitUntil(lambda: voice.clip("Three.") is not None, timeout=30_000)
        assert len(render_processes()) == 1

        voice.set_options(ESPEAK_ON)
        qtbot.waitUntil(lambda: render_processes() == [], timeout=WAIT_MS)

        voice.set_options(NATURAL_ON)
        qtbot.waitUntil(lambda: voice.clip("Three.") is not None, timeout=30_000)
        assert len(render_processes()) == 1
    finally:
        voice.shutdown()
    assert render_processes() == []
