"""The real espeak-ng: every line of a built-in routine renders to a clip that sounds right."""

from __future__ import annotations

from pathlib import Path

import pytest

from stretchcoach.core.builtin import builtin_routine
from stretchcoach.core.planner import build_plan
from stretchcoach.speech.clip_cache import ClipCache
from stretchcoach.speech.espeak.bootstrap import load_espeak, locate_espeak
from stretchcoach.speech.espeak.renderer import EspeakRenderer
from stretchcoach.speech.renderer_protocol import Style, SynthesisError
from stretchcoach.speech.wav import LEAD_IN, SILENCE_LEVEL, TAIL, read_wav, trim_silence

RMS_FLOOR = 0.02
"""espeak speaks at about 0.07 of full scale (RMS); a clip far below that is mostly silence."""


@pytest.fixture(scope="module")
def renderer() -> EspeakRenderer:
    return EspeakRenderer(load_espeak(locate_espeak()))


def nominal_seconds(text: str, rate: int) -> float:
    return len(text.split()) * 60 / rate


def test_every_line_of_quick_relief_renders_to_a_plausible_clip(
    renderer: EspeakRenderer, tmp_path: Path
) -> None:
    cache = ClipCache(tmp_path, renderer.engine_id)
    lines = sorted(build_plan(builtin_routine("quick-relief")).texts())
    assert len(lines) > 20

    for text in lines:
        clip = cache.get(text, Style(), renderer.render)
        sound = read_wav(clip.path)
        nominal = nominal_seconds(text, Style().rate)
        assert sound.rms() > RMS_FLOOR, f"{text!r} is nearly silent"
        assert 0.5 * nominal <= clip.seconds <= 1.8 * nominal + 0.4, f"{text!r} lasts {clip.seconds:.2f} s"
        span = sound.audible_span()
        assert span is not None
        assert span[0] <= round(LEAD_IN * sound.rate), f"{text!r} starts late in its file"
        assert len(sound.samples) - span[1] == round(TAIL * sound.rate), f"{text!r} ends abruptly"
        assert all(abs(s) <= SILENCE_LEVEL for s in sound.samples[span[1] :])


def test_trimming_a_real_phrase_cuts_only_silence(renderer: EspeakRenderer) -> None:
    for text in ("Three.", "Switch sides. Now your left leg.", "Hold for 30 seconds."):
        raw = renderer.render(text)
        trimmed = trim_silence(raw)
        raw_span, kept_span = raw.audible_span(), trimmed.audible_span()
        assert raw_span is not None and kept_span is not None
        kept = trimmed.samples[kept_span[0] : kept_span[1]]
        assert kept == raw.samples[raw_span[0] : raw_span[1]], f"{text!r} lost sound in trimming"
        assert trimmed.seconds < raw.seconds


def test_the_rate_asked_for_is_the_rate_heard_every_time(renderer: EspeakRenderer) -> None:
    """pyttsx3's espeak driver loses a rate set just before a phrase about one time in four."""
    text = "Hold for thirty seconds and breathe."
    lengths: dict[int, set[float]] = {120: set(), 240: set()}

    for index in range(20):
        rate = 120 if index % 2 else 240
        lengths[rate].add(round(renderer.render(text, Style(rate=rate)).seconds, 1))

    slow, fast = max(lengths[120]), max(lengths[240])
    assert max(lengths[120]) - min(lengths[120]) <= 0.1
    assert max(lengths[240]) - min(lengths[240]) <= 0.1
    assert 1.6 < slow / fast < 2.4


def test_voices_can_be_listed_and_chosen(renderer: EspeakRenderer) -> None:
    ids = {voice.id for voice in renderer.voices()}

    assert renderer.default_voice in ids
    assert renderer.voice_id("gmw/en-us") == "gmw/en-US"
    assert renderer.voice_id("xx/nowhere") is None
    assert any(voice.is_english for voice in renderer.voices())
    default = renderer.render("Breathe out.")
    american = renderer.render("Breathe out.", Style(voice="gmw/en-us"))
    assert list(default.samples) != list(american.samples)


def test_an_unknown_voice_or_an_empty_line_is_an_error_not_a_crash(renderer: EspeakRenderer) -> None:
    with pytest.raises(SynthesisError, match="no voice"):
        renderer.render("Hello.", Style(voice="xx/nowhere"))
    with pytest.raises(SynthesisError, match="nothing to say"):
        renderer.render("   ")
    assert renderer.render("Hello.").seconds > 0.2
