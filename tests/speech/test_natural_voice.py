"""Both engines behind the one `Renderer` interface, and the clips they make: same margins, same loudness.

The natural engine's tests need hibari-tts, which `make test` installs with the project; where
it is absent they are skipped, saying so. The model starts once per module (about 1.5 s).
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from importlib.metadata import distribution
from pathlib import Path

import pytest

from stretchcoach.core import wording
from stretchcoach.core.builtin import resources_dir
from stretchcoach.speech.clip_cache import ClipCache
from stretchcoach.speech.espeak.bootstrap import load_espeak, locate_espeak
from stretchcoach.speech.espeak.renderer import EspeakRenderer
from stretchcoach.speech.hibari.render_process import SENTENCE_PAUSE
from stretchcoach.speech.hibari.renderer import (
    COUNT_SPEED,
    HibariRenderer,
    natural_installed,
    speed_for,
    start_hibari,
)
from stretchcoach.speech.line_fitting import GAP
from stretchcoach.speech.renderer_protocol import Renderer, SpeechUnavailable, Style, SynthesisError
from stretchcoach.speech.wav import (
    LEAD_IN,
    PEAK_CEILING,
    SILENCE_LEVEL,
    TAIL,
    TARGET_LEVEL,
    Sound,
    read_wav,
    speech_level,
)

natural = pytest.mark.skipif(
    not natural_installed(), reason="hibari-tts is not installed (`make test` installs it with the project)"
)
LINES = (
    "Three.",
    "Lie down, knees bent, both feet flat and hip-width apart on the mat.",
    "Switch sides. Now your left leg.",
    "Hold for 30 seconds.",
)
LEVEL_TOLERANCE = 1.0
"""dB: levelling aims every clip at `TARGET_LEVEL`; only the peak ceiling may hold one below it."""


@pytest.fixture(scope="module")
def hibari() -> Iterator[HibariRenderer]:
    if not natural_installed():
        pytest.skip("hibari-tts is not installed (`make test` installs it with the project)")
    renderer = start_hibari()
    yield renderer
    renderer.close()


@pytest.fixture(scope="module")
def espeak() -> EspeakRenderer:
    return EspeakRenderer(load_espeak(locate_espeak()))


@pytest.fixture(params=["espeak", pytest.param("natural", marks=natural)])
def renderer(request: pytest.FixtureRequest) -> Renderer:
    found: Renderer = request.getfixturevalue("hibari" if request.param == "natural" else "espeak")
    return found


def test_each_engine_names_itself_lists_its_voices_and_renders(renderer: Renderer) -> None:
    ids = {voice.id for voice in renderer.voices()}

    assert renderer.engine_id
    assert renderer.default_voice in ids
    assert renderer.voice_id("xx/nowhere") is None
    sound = renderer.render("Breathe out slowly.")
    assert sound.rate > 8000 and sound.seconds > 0.4
    with pytest.raises(SynthesisError, match="nothing to say"):
        renderer.render("  ")


def test_each_engine_caches_its_own_clips(espeak: EspeakRenderer, tmp_path: Path) -> None:
    natural_cache = ClipCache(tmp_path, "hibari-tts 0.2.1 heart")
    espeak_cache = ClipCache(tmp_path, espeak.engine_id)

    assert natural_cache.path_for("Rest.", Style()) != espeak_cache.path_for("Rest.", Style())
    assert natural_cache.path_for("Rest.", Style(rate=120)) != natural_cache.path_for("Rest.", Style())


def test_clips_of_both_engines_have_the_same_margins_and_loudness(renderer: Renderer, tmp_path: Path) -> None:
    cache = ClipCache(tmp_path, renderer.engine_id)
    for text in LINES:
        sound = read_wav(cache.get(text, Style(), renderer.render).path)
        span = sound.audible_span()
        peak = max(abs(s) for s in sound.samples)

        assert span is not None
        assert span[0] <= round(LEAD_IN * sound.rate), f"{text!r} starts late in its file"
        assert len(sound.samples) - span[1] == round(TAIL * sound.rate), f"{text!r} keeps a long tail"
        assert all(abs(s) <= SILENCE_LEVEL for s in sound.samples[span[1] :])
        assert abs(speech_level(sound) - TARGET_LEVEL) <= LEVEL_TOLERANCE, f"{text!r} is off the target"
        assert peak <= PEAK_CEILING * 32767 + 1, f"{text!r} clips"


def longest_pause(sound: Sound) -> float:
    """The longest run of silent samples between the first and the last audible one, in seconds."""
    span = sound.audible_span()
    assert span is not None
    longest = run = 0
    for sample in sound.samples[span[0] : span[1]]:
        run = run + 1 if abs(sample) <= SILENCE_LEVEL else 0
        longest = max(longest, run)
    return longest / sound.rate


@natural
def test_the_sentences_of_a_line_are_joined_as_espeak_joins_them(
    hibari: HibariRenderer, espeak: EspeakRenderer
) -> None:
    """hibari pads each sentence with 0.7 s of silence; joined as they come, "Six. Left leg."
    outlasted the time the plan gives it."""
    natural = longest_pause(hibari.render("Six. Left leg.", Style(rate=158)))
    robotic = longest_pause(espeak.render("Six. Left leg.", Style(rate=160)))

    assert abs(natural - SENTENCE_PAUSE) < 0.1
    assert abs(natural - robotic) < 0.15
    assert speech_level(hibari.render("Hold for 30 seconds.")) < TARGET_LEVEL - 2, "it speaks quietly"


@natural
def test_the_rate_sets_the_natural_voice_speed(hibari: HibariRenderer) -> None:
    text = "Breathe in, and let your knees fall gently to the left."
    slow = hibari.render(text, Style(rate=120)).seconds
    fast = hibari.render(text, Style(rate=240)).seconds

    assert 1.5 < slow / fast < 2.5
    assert speed_for(text, 160) > speed_for(text, 80) >= 0.5
    assert speed_for("Three.", 80) == COUNT_SPEED


@natural
def test_the_countdown_words_fit_a_second_each_at_any_rate(hibari: HibariRenderer, tmp_path: Path) -> None:
    cache = ClipCache(tmp_path, hibari.engine_id)
    for rate in (80, 160, 300):
        for word in wording.COUNT_WORDS:
            seconds = cache.get(word, Style(rate=rate), hibari.render).seconds
            assert seconds + GAP <= 1.0, f"{word!r} at {rate} wpm lasts {seconds:.2f} s"


@natural
def test_the_same_line_renders_the_same_every_time(hibari: HibariRenderer) -> None:
    assert hibari.render("Rest.").samples == hibari.render("Rest.").samples


@natural
def test_hibaris_notice_ships_with_the_app_as_the_package_words_it() -> None:
    """Apache-2.0 asks that the NOTICE travel with the work; a new release may change it."""
    installed = distribution("hibari-tts").read_text("licenses/NOTICE")
    shipped = (resources_dir() / "licenses" / "hibari-tts-NOTICE.txt").read_text(encoding="utf-8")

    assert installed is not None and shipped == installed


def test_a_natural_voice_that_cannot_load_says_why(tmp_path: Path) -> None:
    broken = tmp_path / "broken.py"
    reply = '{"error": "hibari-tts could not be loaded (no model)"}'
    broken.write_text(f"print({reply!r})\n")

    with pytest.raises(SpeechUnavailable, match="no model"):
        HibariRenderer(["python3", str(broken)])


def test_a_natural_voice_that_dies_fails_its_phrase_not_the_app(tmp_path: Path) -> None:
    dying = tmp_path / "dying.py"
    dying.write_text(
        'import json, sys\nprint(json.dumps({"ready": "dying 1", "rate": 24000}), flush=True)\n'
        "sys.stdin.readline()\nsys.exit(7)\n"
    )
    renderer = HibariRenderer(["python3", str(dying)])

    assert renderer.engine_id.startswith("dying 1, respellings ")
    with pytest.raises(SynthesisError, match="status 7"):
        renderer.render("Hello.")
    renderer.close()


def test_a_level_is_measured_on_speech_not_on_pauses(espeak: EspeakRenderer) -> None:
    """A line with a long pause is as loud as one without: pauses are gated out of the level."""
    one = espeak.render("Breathe out.")
    padded = type(one)(one.samples + type(one.samples)("h", [0] * one.rate) + one.samples, one.rate)

    assert math.isclose(speech_level(one), speech_level(padded), abs_tol=0.2)
