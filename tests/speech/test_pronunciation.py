"""Respelling for the voice only: the engine is given a word it says clearly, the caption keeps
the real one, and a changed respelling is rendered afresh rather than taken from the cache."""

from __future__ import annotations

from array import array
from types import SimpleNamespace
from typing import Any, cast

import pytest

from stretchcoach.core.builtin import builtin_routines
from stretchcoach.core.planner import build_plan
from stretchcoach.core.voice_options import VoiceEngine
from stretchcoach.speech import pronunciation
from stretchcoach.speech.espeak.bootstrap import EspeakRuntime
from stretchcoach.speech.espeak.renderer import EspeakRenderer
from stretchcoach.speech.pronunciation import RESPELLINGS, digest, spoken
from stretchcoach.speech.renderer_protocol import Style


def test_espeak_is_given_breeth_for_breathe_whole_words_only_and_keeping_a_capital() -> None:
    assert (
        spoken("Breathe out and lift. Breathed; breathes. Now breathe in.", VoiceEngine.ESPEAK)
        == "Breeth out and lift. Breathed; breathes. Now breeth in."
    )


def test_a_respelling_for_one_engine_leaves_the_other_alone() -> None:
    assert spoken("Breathe out.", VoiceEngine.NATURAL) == "Breathe out."
    assert spoken("Forward fold.", VoiceEngine.NATURAL) == "Forward, fold."
    assert spoken("Fold forward.", VoiceEngine.NATURAL) == "Fold forward."
    assert spoken("Forward fold.", VoiceEngine.ESPEAK) == "Forward fold."


@pytest.mark.parametrize(
    ("engine", "word"), [(engine, word) for engine, table in RESPELLINGS.items() for word in table]
)
def test_every_respelling_is_of_something_a_built_in_routine_says(engine: VoiceEngine, word: str) -> None:
    """A respelling no line needs any more is one nobody will check again: it goes."""
    lines = {line for routine in builtin_routines() for line in build_plan(routine).texts()}

    assert any(spoken(line, engine) != line for line in lines if word in line.lower())


class RecordingEspeak:
    sample_rate = 22050

    def __init__(self) -> None:
        self.said: list[str] = []

    def voices(self) -> tuple[Any, ...]:
        return (SimpleNamespace(identifier="gmw/en-US", name="English (America)", languages=("en-us",)),)

    def set_voice(self, identifier: str) -> None:
        pass

    def set_rate(self, words_per_minute: int) -> None:
        pass

    def synthesize(self, text: str) -> array[int]:
        self.said.append(text)
        return array("h", [1000] * 100)


def test_the_espeak_renderer_says_the_respelt_line_and_keys_its_clips_on_the_respellings(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    espeak = RecordingEspeak()
    runtime = cast(EspeakRuntime, SimpleNamespace(engine_id="espeak-ng 1.52", espeak=espeak))
    renderer = EspeakRenderer(runtime)

    renderer.render("Breathe in and lower.", Style(engine=VoiceEngine.ESPEAK))

    assert espeak.said == ["Breeth in and lower."]
    assert renderer.engine_id == f"espeak-ng 1.52, respellings {digest(VoiceEngine.ESPEAK)}"
    before = digest(VoiceEngine.ESPEAK)
    monkeypatch.setitem(cast(dict[VoiceEngine, Any], RESPELLINGS), VoiceEngine.ESPEAK, {"lower": "loh-er"})
    monkeypatch.setattr(pronunciation, "_PATTERNS", {})
    assert digest(VoiceEngine.ESPEAK) != before
