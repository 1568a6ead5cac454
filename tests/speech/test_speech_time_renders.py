"""The planner's speech-length model, checked against what the bundled espeak-ng really renders."""

from __future__ import annotations

import pytest

from stretchcoach.core import wording
from stretchcoach.core.builtin import builtin_routine
from stretchcoach.core.plan_settings import PlanSettings
from stretchcoach.core.planner import build_plan
from stretchcoach.core.speech_time import GAP, planned_seconds
from stretchcoach.speech.espeak.bootstrap import load_espeak, locate_espeak
from stretchcoach.speech.espeak.renderer import EspeakRenderer
from stretchcoach.speech.renderer_protocol import Style
from stretchcoach.speech.wav import trim_silence


@pytest.fixture(scope="module")
def renderer() -> EspeakRenderer:
    return EspeakRenderer(load_espeak(locate_espeak()))


def real_seconds(renderer: EspeakRenderer, text: str, rate: int) -> float:
    return trim_silence(renderer.render(text, Style("", rate))).seconds


@pytest.mark.parametrize("rate", [120, 200])
def test_every_line_of_a_routine_fits_the_time_the_plan_gives_it(renderer: EspeakRenderer, rate: int) -> None:
    plan = build_plan(builtin_routine("quick-relief"), PlanSettings(rate=rate))
    too_long = []
    for text in sorted(plan.texts() - set(wording.COUNT_WORDS)):
        real = real_seconds(renderer, text, rate)
        if real + GAP > planned_seconds(text, rate):
            too_long.append(f"{text!r}: {real:.2f} s")

    assert too_long == []


def test_the_countdown_words_fit_their_second_even_at_a_slow_rate(renderer: EspeakRenderer) -> None:
    for word in wording.COUNT_WORDS:
        assert real_seconds(renderer, word, 120) + GAP < 1.0
